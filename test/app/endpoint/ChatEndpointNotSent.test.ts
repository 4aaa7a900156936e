/**
 * Requests this library refuses before sending them, answered by `ChatEndpoint` by whose they are, read through the
 * `ai` package's own chat client: no provider was asked, so never a 502 (an upstream's failure). A model option the
 * server set that its model does not take (a `seed` on Claude: the Messages API has no such field) is the server's
 * configuration: a 500 saying so, logged as an `Error`. A conversation the model cannot take as the browser sent it (a
 * user message of empty text, which the Messages API refuses: "text content blocks must be non-empty") is the
 * browser's: a 400, logged as a `Warning`, and the person is told their message is empty. OpenAI's Chat Completions
 * takes an empty `content`: there the message is sent and answered.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import type { LanguageModel } from "effect-llm-stream"
import { Anthropic, ChatEndpoint } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as LoopWire from "../../support/LoopWire.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

/** A chat on `ChatEndpoint` over Claude Opus 4.8 with `defaults` at the replay server; its log, what reached it. */
const chatOn = (id: string, defaults: LanguageModel.Settings = {}) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const url = server.serve([LoopWire.scripted("anthropic", { texts: ["Paris."] }, "1")])
    const lines: Array<EndpointApp.LogLine> = []
    const model = Anthropic.model("claude-opus-4-8", defaults).pipe(
      Layer.provide(Anthropic.layer({ apiKey: Redacted.make("k"), baseUrl: url })),
      Layer.provide(FetchHttpClient.layer)
    )
    const app = ChatEndpoint.layer().pipe(Layer.provide(model), Layer.provide(EndpointApp.collecting(lines)))
    const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaWebHandler(app), id)
    return { chat, lines, sent: () => server.requests(url).length }
  })

/** The levels of the lines logged for a request answered `status`. */
const levels = (lines: ReadonlyArray<EndpointApp.LogLine>, status: number) =>
  lines.filter((line) => line.message.includes(`answered ${status}`)).map((line) => line.level)

describe("a request refused before it was sent", () => {
  const cases = [
    {
      whose: "a model option the server set that the model does not take: 500, the server's configuration",
      defaults: { seed: 7 },
      text: "The capital of France?",
      status: 500,
      sentence: "The server could not answer (a configuration error).",
      level: "Error"
    },
    {
      whose: "a user message the model cannot take as the browser sent it: 400, the browser's",
      defaults: {},
      text: "",
      status: 400,
      sentence: "Your message is empty; write something to send.",
      level: "Warn"
    }
  ] as const
  for (const { defaults, level, sentence, status, text, whose } of cases) {
    it.live(whose, () =>
      Effect.gen(function*() {
        const { chat, lines, sent } = yield* chatOn(`not-sent-${status}`, defaults)
        yield* wait(() => chat.settle(() => chat.sendMessage({ text })))
        const error = chat.error as any
        assert.strictEqual(error?.statusCode, status)
        assert.strictEqual(error.message, sentence)
        assert.deepStrictEqual(levels(lines, status), [level])
        assert.strictEqual(sent(), 0, "nothing sent")
      }).pipe(Effect.scoped))
  }
})

describe("an empty user message", () => {
  it.live("for OpenAI, which takes it: sent and answered", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const url = server.serve([LoopWire.scripted("openai", { texts: ["Paris."] }, "1")])
      const app = ChatEndpoint.layer().pipe(
        Layer.provide(LoopWire.modelAt("openai", url, FetchHttpClient.layer)),
        Layer.provide(EndpointApp.collecting([]))
      )
      const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaWebHandler(app), "sent-empty")
      yield* wait(() => chat.settle(() => chat.sendMessage({ text: "" })))
      assert.strictEqual(chat.error, undefined)
      const answer = chat.messages.at(-1)!
      assert.strictEqual(answer.role, "assistant")
      assert.deepStrictEqual(answer.parts.flatMap((part) => part.type === "text" ? [part.text] : []), ["Paris."])
      assert.strictEqual(server.requests(url).length, 1)
    }).pipe(Effect.scoped))
})
