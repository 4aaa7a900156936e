/**
 * A turn Anthropic paused (`stop_reason: "pause_turn"`, after a long run of its own web searches) is continued by the
 * tool loop: the paused turn goes back unchanged as the last message, with no user message after it, and the next
 * step continues it ("You may provide the response back as-is in a subsequent request to let Claude continue its
 * turn": platform.claude.com, handling stop reasons, and the web search tool guide). Before, the loop stopped on a
 * paused turn as on a finished answer, with no tool call to answer, and the answer was left cut. Through the loop
 * (the conversation stored as JSON), a durable run, the browser (the `ai` client's reading, sent back with the next
 * question) and the `effect/ai` finish reason.
 *
 * Recordings: `anthropic/pause-turn.sse` (11 web searches, 10 results, paused), then
 * `anthropic/pause-turn-continuation.sse` (the result of the search left without one, then the answer).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Schedule, Schema, Stream } from "effect"
import {
  Anthropic,
  CallResponse,
  DurableLoop,
  LanguageModel,
  Message,
  StreamStore,
  UIMessageStream
} from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as AiFinish from "../../../src/app/ai/AiFinish.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as DurableAgent from "../../support/DurableAgent.js"
import { nextQuestion, readResponse } from "../../support/UIClient.js"

const webSearch = { type: "web_search_20250305", name: "web_search" }

const recorded = (name: string) => ({
  headers: { "content-type": "text/event-stream" },
  body: Fixtures.bytes("anthropic", name)
})

const modelAt = (baseUrl: string) =>
  Anthropic.model("claude-sonnet-4-5").pipe(
    Layer.provide(Anthropic.layer({ apiKey: Redacted.make("k"), baseUrl })),
    Layer.provide(FetchHttpClient.layer)
  )

const codec = Schema.toCodecJson(Schema.Array(Message.Message))
const question = Message.user("What are the latest news in AI?")
const answer = Fixtures.json<{ readonly text: string }>("anthropic", "pause-turn-continuation.expected.json").text

describe("a turn the provider paused", () => {
  it.effect("the loop sends it back unchanged as the last message, and the next step continues it", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([recorded("pause-turn.sse"), recorded("pause-turn-continuation.sse")])
      const done = yield* LanguageModel.runToolsToEnd({ messages: [question], providerTools: [webSearch] }).pipe(
        Effect.provide(modelAt(baseUrl))
      )
      assert.strictEqual(done.reason, "stop")
      assert.strictEqual(done.steps.length, 2)
      const [paused, continued] = done.steps.map((step) => step.response)
      assert.deepStrictEqual(paused!.finishReasons, ["pause_turn"])
      assert.strictEqual(continued!.content, answer)
      // The second request: the question, then the paused turn as it came, and nothing after it.
      const requests = server.requests(baseUrl)
      assert.strictEqual(requests.length, 2)
      const sent = JSON.parse(requests[1]!.body)
      assert.deepStrictEqual(sent.messages.map((message: any) => message.role), ["user", "assistant"])
      assert.deepStrictEqual(sent.messages[1].content, paused!.contentBlocks)
      assert.deepStrictEqual(sent.tools, [webSearch])
      // The conversation holds both turns; stored as JSON and read back, it is the same.
      assert.deepStrictEqual(done.messages.map((message) => message._tag), [
        "UserMessage",
        "AssistantMessage",
        "AssistantMessage"
      ])
      const stored = Schema.decodeUnknownSync(codec)(
        JSON.parse(JSON.stringify(Schema.encodeSync(codec)(done.messages)))
      )
      assert.deepStrictEqual(
        stored.map((message) => message._tag === "AssistantMessage" ? message.content?.blocks : undefined),
        done.messages.map((message) => message._tag === "AssistantMessage" ? message.content?.blocks : undefined)
      )
    }))

  it.live("a durable run continues it too: the same second request, the run ending with the answer", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([recorded("pause-turn.sse"), recorded("pause-turn-continuation.sse")])
      const loop = LanguageModel.durableLoop("paused-turn", { providerTools: [webSearch] })
      const layer = Layer.provide(loop.layer, modelAt(baseUrl)).pipe(
        Layer.provideMerge(DurableLoop.layerMemory),
        Layer.provideMerge(StreamStore.layerMemory())
      )
      const done = yield* loop.run({ executionId: "paused-1", messages: [question] }).pipe(Effect.provide(layer))
      assert.strictEqual(done.reason, "stop")
      assert.strictEqual(done.steps.length, 2)
      assert.strictEqual(done.steps[1]!.response.content, answer)
      const requests = server.requests(baseUrl)
      assert.strictEqual(requests.length, 2)
      const sent = JSON.parse(requests[1]!.body)
      assert.deepStrictEqual(sent.messages.map((message: any) => message.role), ["user", "assistant"])
      assert.deepStrictEqual(sent.messages[1].content, done.steps[0]!.response.contentBlocks)
    }))

  it.live(
    "a durable run restarted while it continues the paused turn sends the same request from its record",
    () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        // The first engine's model pauses the turn, then never answers the continuation: the engine stops there.
        const before = server.serve([recorded("pause-turn.sse"), {
          ...recorded("pause-turn-continuation.sse"),
          headerDelayMs: 120_000
        }])
        const after = server.serve([recorded("pause-turn-continuation.sse")])
        const filename = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "paused-turn-")), "runs.db")
        const engine = (baseUrl: string) => {
          const loop = LanguageModel.durableLoop("paused-turn", { providerTools: [webSearch] })
          return {
            loop,
            layer: Layer.provide(loop.layer, modelAt(baseUrl)).pipe(
              Layer.provideMerge(DurableLoop.layerSqlite({ filename, shardingConfig: DurableAgent.fastSharding })),
              Layer.provideMerge(StreamStore.layerMemory())
            )
          }
        }
        const first = engine(before)
        yield* first.loop.run({ executionId: "paused-restart", messages: [question] }, { discard: true }).pipe(
          Effect.andThen(
            Effect.suspend(() =>
              server.requests(before).length === 2 ? Effect.void : Effect.fail("the continuation is not asked yet")
            ).pipe(Effect.retry({ schedule: Schedule.spaced("20 millis"), times: 1500 }))
          ),
          Effect.provide(first.layer)
        )
        // A new engine on the same file: the paused step's record is all that is left of the first answer.
        const second = engine(after)
        const done = yield* second.loop.run({ executionId: "paused-restart", messages: [] }).pipe(
          Effect.provide(second.layer)
        )
        assert.strictEqual(done.reason, "stop")
        assert.deepStrictEqual(done.steps.map((step) => step.response.finishReasons), [["pause_turn"], ["end_turn"]])
        assert.strictEqual(done.steps[1]!.response.content, answer)
        const [asked, again] = [server.requests(before)[1]!, server.requests(after)[0]!].map((request) =>
          JSON.parse(request.body)
        )
        assert.deepStrictEqual(again, asked)
        assert.deepStrictEqual(again.messages.map((message: any) => message.role), ["user", "assistant"])
        assert.deepStrictEqual(again.messages[1].content, done.steps[0]!.response.contentBlocks)
        assert.strictEqual(server.requests(after).length, 1)
      }).pipe(Effect.scoped),
    60_000
  )

  it.effect("served to the browser: one answer of two steps, read by the ai client, sent back as it was", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        recorded("pause-turn.sse"),
        recorded("pause-turn-continuation.sse"),
        recorded("text.sse")
      ])
      const { chunks, message } = yield* LanguageModel.runTools({ messages: [question], providerTools: [webSearch] })
        .pipe(
          UIMessageStream.fromSteps(),
          UIMessageStream.toResponse(),
          Effect.flatMap((response) => Effect.promise(() => readResponse(response))),
          Effect.provide(modelAt(baseUrl))
        )
      assert.strictEqual(chunks.filter((chunk) => chunk.type === "start-step").length, 2)
      assert.strictEqual(chunks.filter((chunk) => chunk.type === "finish").length, 1)
      const text = message!.parts.flatMap((part) => part.type === "text" ? [part.text] : []).join("")
      assert.isTrue(text.endsWith(answer))
      // The next question, with the answer as the browser holds it: both turns go back, the paused one as it came.
      const request = yield* UIMessageStream.toMessages(
        nextQuestion("What are the latest news in AI?", message!, "And in robotics?")
      )
      yield* LanguageModel.stream({ messages: request.messages, providerTools: [webSearch] }).pipe(
        Stream.runDrain,
        Effect.provide(modelAt(baseUrl))
      )
      const sent = JSON.parse(server.requests(baseUrl)[2]!.body)
      const assistant = sent.messages.filter((turn: any) => turn.role === "assistant")
      assert.deepStrictEqual(sent.messages.at(-1).content, [{ type: "text", text: "And in robotics?" }])
      // Every server call of both steps, as recorded (a block started as `server_tool_use` in either stream).
      const recordedCalls = ["pause-turn.sse", "pause-turn-continuation.sse"].flatMap((name) =>
        Fixtures.text("anthropic", name).split("\n").filter((line) =>
          line.includes("\"content_block_start\"") && line.includes("\"type\":\"server_tool_use\"")
        )
      ).length
      assert.isAbove(recordedCalls, 11)
      assert.strictEqual(
        assistant.flatMap((turn: any) =>
          turn.content
        ).filter((block: any) => block.type === "server_tool_use").length,
        recordedCalls
      )
    }).pipe(Effect.scoped))

  it.effect("a loop bounded to one step stops after the paused turn (step-count), its turn kept", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([recorded("pause-turn.sse")])
      const done = yield* LanguageModel.runToolsToEnd({
        messages: [question],
        providerTools: [webSearch],
        maxSteps: 1
      }).pipe(Effect.provide(modelAt(baseUrl)))
      assert.strictEqual(done.reason, "step-count")
      assert.strictEqual(server.requests(baseUrl).length, 1)
      assert.deepStrictEqual(done.messages.map((message) => message._tag), ["UserMessage", "AssistantMessage"])
    }))

  it.effect("effect/ai reads it as pause; another provider's raw pause_turn is other", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([recorded("pause-turn.sse")])
      const done = yield* LanguageModel.runToolsToEnd({ messages: [question], providerTools: [webSearch], maxSteps: 1 })
        .pipe(Effect.provide(modelAt(baseUrl)))
      const response = done.steps[0]!.response
      assert.strictEqual(AiFinish.finishReason(response, { structuredOutput: false }), "pause")
      const elsewhere = Object.assign(Object.create(Object.getPrototypeOf(response)), response, { provider: "openai" })
      assert.strictEqual(
        AiFinish.finishReason(elsewhere as CallResponse.CallResponse, { structuredOutput: false }),
        "other"
      )
    }))
})
