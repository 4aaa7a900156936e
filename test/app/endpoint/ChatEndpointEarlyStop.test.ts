/**
 * A page's Stop sent before its answer exists (`POST /api/chat/:id/stop`, as docs/ui.md has a page send it after the
 * `ai` client's `stop()`, which only aborts its own request), through the `ai` package's client on `ChatEndpoint`, on
 * one instance in memory, on two sharing a real `redis-server` and on two sharing a Durable Streams server. A stop
 * naming the chat only: before the chat's first answer (nothing stored under its id), it waits for it and the answer
 * stops as it starts, no model called, the page shown a stopped answer, and the chat's next message is answered; once
 * an answer of the chat is stored, a stop finding it ended was that answer's, and stops no later one (the approval sent
 * next runs its tool). A stop whose body is the page's assistant message (the AI SDK's stop pattern) names the approvals
 * it answers: the continuation carrying them, reaching the server after the stop or at once with it, stops with no tool
 * run and no model called, the page shown a stopped answer; the next message and its approval run as usual, and such a
 * stop sent after its continuation ended stops no later one. On Redis, an answer reads the stops waiting in its
 * reservation's create script: one script from its request to its model's call.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Stream } from "effect"
import type { Scope } from "effect"
import { ChatEndpoint, LanguageModel, StreamStore, UIMessageStream } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"
import { scriptCalls } from "../../support/RedisServer.js"
import { describeDurableStreams, describeRedisServer, freshPrefix } from "../../support/Stores.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

/** The store layers of two instances: two connections to one Redis, or one memory store twice. */
type Stores = Effect.Effect<readonly [Layer.Layer<never, unknown>, Layer.Layer<never, unknown>], unknown, Scope.Scope>

/**
 * Two instances of the app on `stores`, sharing a signing secret and a model whose requests go to `requests`; the tool
 * deletes after `toolMillis`.
 */
const instances = (stores: Stores, deleted: Array<string>, requests: Array<LanguageModel.Request>, toolMillis = 0) =>
  Effect.gen(function*() {
    const model = Layer.succeedContext(
      yield* Layer.build(EndpointApp.recorded(TestKit.auto({ provider: "openai" }), requests))
    )
    const signing = UIMessageStream.layerSigning({ secret: Redacted.make("a secret every instance shares, 32+ bytes") })
    const endings: Array<ChatEndpoint.Finished> = []
    const instance = (store: Layer.Layer<never, unknown>) =>
      EndpointApp.viaNode(
        ChatEndpoint.layer({
          tools: [EndpointApp.deleteFile(deleted, toolMillis)],
          onFinish: (finished) => Effect.sync(() => endings.push(finished))
        }).pipe(Layer.provide(model), Layer.provide(store), Layer.provide(signing))
      )
    const [a, b] = yield* stores
    return { one: yield* instance(a), two: yield* instance(b), endings }
  })

/**
 * The page's stop of its chat, sent to `served` with the page's session; with `assistantMessage`, its body as the AI
 * SDK's guide sends it ("Stop an Active Resumable Stream": the page's current assistant message).
 */
const stop = (tab: EndpointApp.EndpointClient, served: EndpointApp.Served, assistantMessage?: unknown) =>
  stopWith(tab, served, assistantMessage === undefined ? undefined : { assistantMessage })

/** The page's stop of its chat with `body` (none: an empty one). */
const stopWith = (tab: EndpointApp.EndpointClient, served: EndpointApp.Served, body: unknown) =>
  wait(() =>
    tab.fetch(`${served.url}/api/chat/${tab.id}/stop`, {
      method: "POST",
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
    })
  ).pipe(Effect.map((response) => response.status))

/** A new tab's id. */
const tabId = (name: string) => `${name}-${process.pid}-${Math.random().toString(36).slice(2)}`

/**
 * A page's fetch whose chat POSTs can be held (`hold()`) until `release()`: its Stop, sent meanwhile, reaches the
 * server first. `waiting` counts the POSTs held.
 */
