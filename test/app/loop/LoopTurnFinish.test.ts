/**
 * How the model ended each of the loop's own turns (`finishReason`, in the common set), carried by the turn itself:
 * `runTools`' `done.messages` and `CallResponse.toMessage`. A program that sends the conversation on with nothing new,
 * on Claude Opus 4.8 (which takes no prefill: the API answers a conversation that ends with an assistant turn with a
 * 400, "What's new in Claude 4.6"), ends at once after an answer the model finished, nothing sent; one cut at its
 * output cap is refused before it is sent, as before. Stored as JSON with the `Message` Schema, the turn keeps it,
 * and JSON stored before it existed still decodes.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { CallResponse, CallStream, LanguageModel, Message, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as LoopWire from "../../support/LoopWire.js"
import * as RecordedModels from "../../support/RecordedModels.js"

const model = "claude-opus-4-8"
const question = Message.user("The capital of France?")
const codec = Schema.toCodecJson(Schema.Array(Message.Message))

/** An answer of `texts` (and `calls`) as the Messages API streams it, cut at its output cap when `cut`. */
const answer = (step: LoopWire.Step, id: string, cut = false) =>
  LoopWire.scripted("anthropic", cut ? { ...step, finishReason: "max_tokens" } : step, id)

const capital = Tool.handle(
  Tool.make("capital", { parameters: Schema.Struct({ country: Schema.String }) }),
  () => Effect.succeed("Paris")
)

/** The replay server serving `answers` to Claude Opus 4.8; the model's layer and how many requests reached it. */
const serving = (answers: ReadonlyArray<ReplayServer.Scenario>) =>
  Effect.map(ReplayServer.make, (server) => {
    const url = server.serve(answers)
    const layer = RecordedModels.model("anthropic", url, FetchHttpClient.layer, { model })
    return { layer, sent: () => server.requests(url).length }
  })

describe("the loop's own turns say how the model ended them", () => {
  it.live("a call's turn, then the answer: tool_calls, then stop", () =>
    Effect.gen(function*() {
      const call = { id: "toolu_1", name: "capital", arguments: `{"country":"France"}` }
      const { layer } = yield* serving([answer({ calls: [call] }, "1"), answer({ texts: ["Paris."] }, "2")])
      const done = yield* LanguageModel.runToolsToEnd({ messages: [question], tools: [capital] }).pipe(
        Effect.provide(layer)
      )
      assert.deepStrictEqual(
        done.messages.map((message) => message._tag === "AssistantMessage" ? message.finishReason : message._tag),
        ["UserMessage", "tool_calls", "ToolResultMessage", "stop"]
      )
    }).pipe(Effect.scoped))

  it.live("done.messages sent on with nothing new: the finished answer ends at once, nothing sent", () =>
    Effect.gen(function*() {
      const { layer, sent } = yield* serving([answer({ texts: ["Paris."] }, "1"), answer({ texts: ["Lyon."] }, "2")])
      const first = yield* LanguageModel.runToolsToEnd({ messages: [question] }).pipe(Effect.provide(layer))
      const again = yield* LanguageModel.runToolsToEnd({ messages: first.messages }).pipe(Effect.provide(layer))
      assert.strictEqual(again.reason, "stop")
      assert.deepStrictEqual(again.steps, [])
      assert.deepStrictEqual(again.messages, first.messages)
      assert.strictEqual(sent(), 1, "only the first answer was asked of the API")
    }).pipe(Effect.scoped))

  it.live("CallResponse.toMessage: stop for an answer finished, length for one cut; the cut one is refused", () =>
    Effect.gen(function*() {
      const { layer, sent } = yield* serving([
        answer({ texts: ["Paris."] }, "1"),
        answer({ texts: ["Par"] }, "2", true)
      ])
      const turnOf = Effect.map(
        CallStream.accumulate(LanguageModel.stream({ messages: [question] })),
        (response) => CallResponse.toMessage(response) as Message.AssistantMessage
      )
      const [finished, cut] = yield* Effect.all([turnOf, turnOf]).pipe(Effect.provide(layer))
      assert.strictEqual(finished.finishReason, "stop")
      assert.strictEqual(cut.finishReason, "length")
      const ended = yield* LanguageModel.runToolsToEnd({ messages: [question, finished] }).pipe(Effect.provide(layer))
      assert.deepStrictEqual(ended.steps, [])
      const refused = yield* LanguageModel.runToolsToEnd({ messages: [question, cut] }).pipe(
        Effect.provide(layer),
        Effect.flip
      )
      assert.deepStrictEqual(refused._tag === "InvalidRequestError" && refused.refusedPrefill, { model })
      assert.strictEqual(sent(), 2, "neither continuation was sent")
    }).pipe(Effect.scoped))
})

describe("a conversation stored as JSON", () => {
  it.live("keeps how the answer ended: sent on after decoding, it ends at once", () =>
    Effect.gen(function*() {
      const { layer, sent } = yield* serving([answer({ texts: ["Paris."] }, "1"), answer({ texts: ["Lyon."] }, "2")])
      const first = yield* LanguageModel.runToolsToEnd({ messages: [question] }).pipe(Effect.provide(layer))
      const stored = JSON.parse(JSON.stringify(Schema.encodeSync(codec)(first.messages)))
      assert.strictEqual(stored[1].finishReason, "stop")
      const decoded = Schema.decodeSync(codec)(stored)
      assert.deepStrictEqual(decoded, first.messages)
      const again = yield* LanguageModel.runToolsToEnd({ messages: decoded }).pipe(Effect.provide(layer))
      assert.deepStrictEqual(again.steps, [])
      assert.strictEqual(sent(), 1)
    }).pipe(Effect.scoped))

  it("stored before the field existed, still decodes, without it", () => {
    const old = [
      { _tag: "UserMessage", text: "The capital of France?" },
      { _tag: "AssistantMessage", text: "Paris.", toolCalls: [] }
    ]
    const decoded = Schema.decodeSync(codec)(old)
    assert.deepStrictEqual(decoded, [question, Message.assistant("Paris.")])
    assert.isUndefined((decoded[1] as Message.AssistantMessage).finishReason)
    assert.deepStrictEqual(Schema.encodeSync(codec)(decoded), old)
  })
})
