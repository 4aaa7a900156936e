/**
 * A provider's opaque state of an assistant turn, round-tripped through the browser: what the provider needs back
 * with the turn (Anthropic's thinking signatures and `redacted_thinking`, Bedrock's reasoning, the Responses API's
 * reasoning items, Gemini's `thoughtSignature`s). Today the fold keeps it as the turn's own content blocks
 * (`CallResponse.toMessage(response).content`, a `Message.ProviderContent`), so a step's state is those blocks.
 *
 * It is sent as `REASONING_ENCRYPTED_VALUE` for the step's assistant message (the client keeps it as the message's
 * `encryptedValue` and returns it in the next input) sealed with a key derived from the server's signing key:
 * AES-256-GCM (the key is the HMAC-SHA-256 of a label under the signing key, a pseudo-random function of it), the
 * message's id as additional data. The browser can neither read it (reasoning not shown stays unshown) nor change
 * it, nor move it to another message: opening it checks all three, and `readRunInput` gives the blocks back to the
 * assistant turn they came from.
 *
 * @internal
 */
import type * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import * as Base64Url from "effect/encoding/Base64Url"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as CallResponse from "../CallResponse.js"
import * as Message from "../Message.js"
import * as SigningKey from "../signing/SigningKey.js"
import type * as AgUiEvent from "./AgUiEvent.js"

/** The opaque state of an assistant turn. */
export type State = Message.ProviderContent

/** The opaque state of a step's response, `undefined` when its provider keeps none. */
export const ofResponse = (response: CallResponse.CallResponse): State | undefined => {
  const message = CallResponse.toMessage(response)
  return message._tag === "AssistantMessage" ? message.content : undefined
}

/** A step's state, to be sealed for the message `entityId` and sent (the last stage seals it: that is an Effect). */
export class Unsealed {
  readonly entityId: string
  readonly state: State
  constructor(entityId: string, state: State) {
    this.entityId = entityId
    this.state = state
  }
}

const version = "o1"
const label = "effect-llm-stream/agui/opaque-state/v1"
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** The sealing key: HMAC-SHA-256 of the label under the signing key (two tags: 32 bytes), imported for AES-GCM. */
const key = (usage: "encrypt" | "decrypt"): Effect.Effect<CryptoKey> =>
  Effect.gen(function*() {
    const signing = yield* SigningKey.Signing
    const halves = yield* Effect.all([signing.tag(`${label}/0`), signing.tag(`${label}/1`)])
    const bytes = new Uint8Array(32)
    halves.forEach((half, at) => bytes.set(Result.getOrThrow(Base64Url.decode(half)), at * 16))
    return yield* Effect.promise(() => crypto.subtle.importKey("raw", bytes, "AES-GCM", false, [usage]))
  })

/** The state sealed for the message `entityId`: `o1.<iv>.<ciphertext>`, base64url. */
export const seal = (state: State, entityId: string): Effect.Effect<string> =>
  Effect.flatMap(key("encrypt"), (sealing) =>
    Effect.promise(async () => {
      const iv = crypto.getRandomValues(new Uint8Array(12))
      const plain = encoder.encode(JSON.stringify({ provider: state.provider, blocks: state.blocks }))
      const sealed = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv, additionalData: encoder.encode(entityId) },
        sealing,
        plain
      )
      return `${version}.${Base64Url.encode(iv)}.${Base64Url.encode(new Uint8Array(sealed))}`
    }))

const decodeState = Schema.decodeUnknownOption(Message.ProviderContent)

/** The state sealed in `value` for the message `entityId`; `undefined` when it is not one this server sealed for it. */
export const open = (value: string, entityId: string): Effect.Effect<State | undefined> => {
  const [tag, iv, sealed, ...rest] = value.split(".")
  if (tag !== version || iv === undefined || sealed === undefined || rest.length > 0) return Effect.undefined
  const ivBytes = Base64Url.decode(iv)
  const sealedBytes = Base64Url.decode(sealed)
  if (ivBytes._tag === "Failure" || sealedBytes._tag === "Failure" || ivBytes.success.length !== 12) {
    return Effect.undefined
  }
  return Effect.flatMap(key("decrypt"), (opening) =>
    Effect.promise(async (): Promise<State | undefined> => {
      try {
        const plain = await crypto.subtle.decrypt(
          { name: "AES-GCM", iv: ivBytes.success as Uint8Array<ArrayBuffer>, additionalData: encoder.encode(entityId) },
          opening,
          sealedBytes.success as Uint8Array<ArrayBuffer>
        )
        const decoded = decodeState(JSON.parse(decoder.decode(plain)))
        return decoded._tag === "Some" ? decoded.value : undefined
      } catch {
        return undefined
      }
    }))
}

/**
 * The last stage of a served run: each step's state sealed into its `REASONING_ENCRYPTED_VALUE`. A batch with
 * nothing to seal is passed on as it came (one pass over it, no Effect).
 */
export const sealed = <E, R>(
  self: Stream.Stream<AgUiEvent.Event | Unsealed, E, R>
): Stream.Stream<AgUiEvent.Event, E, R> =>
  Stream.mapArrayEffect(self, (items) => {
    if (!items.some((item) => item instanceof Unsealed)) {
      return Effect.succeed(items as Arr.NonEmptyReadonlyArray<AgUiEvent.Event>)
    }
    const events = Effect.forEach(items, (item) =>
      item instanceof Unsealed
        ? Effect.map(seal(item.state, item.entityId), (encryptedValue): AgUiEvent.Event => ({
          type: "REASONING_ENCRYPTED_VALUE",
          subtype: "message",
          entityId: item.entityId,
          encryptedValue
        }))
        : Effect.succeed(item))
    return events as Effect.Effect<Arr.NonEmptyReadonlyArray<AgUiEvent.Event>>
  })
