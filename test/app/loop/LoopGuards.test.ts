/**
 * The tool loop's guards, over the replay server (OpenAI Chat Completions scripted with the test kit's payload
 * builders): an approval with the id the loop issued (`ApprovalRequestEvent.approvalId`) runs its call once, on
 * the program's side as on a browser's; a forged, moved or expired id runs nothing (an `ApprovalRefused` error
 * result); a call that already has a result is never run again, with or without an id. And the loop's hard
 * bounds: at most 8 handlers at once by default, at most 32 calls of a step run (the rest answered with error
 * results), and at most 20 steps whatever `stopWhen` says (the probe: a `costExceeds` loop on a server that never
 * reports usage went past 300 steps).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Schema, Stream } from "effect"
import { LanguageModel, Message, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as LoopWire from "../../support/LoopWire.js"

const client = FetchHttpClient.layer

const remove = (removed: Array<string>) =>
  Tool.handle(
    Tool.make("delete_file", { parameters: Schema.Struct({ path: Schema.String }) }),
    ({ path }) => Effect.sync(() => removed.push(path)),
    { needsApproval: true }
  )

/** A loop's events made into another stream, its error and context kept. */
type Wrap = <E, R>(steps: Stream.Stream<LanguageModel.StepEvent, E, R>) => Stream.Stream<LanguageModel.StepEvent, E, R>

/**
 * Runs a loop against `scenario` with the approval checks a served loop has (given to `runTools`'s loop as it starts;
 * provided to every pull of a stream made of it, `wrap`'s), in the chat `binding` names: its events, and the requests
 * the model was sent.
 */
const run = (
  scenario: ReplayServer.ScenarioInput | ReadonlyArray<ReplayServer.ScenarioInput>,
  request: LanguageModel.RunRequest<ReadonlyArray<Tool.Tool>>,
  wrap: Wrap = (steps) => steps,
  binding?: UIMessageStream.ChatBinding
) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve(scenario)
    const checked = UIMessageStream.withApprovalChecks(wrap(LanguageModel.runTools(request)), binding)
    const events = yield* Stream.runCollect(checked)
      .pipe(
        Effect.provide(LoopWire.modelAt("openai", baseUrl, client))
      )
    return { events, requests: server.requests(baseUrl) }
  })

const results = (events: ReadonlyArray<LanguageModel.StepEvent>) =>
  events.filter((event): event is LanguageModel.ToolResultEvent => event._tag === "ToolResultEvent")

