/**
 * What the next requests tell the model of an answer its provider refused or stopped on a policy, through
 * `ChatEndpoint` and the `ai` package's chat client on each wire (`RefusedAnswers`), over three turns, the chat kept as
 * JSON and read back between them: the model's or the provider's own words, never the sentence the library showed the
 * person in their place (the model did not say it); a turn of nothing else is left out, as each API takes two user
 * messages in a row and none takes an empty assistant turn.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import * as EndpointApp from "../../support/EndpointApp.js"
import { assertSentAfter, refusals, threeTurns } from "../../support/RefusedAnswers.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

describe("a refused answer, in the next requests of the ai client", () => {
  it.live.each(refusals)("$name: its words alone, or no turn", (refused) =>
    Effect.gen(function*() {
      const bodies: Array<any> = []
      const model = EndpointApp.scriptedOnWire(threeTurns.answers, refused.wire, bodies, 0, refused.body())
      const served = yield* EndpointApp.viaWebHandler(ChatEndpoint.layer({}).pipe(Layer.provide(model)))
      const chat = new EndpointApp.EndpointClient(served, `refused-sent-${refused.wire}`)
      for (const text of threeTurns.said) {
        yield* wait(() => chat.settle(() => chat.sendMessage({ text })))
        assert.strictEqual(chat.error?.message, undefined)
        chat.messages = JSON.parse(JSON.stringify(chat.messages))
      }
      assertSentAfter(bodies, refused)
    }).pipe(Effect.scoped))
})
