/**
 * Resumable AG-UI runs over real HTTP (test/support/AgUiResumableApp.ts), two instances on one store: in memory, on
 * a real `redis-server` (two store connections, as two servers have; skipped, saying so, where it is not
 * installed), and on the Durable Streams reference server. Read by `@ag-ui/client`'s `HttpAgent` and by an
 * `EventSource`-style reader that reconnects with `Last-Event-ID`: a run cut after any event on one instance and read
 * after its last id on the other gets exactly the rest (the client's own `verifyEvents` takes the whole); an
 * interrupt's `RUN_FINISHED` comes whole; `abortRun()` stops nothing, a stop from the other instance ends the run
 * cancelled, with what it spent (`fromSteps`' or `fromStream`'s, the answer's earlier runs counted: a page's total
 * never goes down); another owner's, an unknown or an expired run is a 204; an offset the run never issued is a 400,
 * one handed on before a stalled Redis holds it a 503 until it has caught up. A run refused before its first event (a
 * key refused) is its 500 and sentence, nothing stored; a rate limit then is served and stored as the writers serve
 * it, `RUN_ERROR` in a 200.
 */
import { type BaseEvent, HttpAgent, type RunAgentInput, type RunFinishedEvent } from "@ag-ui/client"
import { assert, describe, it } from "@effect/vitest"
import type { Duration } from "effect"
import { Effect, Stream } from "effect"
import { AgUi, ProviderError, StreamStore, UIMessageStream } from "effect-llm-stream"
import { HttpServerResponse } from "effect/http"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as App from "../../support/AgUiResumableApp.js"
import { calls, cli, redis } from "../../support/RedisServer.js"
import { until } from "../../support/ResumableApp.js"
import { describeDurableStreams, describeRedis, storeOf, type TwoStores } from "../../support/Stores.js"

let runs = 0
const newRunId = () => `run-${process.pid}-${++runs}-${Math.random().toString(36).slice(2)}`

const headersOf = (owner: string | undefined, lastEventId?: string) => ({
  ...(owner === undefined ? {} : { "x-user": owner }),
  ...(lastEventId === undefined ? {} : { "last-event-id": lastEventId })
})

const start = (instance: App.Instance, runId: string, text: string, owner?: string) =>
  fetch(`${instance.url}/agent`, { method: "POST", body: App.input(runId, text), headers: headersOf(owner) })

const reconnect = (instance: App.Instance, runId: string, options: { owner?: string; lastEventId?: string } = {}) =>
  fetch(`${instance.url}/agent/runs/${runId}/stream`, { headers: headersOf(options.owner, options.lastEventId) })

const stop = (instance: App.Instance, runId: string, owner?: string) =>
  fetch(`${instance.url}/agent/runs/${runId}/stop`, { method: "POST", headers: headersOf(owner) })

/** The whole stored run, read once it has ended. */
const whole = (instance: App.Instance, runId: string, owner?: string) =>
  reconnect(instance, runId, owner === undefined ? {} : { owner }).then((response) => App.readEvents(response))

/** A run of ann's started on `a` and read to its end, then read whole on `b`. */
const ran = (a: App.Instance, b: App.Instance, runId: string, text: string) =>
  Effect.promise(async () => {
    await App.readEvents(await start(a, runId, text, "ann"))
    return whole(b, runId, "ann")
  })

const textOf = (events: ReadonlyArray<App.SseEvent>) =>
  events.flatMap((event) => event.data.type === "TEXT_MESSAGE_CONTENT" ? [event.data["delta"]] : []).join("")

const answerText = Array.from({ length: App.words }, (_, i) => `w${i} `).join("")

/**
 * A stopped run's sums: what its model call spent before the stop, estimated from what arrived (the provider reported
 * no tokens before it), in its cost and its spend; its usage, the earlier runs' tokens (`earlier`), else none; a tool
 * loop's step count (`loop`): the whole answer's, the earlier run's step counted too.
 */
