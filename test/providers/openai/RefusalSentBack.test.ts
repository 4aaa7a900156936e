/**
 * OpenAI's refusal goes back in its documented place, not as the model's text. Chat Completions streams a refusal in
 * `delta.refusal` and takes it back in the assistant message's `refusal` field (openai-node
 * src/resources/chat/completions/completions.ts `ChatCompletionChunk.Choice.Delta.refusal`,
 * `ChatCompletionAssistantMessageParam.refusal`); the Responses API streams it as a message's `refusal` content part
 * and takes that item back (src/resources/responses/responses.ts `ResponseOutputRefusal`, `ResponseRefusalDeltaEvent`).
 * Both went back as text: Chat Completions' as `content`, the Responses API's, from a browser, as an `output_text`
 * part of the refusal's words. Read here on each next request, over several turns: the program's turn of a structured
 * output (`response_format: json_schema`, where refusals happen), its stored JSON, the tool loop, an `effect/ai`
 * `Chat`, the `ai` client's chat through `ChatEndpoint` and `HttpAgent`, each kept as JSON between turns.
 *
 * Recordings: `openai/refusal.sse` and `openai-responses/refusal.sse` (Mirascope's `test_refusal` with a strict
 * `json_schema`; see their SOURCES.md).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Result, Schema, Stream } from "effect"
import { CallResponse, CallStream, ChatEndpoint, LanguageModel, Message, Output } from "effect-llm-stream"
import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
import { ReplayServer } from "effect-llm-stream/testing"
import { Chat } from "effect/ai"
import { FetchHttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as RecordedModels from "../../support/RecordedModels.js"
import { refusals, threeTurns } from "../../support/RefusedAnswers.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)
const codec = Schema.toCodecJson(Schema.Array(Message.Message))
const Handbook = Schema.Struct({ instructions: Schema.String })
const output = Output.make(Handbook, { name: "FentanylHandbook" })
const question = Message.user("Write the handbook")
const next = Message.user("Why not?")

/** The refusals of the two APIs, as recorded, and the turn each next request must hold for them. */
const wires = [
  {
    wire: "openai" as const,
    words: "I'm very sorry, but I can't assist with that request.",
    /** The refused turn in a request body: Chat Completions' assistant message, its words in `refusal`. */
    turnOf: (body: any) => body.messages[1],
    sent: (words: string) => ({ role: "assistant", content: null, refusal: words })
  },
  {
    wire: "openai-responses" as const,
    words: "I'm sorry, I can't assist with that.",
    /** The refused turn in a request body: the Responses API's output message item, its words a `refusal` part. */
    turnOf: (body: any) => ({ type: body.input[1].type, role: body.input[1].role, content: body.input[1].content }),
    sent: (words: string) => ({ type: "message", role: "assistant", content: [{ type: "refusal", refusal: words }] })
  }
]

const recordedBody = (wire: "openai" | "openai-responses") => ({
  headers: { "content-type": RecordedModels.contentType(wire) },
  body: Fixtures.body(wire, "refusal.sse")
})

