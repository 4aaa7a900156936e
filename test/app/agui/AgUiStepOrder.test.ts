/**
 * The steps of one AG-UI run (one assistant message each), sent back through `@ag-ui/client`'s `HttpAgent` with the
 * signatures they came with: in another order they told the model its calls ran in another order, and a text step
 * sent three times was taken three times. Each step is read in the order its run served it (`UIHistoryCheck`): moved,
 * or sent again, a 400 naming the message; as served, the next run goes on.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { AgUi } from "effect-llm-stream"
import * as UIHistoryFacts from "../../../src/app/history/UIHistoryFacts.js"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import { logged } from "../../support/Logged.js"

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

/** The input of the next run: `messages`, then (`asks`) the user's next one. */
const next = (messages: ReadonlyArray<unknown>, asks = true) =>
  AgUi.readRunInput(JSON.stringify({
    threadId: "order",
    runId: "r2",
    messages: [...messages, ...(asks ? [{ id: "u2", role: "user", content: "Again" }] : [])],
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

const paused = [
  { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
  { toolCalls: [{ name: "delete_file", arguments: { path: "/a" } }] },
  { toolCalls: [{ name: "get_weather", arguments: { city: "Rome" } }] },
  { text: "Done." },
  { text: "Bye." }
]

/**
 * An answer over two runs: Paris's weather, then `delete_file` waiting for approval (the first run's interrupt),
 * approved; the resumed run calls Rome's weather and says "Done.". Served with `input.lastStep` (`placed`) or without,
 * as an app that does not pass it: the agent, and its messages as it holds them.
 */
const resumed = (placed: boolean) =>
  Effect.gen(function*() {
    const deleted: Array<string> = []
    const url = yield* AgUiClient.loopedWith([EndpointApp.weather, EndpointApp.deleteFile(deleted)], placed).pipe(
      Effect.provide(EndpointApp.scriptedOnWire(paused, "openai", []))
    )
    const agent = AgUiClient.agentOf(url, "order")
    agent.addMessage({ id: "u1", role: "user", content: "Paris, delete /a, then Rome" })
    yield* AgUiClient.run(agent, AgUiClient.approvedAll(yield* AgUiClient.run(agent)))
    assert.deepStrictEqual(deleted, ["/a"])
    const messages = structuredClone(agent.messages) as Array<any>
    const roles = messages.map((message) => message.role).join(" ")
    assert.strictEqual(roles, "user assistant tool assistant tool assistant tool assistant")
    return { agent, messages }
  })

describe("AG-UI: the runs of one answer rearranged", () => {
  it.live("the resumed run's steps moved before the first run's: a 400 naming the message, through HttpAgent", () =>
    Effect.gen(function*() {
      const { agent, messages } = yield* resumed(true)
      const [user, paris, parisResult, deletion, deleted, rome, romeResult, done] = messages
      agent.setMessages([user, rome, romeResult, done, paris, parisResult, deletion, deleted, {
        id: "u2",
        role: "user",
        content: "Again"
      }])
      const moved = (yield* AgUiClient.runFailing(agent)) as any
      assert.strictEqual(moved.status, 400)
      assert.include(moved.payload.error, "messages[1]: an assistant message out of the order this server served it in")
    }).pipe(Effect.scoped))

  it.live("as served: taken, a new answer's run after no step; the step before the resumed run left out: a 400", () =>
    Effect.gen(function*() {
      const { messages } = yield* resumed(true)
      const [user, paris, parisResult, deletion, deleted, rome, romeResult, done] = messages
      const taken = yield* next(messages)
      assert.lengthOf(taken.messages, 9)
      assert.strictEqual(taken.lastStep, "")
      const [left, lines] = yield* logged(Effect.flip(next([user, paris, parisResult, rome, romeResult, done])))
      assert.strictEqual(left.parameter, "messages[3]")
      assert.include(left.message, "an assistant message out of the order this server served it in")
      assert.notInclude(lines, "lastStep")
      // Sent on with nothing new, the answer goes on after its last step: not after none.
      const goesOn = yield* next([user, paris, parisResult, deletion, deleted, rome, romeResult, done], false)
      assert.notStrictEqual(goesOn.lastStep, "")
    }).pipe(Effect.scoped))

  it.live("a later answer's run put between the steps of a run: a 400 naming the step after it", () =>
    Effect.gen(function*() {
      const { agent, messages } = yield* resumed(true)
      const asked = { id: "u2", role: "user" as const, content: "And?" }
      agent.addMessage(asked)
      yield* AgUiClient.run(agent)
      const bye = structuredClone(agent.messages.at(-1)) as any
      assert.strictEqual(bye.content, "Bye.")
      const [user, paris, parisResult, deletion, deleted, rome, romeResult, done] = messages
      assert.lengthOf((yield* next([...messages, asked, bye])).messages, 11)
      const between = yield* Effect.flip(
        next([user, paris, parisResult, asked, bye, deletion, deleted, rome, romeResult, done])
      )
      assert.strictEqual(between.parameter, "messages[5]")
      assert.include(between.message, "an assistant message out of the order this server served it in")
    }).pipe(Effect.scoped))

  it.live("served without lastStep (an app's own server): the resumed run taken anywhere, and a warning", () =>
    Effect.gen(function*() {
      const { messages } = yield* resumed(false)
      const [user, paris, parisResult, deletion, deleted, rome, romeResult, done] = messages
      const [taken, lines] = yield* logged(next([user, rome, romeResult, done, paris, parisResult, deletion, deleted]))
      assert.lengthOf(taken.messages, 9)
      assert.include(lines, "a run went on without fromSteps' lastStep")
      const [asServed, warned] = yield* logged(next(messages))
      assert.lengthOf(asServed.messages, 9)
      assert.include(warned, "a run went on without fromSteps' lastStep")
      // A new answer's run after the user's message: nothing to warn of.
      const asked = { ...user, id: "u1b" }
      const [, quiet] = yield* logged(
        next([user, paris, parisResult, deletion, deleted, asked, rome, romeResult, done])
      )
      assert.notInclude(quiet, "lastStep")
    }).pipe(Effect.scoped))
})

/** The assistant message `message` as a 0.6 server signed it: its step's fact in the thread alone, no order fact. */
const signedAs06 = (message: any) =>
  Effect.gen(function*() {
    const calls = (message.toolCalls ?? []).map((call: any) => ({
      id: call.id,
      name: call.function.name,
      input: JSON.parse(call.function.arguments)
    }))
    const fact = yield* UIHistoryFacts.stepFact(message.content ?? "", calls)
    const signed = yield* UIHistoryFacts.sign([fact], UIHistoryFacts.bindingOf({ chatId: "order" }))
    return { ...message, metadata: { ...message.metadata, ...signed } }
  })

describe("AG-UI: a run resumed after a step a 0.6 server signed", () => {
  it.live("both taken in order; the resumed run's step moved first, a 400", () =>
    Effect.gen(function*() {
      const deleted: Array<string> = []
      const url = yield* AgUiClient.loopedWith([EndpointApp.deleteFile(deleted)]).pipe(
        Effect.provide(EndpointApp.scriptedOnWire([paused[1]!, ...paused.slice(3)], "openai", []))
      )
      const agent = AgUiClient.agentOf(url, "order")
      agent.addMessage({ id: "u1", role: "user", content: "Delete /a" })
      const first = yield* AgUiClient.run(agent)
      const [user, deletion] = agent.messages
      agent.setMessages([user!, yield* signedAs06(deletion)])
      yield* AgUiClient.run(agent, AgUiClient.approvedAll(first))
      assert.deepStrictEqual(deleted, ["/a"])
      const messages = structuredClone(agent.messages) as Array<any>
      assert.deepStrictEqual(messages.map((message) => message.role), ["user", "assistant", "tool", "assistant"])
      const taken = yield* next(messages)
      assert.lengthOf(taken.messages, 5)
      const [, old, result, done] = messages
      const moved = yield* Effect.flip(next([user, done, old, result]))
      assert.strictEqual(moved.parameter, "messages[1]")
      assert.include(moved.message, "an assistant message out of the order this server served it in")
    }).pipe(Effect.scoped))
})
