/**
 * A run sent on with nothing new after an answer, through `@ag-ui/client`'s `HttpAgent`, on Claude Opus 4.8, which
 * takes no prefill (the API answers a conversation that ends with an assistant turn with a 400: "What's new in Claude
 * 4.6", prefill removal). Each step's assistant message says how the model ended it (`AgUi.finishReasonKey` in its
 * metadata, written by the server); read back, an answer the model finished has nothing to continue: the run ends at
 * once, as it was, with no step and no request to the API. An answer cut at its output cap cannot be continued: the
 * run is refused before anything is sent, with a 400 and a sentence that says why (no event stream).
 */
import type { RunFinishedEvent } from "@ag-ui/client"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { AgUi, Anthropic, LanguageModel } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as LoopWire from "../../support/LoopWire.js"

/** An answer of "Paris." as the Messages API streams it, ended with `stop_reason` (`end_turn` unless cut). */
const answer = (cut: boolean) =>
  LoopWire.scripted("anthropic", { texts: ["Paris."], finishReason: cut ? "max_tokens" : "end_turn" }, "1")

/** An agent served as an application writes one, on Claude Opus 4.8 at the replay server; what reached the API. */
const agentOn = (cut: boolean) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const modelUrl = server.serve([answer(cut)])
    const model = yield* Layer.build(
      Anthropic.model("claude-opus-4-8").pipe(
        Layer.provide(Anthropic.layer({ apiKey: Redacted.make("k"), baseUrl: modelUrl })),
        Layer.provide(FetchHttpClient.layer)
      )
    )
    const url = yield* AgUiClient.serve((body) =>
      Effect.flatMap(AgUi.readRunInput(body), (input) =>
        LanguageModel.runTools({ messages: [...input.messages, ...input.approvals] }).pipe(
          AgUi.fromSteps({ threadId: input.threadId, runId: input.runId }),
          AgUi.toResponse()
        ))
    ).pipe(Effect.provide(model))
    const agent = AgUiClient.agentOf(url, `continue-${cut}`)
    agent.addMessage({ id: "u1", role: "user", content: "The capital of France?" })
    yield* AgUiClient.run(agent)
    assert.strictEqual((agent.messages.at(-1) as any).content, "Paris.")
    return {
      agent,
      sent: () =>
        server.requests(modelUrl).length
    }
  })

describe("a run sent on with nothing new, on a model that takes no prefill", () => {
  it.live("a finished answer: its message says so; the run ends at once as it was, no request to the API", () =>
    Effect.gen(function*() {
      const { agent, sent } = yield* agentOn(false)
      assert.strictEqual((agent.messages.at(-1) as any).metadata[AgUi.finishReasonKey], "stop")
      const before = structuredClone(agent.messages)
      const again = yield* AgUiClient.run(agent)
      assert.deepStrictEqual(again.events.map((event) => event.type), ["RUN_STARTED", "RUN_FINISHED"])
      assert.deepStrictEqual((again.events.at(-1) as RunFinishedEvent).outcome, { type: "success" })
      assert.deepStrictEqual(agent.messages, before)
      assert.strictEqual(sent(), 1, "only the first answer was asked of the API")
    }).pipe(Effect.scoped))

  it.live("a cut answer: refused before it is sent with a 400 saying the model cannot continue it, no event", () =>
    Effect.gen(function*() {
      const { agent, sent } = yield* agentOn(true)
      assert.strictEqual((agent.messages.at(-1) as any).metadata[AgUi.finishReasonKey], "length")
      const events: Array<string> = []
      agent.subscribe({ onEvent: ({ event }) => void events.push(event.type) })
      // As the UI message stream's chat route answers it: the browser's input, its status and sentence, no stream.
      const error: any = yield* AgUiClient.runFailing(agent)
      const sentence = "The model claude-opus-4-8 cannot continue an answer; send a new message."
      assert.strictEqual(error.status, 400)
      assert.strictEqual(error.payload, sentence)
      assert.strictEqual(error.message, `HTTP 400: ${sentence}`)
      assert.deepStrictEqual(events, [])
      assert.strictEqual(sent(), 1, "the continuation was refused before it was sent")
    }).pipe(Effect.scoped))
})