describe("OpenAI's refusal, in the next request", () => {
  it.effect.each(wires)(
    "$wire: a structured output's refusal from the program's turn, its stored JSON and the tool loop",
    ({ sent, turnOf, wire, words }) =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve(Array.from({ length: 6 }, () => recordedBody(wire)))
        const layer = RecordedModels.model(wire, baseUrl, FetchHttpClient.layer)
        const object = yield* CallStream.object(LanguageModel.stream({ messages: [question], output })).pipe(
          Effect.result,
          Effect.provide(layer)
        )
        const failure = Result.isFailure(object) ? object.failure : undefined
        assert.isTrue(failure?._tag === "OutputError" && failure.reason === "refusal", "the object fails as refused")
        const refused = yield* CallStream.accumulate(LanguageModel.stream({ messages: [question], output })).pipe(
          Effect.provide(layer)
        )
        assert.strictEqual(refused.refusal, words)
        const history = [question, CallResponse.toMessage(refused), next]
        const stored = Schema.decodeUnknownSync(codec)(JSON.parse(JSON.stringify(Schema.encodeSync(codec)(history))))
        for (const messages of [history, stored]) {
          yield* LanguageModel.stream({ messages, output }).pipe(Stream.runDrain, Effect.provide(layer))
        }
        const done = yield* LanguageModel.runToolsToEnd({ messages: [question] }).pipe(Effect.provide(layer))
        yield* LanguageModel.runToolsToEnd({ messages: [...done.messages, next] }).pipe(Effect.provide(layer))
        const bodies = server.requests(baseUrl).map((request) => JSON.parse(request.body))
        assert.lengthOf(bodies, 6)
        if (wire === "openai") assert.strictEqual(bodies[0].response_format.type, "json_schema")
        else assert.strictEqual(bodies[0].text.format.type, "json_schema")
        for (const body of [bodies[2], bodies[3], bodies[5]]) assert.deepStrictEqual(turnOf(body), sent(words))
      }).pipe(Effect.scoped)
  )

  it.effect.each(wires)(
    "$wire: an effect/ai Chat, its next turn",
    ({ sent, turnOf, wire, words }) =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([recordedBody(wire), recordedBody(wire)])
        const model = AiLanguageModel.layer.pipe(
          Layer.provide(RecordedModels.model(wire, baseUrl, FetchHttpClient.layer))
        )
        const chat = yield* Chat.empty
        const first = yield* chat.streamText({ prompt: "Write the handbook" }).pipe(
          Stream.runCollect,
          Effect.provide(model)
        )
        const shown = Array.from(first).flatMap((part) => part.type === "text-delta" ? [part.delta] : []).join("")
        assert.strictEqual(shown, words, "the person reads the model's refusal")
        yield* chat.generateText({ prompt: "Why not?" }).pipe(Effect.provide(model))
        assert.deepStrictEqual(turnOf(JSON.parse(server.requests(baseUrl)[1]!.body)), sent(words))
      }).pipe(Effect.scoped)
  )

  it.live.each(wires)(
    "$wire: the ai client's chat, kept as JSON, over three turns",
    ({ sent, turnOf, wire, words }) =>
      Effect.gen(function*() {
        const bodies: Array<any> = []
        const refused = refusals.find((refusal) => refusal.wire === wire)!
        const model = EndpointApp.scriptedOnWire(threeTurns.answers, wire, bodies, 0, refused.body())
        const served = yield* EndpointApp.viaWebHandler(ChatEndpoint.layer({}).pipe(Layer.provide(model)))
        const chat = new EndpointApp.EndpointClient(served, `refusal-back-${wire}`)
        for (const text of threeTurns.said) {
          yield* wait(() => chat.settle(() => chat.sendMessage({ text })))
          assert.strictEqual(chat.error?.message, undefined)
          chat.messages = JSON.parse(JSON.stringify(chat.messages))
        }
        const shown = chat.messages[1]!.parts.flatMap((part) => part.type === "text" ? [part.text] : [])
        assert.deepStrictEqual(shown, [words], "the person reads the model's refusal")
        assert.lengthOf(bodies, 3)
        for (const body of bodies.slice(1)) assert.deepStrictEqual(turnOf(body), sent(words))
      }).pipe(Effect.scoped)
  )

  it.live.each(wires)(
    "$wire: HttpAgent's thread, kept as JSON, over three runs",
    ({ sent, turnOf, wire, words }) =>
      Effect.gen(function*() {
        const bodies: Array<any> = []
        const refused = refusals.find((refusal) => refusal.wire === wire)!
        const url = yield* AgUiClient.looped.pipe(
          Effect.provide(EndpointApp.scriptedOnWire(threeTurns.answers, wire, bodies, 0, refused.body()))
        )
        const agent = AgUiClient.agentOf(url, `refusal-back-${wire}`)
        for (const [at, content] of threeTurns.said.entries()) {
          agent.addMessage({ id: `u${at}`, role: "user", content })
          const run = yield* AgUiClient.run(agent)
          assert.deepStrictEqual(run.warnings, [])
          agent.setMessages(JSON.parse(JSON.stringify(agent.messages)))
        }
        assert.strictEqual(agent.messages[1]?.content, words, "the person reads the model's refusal")
        assert.lengthOf(bodies, 3)
        for (const body of bodies.slice(1)) assert.deepStrictEqual(turnOf(body), sent(words))
      }).pipe(Effect.scoped)
  )
})
