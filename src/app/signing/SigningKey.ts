/**
 * The one key a server signs with: the approvals its tool loop issues and the history it serves a browser carry
 * HMAC-SHA-256 tags under it, checked with a timing-safe comparison when they come back. Tags and digests are
 * computed with the runtime's `node:crypto` where it has one (Node, Bun, Deno: synchronously, a few microseconds),
 * else with Web Crypto (edge runtimes, browsers: a promise, tens of microseconds); both give the same bytes.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Base64Url from "effect/encoding/Base64Url"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Provider from "../../core/Provider.js"
import * as ProviderError from "../../core/ProviderError.js"

/**
 * What signs: a tag of any text under the key, and how long an approval the tool loop issues may be answered.
 *
 * @since 0.4.0
 * @category Signing
 */
export interface Service {
  /** The tag of `payload` (UTF-8) under the key: HMAC-SHA-256, its first `tagLength` bytes, base64url. */
  readonly tag: (payload: string) => Effect.Effect<string>
  /** How long an approval the tool loop issues may be answered (default one hour). */
  readonly approvalTtl: Duration.Duration
}

/** The bytes of a tag kept: 128 bits, as many as a forger must guess. */
export const tagLength = 16

/** How long an approval may be answered unless the layer says otherwise: one hour. */
export const defaultApprovalTtl: Duration.Duration = /* @__PURE__ */ Duration.hours(1)

/** The fewest characters a shared secret may have. */
export const minSecretLength = 32

const encoder = new TextEncoder()

/** What is used of `node:crypto` (UTF-8 text and unpadded base64url, as `TextEncoder` and `Base64Url` write). */
interface NodeCrypto {
  createHmac(algorithm: "sha256", key: Uint8Array): NodeHash
  createHash(algorithm: "sha256"): NodeHash
}
interface NodeHash {
  update(data: string): NodeHash
  digest(): { toString(encoding: "base64url", start: number, end: number): string }
  digest(encoding: "base64url"): string
}

/** The runtime's `node:crypto`, if it has one (read once, when this module loads; never changed). */
const nodeCrypto: NodeCrypto | undefined = (globalThis as {
  readonly process?: { readonly getBuiltinModule?: (id: string) => unknown }
}).process?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined

/** A key of these bytes (for Web Crypto, imported once, on first use). */
export const make = (secret: Uint8Array, approvalTtl: Duration.Duration = defaultApprovalTtl): Service => {
  let key: Promise<CryptoKey> | undefined
  const hmac = { name: "HMAC", hash: "SHA-256" }
  const imported = () =>
    key ??= crypto.subtle.importKey("raw", secret as Uint8Array<ArrayBuffer>, hmac, false, ["sign"])
  const node = nodeCrypto
  return {
    approvalTtl,
    tag: node === undefined
      ? (payload) =>
        Effect.promise(async () => {
          const mac = await crypto.subtle.sign("HMAC", await imported(), encoder.encode(payload))
          return Base64Url.encode(new Uint8Array(mac, 0, tagLength))
        })
      : (payload) =>
        Effect.sync(() =>
          node.createHmac("sha256", secret).update(payload).digest().toString("base64url", 0, tagLength)
        )
  }
}

/**
 * The key that signs the approvals a tool loop issues and the history `fromStream` and `fromSteps` serve, and that
 * checks them when a browser sends them back. Without a layer, a random key made once per process: one instance
 * works out of the box, but a restart forgets it, and several instances behind a load balancer need one shared
 * secret (`layerSigning`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { UIMessageStream } from "effect-llm-stream"
 *
 * const approvalTtl = Effect.map(UIMessageStream.Signing, (key) => key.approvalTtl)
 * ```
 *
 * @since 0.4.0
 * @category Signing
 */
export const Signing: Context.Reference<Service> = /* @__PURE__ */ Context.Reference<Service>(
  "effect-llm-stream/Signing",
  { defaultValue: () => make(crypto.getRandomValues(new Uint8Array(32))) }
)

/**
 * The signing key of a shared secret, for every instance of a deployment (at least 32 characters, as from
 * `openssl rand -base64 32`; a shorter one fails the layer with a `ConfigurationError`); `approvalTtl` is how long an
 * approval may be answered (default one hour). The secret never appears in an error, a log or a span.
 *
 * @example
 * ```ts
 * import { Config, Effect, Layer } from "effect"
 * import { UIMessageStream } from "effect-llm-stream"
 *
 * const SigningLive = Layer.unwrap(
 *   Effect.map(Config.Redacted("SIGNING_SECRET"), (secret) => UIMessageStream.layerSigning({ secret }))
 * )
 * ```
 *
 * @since 0.4.0
 * @category Signing
 */
export const layer = (options: {
  readonly secret: Redacted.Redacted<string>
  readonly approvalTtl?: Duration.Input | undefined
}): Layer.Layer<never, ProviderError.ConfigurationError> =>
  Layer.effect(
    Signing,
    Effect.suspend(() => {
      const secret = Redacted.value(options.secret)
      if (secret.length < minSecretLength) {
        return Effect.fail(
          new ProviderError.ConfigurationError({
            provider: Provider.browser,
            message: `the signing secret has ${secret.length} characters: it needs at least ${minSecretLength} ` +
              "(32 random bytes, base64: `openssl rand -base64 32`)"
          })
        )
      }
      const ttl = Duration.fromInputUnsafe(options.approvalTtl ?? defaultApprovalTtl)
      return Effect.succeed(make(encoder.encode(secret), ttl))
    })
  )

/** Whether two tags are equal, in time that depends only on their lengths. */
export const sameTag = (a: string, b: string): boolean => {
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return difference === 0
}

/** The SHA-256 digest of a text, base64url: a public fingerprint (for lookups and input digests), not a tag. */
export const digest = (text: string): Effect.Effect<string> => {
  const node = nodeCrypto
  return node === undefined
    ? Effect.promise(async () =>
      Base64Url.encode(new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text))))
    )
    : Effect.sync(() => node.createHash("sha256").update(text).digest("base64url"))
}
