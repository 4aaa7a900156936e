/**
 * A successful status whose body, labelled as the stream (`text/event-stream`, Bedrock's event stream), is a
 * document: a proxy's JSON error, Gemini's array of one, an HTML page. No stream begins with `{`, `[` or `<`. The
 * error is the one the document says (an `AuthenticationError` for a rejected key), or a `MalformedPayloadError`
 * quoting it; before, no event was found in it and it was a `TruncatedStreamError`, a retry of a key that will fail.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { LanguageModel, ProviderError } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"

/** The failure of a call answered, with status 200 and the provider's own stream content type, by `body`. */
const failure = (provider: "openai" | "anthropic" | "google" | "bedrock", body: string) =>
  LanguageModel.stream("hi").pipe(
    Stream.runDrain,
    Effect.provide(TestKit.fromRecording(provider, body)),
    Effect.flip
  )

const rejectedKey = JSON.stringify({
  error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" }
})

describe("a document sent as the stream", () => {
  it.effect("openai: a JSON error is the error it says", () =>
    Effect.gen(function*() {
      const error = yield* failure("openai", rejectedKey)
      assert.instanceOf(error, ProviderError.AuthenticationError)
      assert.strictEqual(error.message, "openai [invalid_api_key]: Incorrect API key provided")
    }))

  it.effect("google: an array of one error is the error it says", () =>
    Effect.gen(function*() {
      const body = JSON.stringify([{ error: { code: 401, message: "API key not valid", status: "UNAUTHENTICATED" } }])
      const error = yield* failure("google", `\n${body}`)
      assert.instanceOf(error, ProviderError.AuthenticationError)
      assert.include(error.message, "API key not valid")
    }))

  it.effect("bedrock: a JSON error as the event stream is the error it says", () =>
    Effect.gen(function*() {
      const error = yield* failure("bedrock", JSON.stringify({ message: "The security token included is invalid." }))
      assert.notInstanceOf(error, ProviderError.TruncatedStreamError)
      assert.notInstanceOf(error, ProviderError.MalformedPayloadError)
      assert.include(error.message, "The security token included is invalid.")
    }))

  it.effect.each(["openai", "anthropic"] as const)(
    "%s: an HTML page is malformed, quoted, its label named",
    (provider) =>
      Effect.gen(function*() {
        const error = yield* failure(provider, "<!DOCTYPE html>\n<html><body>Access denied</body></html>")
        assert.instanceOf(error, ProviderError.MalformedPayloadError)
        assert.strictEqual(
          error.message,
          `${provider}: expected an event stream (text/event-stream) but the response (HTTP 200) is not one, though ` +
            "labelled text/event-stream; it begins: <!DOCTYPE html> <html><body>Access denied</body></html>"
        )
      })
  )
})
