/**
 * What the next runs tell the model of an answer its provider refused or stopped on a policy, through `@ag-ui/client`'s
 * `HttpAgent` on each wire (`RefusedAnswers`), over three runs, the thread's messages kept as JSON and read back between
 * them: the model's or the provider's own words, never the sentence the library showed the person in their place; a
 * turn of nothing else is left out.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import { assertSentAfter, refusals, threeTurns } from "../../support/RefusedAnswers.js"

describe("a refused answer, in the next runs of HttpAgent", () => {
  it.live.each(refusals)("$name: its words alone, or no turn", (refused) =>
    Effect.gen(function*() {
      const bodies: Array<any> = []
      const url = yield* AgUiClient.looped.pipe(
        Effect.provide(EndpointApp.scriptedOnWire(threeTurns.answers, refused.wire, bodies, 0, refused.body()))
      )
      const agent = AgUiClient.agentOf(url, `refused-sent-${refused.wire}`)
      for (const [at, content] of threeTurns.said.entries()) {
        agent.addMessage({ id: `u${at}`, role: "user", content })
        const run = yield* AgUiClient.run(agent)
        assert.deepStrictEqual(run.warnings, [])
        agent.setMessages(JSON.parse(JSON.stringify(agent.messages)))
      }
      assertSentAfter(bodies, refused)
    }).pipe(Effect.scoped))
})
