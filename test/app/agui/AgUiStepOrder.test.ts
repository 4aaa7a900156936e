/**
 * The steps of one AG-UI run (one assistant message each), sent back through `@ag-ui/client`'s `HttpAgent` with the
 * signatures they came with: in another order they told the model its calls ran in another order, and a text step
 * sent three times was taken three times. Each step is read in the order its run served it (`UIHistoryCheck`): moved,
 * or sent again, a 400 naming the message; as served, the next run goes on.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { AgUi } from "effect-llm-stream"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as EndpointApp from "../../support/EndpointApp.js"

const turns = [
  { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
  { toolCalls: [{ name: "get_weather", arguments: { city: "Rome" } }] },
  { text: "Done." },
  { text: "Bye." }
]

/** A run that called `get_weather` twice, a step each, then said "Done.": its messages, as the client holds them. */
const served = Effect.gen(function*() {
  const url = yield* AgUiClient.loopedWith([EndpointApp.weather]).pipe(
    Effect.provide(EndpointApp.scriptedOnWire(turns, "openai", []))
  )
  const agent = AgUiClient.agentOf(url, "order")
  agent.addMessage({ id: "u1", role: "user", content: "Weather in Paris, then Rome" })
  yield* AgUiClient.run(agent)
  const messages = structuredClone(agent.messages) as Array<any>
  assert.deepStrictEqual(messages.map((message) => message.role), [
    "user",
    "assistant",
    "tool",
    "assistant",
    "tool",
    "assistant"
  ])
  return messages
})

/** The input of the next run: `messages`, then the user's next one. */
const next = (messages: ReadonlyArray<unknown>) =>
  AgUi.readRunInput(JSON.stringify({
    threadId: "order",
    runId: "r2",
    messages: [...messages, { id: "u2", role: "user", content: "Again" }],
    tools: [],
    context: [],
    state: {},
    forwardedProps: {}
  }))

describe("AG-UI: the steps of one run rearranged", () => {
  it.live("as served: taken; the call steps swapped, or the last sent three times: a 400 naming the message", () =>
    Effect.gen(function*() {
      const [user, paris, parisResult, rome, romeResult, done] = yield* served
      const taken = yield* next([user, paris, parisResult, rome, romeResult, done])
      assert.lengthOf(taken.messages, 7)
      const swapped = yield* Effect.flip(next([user, rome, romeResult, paris, parisResult, done]))
      assert.strictEqual(swapped.status, 400)
      assert.strictEqual(swapped.parameter, "messages[1]")
      assert.include(swapped.message, "an assistant message out of the order this server served it in")
      const thrice = yield* Effect.flip(next([user, paris, parisResult, rome, romeResult, done, done, done]))
      assert.strictEqual(thrice.status, 400)
      assert.strictEqual(thrice.parameter, "messages[6]")
      assert.include(thrice.message, "an assistant message that comes twice in its run")
    }).pipe(Effect.scoped))
})
