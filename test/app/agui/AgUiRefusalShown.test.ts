/**
 * A refused answer shown to a person for what it is, through `@ag-ui/client`'s `HttpAgent` on each wire
 * (`RefusedAnswers`): the assistant message holds the refusal's own words where the provider gives them, else one
 * sentence naming the cause, and its step's finish reason is `content_filter`. The next run goes on from the thread,
 * its messages kept as JSON and read back (what the model is told of the refused turn: `AgUiRefusedTurnSent`).
 */
import type { AssistantMessage } from "@ag-ui/client"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { AgUi } from "effect-llm-stream"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import { refusals } from "../../support/RefusedAnswers.js"

describe("a refused answer, through HttpAgent", () => {
  it.live.each(refusals)("$name: shown, and the thread goes on", ({ body, shown, wire }) =>
    Effect.gen(function*() {
      const bodies: Array<any> = []
      const url = yield* AgUiClient.looped.pipe(
        Effect.provide(EndpointApp.scriptedOnWire([{ text: "Here is something else." }], wire, bodies, 0, body()))
      )
      const agent = AgUiClient.agentOf(url, `refused-${wire}`)
      agent.addMessage({ id: "u1", role: "user", content: "Do the thing" })
      const first = yield* AgUiClient.run(agent)
      assert.deepStrictEqual(first.warnings, [])
      const refused = agent.messages.find((message): message is AssistantMessage => message.role === "assistant")!
      assert.strictEqual(refused.content, shown.join(""))
      assert.strictEqual((refused as any).metadata?.[AgUi.finishReasonKey], "content_filter")
      agent.setMessages(JSON.parse(JSON.stringify(agent.messages)))
      agent.addMessage({ id: "u2", role: "user", content: "Something else, then" })
      yield* AgUiClient.run(agent)
      assert.strictEqual(agent.messages.at(-1)?.content, "Here is something else.")
      assert.lengthOf(bodies, 2)
      // What the model is told of the refused turn: `AgUiRefusedTurnSent`.
    }).pipe(Effect.scoped))
})