const assertSpent = (
  metadata: unknown,
  usage: unknown,
  { earlier = false, loop = true }: { readonly earlier?: boolean; readonly loop?: boolean } = {}
) => {
  const fields = (metadata ?? {}) as Record<string, unknown>
  const cost = fields[AgUi.costKey]
  assert.isString(cost, JSON.stringify(metadata))
  assert.isAbove(Number(cost), 0)
  const spend = fields[AgUi.spendKey] as { cost?: string; estimated?: boolean; usage?: { outputTokens?: number } }
  assert.strictEqual(spend.cost, cost)
  assert.isTrue(spend.estimated)
  assert.isAbove(spend.usage?.outputTokens ?? 0, 0)
  assert.strictEqual(fields["effect-llm-stream/steps"], loop ? (earlier ? 2 : 1) : undefined)
  // The tokens the answer's earlier runs used are the usage entry's (its first call's, reported).
  if (earlier) assert.isAbove((usage as ReadonlyArray<{ readonly outputTokens?: number }>)[0]?.outputTokens ?? 0, 0)
  else assert.isUndefined(usage)
}

/** The last event of a run, its `RUN_FINISHED`. */
const finishedOf = (events: ReadonlyArray<BaseEvent>): RunFinishedEvent => {
  assert.strictEqual(events.at(-1)?.type, "RUN_FINISHED")
  return events.at(-1) as RunFinishedEvent
}

/** An `HttpAgent` that reads a run again from its stream route (GET), as a page does after a reload. */
class RereadAgent extends HttpAgent {
  override requestInit(_input: RunAgentInput): RequestInit {
    return {
      method: "GET",
      headers: { ...this.headers, accept: "text/event-stream" },
      signal: this.abortController.signal
    }
  }
}

