/**
 * Seals a text the browser carries back without reading it: AES-128-GCM under a key derived from the server's signing
 * key, bound to what it belongs to (the additional data: a tool call's id), with a fresh 96-bit nonce each time. What
 * the model was told of a failed tool call travels this way: the browser is shown a redacted text (`UIRedaction`),
 * and the next request must tell the model what it was told, as it was.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Base64Url from "effect/encoding/Base64Url"
import * as Result from "effect/Result"
import * as SigningKey from "./SigningKey.js"

/** The label the sealing key is derived under: a tag no other use of the key signs. */
const keyLabel = "effect-llm-stream/seal-key/v1"

const nonceLength = 12
const encoder = new TextEncoder()
const decoder = new TextDecoder("utf-8", { fatal: true })

/** The sealing key of the signing key in context (its tag of `keyLabel`: 128 bits). */
const sealingKey: Effect.Effect<CryptoKey> = Effect.gen(function*() {
  const signing = yield* SigningKey.Signing
  const tag = yield* signing.tag(keyLabel)
  const bytes = Result.getOrThrow(Base64Url.decode(tag)) as Uint8Array<ArrayBuffer>
  return yield* Effect.promise(() => crypto.subtle.importKey("raw", bytes, "AES-GCM", false, ["encrypt", "decrypt"]))
})

/** A JSON value sealed for `bound` (base64url of the nonce and the ciphertext with its tag). */
export const sealJson = (value: unknown, bound: string): Effect.Effect<string> =>
  Effect.flatMap(sealingKey, (key) =>
    Effect.promise(async () => {
      const iv = crypto.getRandomValues(new Uint8Array(nonceLength))
      const sealed = new Uint8Array(
        await crypto.subtle.encrypt(
          { name: "AES-GCM", iv, additionalData: encoder.encode(bound) },
          key,
          encoder.encode(JSON.stringify(value))
        )
      )
      const out = new Uint8Array(nonceLength + sealed.length)
      out.set(iv)
      out.set(sealed, nonceLength)
      return Base64Url.encode(out)
    }))

/** The JSON value `sealed` holds, if this server sealed it for `bound`, unchanged; `undefined` otherwise. */
export const openJson = (sealed: unknown, bound: string): Effect.Effect<unknown> => {
  if (typeof sealed !== "string") return Effect.succeed(undefined)
  const bytes = Base64Url.decode(sealed)
  if (Result.isFailure(bytes) || bytes.success.length <= nonceLength + 16) return Effect.succeed(undefined)
  const data = bytes.success as Uint8Array<ArrayBuffer>
  const opened = Effect.flatMap(sealingKey, (key) =>
    Effect.promise(() =>
      crypto.subtle.decrypt(
        { name: "AES-GCM", iv: data.subarray(0, nonceLength), additionalData: encoder.encode(bound) },
        key,
        data.subarray(nonceLength)
      ).then((plain) => decoder.decode(plain), () => undefined)
    ))
  return Effect.map(opened, (text) => {
    try {
      return text === undefined ? undefined : JSON.parse(text) as unknown
    } catch {
      return undefined
    }
  })
}
