/**
 * What a Claude model's layer sends of a turn its streaming classifiers stopped (`stop_reason: "refusal"`, read as
 * `finishReason: "content_filter"`) once the person goes on: by default neither the turn nor the user message that led
 * to it ("you must reset the conversation context before continuing. You can remove or rephrase the turn that triggered
 * the refusal [...] Attempting to continue without resetting will result in continued refusals.",
 * platform.claude.com/docs/en/test-and-evaluate/strengthen-guardrails/handle-streaming-refusals), on Anthropic's API
 * and Claude on Bedrock; with `keepRefusedTurns`, both as they came. A model of another family on Bedrock (Nova) is
 * sent both, as every API is.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Stream } from "effect"
import { Anthropic, Bedrock, LanguageModel, Message } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient, type HttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"

const conversation = [
  Message.user("Do the thing"),
  Message.assistant("Hello..", { finishReason: "content_filter" }),
  Message.user("Something else, then")
]

/** The texts of the messages a request body holds, by role (Messages' and Converse's shape alike). */
const sentOf = (body: string) =>
  (JSON.parse(body).messages as Array<any>).map((message) => [
    message.role,
    message.content.map((block: any) => block.text).join("")
  ])

const kept = [["user", "Do the thing"], ["assistant", "Hello.."], ["user", "Something else, then"]]
const reset = [["user", "Something else, then"]]

const sentBy = (
  model: (baseUrl: string) => Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient>,
  provider: string,
  body: string
) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve({
      headers: { "content-type": provider === "bedrock" ? "application/vnd.amazon.eventstream" : "text/event-stream" },
      body: body.endsWith(".b64") ? Fixtures.body(provider, body) : Fixtures.bytes(provider, body)
    })
    yield* LanguageModel.stream({ messages: conversation }).pipe(
      Stream.runDrain,
      Effect.provide(model(baseUrl).pipe(Layer.provide(FetchHttpClient.layer)))
    )
    return sentOf(server.requests(baseUrl)[0]!.body)
  })

const claude = (defaults: Anthropic.ModelDefaults) => (baseUrl: string) =>
  Anthropic.model("claude-sonnet-4-6", defaults).pipe(
    Layer.provide(Anthropic.layer({ apiKey: Redacted.make("k"), baseUrl }))
  )

const bedrock = (name: string, defaults: Bedrock.ModelDefaults) => (baseUrl: string) =>
  Bedrock.model(name, defaults).pipe(
    Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: Redacted.make("k"), baseUrl }))
  )

describe("a turn Claude refused, in the next request", () => {
  it.live("Anthropic: left out with the message that led to it; kept with keepRefusedTurns", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* sentBy(claude({}), "anthropic", "text.sse"), reset)
      assert.deepStrictEqual(yield* sentBy(claude({ keepRefusedTurns: true }), "anthropic", "text.sse"), kept)
    }).pipe(Effect.scoped))

  it.live("Bedrock: Claude's left out (keepRefusedTurns keeps it), Nova's kept", () =>
    Effect.gen(function*() {
      const sonnet = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
      assert.deepStrictEqual(yield* sentBy(bedrock(sonnet, {}), "bedrock", "converse-text.eventstream.b64"), reset)
      assert.deepStrictEqual(
        yield* sentBy(bedrock(sonnet, { keepRefusedTurns: true }), "bedrock", "converse-text.eventstream.b64"),
        kept
      )
      assert.deepStrictEqual(
        yield* sentBy(bedrock("us.amazon.nova-micro-v1:0", {}), "bedrock", "converse-text.eventstream.b64"),
        kept
      )
    }).pipe(Effect.scoped))
})
