/**
 * A refused answer is never continued: a run sent on with nothing new after it (AG-UI's `HttpAgent` run again, the `ai`
 * client's `sendMessage()` of no message) ends at once on every wire, the refusal (or the sentence telling its cause)
 * never sent as a prefill for the model to go on from, where Claude 4.6 refused the run with a 400 ("cannot continue
 * an answer") and the other models were asked to carry the refusal on.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import { refusals } from "../../support/RefusedAnswers.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

describe("a refused answer sent on with nothing new", () => {
  it.live.each(refusals)("$name: HttpAgent's run ends at once", ({ body, shown, wire }) =>
    Effect.gen(function*() {
      const bodies: Array<any> = []
      const url = yield* AgUiClient.looped.pipe(
        Effect.provide(EndpointApp.scriptedOnWire([{ text: "Going on." }], wire, bodies, 0, body()))
      )
      const agent = AgUiClient.agentOf(url, `sent-on-${wire}`)
      agent.addMessage({ id: "u1", role: "user", content: "Do the thing" })
      yield* AgUiClient.run(agent)
      const again = yield* AgUiClient.run(agent)
      assert.strictEqual(again.events.at(-1)?.type, "RUN_FINISHED")
      assert.lengthOf(bodies, 1, "nothing sent to the model")
      assert.strictEqual(agent.messages.at(-1)?.content, shown.join(""))
    }).pipe(Effect.scoped))

  it.live.each(refusals)(
    "$name: the ai client's sendMessage() ends at once",
    ({ body, shown, wire }) =>
      Effect.gen(function*() {
        const bodies: Array<any> = []
        const model = EndpointApp.scriptedOnWire([{ text: "Going on." }], wire, bodies, 0, body())
        const served = yield* EndpointApp.viaWebHandler(ChatEndpoint.layer({}).pipe(Layer.provide(model)))
        const chat = new EndpointApp.EndpointClient(served, `sent-on-${wire}`)
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Do the thing" })))
        yield* wait(() => chat.settle(() => chat.sendMessage()))
        assert.strictEqual(chat.error?.message, undefined)
        assert.lengthOf(bodies, 1, "nothing sent to the model")
        const texts = chat.messages.flatMap((message) =>
          message.role === "assistant" ? message.parts.flatMap((part) => part.type === "text" ? [part.text] : []) : []
        )
        assert.deepStrictEqual(texts, shown)
      }).pipe(Effect.scoped)
  )
})
