/**
 * An answer the model spoke goes on as its transcript. With Chat Completions' audio output (`modalities: ["text",
 * "audio"]`) the answer has no `content`: what the model said streams as `delta.audio.transcript` pieces beside the
 * audio's `data` (openai-node `ChatCompletionAudio`: `id`, `data`, `expires_at`, `transcript`; the chunks' `delta.audio`
 * is untyped there, Mirascope reads it as a dict). Before, the turn went back as an empty assistant message, and the
 * model's next answer lost what it had said. The transcript is the response's `audioTranscript` now, and the turn's
 * text (`CallResponse.toMessage`): openai-node's `ChatCompletionAssistantMessageParam.audio` takes an earlier audio
 * answer by its id only while OpenAI keeps it (`expires_at`), text always, and from any provider the conversation
 * goes on with.
 *
 * No public recording of a streamed audio answer was found (`test/fixtures/openai/SOURCES.md`): the chunks here are
 * built as the API reference describes them (the first audio delta names its id, the others carry pieces of the data
 * and of the transcript, the last its `expires_at`).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Schema, Stream } from "effect"
import { CallResponse, CallStream, LanguageModel, Message, OpenAI } from "effect-llm-stream"
import * as AgUi from "effect-llm-stream/AgUi"
import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
import { ReplayServer } from "effect-llm-stream/testing"
import { Chat } from "effect/ai"
import { FetchHttpClient } from "effect/http"
import * as ChatServer from "../../support/ChatServer.js"
import { NodeChat } from "../../support/NodeChat.js"

const chunk = (delta: object, finish: string | null = null) =>
  `data: ${
    JSON.stringify({
      id: "chatcmpl-audio",
      object: "chat.completion.chunk",
      created: 1764140000,
      model: "gpt-audio-2025-08-28",
      choices: [{ index: 0, delta, finish_reason: finish }]
    })
  }\n\n`

const spoken = "Golden retrievers are gentle, patient and eager to please."

const audioAnswer = {
  headers: { "content-type": "text/event-stream" },
  body: chunk({ role: "assistant", content: null }) +
    chunk({ audio: { id: "audio_68e2b4c1d0f08191", transcript: "Golden retrievers are" } }) +
    chunk({ audio: { data: "UklGRiQAAABXQVZFZm10IBAAAAABAAEAwF0AAIC7AAACABAAZGF0YQAAAAA=" } }) +
    chunk({ audio: { transcript: " gentle, patient and eager to please." } }) +
    chunk({ audio: { expires_at: 1764143600 } }) +
    chunk({}, "stop") + "data: [DONE]\n\n"
}

const textAnswer = {
  headers: { "content-type": "text/event-stream" },
  body: chunk({ role: "assistant", content: "They shed a lot." }) + chunk({}, "stop") + "data: [DONE]\n\n"
}

const codec = Schema.toCodecJson(Schema.Array(Message.Message))

/** OpenAI's Chat Completions model answering at `baseUrl`. */
const modelAt = (baseUrl: string) =>
  OpenAI.model("gpt-audio").pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make("sk-audio"), baseUrl })),
    Layer.provide(FetchHttpClient.layer)
  )
const question = Message.user("Is a golden retriever a good family dog?")