const holding = (fetch: typeof globalThis.fetch) => {
  let gate: { promise: Promise<void>; open: () => void } | undefined
  const held = {
    waiting: 0,
    hold: () => {
      let open = () => {}
      const promise = new Promise<void>((resolve) => (open = resolve))
      gate = { promise, open }
    },
    release: () => {
      gate?.open()
      gate = undefined
    },
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const waitFor = init?.method === "POST" && String(input).endsWith("/api/chat") ? gate?.promise : undefined
      if (waitFor !== undefined) {
        held.waiting++
        await waitFor
      }
      return fetch(input, init)
    }) as typeof globalThis.fetch
  }
  return held
}

/** A tab on `served` whose chat POSTs can be held (`holding`), and the finish reasons its `onFinish` hears. */
const heldTab = (served: EndpointApp.Served, name: string) => {
  const held = holding(served.fetch)
  const tab = new EndpointApp.EndpointClient(served, tabId(name), EndpointApp.withCookies(held.fetch))
  const heard: Array<string | undefined> = []
  Object.assign(tab, { onFinish: (event: { finishReason?: string }) => void heard.push(event.finishReason) })
  return { heard, held, tab }
}

/** `body` POSTed to `served`'s chat route with the page's session: the status and the data lines answered. */
const post = (tab: EndpointApp.EndpointClient, served: EndpointApp.Served, body: unknown) =>
  wait(async () => {
    const response = await tab.fetch(`${served.url}/api/chat`, { method: "POST", body: JSON.stringify(body) })
    const text = await response.text()
    return { status: response.status, lines: text.split("\n").filter((line) => line.startsWith("data:")) }
  })

/** The last data lines of a UI message stream stopped: an `interrupted` finish, then `abort`. */
const stoppedEnd = [
  "data: {\"type\":\"finish\",\"finishReason\":\"interrupted\"}",
  "data: {\"type\":\"abort\"}",
  "data: [DONE]"
]

