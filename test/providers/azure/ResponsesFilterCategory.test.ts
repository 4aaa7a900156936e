/**
 * Azure OpenAI's content filter on the Responses API is told by the category that filtered, as on Chat Completions
 * (`FilterCategory`). The Responses API names it in the response's own `content_filters` (Azure's extension: one
 * entry per `source_type`, `prompt` or `completion`, each with `blocked` and its `content_filter_results`;
 * learn.microsoft.com/azure/ai-foundry/openai/how-to/responses, "Handle guardrails and content filtering"), and an
 * answer it stopped ends `incomplete` with `incomplete_details.reason: "content_filter"`. The filter's entries were
 * dropped and the person read "The provider's content filter stopped this answer." alone; now they are the response's
 * `policyDetails` and the sentence names the categories in the words of Azure's table.
 *
 * The stream is made from the documented events (the `content_filters` entry as the guide shows it, the completion's
 * with its category filtered); the answers after it are `openai-responses/text.sse`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { Azure, CallStream, ChatEndpoint, LanguageModel, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as ProviderProfiles from "../../../src/providers/ProviderProfiles.js"
import * as ProviderTestKits from "../../../src/providers/ProviderTestKits.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import { threeTurns } from "../../support/RefusedAnswers.js"

const stopped = "The provider's content filter stopped this answer (violence)."
const safe = { filtered: false, severity: "safe" }
const contentFilters = [
  { source_type: "prompt", blocked: false, content_filter_results: { hate: safe, violence: safe } },
  {
    source_type: "completion",
    blocked: true,
    content_filter_results: { hate: safe, violence: { filtered: true, severity: "high" } },
    content_filter_offsets: { start_offset: 0, end_offset: 12, check_offset: 12 }
  }
]

const response = (status: string, extra: Record<string, unknown>) => ({
  id: "resp_filtered",
  object: "response",
  created_at: 1761175243,
  status,
  model: "gpt-5-mini",
  output: [],
  usage: null,
  error: null,
  incomplete_details: null,
  ...extra
})

/** An answer Azure's filter stopped after its first words: `response.incomplete` with the filter's entries. */
const body = () =>
  ProviderTestKits.scriptedKitOf("openai-responses").testKit.wire.body([
    { type: "response.created", sequence_number: 0, response: response("in_progress", {}) },
    {
      type: "response.output_item.added",
      sequence_number: 1,
      output_index: 0,
      item: { id: "msg_1", type: "message", status: "in_progress", role: "assistant", content: [] }
    },
    {
      type: "response.output_text.delta",
      sequence_number: 2,
      item_id: "msg_1",
      output_index: 0,
      content_index: 0,
      delta: "The battle w"
    },
    {
      type: "response.incomplete",
      sequence_number: 3,
      response: response("incomplete", {
        incomplete_details: { reason: "content_filter" },
        usage: { input_tokens: 9, output_tokens: 4, total_tokens: 13 },
        content_filters: contentFilters
      })
    }
  ])

const model = (baseUrl: string) =>
  Azure.responsesModel("gpt-5-mini").pipe(
    Layer.provide(Azure.responsesLayer({ endpoint: baseUrl, apiKey: Redacted.make("k") })),
    Layer.provide(FetchHttpClient.layer)
  )

describe("Azure's content filter on the Responses API, by its category", () => {
  it.effect("the filter's entries on the response, the category in the person's sentence", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ status: 200, headers: { "content-type": "text/event-stream" }, body: body() })
      const answer = yield* CallStream.accumulate(LanguageModel.stream("Tell the battle")).pipe(
        Effect.provide(model(baseUrl))
      )
      assert.deepStrictEqual(answer.finishReasons, ["content_filter"])
      assert.deepStrictEqual(answer.policyDetails, contentFilters)
      assert.strictEqual(ProviderProfiles.withheldNotice(answer), stopped)
    }).pipe(Effect.scoped))

  it.effect("through the UI message stream, the person reads the sentence after the words", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ status: 200, headers: { "content-type": "text/event-stream" }, body: body() })
      const served = yield* UIMessageStream.fromStream(LanguageModel.stream("Tell the battle")).pipe(
        UIMessageStream.toResponse(),
        Effect.provide(model(baseUrl))
      )
      const text = yield* Effect.promise(() => served.text())
      const deltas = text.split("\n").flatMap((line) => {
        const part = line.startsWith("data: {") ? JSON.parse(line.slice(6)) : undefined
        return part?.type === "text-delta" ? [part.delta] : []
      })
      assert.strictEqual(deltas.join(""), `The battle w\n\n${stopped}`)
    }).pipe(Effect.scoped))

  it.live("through the ai client over three turns: shown with its category, never sent as the model's", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const text = {
        headers: { "content-type": "text/event-stream" },
        body: Fixtures.body("openai-responses", "text.sse")
      }
      const baseUrl = server.serve([
        { status: 200, headers: { "content-type": "text/event-stream" }, body: body() },
        text,
        text
      ])
      const app = yield* EndpointApp.viaWebHandler(ChatEndpoint.layer({}).pipe(Layer.provide(model(baseUrl))))
      const chat = new EndpointApp.EndpointClient(app, "responses-filter")
      for (const said of threeTurns.said) {
        yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: said })))
        assert.strictEqual(chat.error?.message, undefined)
        chat.messages = JSON.parse(JSON.stringify(chat.messages))
      }
      const shown = chat.messages[1]!.parts.flatMap((part) => part.type === "text" ? [part.text] : [])
      assert.deepStrictEqual(shown, ["The battle w", `\n\n${stopped}`])
      const bodies = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.lengthOf(bodies, 3)
      for (const sent of bodies.slice(1)) {
        // The words said before the filter stopped the answer go back; the person's sentence never does.
        assert.include(JSON.stringify(sent.input), "The battle w")
        assert.notInclude(JSON.stringify(sent.input), "content filter")
      }
    }).pipe(Effect.scoped))

  it("the table reads each entry's results; none when no entry filtered", () => {
    const cause = (details: unknown) => ProviderProfiles.policyCause("azure", details)
    assert.strictEqual(cause(contentFilters), "violence")
    assert.strictEqual(
      cause([{ content_filter_results: { jailbreak: { filtered: true, detected: true } } }, {
        content_filter_results: { self_harm: { filtered: true, severity: "medium" } }
      }]),
      "self-harm, a jailbreak attempt"
    )
    for (const none of [[], [{ content_filter_results: { hate: safe } }], [null, "x"]]) assert.isUndefined(cause(none))
  })
})
