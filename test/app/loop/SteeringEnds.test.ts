/**
 * How an answer's end meets the messages sent into it (`runTools({ steering })`), over the replay server: one the loop
 * ends without (a bound, a failure) is told back as not delivered with why, on a `SteeringEvent` and on the
 * `DoneEvent`'s `notDelivered`, and never sent; one steered into an answer that waits for a person (an approval),
 * before or during the wait, is taken by its continuation, whose first request carries it after the tool results. On
 * one memory store, and from a second instance on a real redis-server.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { LanguageModel, Message, Steering, StreamStore, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as LoopWire from "../../support/LoopWire.js"
import { describeRedis, storeOf, type TwoStores } from "../../support/Stores.js"

const newAnswerId = () => `ends-${process.pid}-${Math.random().toString(36).slice(2)}`

/** The roles and texts of each request the model received (OpenAI Chat Completions). */
const requestsOf = (server: ReplayServer.ReplayServer, baseUrl: string) =>
  server.requests(baseUrl).map((request) =>
    (JSON.parse(request.body).messages as Array<any>).map((m) =>
      `${m.role}:${typeof m.content === "string" ? m.content : ""}`
    )
  )

const steerings = (events: ReadonlyArray<LanguageModel.StepEvent>) =>
  events.filter((event): event is LanguageModel.SteeringEvent => event._tag === "SteeringEvent")

class Broke extends Schema.TaggedError<Broke>()("Broke", { message: Schema.String }) {}

/** The tool `act`, whose handler runs `handler` (it steers, as another instance would). */
const act = <A, E>(handler: Effect.Effect<A, E>) =>
  Tool.handle(Tool.make("act", { parameters: Schema.Struct({ q: Schema.String }) }), () => handler)

/** A replay server whose model calls `act` once, then answers. */
const callingAct = Effect.map(ReplayServer.make, (server) => ({
  server,
  baseUrl: server.serve(LoopWire.callOnceThenAnswer("act", `{"q":"go"}`))
}))