const suite = (name: string, stores: TwoStores) =>
  describe(name, () => {
    const setup = (ttl: Duration.Input = "1 minute") =>
      Effect.gen(function*() {
        const model = yield* App.modelUrl
        const [storeA, storeB] = yield* stores(ttl)
        const a = yield* App.instance(storeA, model.url)
        const b = yield* App.instance(storeB, model.url)
        return { a, b, replay: model.replay, modelUrl: model.url }
      })

    it.live("a run cut after any event on one instance, read after its last id on the other, is whole, once", () =>
      Effect.gen(function*() {
        const { a, b } = yield* setup()
        const runId = newRunId()
        const full = yield* ran(a, b, runId, "hello")
        // Every event stored has an id, and the ids sort as the events do.
        const ids = full.map((event) => event.id!)
        assert.isTrue(ids.every((id) => typeof id === "string"))
        assert.deepStrictEqual([...ids].sort(), ids)
        assert.strictEqual(new Set(ids).size, ids.length)
        assert.strictEqual(textOf(full), answerText)
        assert.deepStrictEqual(AgUiClient.problems(full.map((event) => event.data)), [])
        for (const k of [1, 2, Math.floor(full.length / 2), full.length - 1, full.length]) {
          const cutId = newRunId()
          const first = yield* Effect.promise(async () => App.readEvents(await start(a, cutId, "hello", "ann"), k))
          const rest = yield* Effect.promise(async () =>
            App.readEvents(await reconnect(b, cutId, { owner: "ann", lastEventId: first[k - 1]!.id! }))
          )
          const received = [...first, ...rest].map((event) => event.data)
          assert.strictEqual(received.length, full.length, `cut after ${k}`)
          assert.deepStrictEqual(AgUiClient.problems(received), [])
          assert.strictEqual(textOf([...first, ...rest]), answerText)
          assert.deepStrictEqual(received.map((event) => event.type), full.map((event) => event.data.type))
        }
      }))

    it.live("HttpAgent reads a resumable run as any run; its abortRun() stops nothing, and it reads the run again", () =>
      Effect.gen(function*() {
        const { a, b } = yield* setup()
        const runId = newRunId()
        const agent = new HttpAgent({ url: `${a.url}/agent`, threadId: "thread-1", headers: { "x-user": "ann" } })
        agent.addMessage({ id: "u1", role: "user", content: "hello" })
        const before = structuredClone(agent.messages)
        let deltas = 0
        yield* Effect.promise(() =>
          agent.runAgent({ runId }, {
            onTextMessageContentEvent: () => {
              if (++deltas === 2) agent.abortRun()
            }
          }).catch(() => undefined)
        )
        assert.isTrue(deltas >= 2)
        // The run went on: its stored events end with its RUN_FINISHED, its answer whole.
        const stored = yield* Effect.promise(async () => {
          for (let attempt = 0; attempt < 100; attempt++) {
            const events = await whole(b, runId, "ann")
            if (events.at(-1)?.data.type === "RUN_FINISHED") return events
            await new Promise((resolve) => setTimeout(resolve, 50))
          }
          return []
        })
        assert.strictEqual(stored.at(-1)?.data.type, "RUN_FINISHED")
        assert.deepStrictEqual((stored.at(-1)?.data as any).outcome, { type: "success" })
        assert.strictEqual(textOf(stored), answerText)
        // A page reads the run again whole through an HttpAgent on the stream route.
        const again = new RereadAgent({
          url: `${b.url}/agent/runs/${runId}/stream`,
          threadId: "thread-1",
          headers: { "x-user": "ann" }
        })
        again.setMessages(before)
        const read = yield* AgUiClient.run(again, { runId })
        assert.deepStrictEqual(read.events.map((event) => event.type), stored.map((event) => event.data.type))
        const answer = again.messages.find((message) => message.role === "assistant")
        assert.strictEqual(answer?.content, answerText)
      }))

    it.live("an interrupt's RUN_FINISHED comes whole after a reconnect on the other instance", () =>
      Effect.gen(function*() {
        const { a, b } = yield* setup()
        const runId = newRunId()
        const first = yield* ran(a, a, runId, "delete notes.txt")
        const finished = first.at(-1)!
        assert.strictEqual(finished.data.type, "RUN_FINISHED")
        assert.strictEqual((finished.data as any).outcome.type, "interrupt")
        const cut = yield* Effect.promise(async () =>
          App.readEvents(await start(a, newRunId(), "delete notes.txt", "ann"), first.length - 1)
        )
        assert.notStrictEqual(cut.at(-1)?.data.type, "RUN_FINISHED")
        const rest = yield* Effect.promise(async () =>
          App.readEvents(await reconnect(b, runId, { owner: "ann", lastEventId: first.at(-2)!.id! }))
        )
        assert.strictEqual(rest.length, 1)
        assert.deepStrictEqual(rest[0], finished)
        assert.deepStrictEqual(AgUiClient.problems([...first.slice(0, -1), ...rest].map((event) => event.data)), [])
      }))

    it.live("an offset of an earlier run under the same id is a 400 to the run started again under it", () =>
      Effect.gen(function*() {
        const { a, b } = yield* setup()
        const runId = newRunId()
        const earlier = yield* ran(a, b, runId, "hello")
        const again = yield* ran(b, a, runId, "hello")
        assert.strictEqual(again.length, earlier.length)
        assert.notStrictEqual(again[3]!.id, earlier[3]!.id)
        const statuses = yield* Effect.promise(() =>
          Promise.all([
            reconnect(a, runId, { owner: "ann", lastEventId: earlier[3]!.id! }),
            reconnect(b, runId, { owner: "ann", lastEventId: again[3]!.id! })
          ]).then((responses) =>
            Promise.all(responses.map(async (response) => [response.status, await App.readEvents(response)] as const))
          )
        )
        assert.strictEqual(statuses[0][0], 400)
        assert.strictEqual(statuses[1][0], 200)
        assert.deepStrictEqual(statuses[1][1], again.slice(4))
      }))

    it.live("another owner's, an unknown and an expired run are 204; an offset the run never issued is a 400", () =>
      Effect.gen(function*() {
        const { a, b } = yield* setup("3 seconds")
        const runId = newRunId()
        const forever = newRunId()
        const ended = yield* Effect.promise(async () => App.readEvents(await start(a, runId, "hello", "ann")))
        // A run that goes on: an offset past what it holds is refused, not waited for.
        const live = yield* Effect.promise(async () => App.readEvents(await start(a, forever, "forever", "ann"), 3))
        const statuses = yield* Effect.promise(() =>
          Promise.all([
            reconnect(b, runId, { owner: "bob" }),
            reconnect(b, runId),
            reconnect(b, newRunId(), { owner: "ann" }),
            reconnect(b, runId, { owner: "ann", lastEventId: "garbage" }),
            reconnect(b, runId, { owner: "ann", lastEventId: "1" }),
            reconnect(b, runId, { owner: "ann", lastEventId: past(ended[0]!.id!, 10_000) }),
            reconnect(b, forever, { owner: "ann", lastEventId: past(live[0]!.id!, 100_000) }),
            fetch(`${b.url}/agent/runs/${runId}/stream?offset=${ended[2]!.id!}`, { headers: { "x-user": "ann" } }),
            stop(b, forever, "bob")
          ]).then((responses) => responses.map((response) => response.status))
        )
        // Another owner's stop is a 204, as an unknown run's is (it waits for a run of bob's): ann's run goes on.
        assert.deepStrictEqual(statuses, [204, 204, 204, 400, 400, 400, 400, 200, 204])
        const refusal = yield* Effect.promise(async () =>
          (await reconnect(b, runId, { owner: "ann", lastEventId: "garbage" })).json()
        )
        assert.match((refusal as { error: string }).error, /issued no offset "garbage"/)
        assert.strictEqual(yield* Effect.promise(async () => (await stop(b, forever, "ann")).status), 204)
        // Expired: gone once its ttl after its end has passed.
        yield* Effect.sleep("3100 millis")
        assert.strictEqual(yield* Effect.promise(async () => (await reconnect(b, runId, { owner: "ann" })).status), 204)
      }))

    it.live("a run refused before its first event (a key refused) is its 500 and sentence, nothing stored: a reconnect is 204", () =>
      Effect.gen(function*() {
        const { a, b } = yield* setup()
        const runId = newRunId()
        const refused = yield* Effect.promise(() => start(a, runId, "key refused", "ann"))
        // As the non-resumable writers answer it: the status and the sentence, no event stream.
        assert.strictEqual(refused.status, 500)
        assert.match(refused.headers.get("content-type") ?? "", /^text\/plain/)
        assert.strictEqual(
          yield* Effect.promise(() => refused.text()),
          "The server could not answer (a configuration error)."
        )
        const statuses = yield* Effect.promise(() =>
          Promise.all([reconnect(a, runId, { owner: "ann" }), reconnect(b, runId, { owner: "ann" })])
        )
        assert.deepStrictEqual(statuses.map((response) => response.status), [204, 204])
        // Its id is not held: the run asked again is refused as itself, not as a run already open.
        assert.strictEqual(yield* Effect.promise(async () => (await start(b, runId, "key refused", "ann")).status), 500)
      }))

    it.live("a rate limit before the first event is served as the writers serve it, RUN_ERROR in a 200, and stored", () =>
      Effect.gen(function*() {
        const { a, b } = yield* setup()
        const runId = newRunId()
        const response = yield* Effect.promise(() => start(a, runId, "rate limited", "ann"))
        assert.strictEqual(response.status, 200)
        const events = yield* Effect.promise(() => App.readEvents(response))
        assert.deepStrictEqual(events.map((event) => event.data.type), ["RUN_STARTED", "RUN_ERROR"])
        assert.notInclude(String(events.at(-1)?.data["message"]), "org-secret")
        assert.deepStrictEqual(yield* Effect.promise(() => whole(b, runId, "ann")), events)
      }))

    // Retried: "within 1 s" is the stop's documented bound in real time (AgUi's stop), which a stall of a loaded
    // machine between the stop and its check can exceed, the run stopped as promptly as ever.
    it.live("a stop from the other instance ends the run within 1 s, cancelled, what it left open closed", () =>
      Effect.gen(function*() {
        const { a, b, modelUrl, replay } = yield* setup()
        const runId = newRunId()
        const first = yield* Effect.promise(async () =>
          App.readEvents(await start(a, runId, "forever", "ann"), 5)
        )
        assert.strictEqual(first.at(-1)?.data.type, "TEXT_MESSAGE_CONTENT")
        const asked = Date.now()
        assert.strictEqual(yield* Effect.promise(async () => (await stop(b, runId, "ann")).status), 204)
        const rest = yield* Effect.promise(async () =>
          App.readEvents(await reconnect(b, runId, { owner: "ann", lastEventId: first.at(-1)!.id! }))
        )
        assert.isBelow(Date.now() - asked, 1_000)
        const events = [...first, ...rest].map((event) => event.data)
        const { metadata, usage, ...finished } = events.at(-1)!
        assert.deepStrictEqual(finished, {
          type: "RUN_FINISHED",
          threadId: "thread-1",
          runId,
          outcome: { type: "cancelled" }
        })
        // As a stop from within ends it: what the stopped call spent, estimated from what arrived.
        assertSpent(metadata, usage)
        assert.deepStrictEqual(AgUiClient.problems(events), [])
        assert.isTrue(yield* until(() => replay.abortedResponses(modelUrl) > 0))
      }), { retry: 2 })

    it.live("a page stopped while fromStream's call streams reads what the call spent", () =>
      Effect.gen(function*() {
        const { a, b, modelUrl, replay } = yield* setup()
        const page = new HttpAgent({ url: `${a.url}/agent`, threadId: "thread-1", headers: { "x-user": "ann" } })
        page.addMessage({ id: "u1", role: "user", content: "one call, forever" })
        const runId = newRunId()
        let deltas = 0
        const run = yield* AgUiClient.run(page, { runId }, {
          onTextMessageContentEvent: () => {
            if (++deltas === 3) {
              void stop(b, runId, "ann")
            }
          }
        })
        assert.deepStrictEqual(run.warnings, [])
        const finished = finishedOf(run.events)
        assert.deepStrictEqual(finished.outcome, { type: "cancelled" })
        // A call's stream counts no steps.
        assertSpent(finished.metadata, finished.usage, { loop: false })
        assert.deepStrictEqual(
          (yield* Effect.promise(() =>
            whole(b, runId, "ann")
          )).at(-1)?.data,
          finished
        )
        assert.isTrue(yield* until(() => replay.abortedResponses(modelUrl) > 0))
      }))

    it.live("a page stopped while the model streams after an approval reads the answer's total, never less", () =>
      Effect.gen(function*() {
        const { a, b, modelUrl, replay } = yield* setup()
        const page = new HttpAgent({ url: `${a.url}/agent`, threadId: "thread-1", headers: { "x-user": "ann" } })
        page.addMessage({ id: "u1", role: "user", content: "delete forever.txt" })
        const asked = yield* AgUiClient.run(page, { runId: newRunId() })
        const shown = finishedOf(asked.events)
        const [interrupt] =
          (shown.outcome as { readonly interrupts: ReadonlyArray<{ readonly id: string }> }).interrupts
        const before = Number((shown.metadata as Record<string, unknown>)[AgUi.costKey])
        assert.isAbove(before, 0)
        // Approved: the tool runs, then the model's words never end, and the page's stop comes on the other instance.
        const runId = newRunId()
        let deltas = 0
        const resume = [{ interruptId: interrupt!.id, status: "resolved" as const, payload: { approved: true } }]
        const run = yield* AgUiClient.run(page, { runId, resume }, {
          onTextMessageContentEvent: () => {
            if (++deltas === 3) void stop(b, runId, "ann")
          }
        })
        assert.deepStrictEqual(run.warnings, [])
        const finished = finishedOf(run.events)
        assert.deepStrictEqual(finished.outcome, { type: "cancelled" })
        // The earlier run's spend, and what the stopped call spent.
        assertSpent(finished.metadata, finished.usage, { earlier: true })
        assert.isAbove(Number((finished.metadata as Record<string, unknown>)[AgUi.costKey]), before)
        assert.deepStrictEqual((yield* Effect.promise(() => whole(b, runId, "ann"))).at(-1)?.data, finished)
        assert.isTrue(yield* until(() => replay.abortedResponses(modelUrl) > 0))
      }))
  })

