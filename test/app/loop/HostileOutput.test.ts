/**
 * A tool's output holding keys the `ai` client's JSON parse refuses (`__proto__`, a `constructor`'s `prototype`): a
 * handler echoing data it parsed, served to the `ai` package's own client through `ChatEndpoint`. The output (and
 * each interim one) is shown without those keys, the stream ends as it should, the next request's history verifies,
 * and the model reads the same output on both turns.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import type { LanguageModel } from "effect-llm-stream"
import { ChatEndpoint, Message, Tool } from "effect-llm-stream"
import * as EndpointApp from "../../support/EndpointApp.js"

/** What a handler parsed from somewhere else: `JSON.parse` keeps `__proto__` as an own key. */
const hostile = () => JSON.parse("{\"__proto__\":{\"x\":1},\"a\":1,\"n\":[{\"constructor\":{\"prototype\":2}}]}")

const echo = Tool.handle(
  Tool.make("echo", { parameters: Schema.Struct({}) }),
  (_input, _call, run) => Effect.andThen(run.progress(hostile()), Effect.sync(hostile))
)

/** The content of each tool message the model was sent, request by request. */
const toolContents = (requests: ReadonlyArray<LanguageModel.Request>) =>
  requests.map((request) =>
    (request.messages ?? []).flatMap((message) => message instanceof Message.ToolResultMessage ? [message.content] : [])
  )

describe("a tool's output with keys the ai client refuses", () => {
  it.live("is shown without them, signed as shown, and read back as the model read it", () =>
    Effect.gen(function*() {
      const requests: Array<LanguageModel.Request> = []
      const turns = [{ toolCalls: [{ id: "e1", name: "echo", arguments: "{}" }] }, { text: "Done." }, {
        text: "Again."
      }]
      const app = ChatEndpoint.layer({ tools: [echo], log: false }).pipe(
        Layer.provide(EndpointApp.scripted(turns, "openai", requests))
      )
      const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaWebHandler(app), "proto-output")
      yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "Echo" })))
      // Before, the client refused the output chunk ("forbidden prototype property") and the stream ended there.
      assert.strictEqual(chat.error, undefined)
      assert.strictEqual(chat.text, "Done.")
      const [part] = chat.toolParts
      assert.strictEqual(part.state, "output-available")
      assert.deepStrictEqual(part.output, { a: 1, n: [{ constructor: {} }] })
      // The next request sends that history back: its signature holds, and the model reads the output it read.
      yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "More" })))
      assert.strictEqual(chat.error, undefined)
      assert.strictEqual(chat.text, "Again.")
      const contents = toolContents(requests)
      assert.deepStrictEqual(contents, [[], ["{\"a\":1,\"n\":[{\"constructor\":{}}]}"], [
        "{\"a\":1,\"n\":[{\"constructor\":{}}]}"
      ]])
    }).pipe(Effect.scoped))
})