const suite = (name: string, stores: Stores) =>
  describe(name, () => {
    it.live(
      "a Stop before the chat's first answer stops it as it starts: no model call; the next message answered",
      () =>
        Effect.gen(function*() {
          const deleted: Array<string> = []
          const requests: Array<LanguageModel.Request> = []
          const { endings, one, two } = yield* instances(stores, deleted, requests)
          const tab = new EndpointApp.EndpointClient(one, `early-${process.pid}-${Math.random().toString(36).slice(2)}`)
          // What the page's `onFinish` (`useChat({ onFinish })`) hears.
          const heard: Array<{ finishReason: string | undefined; isAbort: boolean }> = []
          Object.assign(tab, {
            onFinish: (event: { finishReason?: string; isAbort: boolean }) =>
              void heard.push({ finishReason: event.finishReason, isAbort: event.isAbort })
          })
          // The Stop reaches the other instance before the message's POST reaches this one.
          assert.strictEqual(yield* stop(tab, two), 204)
          yield* wait(() => tab.settle(() => tab.sendMessage({ text: "please delete_file" })))
          assert.deepStrictEqual(heard, [{ finishReason: "interrupted", isAbort: false }])
          assert.strictEqual(tab.error, undefined, String(tab.error))
          assert.strictEqual(requests.length, 0)
          // What the page was sent, read again: an `interrupted` finish (the `ai` client's `onFinish` hears it), then
          // `abort`, and nothing else.
          const stored = yield* wait(async () => (await tab.fetch(`${two.url}/api/chat/${tab.id}/stream`)).text())
          assert.deepStrictEqual(
            stored.split("\n").filter((line) => line.startsWith("data:")),
            [
              "data: {\"type\":\"finish\",\"finishReason\":\"interrupted\"}",
              "data: {\"type\":\"abort\"}",
              "data: [DONE]"
            ]
          )
          assert.strictEqual(tab.messages.length, 1)
          yield* EndpointApp.eventually(() => endings.length === 1, () => `${endings.length} endings`)
          assert.strictEqual(endings[0]!.ending._tag, "Stopped")
          // The chat's next message: answered (the stop was taken by the answer it stopped).
          yield* wait(() => tab.settle(() => tab.sendMessage({ text: "please delete_file" })))
          assert.strictEqual(tab.error, undefined, String(tab.error))
          assert.strictEqual(requests.length, 1)
          assert.strictEqual((tab.toolParts[0] as any)?.state, "approval-requested")
        }).pipe(Effect.scoped),
      30_000
    )

    it.live("a Stop finding the chat's answer ended stops no later answer: the approval sent next runs its tool", () =>
      Effect.gen(function*() {
        const deleted: Array<string> = []
        const requests: Array<LanguageModel.Request> = []
        const { one, two } = yield* instances(stores, deleted, requests)
        const tab = new EndpointApp.EndpointClient(one, `late-${process.pid}-${Math.random().toString(36).slice(2)}`)
        yield* wait(() =>
          tab.settle(() => tab.sendMessage({ text: "please delete_file" }))
        )
        const asked = tab.toolParts[0].approval.id as string
        // A Stop pressed as the answer paused reaches the other instance after it ended: it stops nothing.
        assert.strictEqual(yield* stop(tab, two), 204)
        yield* wait(() => tab.settle(() => tab.addToolApprovalResponse({ id: asked, approved: true })))
        assert.strictEqual(tab.error, undefined, String(tab.error))
        assert.strictEqual(deleted.length, 1)
        assert.strictEqual(requests.length, 2)
      }).pipe(Effect.scoped), 30_000)

    it.live(
      "a Stop naming the approval, reaching the server before its continuation, stops it; the next turns run",
      () =>
        Effect.gen(function*() {
          const deleted: Array<string> = []
          const requests: Array<LanguageModel.Request> = []
          const { endings, one, two } = yield* instances(stores, deleted, requests)
          const { heard, held, tab } = heldTab(one, "named")
          yield* wait(() =>
            tab.settle(() => tab.sendMessage({ text: "please delete_file" }))
          )
          const asked = tab.toolParts[0].approval.id as string
          // Approved: the client sends the continuation on by itself (held on its way); Stop is pressed at once, and
          // its request, the page's assistant message as the AI SDK's guide sends it, reaches the other instance first.
          held.hold()
          const sent = tab.settle(() => tab.addToolApprovalResponse({ id: asked, approved: true }))
          yield* EndpointApp.eventually(() => held.waiting === 1, () => "the continuation was not sent")
          assert.strictEqual(yield* stop(tab, two, tab.messages.at(-1)), 204)
          held.release()
          yield* wait(() => sent)
          assert.strictEqual(tab.error, undefined, String(tab.error))
          assert.deepStrictEqual(deleted, [])
          assert.strictEqual(requests.length, 1)
          // The page shows a stopped answer: the call approved, never run; the client sends nothing more by itself.
          assert.deepStrictEqual(heard, ["tool-calls", "interrupted"])
          assert.strictEqual(tab.toolParts[0].state, "approval-responded")
          yield* EndpointApp.eventually(() => endings.length === 2, () => `${endings.length} endings`)
          assert.strictEqual(endings[1]!.ending._tag, "Stopped")
          // The next message is answered, and its approval runs its tool: the stop was taken by what it named.
          yield* wait(() => tab.settle(() => tab.sendMessage({ text: "please delete_file" })))
          assert.strictEqual(tab.error, undefined, String(tab.error))
          assert.strictEqual(requests.length, 2)
          const next = tab.toolParts[0].approval.id as string
          assert.notStrictEqual(next, asked)
          yield* wait(() => tab.settle(() => tab.addToolApprovalResponse({ id: next, approved: true })))
          assert.strictEqual(tab.error, undefined, String(tab.error))
          assert.strictEqual(deleted.length, 1)
          assert.strictEqual(requests.length, 3)
          assert.deepStrictEqual(heard.slice(2), ["tool-calls", "stop"])
        }).pipe(Effect.scoped),
      30_000
    )

    it.live("a continuation and its named Stop over raw HTTP: stopped whichever comes first, no tool run", () =>
      Effect.gen(function*() {
        const deleted: Array<string> = []
        const requests: Array<LanguageModel.Request> = []
        // The tool takes 300 ms: a stop reaching the continuation as it runs interrupts it before it deletes.
        const { one, two } = yield* instances(stores, deleted, requests, 300)
        const tab = new EndpointApp.EndpointClient(one, tabId("raw"))
        for (const order of ["stop first", "at once", "post first"] as const) {
          yield* wait(() =>
            tab.settle(() => tab.sendMessage({ text: "please delete_file" }))
          )
          const made = requests.length
          const { answered, body } = EndpointApp.continuation(tab)
          if (order === "stop first") assert.strictEqual(yield* stop(tab, two, answered), 204)
          const [answer, stopped] = yield* Effect.all([
            post(tab, one, body),
            order === "stop first" ? Effect.succeed(204) : stop(tab, order === "at once" ? two : one, answered)
          ], { concurrency: 2 })
          assert.strictEqual(stopped, 204)
          assert.strictEqual(answer.status, 200, order)
          if (order === "stop first") assert.deepStrictEqual(answer.lines, stoppedEnd)
          assert.deepStrictEqual(answer.lines.slice(-2), stoppedEnd.slice(-2), `${order}: ${answer.lines.join("\n")}`)
          assert.isTrue(answer.lines.some((line) => line.includes("\"finishReason\":\"interrupted\"")), order)
          assert.deepStrictEqual(deleted, [], order)
          assert.strictEqual(requests.length, made, order)
        }
        // A new message after them runs as usual.
        yield* wait(() => tab.settle(() => tab.sendMessage({ text: "please delete_file" })))
        assert.strictEqual(tab.error, undefined, String(tab.error))
        assert.strictEqual((tab.toolParts[0] as any)?.state, "approval-requested")
      }).pipe(Effect.scoped), 30_000)

    it.live("a Stop naming the person's message stops its answer as it starts; one too late stops no regenerate", () =>
      Effect.gen(function*() {
        const deleted: Array<string> = []
        const requests: Array<LanguageModel.Request> = []
        const { endings, one, two } = yield* instances(stores, deleted, requests)
        const { heard, held, tab } = heldTab(one, "message")
        // The chat's first answer is stored (paused): a stop naming the chat alone would be that answer's.
        yield* wait(() =>
          tab.settle(() =>
            tab.sendMessage({ text: "please delete_file" })
          )
        )
        // The next message, held on its way; Stop pressed at once names it, and reaches the other instance first.
        held.hold()
        const sent = tab.settle(() => tab.sendMessage({ text: "please delete_file now" }))
        yield* EndpointApp.eventually(() => held.waiting === 1, () => "the message was not sent")
        assert.strictEqual(yield* stopWith(tab, two, { messageId: tab.messages.at(-1)!.id }), 204)
        held.release()
        yield* wait(() => sent)
        assert.strictEqual(tab.error, undefined, String(tab.error))
        assert.strictEqual(requests.length, 1)
        assert.deepStrictEqual(heard, ["tool-calls", "interrupted"])
        yield* EndpointApp.eventually(() => endings.length === 2, () => `${endings.length} endings`)
        assert.strictEqual(endings[1]!.ending._tag, "Stopped")
        // The answer to the next message runs; a stop naming it, once it has paused, stops no regenerate of it.
        yield* wait(() => tab.settle(() => tab.sendMessage({ text: "please delete_file" })))
        assert.strictEqual(requests.length, 2)
        const asked = tab.messages.at(-2)!.id
        assert.strictEqual(yield* stopWith(tab, two, { messageId: asked }), 204)
        yield* wait(() => tab.settle(() => tab.regenerate()))
        assert.strictEqual(tab.error, undefined, String(tab.error))
        assert.strictEqual(requests.length, 3)
        assert.strictEqual(heard.at(-1), "tool-calls")
        assert.deepStrictEqual(deleted, [])
      }).pipe(Effect.scoped), 30_000)

    it.live("a named Stop reaching the server after its continuation ended stops no later answer", () =>
      Effect.gen(function*() {
        const deleted: Array<string> = []
        const requests: Array<LanguageModel.Request> = []
        const { one, two } = yield* instances(stores, deleted, requests)
        const tab = new EndpointApp.EndpointClient(one, tabId("late"))
        yield* wait(() =>
          tab.settle(() =>
            tab.sendMessage({ text: "please delete_file" })
          )
        )
        const { answered } = EndpointApp.continuation(tab)
        const asked = tab.toolParts[0].approval.id as string
        yield* wait(() => tab.settle(() => tab.addToolApprovalResponse({ id: asked, approved: true })))
        assert.strictEqual(deleted.length, 1)
        // The Stop pressed as the continuation ran reaches the other instance after it ended: it stops nothing later.
        assert.strictEqual(yield* stop(tab, two, answered), 204)
        yield* wait(() => tab.settle(() => tab.sendMessage({ text: "please delete_file" })))
        const next = tab.toolParts[0].approval.id as string
        yield* wait(() => tab.settle(() => tab.addToolApprovalResponse({ id: next, approved: true })))
        assert.strictEqual(tab.error, undefined, String(tab.error))
        assert.strictEqual(deleted.length, 2)
        assert.strictEqual(requests.length, 4)
      }).pipe(Effect.scoped), 30_000)
  })