/** An offset of the run that issued `offset`, after `count` events (as a store keeping them by index writes it). */
const past = (offset: string, count: number) => `${String(count).padStart(16, "0")}${offset.slice(16)}`

/** How many events come before the offset `offset` (its index). */
const indexOf = (offset: string) => Number(offset.slice(0, 16))

suite(
  "resumable AG-UI runs, two instances on one memory store",
  (ttl) => Effect.map(storeOf(StreamStore.layerMemory({ ttl })), (store) => [store, store] as const)
)

/** Two instances on a `redis-server` of the test's own (`own`, to stop or pause). */
const onOwnRedis = Effect.gen(function*() {
  const own = yield* redis
  const model = yield* App.modelUrl
  const a = yield* App.instance(yield* storeOf(StreamStore.layerRedis({ url: own.url })), model.url)
  const b = yield* App.instance(yield* storeOf(StreamStore.layerRedis({ url: own.url })), model.url)
  return { a, b, own }
})

describeRedis("resumable AG-UI runs on Redis", (twoStores) => {
  suite("two instances on one Redis", twoStores)

  it.live(
    "Redis going away mid-run: every reader gets RUN_ERROR and a clean end within 5 s",
    () =>
      Effect.gen(function*() {
        const { a, b, own } = yield* onOwnRedis
        const runId = newRunId()
        const first = yield* Effect.promise(async () => App.readEvents(await start(a, runId, "forever", "ann"), 4))
        const readers = [
          start(a, newRunId(), "forever", "ann").then((response) => App.readEvents(response)),
          reconnect(b, runId, { owner: "ann", lastEventId: first.at(-1)!.id! }).then((response) =>
            App.readEvents(response)
          )
        ]
        yield* Effect.sleep("300 millis")
        const killed = Date.now()
        own.kill()
        const results = yield* Effect.promise(() => Promise.all(readers)).pipe(Effect.timeout("5 seconds"))
        assert.isBelow(Date.now() - killed, 5_000)
        for (const events of results) {
          assert.isAbove(events.length, 3)
          assert.strictEqual(events.at(-1)?.data.type, "RUN_ERROR")
          assert.notInclude(String(events.at(-1)?.data["message"]), "127.0.0.1")
        }
      }),
    20_000
  )

  it.live(
    "an offset handed on before Redis holds it is a 503 on the other instance, not a 400; the rest once it has caught up",
    () =>
      Effect.gen(function*() {
        const { a, b, own } = yield* onOwnRedis
        const runId = newRunId()
        const run = App.events(yield* Effect.promise(() => start(a, runId, "forever", "ann")))
        const first = yield* Effect.promise(() => run.next(3))
        // Redis takes no write for 4 s; the reader on `a` is handed what its writer appends meanwhile.
        yield* cli(own.url, "CLIENT", "PAUSE", "4000", "WRITE")
        const paused = Date.now()
        const handed = yield* Effect.promise(() => run.next(60))
        const last = handed.at(-1)!.id!
        const tailsBefore = yield* calls(own.url, "xrevrange")
        const asked = Date.now()
        const answered = (response: Response) => ({ response, at: Date.now() })
        const [stalled, never] = yield* Effect.promise(() =>
          Promise.all([
            reconnect(b, runId, { owner: "ann", lastEventId: last }).then(answered),
            // Past what the writer may hand on before Redis holds it: refused at once, not after the wait.
            reconnect(b, runId, { owner: "ann", lastEventId: past(last, indexOf(last) + 600) }).then(answered)
          ])
        )
        assert.isBelow(stalled.at - paused, 4_000, "answered while Redis still held its writes")
        assert.isAtLeast(stalled.at - asked, 1_000)
        assert.strictEqual(stalled.response.status, 503)
        assert.strictEqual(stalled.response.headers.get("retry-after"), "1")
        assert.notInclude(yield* Effect.promise(() => stalled.response.text()), "127.0.0.1")
        assert.strictEqual(never.response.status, 400)
        assert.isBelow(never.at, stalled.at)
        // The stalled one read the tail a few times over its second (20, 40, 80 ms... apart), not every 20 ms.
        assert.isAtMost((yield* calls(own.url, "xrevrange")) - tailsBefore, 10)
        // Once Redis has caught up, the same offset gets what follows it, on either instance.
        yield* cli(own.url, "CLIENT", "UNPAUSE")
        const rest = yield* Effect.promise(async () =>
          App.readEvents(await reconnect(b, runId, { owner: "ann", lastEventId: last }), 5)
        )
        assert.deepStrictEqual(rest.map((event) => indexOf(event.id!)), [1, 2, 3, 4, 5].map((k) => indexOf(last) + k))
        const seen = [...first, ...handed, ...rest].map((event) => event.data)
        assert.deepStrictEqual(AgUiClient.problems(seen), [])
        yield* Effect.promise(() => run.cancel())
        assert.strictEqual(yield* Effect.promise(async () => (await stop(b, runId, "ann")).status), 204)
      }),
    20_000
  )
})

