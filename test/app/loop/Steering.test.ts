/**
 * Steering and queued messages (`Steering.steer`, `Steering.queue`, `runTools({ steering })`) over the replay server,
 * each next request read as the model received it: a steered message after the step's tool results, a queued one
 * after the answer (the loop goes on with it), each a `SteeringEvent` before the step that took it; owners, the end,
 * bounds and an `id` sent twice. On one memory store, and from a second instance on a real redis-server and on the
 * Durable Streams reference server.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { LanguageModel, Message, Steering, StreamStore, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as LoopWire from "../../support/LoopWire.js"
import { describeDurableStreams, describeRedis, storeOf, type TwoStores } from "../../support/Stores.js"

type Outcome = { readonly id: string } | { readonly reason: string }

let answers = 0
const newAnswerId = () => `answer-${process.pid}-${++answers}-${Math.random().toString(36).slice(2)}`

/** The chat messages of each request the model received, as role and text. */
const requestsOf = (server: ReplayServer.ReplayServer, baseUrl: string) =>
  server.requests(baseUrl).map((request) =>
    (JSON.parse(request.body).messages as Array<any>).map((m) => ({
      role: m.role as string,
      text: typeof m.content === "string"
        ? m.content
        : Array.isArray(m.content)
        ? m.content.map((p: any) => p.text).join("")
        : ""
    }))
  )

/**
 * Runs the loop on store `a` with an inbox; the `act` tool's handler sends (`send`) on store `b`, as another instance
 * would, and its outcomes are kept.
 */
const runWith = (
  a: StreamStore.Service,
  b: StreamStore.Service,
  send: (streamId: string) => ReadonlyArray<Effect.Effect<{ readonly id: string }, Steering.SteeringError>>,
  inbox?: { readonly maxPending?: number; readonly maxBytes?: number },
  bounds?: { readonly maxSteps?: number }
) =>
  Effect.gen(function*() {
    const streamId = newAnswerId()
    const outcomes: Array<Outcome> = []
    const act = Tool.handle(
      Tool.make("act", { parameters: Schema.Struct({ q: Schema.String }) }),
      () =>
        Effect.forEach(send(streamId), (sent) =>
          sent.pipe(
            Effect.match({ onFailure: (error) => ({ reason: error.reason }), onSuccess: (ok) => ok }),
            Effect.map((outcome) => void outcomes.push(outcome))
          )).pipe(Effect.provideService(StreamStore.StreamStore, b), Effect.as("acted"))
    )
    const server = yield* ReplayServer.make
    const baseUrl = server.serve(LoopWire.callOnceThenAnswer("act", `{"q":"go"}`))
    const events = yield* Stream.runCollect(LanguageModel.runTools({
      messages: [Message.user("Deploy it")],
      tools: [act],
      steering: Steering.inbox(streamId, { owner: "alice", ...inbox }),
      ...bounds
    })).pipe(
      Effect.provide(LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer)),
      Effect.provideService(StreamStore.StreamStore, a)
    )
    return { streamId, events, outcomes, requests: requestsOf(server, baseUrl) }
  })

const tags = (events: ReadonlyArray<LanguageModel.StepEvent>) =>
  events.filter((event) => event._tag !== "ChunkEvent").map((event) =>
    event._tag === "SteeringEvent" ? `Steering(${event.kind} ${event.message.text} @${event.step})` : event._tag
  )