describe("an answer the model spoke", () => {
  it.effect("goes on as its transcript: the program's turn, its stored JSON, and the tool loop's conversation", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([audioAnswer, textAnswer, textAnswer, audioAnswer, textAnswer])
      const model = OpenAI.model("gpt-audio").pipe(
        Layer.provide(OpenAI.layer({ apiKey: Redacted.make("sk-audio"), baseUrl })),
        Layer.provide(FetchHttpClient.layer)
      )
      const spokenAnswer = yield* CallStream.accumulate(LanguageModel.stream({ messages: [question] })).pipe(
        Effect.provide(model)
      )
      assert.strictEqual(spokenAnswer.content, "")
      assert.strictEqual(spokenAnswer.audioTranscript, spoken)
      const history = [question, CallResponse.toMessage(spokenAnswer), Message.user("Why?")]
      const stored = Schema.decodeUnknownSync(codec)(JSON.parse(JSON.stringify(Schema.encodeSync(codec)(history))))
      for (const messages of [history, stored]) {
        yield* LanguageModel.stream({ messages }).pipe(Stream.runDrain, Effect.provide(model))
      }
      // The tool loop's conversation: the spoken turn, then the next question's answer.
      const done = yield* LanguageModel.runToolsToEnd({ messages: [question] }).pipe(Effect.provide(model))
      const next = yield* LanguageModel.runToolsToEnd({ messages: [...done.messages, Message.user("Why?")] }).pipe(
        Effect.provide(model)
      )
      assert.strictEqual(next.steps[0]!.response.content, "They shed a lot.")
      const bodies = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.strictEqual(bodies.length, 5)
      for (const body of [bodies[1], bodies[2], bodies[4]]) {
        assert.deepStrictEqual(body.messages.map((message: any) => message.role), ["user", "assistant", "user"])
        assert.strictEqual(body.messages[1].content, spoken)
      }
    }).pipe(Effect.scoped))

  it("a text answer's turn is its text; the transcript is only the spoken answer's", () => {
    const decode = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)
    const turnOf = (delta: object) => {
      const chunk = decode({ id: "c", model: "gpt-audio", choices: [{ index: 0, delta, finish_reason: "stop" }] })
      const turn = CallResponse.toMessage(CallResponse.append(CallResponse.empty, chunk))
      return turn._tag === "AssistantMessage" ? turn.text : undefined
    }
    assert.strictEqual(turnOf({ audio: { id: "audio_1", transcript: "Hi" } }), "Hi")
    assert.strictEqual(turnOf({ content: "Hello", audio: { id: "audio_1", transcript: "Hi" } }), "Hello")
    assert.strictEqual(turnOf({ content: "Hello" }), "Hello")
  })

  it.live("reaches the browser as the answer's text, and goes on as it: the ai client's Chat, then the next question", () =>
    Effect.gen(function*() {
      // Before, a spoken answer streamed to the browser as an empty message: the UI message stream had no part for it.
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([audioAnswer, textAnswer])
      const model = yield* Layer.build(modelAt(baseUrl))
      const app = yield* ChatServer.listen((body) => Effect.provide(ChatServer.answer([])(body), model))
      const chat = new NodeChat(app)
      yield* Effect.promise(() => chat.sendMessage({ text: "Is a golden retriever a good family dog?" }))
      assert.strictEqual(chat.text, spoken)
      yield* Effect.promise(() => chat.sendMessage({ text: "Why?" }))
      assert.strictEqual(chat.status, "ready")
      assert.strictEqual(chat.text, "They shed a lot.")
      const second = JSON.parse(server.requests(baseUrl)[1]!.body)
      assert.deepStrictEqual(second.messages.map((message: any) => message.content), [
        "Is a golden retriever a good family dog?",
        spoken,
        "Why?"
      ])
    }).pipe(Effect.scoped))

  it.effect("reaches an effect/ai Chat as the answer's text", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([audioAnswer])
      const chat = yield* Chat.empty
      const parts = yield* chat.streamText({ prompt: "Is a golden retriever a good family dog?" }).pipe(
        Stream.runCollect,
        Effect.provide(AiLanguageModel.layer.pipe(Layer.provide(modelAt(baseUrl))))
      )
      const text = parts.flatMap((part: any) => part.type === "text-delta" ? [part.delta] : []).join("")
      assert.strictEqual(text, spoken)
    }).pipe(Effect.scoped))

  it.effect("reaches an AG-UI client as the assistant message's text", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([audioAnswer])
      const events = yield* LanguageModel.stream({ messages: [question] }).pipe(
        AgUi.fromStream({ threadId: "thread-audio", runId: "run-audio" }),
        Stream.runCollect,
        Effect.provide(modelAt(baseUrl))
      )
      const text = events.flatMap((event: any) => event.type === "TEXT_MESSAGE_CONTENT" ? [event.delta] : []).join("")
      assert.strictEqual(text, spoken)
    }).pipe(Effect.scoped))
})