describeDurableStreams("resumable AG-UI runs on Durable Streams", (twoStores) => {
  suite("two instances on one Durable Streams server", twoStores)
})

describe("a resumable run failing before its first event without RUN_ERROR", () => {
  it.live("a failure the writers serve as events (a rate limit) is stored, closed by the RUN_ERROR it never sent", () =>
    Effect.gen(function*() {
      const store = yield* storeOf(StreamStore.layerMemory({ ttl: "1 minute" }))
      const limited = new ProviderError.RateLimitError({ provider: "openai", message: "Rate limit reached" })
      const started: AgUi.Event = { type: "RUN_STARTED", threadId: "t", runId: "limited" }
      const served = yield* AgUi.resumable(
        Stream.concat(Stream.make(started), Stream.fail(limited)),
        { streamId: "limited", owner: "ann" }
      ).pipe(Effect.provideService(StreamStore.StreamStore, store))
      const events = (yield* Stream.runCollect(served)).map((item) => "event" in item ? item.event : item)
      assert.deepStrictEqual(events, [started, { type: "RUN_ERROR", message: UIMessageStream.redact(limited) }])
    }))
})

describe("AG-UI writers", () => {
  it.effect("toHttpServerResponse writes a stored event's offset as its id:, a plain event without one", () =>
    Effect.gen(function*() {
      const response = yield* AgUi.toHttpServerResponse(
        Stream.fromIterable<AgUi.Event | AgUi.StoredEvent>([
          { offset: "0000000000000001", event: { type: "RUN_STARTED", threadId: "t", runId: "r" } },
          { type: "RUN_ERROR", message: "gone" }
        ])
      )
      const text = yield* Effect.promise(() => HttpServerResponse.toWeb(response).text())
      assert.strictEqual(
        text,
        `id: 0000000000000001\ndata: {"type":"RUN_STARTED","threadId":"t","runId":"r"}\n\ndata: {"type":"RUN_ERROR","message":"gone"}\n\n`
      )
    }))
})