const suite = (twoStores: TwoStores) => {
  it.live("a failure: the message steered before it is told back (error) before the failure, and never sent", () =>
    Effect.gen(function*() {
      const [a, b] = yield* twoStores("1 minute")
      const streamId = newAnswerId()
      const tool = act(
        Steering.steer(streamId, "Use the staging database", { owner: "alice", id: "s1" }).pipe(
          Effect.provideService(StreamStore.StreamStore, b),
          Effect.orDie,
          Effect.andThen(Effect.fail(new Broke({ message: "the deploy broke" })))
        )
      )
      const { baseUrl, server } = yield* callingAct
      const seen: Array<LanguageModel.StepEvent> = []
      const error = yield* Stream.runForEach(
        LanguageModel.runTools({
          messages: [Message.user("Deploy it")],
          tools: [tool],
          onToolError: "fail",
          steering: Steering.inbox(streamId, { owner: "alice" })
        }),
        (event) => Effect.sync(() => void seen.push(event))
      ).pipe(
        Effect.provide(LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer)),
        Effect.provideService(StreamStore.StreamStore, a),
        Effect.flip
      )
      assert.strictEqual((error as Broke)._tag, "Broke")
      const told = seen.at(-1) as LanguageModel.SteeringEvent
      assert.strictEqual(told._tag, "SteeringEvent")
      assert.deepStrictEqual([told.id, told.kind, told.notDelivered, told.message.text], [
        "s1",
        "steer",
        "error",
        "Use the staging database"
      ])
      assert.lengthOf(server.requests(baseUrl), 1)
      // The inbox is closed: a later message is refused, not accepted and lost.
      const late = yield* Effect.flip(
        Steering.steer(streamId, "Hello?", { owner: "alice" }).pipe(Effect.provideService(StreamStore.StreamStore, b))
      )
      assert.strictEqual(late.reason, "Ended")
    }).pipe(Effect.scoped))

  it.live("a bound: the DoneEvent names each message it ends without, and the reason is why", () =>
    Effect.gen(function*() {
      const [a, b] = yield* twoStores("1 minute")
      const streamId = newAnswerId()
      const tool = act(
        Effect.all([
          Steering.steer(streamId, "Use the staging database", { owner: "alice", id: "s1" }),
          Steering.queue(streamId, "Then tidy up", { owner: "alice", id: "q1" })
        ]).pipe(Effect.provideService(StreamStore.StreamStore, b), Effect.orDie, Effect.as("acted"))
      )
      const { baseUrl } = yield* callingAct
      const done = yield* LanguageModel.runToolsToEnd({
        messages: [Message.user("Deploy it")],
        tools: [tool],
        maxSteps: 1,
        steering: Steering.inbox(streamId, { owner: "alice" })
      }).pipe(
        Effect.provide(LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer)),
        Effect.provideService(StreamStore.StreamStore, a)
      )
      assert.strictEqual(done.reason, "step-count")
      assert.deepStrictEqual(
        done.notDelivered?.map(({ id, kind, message }) => [id, kind, message.text]),
        [["s1", "steer", "Use the staging database"], ["q1", "queue", "Then tidy up"]]
      )
      assert.notInclude(JSON.stringify(done.messages), "staging")
    }).pipe(Effect.scoped))

  it.live("an answer waiting for approval keeps its messages: the continuation's first request carries them", () =>
    Effect.gen(function*() {
      const [a, b] = yield* twoStores("1 minute")
      const streamId = newAnswerId()
      const send = (text: string, id: string) =>
        Steering.steer(streamId, text, { owner: "alice", id }).pipe(Effect.provideService(StreamStore.StreamStore, b))
      const tool = act(Effect.as(Effect.orDie(send("Use the staging database", "s1")), "acted"))
      const deploy = Tool.handle(
        Tool.make("deploy", { parameters: Schema.Struct({ target: Schema.String }) }),
        () => Effect.succeed("deployed"),
        { needsApproval: true }
      )
      const tools = [tool, deploy]
      const server = yield* ReplayServer.make
      const run = (messages: ReadonlyArray<Message.Message | Tool.ToolApproval>, baseUrl: string) =>
        Stream.runCollect(LanguageModel.runTools({
          messages,
          tools,
          steering: Steering.inbox(streamId, { owner: "alice" })
        })).pipe(
          Effect.provide(LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer)),
          Effect.provideService(StreamStore.StreamStore, a)
        )
      const firstUrl = server.serve(LoopWire.scripted("openai", {
        calls: [
          { id: "call_act", name: "act", arguments: `{"q":"go"}` },
          { id: "call_deploy", name: "deploy", arguments: `{"target":"production"}` }
        ]
      }, "1"))
      const first = yield* run([Message.user("Deploy it")], firstUrl)
      const done = first.at(-1) as LanguageModel.DoneEvent
      assert.strictEqual(done.reason, "approval")
      assert.isUndefined(done.notDelivered)
      assert.deepStrictEqual(steerings(first), [])

      // While it waits for the person: accepted, not refused.
      assert.deepStrictEqual(yield* send("And keep the logs", "s2"), { id: "s2" })

      const secondUrl = server.serve(LoopWire.scripted("openai", { texts: ["Deployed to staging."] }, "2"))
      const second = yield* run(
        [...done.messages, Message.toolApproval({ toolCallId: "call_deploy", approved: true })],
        secondUrl
      )
      assert.deepStrictEqual(
        steerings(second).map((event) => [event.id, event.step, event.notDelivered]),
        [["s1", 1, undefined], ["s2", 1, undefined]]
      )
      const [request] = requestsOf(server, secondUrl)
      assert.deepStrictEqual(request!.slice(-4), [
        "tool:acted",
        "tool:deployed",
        "user:Use the staging database",
        "user:And keep the logs"
      ])
      assert.strictEqual((second.at(-1) as LanguageModel.DoneEvent).reason, "stop")
      // Taken once: the continuation's end closes the inbox.
      const late = yield* Effect.flip(send("Too late", "s3"))
      assert.strictEqual(late.reason, "Ended")
    }).pipe(Effect.scoped))

  it.live("a running answer's inbox is not taken over: a second loop on it while the first runs is refused", () =>
    Effect.gen(function*() {
      const [a, b] = yield* twoStores("1 minute")
      const streamId = newAnswerId()
      const { baseUrl, server } = yield* callingAct
      const model = LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer)
      const inbox = Steering.inbox(streamId, { owner: "alice" })
      // The first loop's tool starts a second loop on the same inbox, on the other instance, while the first runs.
      const tool = act(
        Stream.runDrain(LanguageModel.runTools({ messages: [Message.user("Hi")], steering: inbox })).pipe(
          Effect.provide(model),
          Effect.provideService(StreamStore.StreamStore, b),
          Effect.match({ onFailure: (error) => error.message, onSuccess: () => "ran" })
        )
      )
      const done = yield* LanguageModel.runToolsToEnd({
        messages: [Message.user("Deploy it")],
        tools: [tool],
        steering: inbox
      }).pipe(Effect.provide(model), Effect.provideService(StreamStore.StreamStore, a))
      const result = done.messages.find((message) => message._tag === "ToolResultMessage")
      assert.include(JSON.stringify(result), "steering inbox could not be opened")
      assert.lengthOf(server.requests(baseUrl), 2)
    }).pipe(Effect.scoped))
}

describe("the end of a steered answer, one memory store", () => {
  suite((ttl) => Effect.map(storeOf(StreamStore.layerMemory({ ttl })), (store) => [store, store] as const))
})

describeRedis("the end of a steered answer, from another instance", (twoStores) => {
  suite(twoStores)
})
