/**
 * The signing key computes its tags and digests with `node:crypto` on Node (synchronously); a browser or an edge
 * runtime computes them with Web Crypto. Both must give the same bytes, or history signed by one instance would not
 * verify on another: every tag and digest here is checked against Web Crypto's HMAC-SHA-256 (truncated to
 * `tagLength` bytes) and SHA-256 of the text's UTF-8 (as `TextEncoder` writes it, lone surrogates as U+FFFD), for
 * any text.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Base64Url from "effect/encoding/Base64Url"
import * as FastCheck from "fast-check"
import * as SigningKey from "../../../src/app/signing/SigningKey.js"

const encoder = new TextEncoder()
const secret = encoder.encode("a shared secret of more than 32 characters")

const webTag = async (payload: string) => {
  const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(payload))
  return Base64Url.encode(new Uint8Array(mac, 0, SigningKey.tagLength))
}

const webDigest = async (text: string) =>
  Base64Url.encode(new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text))))

/** Texts of any code points, lone surrogates among them. */
const texts = FastCheck.oneof(
  FastCheck.string({ unit: "binary" }),
  FastCheck.string({ unit: "grapheme" }),
  FastCheck.constantFrom("", "a\ud800b", "\udfff", "😀\ud83d", "effect-llm-stream/step/v1")
)

describe("SigningKey", () => {
  it.live("a tag and a digest are Web Crypto's HMAC-SHA-256 and SHA-256, for any text", () =>
    Effect.promise(() =>
      FastCheck.assert(
        FastCheck.asyncProperty(texts, async (text) => {
          const key = SigningKey.make(secret)
          assert.strictEqual(await Effect.runPromise(key.tag(text)), await webTag(text))
          assert.strictEqual(await Effect.runPromise(SigningKey.digest(text)), await webDigest(text))
        }),
        { numRuns: 300 }
      )
    ))
})