describe("approvals in the loop", () => {
  it.live("the id the loop issued runs the call once; again, or moved, forged or expired, it runs nothing", () =>
    Effect.gen(function*() {
      const removed: Array<string> = []
      const tools = [remove(removed)]
      const calls = [
        { id: "c1", name: "delete_file", arguments: "{\"path\":\"/etc/shadow\"}" },
        { id: "c2", name: "delete_file", arguments: "{\"path\":\"/tmp/x\"}" }
      ]
      const first = yield* run(LoopWire.scripted("openai", { calls }), { messages: [Message.user("Clean")], tools })
      const done = first.events.at(-1) as LanguageModel.DoneEvent
      const asks = first.events.filter((event): event is LanguageModel.ApprovalRequestEvent =>
        event._tag === "ApprovalRequestEvent"
      )
      assert.deepStrictEqual(asks.map((ask) => ask.call.id), ["c1", "c2"])
      const answer = (toolCallId: string, approvalId: string | undefined) =>
        run(LoopWire.scripted("openai", { texts: ["Done."] }), {
          messages: [...done.messages, Message.toolApproval({ toolCallId, approved: true, approvalId })],
          tools
        })
      const [one, two] = asks as [LanguageModel.ApprovalRequestEvent, LanguageModel.ApprovalRequestEvent]
      // c2's id on c1, and a forged id: refused, the model told why.
      const moved = results((yield* answer("c1", two.approvalId)).events)[0]!
      assert.instanceOf(moved.result, LanguageModel.ApprovalRefused)
      assert.strictEqual((moved.result as LanguageModel.ApprovalRefused).reason, "unverified")
      assert.isTrue(moved.isError)
      // Its last two characters changed (to others than they were: "AA" was one id's own ending, once in CI).
      const ending = one.approvalId!.endsWith("AA") ? "BB" : "AA"
      const forged = results((yield* answer("c1", `${one.approvalId!.slice(0, -2)}${ending}`)).events)[0]!
      assert.strictEqual((forged.result as LanguageModel.ApprovalRefused).reason, "unverified")
      assert.deepStrictEqual(removed, [])
      // Its own id: run once; the same approval again: used.
      yield* answer("c1", one.approvalId)
      assert.deepStrictEqual(removed, ["/etc/shadow"])
      const again = yield* answer("c1", one.approvalId)
      assert.strictEqual((results(again.events)[0]!.result as LanguageModel.ApprovalRefused).reason, "used")
      const told = LoopWire.sent("openai", again.requests[0]!.body).results.find((result) => result.id === "c1")!
      assert.match(told.content, /used before/)
      assert.deepStrictEqual(removed, ["/etc/shadow"])
    }))

  it.live("an id issued in one chat, or to one owner, runs nothing in another (unverified); in its own it runs", () =>
    Effect.gen(function*() {
      const removed: Array<string> = []
      const tools = [remove(removed)]
      const calls = [{ id: "c1", name: "delete_file", arguments: "{\"path\":\"/etc/shadow\"}" }]
      const alice = { chatId: "chat-alice", owner: "alice" }
      const first = yield* run(
        LoopWire.scripted("openai", { calls }),
        { messages: [Message.user("Clean")], tools },
        undefined,
        alice
      )
      const done = first.events.at(-1) as LanguageModel.DoneEvent
      const ask = first.events.find((event) => event._tag === "ApprovalRequestEvent")!
      const answer = (binding: UIMessageStream.ChatBinding) =>
        run(
          LoopWire.scripted("openai", { texts: ["Done."] }),
          {
            messages: [
              ...done.messages,
              Message.toolApproval({ toolCallId: "c1", approved: true, approvalId: ask.approvalId })
            ],
            tools
          },
          undefined,
          binding
        )
      // Mallory's chat, Alice's chat under Mallory's name, Mallory's chat under Alice's: refused, nothing claimed.
      for (
        const other of [{ chatId: "chat-mallory", owner: "mallory" }, { ...alice, owner: "mallory" }, {
          ...alice,
          chatId: "chat-mallory"
        }]
      ) {
        const refused = results((yield* answer(other)).events)[0]!
        assert.strictEqual((refused.result as LanguageModel.ApprovalRefused).reason, "unverified")
      }
      assert.deepStrictEqual(removed, [])
      // Alice's own approval still runs.
      yield* answer(alice)
      assert.deepStrictEqual(removed, ["/etc/shadow"])
    }))

  // Mapped, or started after the stream it is in starts (not given its gate as that stream starts).
  const made: ReadonlyArray<readonly [string, Wrap]> = [
    ["mapped", (steps) => Stream.map(steps, (event) => event)],
    ["started later", (steps) => Stream.unwrap(Effect.succeed(steps))]
  ]
  for (const [name, mapped] of made) {
    it.live(`a loop's stream made into another (${name}) before its checks is checked the same: its id runs once`, () =>
      Effect.gen(function*() {
        const removed: Array<string> = []
        const tools = [remove(removed)]
        const calls = [{ id: "c1", name: "delete_file", arguments: "{\"path\":\"/etc/shadow\"}" }]
        const first = yield* run(
          LoopWire.scripted("openai", { calls }),
          { messages: [Message.user("Clean")], tools },
          mapped
        )
        const done = first.events.at(-1) as LanguageModel.DoneEvent
        const ask = first.events.find((event) => event._tag === "ApprovalRequestEvent")!
        assert.isString(ask.approvalId, "the served gate issued the id")
        const answer = () =>
          run(LoopWire.scripted("openai", { texts: ["Done."] }), {
            messages: [
              ...done.messages,
              Message.toolApproval({ toolCallId: "c1", approved: true, approvalId: ask.approvalId })
            ],
            tools
          }, mapped)
        yield* answer()
        assert.deepStrictEqual(removed, ["/etc/shadow"])
        const again = yield* answer()
        assert.strictEqual((results(again.events)[0]!.result as LanguageModel.ApprovalRefused).reason, "used")
        assert.deepStrictEqual(removed, ["/etc/shadow"])
      }))
  }

  it.live("an id past its ttl has expired", () =>
    Effect.gen(function*() {
      const removed: Array<string> = []
      const tools = [remove(removed)]
      const signing = UIMessageStream.layerSigning({
        secret: Redacted.make("a-test-secret-of-at-least-32-characters!"),
        approvalTtl: "20 millis"
      })
      const calls = [{ id: "c1", name: "delete_file", arguments: "{\"path\":\"/etc/shadow\"}" }]
      const { events } = yield* Effect.gen(function*() {
        const asked = yield* run(LoopWire.scripted("openai", { calls }), { messages: [Message.user("Clean")], tools })
        const done = asked.events.at(-1) as LanguageModel.DoneEvent
        const ask = asked.events.find((event) => event._tag === "ApprovalRequestEvent")!
        yield* Effect.sleep("40 millis")
        return yield* run(LoopWire.scripted("openai", { texts: ["Done."] }), {
          messages: [
            ...done.messages,
            Message.toolApproval({ toolCallId: "c1", approved: true, approvalId: ask.approvalId })
          ],
          tools
        })
      }).pipe(Effect.provide(Layer.orDie(signing)))
      assert.strictEqual((results(events)[0]!.result as LanguageModel.ApprovalRefused).reason, "expired")
      assert.deepStrictEqual(removed, [])
    }))

  it.live("a call that already has a result, or is answered twice in one request, runs at most once", () =>
    Effect.gen(function*() {
      const removed: Array<string> = []
      const tools = [remove(removed)]
      const call = new Tool.ToolCall({ id: "c1", name: "delete_file", arguments: "{\"path\":\"/etc/shadow\"}" })
      const approve = Message.toolApproval({ toolCallId: "c1", approved: true })
      const turn = [Message.user("Clean"), Message.assistant("", { toolCalls: [call] })]
      const ran = Message.toolResult({ toolCallId: "c1", name: "delete_file", content: "1" })
      // The program's own approvals (no id): twice in one request, one run.
      yield* run(LoopWire.scripted("openai", { texts: ["Done."] }), { messages: [...turn, approve, approve], tools })
      assert.deepStrictEqual(removed, ["/etc/shadow"])
      // Answered already: accepted, not run again, and its result sent once.
      const { requests } = yield* run(LoopWire.scripted("openai", { texts: ["Done."] }), {
        messages: [...turn, ran, approve],
        tools
      })
      assert.deepStrictEqual(removed, ["/etc/shadow"])
      assert.deepStrictEqual(LoopWire.sent("openai", requests[0]!.body).results.map((result) => result.id), ["c1"])
    }))
})

