/**
 * A page's Stop sent before its answer exists (`POST /api/chat/:id/stop`, as docs/ui.md has a page send it after the
 * `ai` client's `stop()`, which only aborts its own request), through the `ai` package's client on `ChatEndpoint`, on
 * one instance in memory and on two sharing a real `redis-server`. The stop names the chat only: before the chat's
 * first answer (nothing stored under its id), it waits for it and the answer stops as it starts, no model called, the
 * page shown a stopped answer, and the chat's next message is answered; once an answer of the chat is stored, a stop
 * finding it ended was that answer's, and stops no later one (the approval sent next runs its tool).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import type { Scope } from "effect"
import { ChatEndpoint, type LanguageModel, StreamStore, UIMessageStream } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"
import { describeRedisServer } from "../../support/Stores.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

/** The store layers of two instances: two connections to one Redis, or one memory store twice. */
type Stores = Effect.Effect<readonly [Layer.Layer<never, unknown>, Layer.Layer<never, unknown>], unknown, Scope.Scope>

/** Two instances of the app on `stores`, sharing a signing secret and a model whose requests go to `requests`. */
const instances = (stores: Stores, deleted: Array<string>, requests: Array<LanguageModel.Request>) =>
  Effect.gen(function*() {
    const model = Layer.succeedContext(
      yield* Layer.build(EndpointApp.recorded(TestKit.auto({ provider: "openai" }), requests))
    )
    const signing = UIMessageStream.layerSigning({ secret: Redacted.make("a secret every instance shares, 32+ bytes") })
    const endings: Array<ChatEndpoint.Finished> = []
    const instance = (store: Layer.Layer<never, unknown>) =>
      EndpointApp.viaNode(
        ChatEndpoint.layer({
          tools: [EndpointApp.deleteFile(deleted)],
          onFinish: (finished) => Effect.sync(() => endings.push(finished))
        }).pipe(Layer.provide(model), Layer.provide(store), Layer.provide(signing))
      )
    const [a, b] = yield* stores
    return { one: yield* instance(a), two: yield* instance(b), endings }
  })

/** The page's stop of its chat, sent to `served` with the page's session. */
const stop = (tab: EndpointApp.EndpointClient, served: EndpointApp.Served) =>
  wait(() => tab.fetch(`${served.url}/api/chat/${tab.id}/stop`, { method: "POST" })).pipe(
    Effect.map((response) => response.status)
  )

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
  })

suite(
  "a Stop before its ChatEndpoint answer, on one instance in memory",
  Effect.map(Layer.build(StreamStore.layerMemory()), (context) => {
    const store = Layer.succeedContext(context)
    return [store, store] as const
  })
)

describeRedisServer("a Stop before its ChatEndpoint answer, on two instances sharing Redis", (url) => {
  suite(
    "the Stop on one instance, the answer on the other",
    Effect.sync(() => [StreamStore.layerRedis({ url: url() }), StreamStore.layerRedis({ url: url() })] as const)
  )
})
