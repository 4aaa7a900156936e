/**
 * A provider's error message, as the typed error says it: bounded (an in-stream error event may be as large as any
 * event, 8 MiB by default, and an error body 64 KiB: the message went whole into the error, each log line and span
 * that shows it), and never blank (an `event: error` with empty data said only "anthropic: ").
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { LanguageModel, ProviderError } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import * as Payload from "../../../src/core/payload/Payload.js"

/** The failure of a call whose recorded answer is `body`. */
const failure = (provider: "openai" | "anthropic" | "google", body: string, options: TestKit.RecordingOptions = {}) =>
  LanguageModel.stream("hi").pipe(
    Stream.runDrain,
    Effect.provide(TestKit.fromRecording(provider, body, options)),
    Effect.flip
  )

const huge = "E".repeat(3_000_000)

/** Each provider's in-stream error, with a message of three million characters. */
const inStream = {
  openai: `data: ${JSON.stringify({ error: { message: huge, type: "server_error" } })}\n\n`,
  anthropic: `event: error\ndata: ${
    JSON.stringify({ type: "error", error: { type: "api_error", message: huge } })
  }\n\n`,
  google: `data: ${JSON.stringify({ error: { code: 503, message: huge, status: "UNAVAILABLE" } })}\n\n`
} as const

describe("a provider's error message", () => {
  it.effect.each(Object.keys(inStream) as Array<keyof typeof inStream>)(
    "%s: an enormous in-stream error message is cut to an excerpt that says how much more there was",
    (provider) =>
      Effect.gen(function*() {
        const error = yield* failure(provider, inStream[provider])
        assert.instanceOf(error, ProviderError.ProviderUnavailableError)
        assert.isAtMost(error.message.length, Payload.maxRawLength + 100)
        assert.include(error.message, `${"E".repeat(100)}… (${huge.length - Payload.maxRawLength} more characters)`)
      })
  )

  it.effect("an error body's enormous message is cut too", () =>
    Effect.gen(function*() {
      const body = JSON.stringify({ error: { message: "E".repeat(60_000), type: "invalid_request_error" } })
      const error = yield* failure("openai", body, { status: 400, headers: { "content-type": "application/json" } })
      assert.instanceOf(error, ProviderError.InvalidRequestError)
      assert.isAtMost(error.message.length, Payload.maxRawLength + 100)
    }))

  it.effect("an error event with blank data says the provider failed, not nothing", () =>
    Effect.gen(function*() {
      const error = yield* failure("anthropic", "event: error\ndata: \n\n")
      assert.instanceOf(error, ProviderError.ProviderUnavailableError)
      assert.strictEqual(error.message, "anthropic: the provider failed to serve the request")
    }))

  it.effect("a short message is kept as the provider wrote it", () =>
    Effect.gen(function*() {
      const error = yield* failure("anthropic", inStream.anthropic.replace(huge, "Overloaded"))
      assert.strictEqual(error.message, "anthropic [api_error]: Overloaded")
    }))
})