describe("the loop's bounds", () => {
  it.live("8 handlers at once by default, 32 calls of a step run, the rest answered with error results", () =>
    Effect.gen(function*() {
      let running = 0
      let most = 0
      let runs = 0
      const slow = Tool.handle(
        Tool.make("slow", { parameters: Schema.Struct({ i: Schema.Number }) }),
        () =>
          Effect.sync(() => {
            runs++
            most = Math.max(most, ++running)
          }).pipe(Effect.andThen(Effect.sleep("5 millis")), Effect.ensuring(Effect.sync(() => running--)))
      )
      const calls = Array.from({ length: 100 }, (_, i) => ({ id: `c${i}`, name: "slow", arguments: `{"i":${i}}` }))
      const { events } = yield* run(
        [LoopWire.scripted("openai", { calls }), LoopWire.scripted("openai", { texts: ["Done."] }, "2")],
        { messages: [Message.user("Go")], tools: [slow] }
      )
      assert.strictEqual(runs, 32)
      assert.strictEqual(most, 8)
      const refused = results(events).filter((event) => event.isError)
      assert.strictEqual(refused.length, 68)
      assert.match(refused[0]!.message.content, /100 tool calls, over the limit of 32 per step/)
    }))

  it.live("at most 20 steps whatever stopWhen says, and a bound that is not a count is refused", () =>
    Effect.gen(function*() {
      const lookup = Tool.handle(
        Tool.make("lookup", { parameters: Schema.Struct({ q: Schema.String }) }),
        () => Effect.succeed("found")
      )
      let n = 0
      // A model that calls a tool every time: `costExceeds(1)` would hold only after thousands of steps.
      const endless = () =>
        LoopWire.scripted("openai", { calls: [{ id: `c${++n}`, name: "lookup", arguments: "{\"q\":\"a\"}" }] }, `${n}`)
      const { events } = yield* run(endless, {
        messages: [Message.user("Go")],
        tools: [lookup],
        stopWhen: LanguageModel.costExceeds(1)
      })
      const done = events.at(-1) as LanguageModel.DoneEvent
      assert.strictEqual(done.steps.length, 20)
      assert.strictEqual(done.reason, "step-count")
      const refused = yield* Effect.flip(
        run(endless, { messages: [Message.user("Go")], tools: [lookup], maxSteps: 0 })
      )
      assert.strictEqual(refused._tag, "InvalidRequestError")
      assert.match(refused.message, /maxSteps/)
    }))

  it.live("two tools of one name are refused: an MCP server's namesake would run without the app's approval", () =>
    Effect.gen(function*() {
      let ran = 0
      const parameters = Schema.Struct({ path: Schema.String })
      const theirs = Tool.handle(Tool.make("delete_file", { parameters }), () => Effect.sync(() => ++ran))
      const ours = Tool.handle(Tool.make("delete_file", { parameters }), () => Effect.sync(() => ++ran), {
        needsApproval: true
      })
      const call = { calls: [{ id: "c1", name: "delete_file", arguments: "{\"path\":\"a\"}" }] }
      const refused = yield* Effect.flip(
        run(LoopWire.scripted("openai", call), { messages: [Message.user("Go")], tools: [theirs, ours] })
      )
      assert.strictEqual(refused._tag, "InvalidRequestError")
      assert.include(refused.message, "two tools are named \"delete_file\"")
      assert.strictEqual(ran, 0)
    }))
})
