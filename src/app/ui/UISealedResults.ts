/**
 * What the model was told of a tool call whose result the browser is shown otherwise: a failure's detail (the
 * handler's error, the arguments' decode error, a refused approval) reaches the model, and the browser is shown the
 * redactor's text (`UIRedaction`); a result with parts (an image a tool saw) reaches the model whole, and the browser
 * is shown its text. Written back from what the browser holds, the next request would tell the model something else
 * than it was told: another conversation (and for Anthropic's models with preserved thinking, whose thinking after
 * that result is then refused: "clearing or shortening a `tool_result`" fails the prefix check). So the model's
 * result goes to the browser sealed (`Sealing`: the browser cannot read it), in the message's metadata under
 * `metadataKey` by call id, and `toMessages` (and AG-UI's `readRunInput`) send it back as it was.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Message from "../../core/Message.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as StepEvents from "../loop/StepEvents.js"
import * as Sealing from "../signing/Sealing.js"
import type * as UIChunk from "./UIChunk.js"
import * as UIDecodedMessage from "./UIDecodedMessage.js"

/** Where a message's (or a tool message's) metadata keeps the sealed results, by call id. */
export const metadataKey = "effect-llm-stream/results"

/** The key of the metadata chunk that hands the history's signer a text to seal; never sent as it is. */
export const pendingKey = "effect-llm-stream/result"

/** A result to seal for a call: the tool message as the model read it. */
export interface Pending {
  readonly toolCallId: string
  readonly message: Message.ToolResultMessage
}

/** A tool message as JSON (the `Message` Schema's), for the sealed result. */
const codec = Schema.toCodecJson(Message.Message)

/** The chunk that hands the signer what the model was told of `event`, when the browser is shown other than that. */
export const pendingOf = (event: StepEvents.ToolResultEvent, shown: UIChunk.Chunk): UIChunk.Chunk | undefined => {
  const other = event.message.parts !== undefined ||
    (shown.type === "tool-output-error" && shown.errorText !== event.message.content)
  if (!other) return undefined
  const pending: Pending = { toolCallId: event.call.id, message: event.message }
  return { type: "message-metadata", messageMetadata: { [pendingKey]: pending } }
}

/** The text a metadata chunk hands the signer, if it is one. */
export const pendingIn = (metadata: unknown): Pending | undefined =>
  typeof metadata === "object" && metadata !== null && Object.hasOwn(metadata, pendingKey)
    ? (metadata as Record<string, Pending>)[pendingKey]
    : undefined

/** The metadata of `pending` sealed. */
export const sealed = (pending: Pending): Effect.Effect<Record<string, Record<string, string>>> =>
  Effect.flatMap(
    Effect.orDie(Schema.encodeEffect(codec)(pending.message)),
    (json) =>
      Effect.map(Sealing.sealJson(json, pending.toolCallId), (text) => ({
        [metadataKey]: { [pending.toolCallId]: text }
      }))
  )

/**
 * The tool message the model read for call `toolCallId`, when `metadata` carries it sealed (`undefined` when it does
 * not); a sealed result this server did not seal for that call, or changed, is a refusal naming `field`.
 */
export const modelResult = (
  metadata: unknown,
  toolCallId: string,
  field: string
): Effect.Effect<Message.ToolResultMessage | undefined, ProviderError.InvalidRequestError> => {
  const texts = typeof metadata === "object" && metadata !== null
    ? (metadata as Readonly<Record<string, unknown>>)[metadataKey]
    : undefined
  if (typeof texts !== "object" || texts === null || !Object.hasOwn(texts, toolCallId)) return Effect.succeed(undefined)
  const changed = UIDecodedMessage.invalid(
    field,
    `the result of tool call ${JSON.stringify(toolCallId)} changed since this server served it`
  )
  return Effect.flatMap(
    Sealing.openJson((texts as Readonly<Record<string, unknown>>)[toolCallId], toolCallId),
    (json) =>
      json === undefined ? Effect.fail(changed) : Schema.decodeUnknownEffect(codec)(json).pipe(
        Effect.mapError(() => changed),
        Effect.flatMap((message) =>
          message._tag === "ToolResultMessage" && message.toolCallId === toolCallId
            ? Effect.succeed(message)
            : Effect.fail(changed)
        )
      )
  )
}
