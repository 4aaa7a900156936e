/**
 * The one key a server signs with: the approvals its tool loop issues and the history it serves a browser carry
 * HMAC-SHA-256 tags under it, checked with a timing-safe comparison when they come back. Tags and digests are
 * computed with the runtime's `node:crypto` where it has one (Node, Bun, Deno: synchronously, a few microseconds),
 * else with Web Crypto (edge runtimes, browsers: each a job on another thread, tens of microseconds and a promise);
 * both give the same bytes. Without a layer, a random key is made once per process: one
 * instance works out of the box; instances behind a load balancer share a secret (`layer`).
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Base64Url from "effect/encoding/Base64Url"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as ProviderError from "../../core/ProviderError.js"

/** What signs: a tag of any text under the key, and how long an approval stays valid. */
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

/** What is used of `node:crypto` (text is hashed as UTF-8, as `TextEncoder` writes it). */
interface NodeCrypto {
  createHmac(algorithm: "sha256", key: Uint8Array): NodeHash
  createHash(algorithm: "sha256"): NodeHash
}
interface NodeHash {
  update(data: string): NodeHash
  digest(): Uint8Array
}

/** The runtime's `node:crypto`, if it has one (read once, when this module loads; never changed). */
const nodeCrypto: NodeCrypto | undefined = (globalThis as {
  readonly process?: { readonly getBuiltinModule?: (id: string) => unknown }
}).process?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined

/** A key of these bytes (for Web Crypto, imported once, on first use). */
export const make = (secret: Uint8Array, approvalTtl: Duration.Duration = defaultApprovalTtl): Service => {
  let key: Promise<CryptoKey> | undefined
  const imported = () =>
    key ??= crypto.subtle.importKey(
      "raw",
      secret as Uint8Array<ArrayBuffer>,
      { name: "HMAC", hash: "SHA-256" },
      false,
      [
        "sign"
      ]
    )
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
          Base64Url.encode(node.createHmac("sha256", secret).update(payload).digest().subarray(0, tagLength))
        )
  }
}

/**
 * The signing key in context; without a layer, 32 random bytes made once per process (a restart, or another
 * instance, no longer accepts what it signed).
 */
export const Signing: Context.Reference<Service> = /* @__PURE__ */ Context.Reference<Service>(
  "effect-llm-stream/Signing",
  { defaultValue: () => make(crypto.getRandomValues(new Uint8Array(32))) }
)

/** The key of a shared secret: every instance given the same secret accepts what any of them signed. */
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
            provider: "ui-message-stream",
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
    : Effect.sync(() => Base64Url.encode(node.createHash("sha256").update(text).digest()))
}