/** One memory store, for one instance (given twice). */
const memory: Stores = Effect.map(Layer.build(StreamStore.layerMemory()), (context) => {
  const store = Layer.succeedContext(context)
  return [store, store] as const
})

suite("a Stop before its ChatEndpoint answer, on one instance in memory", memory)

describe("a Stop's body", () => {
  it.live("that is not the AI SDK's stop body is a 400 naming it, and stops nothing", () =>
    Effect.gen(function*() {
      const requests: Array<LanguageModel.Request> = []
      const { one } = yield* instances(memory, [], requests)
      const tab = new EndpointApp.EndpointClient(one, tabId("hostile"))
      for (const body of ["not json", "{\"assistantMessage\":5}", "{\"assistantMessage\":{\"parts\":{}}}", "[]"]) {
        const response = yield* wait(() => tab.fetch(`${one.url}/api/chat/${tab.id}/stop`, { method: "POST", body }))
        assert.strictEqual(response.status, 400, body)
        assert.match(yield* wait(() => response.text()), /a stop's body is JSON/)
      }
      // Nothing was kept: the chat's first answer runs.
      yield* wait(() => tab.settle(() => tab.sendMessage({ text: "please delete_file" })))
      assert.strictEqual(requests.length, 1)
    }).pipe(Effect.scoped))
})

describeRedisServer("a Stop before its ChatEndpoint answer, on two instances sharing Redis", (url) => {
  suite(
    "the Stop on one instance, the answer on the other",
    Effect.sync(() => [StreamStore.layerRedis({ url: url() }), StreamStore.layerRedis({ url: url() })] as const)
  )
})

describeRedisServer("a ChatEndpoint answer on Redis", (url) => {
  it.live("reads the stops waiting with its reservation's create: one script from its request to its model", () =>
    Effect.gen(function*() {
      const scripts = scriptCalls(url())
      const atModel: Array<number> = []
      let before = 0
      // The model's call counts the scripts Redis ran since the request was sent.
      const model = Layer.effect(
        LanguageModel.LanguageModel,
        Effect.map(LanguageModel.LanguageModel, (service) =>
          LanguageModel.LanguageModel.of({
            ...service,
            stream: (input) =>
              Stream.concat(
                Stream.fromEffectDrain(Effect.map(scripts, (now) => atModel.push(now - before))),
                service.stream(input)
              )
          }))
      ).pipe(Layer.provide(TestKit.auto({ provider: "openai" })))
      const served = yield* EndpointApp.viaNode(
        ChatEndpoint.layer({}).pipe(Layer.provide(model), Layer.provide(StreamStore.layerRedis({ url: url() })))
      )
      const tab = new EndpointApp.EndpointClient(served, tabId("counted"))
      before = yield* scripts
      yield* wait(() => tab.settle(() => tab.sendMessage({ text: "Hello" })))
      assert.strictEqual(tab.error, undefined, String(tab.error))
      // Its create, which reads the owner's stops waiting too (a read of its own was a second script, after it).
      assert.deepStrictEqual(atModel, [1])
    }).pipe(Effect.scoped))
})

describeDurableStreams("a Stop before its ChatEndpoint answer, on two instances sharing Durable Streams", (_, url) => {
  suite(
    "the Stop on one instance, the answer on the other",
    Effect.sync(() => {
      const prefix = freshPrefix("/")
      return [
        StreamStore.layerDurableStreams({ url: url(), prefix }),
        StreamStore.layerDurableStreams({ url: url(), prefix })
      ] as const
    })
  )
})