const suite = (twoStores: TwoStores) => {
  it.live("a steered message goes into the next request, after the step's tool results", () =>
    Effect.gen(function*() {
      const [a, b] = yield* twoStores("1 minute")
      const run = yield* runWith(a, b, (id) => [Steering.steer(id, "Use the staging database", { owner: "alice" })])
      assert.lengthOf(run.requests, 2)
      assert.deepStrictEqual(run.requests[1]!.slice(-3).map((m) => m.role), ["assistant", "tool", "user"])
      assert.deepStrictEqual(run.requests[1]!.at(-1), { role: "user", text: "Use the staging database" })
      assert.deepStrictEqual(tags(run.events), [
        "ToolResultEvent",
        "StepEndEvent",
        "Steering(steer Use the staging database @2)",
        "StepEndEvent",
        "DoneEvent"
      ])
      const done = run.events.at(-1) as LanguageModel.DoneEvent
      assert.strictEqual(done.steps.length, 2)
    }).pipe(Effect.scoped))

  it.live("a queued message waits for the answer, then the loop goes on with it", () =>
    Effect.gen(function*() {
      const [a, b] = yield* twoStores("1 minute")
      const run = yield* runWith(a, b, (id) => [Steering.queue(id, "Then tidy up", { owner: "alice" })])
      assert.lengthOf(run.requests, 3)
      assert.strictEqual(run.requests[1]!.at(-1)!.role, "tool")
      assert.deepStrictEqual(run.requests[2]!.slice(-2), [
        { role: "assistant", text: "Answer 2." },
        { role: "user", text: "Then tidy up" }
      ])
      assert.deepStrictEqual(tags(run.events), [
        "ToolResultEvent",
        "StepEndEvent",
        "StepEndEvent",
        "Steering(queue Then tidy up @3)",
        "StepEndEvent",
        "DoneEvent"
      ])
    }).pipe(Effect.scoped))

  it.live("bounds: a full inbox and a message too large are refused, an id sent twice is taken once", () =>
    Effect.gen(function*() {
      const [a, b] = yield* twoStores("1 minute")
      const run = yield* runWith(a, b, (id) => [
        Steering.steer(id, "one", { owner: "alice", id: "m1" }),
        Steering.steer(id, "one again", { owner: "alice", id: "m1" }),
        Steering.steer(id, "two", { owner: "alice", id: "m2" }),
        Steering.steer(id, "three", { owner: "alice", id: "m3" }),
        Steering.steer(id, "x".repeat(500), { owner: "alice" }),
        Steering.steer(id, "long id", { owner: "alice", id: "i".repeat(300) })
      ], { maxPending: 2, maxBytes: 300 })
      assert.deepStrictEqual(run.outcomes, [{ id: "m1" }, { id: "m1" }, { id: "m2" }, { reason: "Full" }, {
        reason: "TooLarge"
      }, { reason: "TooLarge" }])
      assert.deepStrictEqual(run.requests[1]!.slice(-2), [{ role: "user", text: "one" }, { role: "user", text: "two" }])
      assert.strictEqual(run.events.filter((event) => event._tag === "SteeringEvent").length, 2)
    }).pipe(Effect.scoped))

  it.live("a message the answer ends without (a bound) is told back as not delivered, and not sent", () =>
    Effect.gen(function*() {
      const [a, b] = yield* twoStores("1 minute")
      const run = yield* runWith(
        a,
        b,
        (id) => [Steering.steer(id, "Use the staging database", { owner: "alice", id: "late" })],
        {},
        { maxSteps: 1 }
      )
      assert.lengthOf(run.requests, 1)
      const told = run.events.at(-2) as LanguageModel.SteeringEvent
      assert.strictEqual(told._tag, "SteeringEvent")
      assert.strictEqual(told.id, "late")
      assert.strictEqual(told.notDelivered, "step-count")
      const done = run.events.at(-1) as LanguageModel.DoneEvent
      assert.strictEqual(done.reason, "step-count")
      assert.notInclude(JSON.stringify(done.messages), "staging")
    }).pipe(Effect.scoped))

  it.live("another owner's answer and an unknown one are not found; an ended one is ended", () =>
    Effect.gen(function*() {
      const [a, b] = yield* twoStores("1 minute")
      const run = yield* runWith(a, b, (id) => [
        Steering.steer(id, "hi", { owner: "mallory" }),
        Steering.steer(newAnswerId(), "hi", { owner: "alice" })
      ])
      assert.deepStrictEqual(run.outcomes, [{ reason: "NotFound" }, { reason: "NotFound" }])
      assert.lengthOf(run.requests, 2)
      assert.strictEqual(run.requests[1]!.at(-1)!.role, "tool")
      const after = yield* Effect.flip(
        Steering.queue(run.streamId, "too late", { owner: "alice" }).pipe(
          Effect.provideService(StreamStore.StreamStore, b)
        )
      )
      assert.strictEqual(after.reason, "Ended")
    }).pipe(Effect.scoped))
}

describe("steering a running tool loop, one memory store", () => {
  suite((ttl) => Effect.map(storeOf(StreamStore.layerMemory({ ttl })), (store) => [store, store] as const))
})

describeRedis("steering a running tool loop from another instance", (twoStores) => {
  suite(twoStores)
})

describeDurableStreams("steering a running tool loop from another instance", (twoStores) => {
  suite(twoStores)
})
