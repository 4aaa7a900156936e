/**
 * OpenAI's refusal goes back in its documented place when a conversation moves from one of OpenAI's APIs to the other
 * (the one conversation model allows it). A Chat Completions turn's refusal went to the Responses API as an assistant
 * message of its words, and a Responses API turn's refusal part to Chat Completions as `content`: both as an answer the
 * model wrote. Now the first goes as a `message` item with a `refusal` part (openai-node
 * src/resources/responses/responses.ts `ResponseOutputMessage`, `ResponseOutputRefusal`), the second in the assistant
 * message's `refusal` field (src/resources/chat/completions/completions.ts `ChatCompletionAssistantMessageParam`): rows
 * `refusalsApart` of each API's conversation table. Read on each next request over three turns, there and back, from
 * the program's stored JSON and from the `ai` client's messages through `ChatEndpoint`.
 *
 * Recordings: `openai/refusal.sse`, `openai-responses/refusal.sse` (Mirascope's `test_refusal`), and each API's
 * `text.sse`; see their SOURCES.md.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema, Stream } from "effect"
import { CallResponse, CallStream, ChatEndpoint, LanguageModel, Message } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as RecordedModels from "../../support/RecordedModels.js"
import { refusals, threeTurns } from "../../support/RefusedAnswers.js"

type Wire = "openai" | "openai-responses"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)
const codec = Schema.toCodecJson(Schema.Array(Message.Message))
const stored = (messages: ReadonlyArray<Message.Message>) =>
  Schema.decodeUnknownSync(codec)(JSON.parse(JSON.stringify(Schema.encodeSync(codec)(messages))))

const words: Record<Wire, string> = {
  openai: "I'm very sorry, but I can't assist with that request.",
  "openai-responses": "I'm sorry, I can't assist with that."
}

/** The refused turn, second in a request of `wire` that did not answer it: in the place its API takes a refusal. */
const movedTurn = (wire: Wire, body: any, refusal: string) =>
  wire === "openai"
    ? assert.deepStrictEqual(body.messages[1], { role: "assistant", content: null, refusal })
    : assert.deepStrictEqual(body.input[1], {
      type: "message",
      role: "assistant",
      status: "completed",
      content: [{ type: "refusal", refusal }]
    })

/** The refused turn in a request of the API that answered it, as that API takes it back (`RefusalSentBack`). */
const ownTurn = (wire: Wire, body: any, refusal: string) =>
  wire === "openai"
    ? assert.deepStrictEqual(body.messages[1], { role: "assistant", content: null, refusal })
    : assert.deepStrictEqual(body.input[1].content, [{ type: "refusal", refusal }])

const directions = [
  { from: "openai" as const, to: "openai-responses" as const },
  { from: "openai-responses" as const, to: "openai" as const }
]

/** A model that answers its n-th request on the n-th of `wires`: one chat, its turns on either API. */
const turnsOn = (wires: ReadonlyArray<Wire>, layers: Record<string, Layer.Layer<LanguageModel.LanguageModel>>) =>
  Layer.effect(
    LanguageModel.LanguageModel,
    Effect.gen(function*() {
      const services = new Map<string, LanguageModel.Service>()
      for (const [wire, layer] of Object.entries(layers)) {
        const service = Effect.gen(function*() {
          return yield* LanguageModel.LanguageModel
        })
        services.set(wire, yield* Effect.provide(service, layer))
      }
      let at = 0
      const first = services.get(wires[0]!)!
      return {
        ...first,
        stream: (input: LanguageModel.Input) => Stream.suspend(() => services.get(wires[at++]!)!.stream(input))
      }
    })
  )

const served = (wire: Wire, name: string) => ({
  headers: { "content-type": RecordedModels.contentType(wire) },
  body: Fixtures.body(wire, name)
})

describe("OpenAI's refusal, moved to its other API", () => {
  it.effect.each(directions)(
    "$from to $to and back: the program's stored JSON, three turns",
    ({ from, to }) =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const fromUrl = server.serve([served(from, "refusal.sse"), served(from, "text.sse")])
        const toUrl = server.serve([served(to, "text.sse")])
        const on = (wire: Wire) => RecordedModels.model(wire, wire === from ? fromUrl : toUrl, FetchHttpClient.layer)
        const turn = (wire: Wire, messages: ReadonlyArray<Message.Message>) =>
          CallStream.accumulate(LanguageModel.stream({ messages: stored(messages) })).pipe(Effect.provide(on(wire)))
        const said = threeTurns.said.map((text) => Message.user(text))
        const refused = yield* turn(from, [said[0]!])
        assert.strictEqual(refused.refusal, words[from])
        const second = [said[0]!, CallResponse.toMessage(refused), said[1]!]
        const answer = yield* turn(to, second)
        yield* LanguageModel.stream({ messages: stored([...second, CallResponse.toMessage(answer), said[2]!]) }).pipe(
          Stream.runDrain,
          Effect.provide(on(from))
        )
        const [toBody] = server.requests(toUrl).map((request) => JSON.parse(request.body))
        const fromBodies = server.requests(fromUrl).map((request) => JSON.parse(request.body))
        movedTurn(to, toBody, words[from])
        ownTurn(from, fromBodies[1], words[from])
      }).pipe(Effect.scoped)
  )

  it.live.each(directions)(
    "$from to $to and back: the ai client's messages, kept as JSON",
    ({ from, to }) =>
      Effect.gen(function*() {
        const bodies: Record<Wire, Array<any>> = { openai: [], "openai-responses": [] }
        const refused = refusals.find((refusal) => refusal.wire === from)!
        const model = turnsOn([from, to, from], {
          [from]: EndpointApp.scriptedOnWire(threeTurns.answers.slice(1), from, bodies[from], 0, refused.body()),
          [to]: EndpointApp.scriptedOnWire(threeTurns.answers, to, bodies[to])
        })
        const app = yield* EndpointApp.viaWebHandler(ChatEndpoint.layer({}).pipe(Layer.provide(model)))
        const chat = new EndpointApp.EndpointClient(app, "refusal-moved")
        for (const text of threeTurns.said) {
          yield* wait(() => chat.settle(() => chat.sendMessage({ text })))
          assert.strictEqual(chat.error?.message, undefined)
          chat.messages = JSON.parse(JSON.stringify(chat.messages))
        }
        const shown = chat.messages[1]!.parts.flatMap((part) => part.type === "text" ? [part.text] : [])
        assert.deepStrictEqual(shown, [words[from]], "the person reads the model's refusal")
        assert.lengthOf(bodies[to], 1)
        movedTurn(to, bodies[to][0], words[from])
        assert.lengthOf(bodies[from], 2)
        ownTurn(from, bodies[from][1], words[from])
      }).pipe(Effect.scoped)
  )
})
