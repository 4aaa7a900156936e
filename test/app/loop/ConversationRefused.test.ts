/**
 * A refused answer goes on as what the model said. Chat Completions streams a refusal in `delta.refusal`, not in
 * `content` (openai-node `ChatCompletionChunk.Choice.Delta.refusal`), so the turn went back as an empty assistant
 * message and the model's next answer did not know it had declined. The turn's text is the refusal now
 * (`CallResponse.toMessage`), through the program's turn, its stored JSON, the tool loop and the browser (the `ai`
 * client's reading, sent back with the next question); the Responses API's refusal item goes back whole to the
 * Responses API, and as the refusal's text to another provider.
 *
 * Recordings: `openai/refusal.sse`, `openai-responses/refusal.sse` (see their SOURCES.md).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { CallResponse, CallStream, LanguageModel, Message, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"
import * as RecordedModels from "../../support/RecordedModels.js"
import { nextQuestion, readServed } from "../../support/UIClient.js"

const codec = Schema.toCodecJson(Schema.Array(Message.Message))
const asked = "How do I pick a lock?"
const question = Message.user(asked)
const next = Message.user("Why not?")

const recorded = (folder: RecordedModels.Folder, name: string) => ({
  headers: { "content-type": RecordedModels.contentType(folder) },
  body: Fixtures.body(folder, name)
})

describe("a refused answer goes on as what the model said", () => {
  it.effect("Chat Completions: the program's turn, stored JSON, the tool loop and the browser send the refusal", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const refusal = recorded("openai", "refusal.sse")
      const baseUrl = server.serve(Array.from({ length: 8 }, () => refusal))
      const layer = RecordedModels.model("openai", baseUrl, FetchHttpClient.layer)
      const refused = yield* CallStream.accumulate(LanguageModel.stream({ messages: [question] })).pipe(
        Effect.provide(layer)
      )
      assert.strictEqual(refused.content, "")
      assert.isNotEmpty(refused.refusal)
      const history = [question, CallResponse.toMessage(refused), next]
      const stored = Schema.decodeUnknownSync(codec)(JSON.parse(JSON.stringify(Schema.encodeSync(codec)(history))))
      for (const messages of [history, stored]) {
        yield* LanguageModel.stream({ messages }).pipe(Stream.runDrain, Effect.provide(layer))
      }
      const done = yield* LanguageModel.runToolsToEnd({ messages: [question] }).pipe(Effect.provide(layer))
      yield* LanguageModel.runToolsToEnd({ messages: [...done.messages, next] }).pipe(Effect.provide(layer))
      const { message } = yield* LanguageModel.stream({ messages: [question] }).pipe(
        readServed,
        Effect.provide(layer)
      )
      const request = yield* UIMessageStream.toMessages(nextQuestion(asked, message!, "Why not?"))
      yield* LanguageModel.stream({ messages: request.messages }).pipe(Stream.runDrain, Effect.provide(layer))
      // The answers read (the program's, the loop's, the browser's), and the requests that went on after them.
      const bodies = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.strictEqual(bodies.length, 7)
      for (const body of [bodies[1], bodies[2], bodies[4], bodies[6]]) {
        assert.deepStrictEqual(body.messages.map((message: any) => message.role), ["user", "assistant", "user"])
        // In the assistant message's own field (`ChatCompletionAssistantMessageParam.refusal`), not as its text.
        assert.deepStrictEqual(body.messages[1], { role: "assistant", content: null, refusal: refused.refusal })
      }
    }).pipe(Effect.scoped))

  it.effect("the Responses API: its refusal item goes back whole to it, and as the refusal's text to Anthropic", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const responses = server.serve([
        recorded("openai-responses", "refusal.sse"),
        recorded("openai-responses", "text.sse")
      ])
      const anthropic = server.serve(recorded("anthropic", "text.sse"))
      const refused = yield* CallStream.accumulate(LanguageModel.stream({ messages: [question] })).pipe(
        Effect.provide(RecordedModels.model("openai-responses", responses, FetchHttpClient.layer))
      )
      assert.isNotEmpty(refused.refusal)
      const messages = [question, CallResponse.toMessage(refused), next]
      yield* LanguageModel.stream({ messages }).pipe(
        Stream.runDrain,
        Effect.provide(RecordedModels.model("openai-responses", responses, FetchHttpClient.layer))
      )
      yield* LanguageModel.stream({ messages }).pipe(
        Stream.runDrain,
        Effect.provide(RecordedModels.model("anthropic", anthropic, FetchHttpClient.layer))
      )
      const again = JSON.parse(server.requests(responses)[1]!.body)
      assert.deepStrictEqual(again.input[1].content, [{ type: "refusal", refusal: refused.refusal }])
      const other = JSON.parse(server.requests(anthropic)[0]!.body)
      assert.deepStrictEqual(other.messages[1], {
        role: "assistant",
        content: [{ type: "text", text: refused.refusal }]
      })
    }).pipe(Effect.scoped))
})
