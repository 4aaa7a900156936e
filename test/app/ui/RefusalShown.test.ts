/**
 * A refused answer shown to a person for what it is, through `ChatEndpoint` and the `ai` package's chat client on each
 * wire (`RefusedAnswers`): the refusal's own words where the provider gives them, else one sentence naming the cause,
 * and the finish reason `content_filter`. The chat, kept as JSON and read back (a page reloaded), goes on: the next
 * message is a 200.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import * as EndpointApp from "../../support/EndpointApp.js"
import { refusals } from "../../support/RefusedAnswers.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const textsOf = (message: any): Array<string> =>
  message.parts.flatMap((part: any) => part.type === "text" ? [part.text] : [])

describe("a refused answer, through the ai client", () => {
  it.live.each(refusals)("$name: shown, and the chat goes on", ({ body, shown, wire }) =>
    Effect.gen(function*() {
      const bodies: Array<any> = []
      const model = EndpointApp.scriptedOnWire([{ text: "Here is something else." }], wire, bodies, 0, body())
      const served = yield* EndpointApp.viaWebHandler(ChatEndpoint.layer({}).pipe(Layer.provide(model)))
      const chat = new EndpointApp.EndpointClient(served, `refused-${wire}`)
      yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Do the thing" })))
      assert.strictEqual(chat.error?.message, undefined)
      const refused = chat.messages.at(-1)!
      assert.deepStrictEqual(textsOf(refused), shown)
      assert.strictEqual((refused.metadata as any).finishReason, "content_filter")
      // Kept as JSON and read back, as a page keeps its chat.
      chat.messages = JSON.parse(JSON.stringify(chat.messages))
      yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Something else, then" })))
      assert.strictEqual(chat.error?.message, undefined)
      assert.deepStrictEqual(textsOf(chat.messages.at(-1)), ["Here is something else."])
      assert.lengthOf(bodies, 2)
      // What the model is told of the refused turn: `RefusedTurnSent`.
    }).pipe(Effect.scoped))
})
