/**
 * A second answer in a chat whose answer still runs (a double click, a retry, a second tab), through the `ai`
 * package's own client over HTTP: decided before the model is called. Of requests made at once, one calls the model;
 * each other is refused with a 409 and one sentence, in memory and on a Redis shared by two instances; the answer that
 * runs is untouched and resumes whole. A page that stopped the answer and goes on (it holds the answer's message)
 * still takes its place, on another instance too.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { ChatEndpoint, type LanguageModel, StreamStore } from "effect-llm-stream"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as RedisServer from "../../support/RedisServer.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const long = Array.from({ length: 200 }, (_, index) => `word${index}`).join(" ")

const sentence = "This chat is already answering; wait for it or stop it."

/** An instance of the app on `store` answering `texts` slowly, every model request kept in `requests`. */
const instance = (
  texts: ReadonlyArray<string>,
  requests: Array<LanguageModel.Request>,
  store: Layer.Layer<never, unknown> = Layer.empty,
  endings: Array<ChatEndpoint.Finished> = []
) =>
  EndpointApp.viaNode(
    ChatEndpoint.layer({
      owner: () => Effect.succeed("alice"),
      onFinish: (finished) => Effect.sync(() => endings.push(finished))
    }).pipe(
      Layer.provide(EndpointApp.scripted(texts.map((text) => ({ text })), "openai", requests, 5)),
      Layer.provide(store)
    )
  )

/** A tab of the chat `id` on `served`, each response's status kept. */
const tab = (served: EndpointApp.Served, id: string) => {
  const statuses: Array<number> = []
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await served.fetch(input, init)
    statuses.push(response.status)
    return response
  }) as typeof globalThis.fetch
  return { chat: new EndpointApp.EndpointClient(served, id, EndpointApp.withCookies(fetch)), statuses }
}

/** Sends a message from every tab at once: the model is called once, one tab answered whole, the others refused. */
const atOnce = (tabs: ReadonlyArray<ReturnType<typeof tab>>, requests: ReadonlyArray<LanguageModel.Request>) =>
  Effect.gen(function*() {
    yield* wait(() => Promise.all(tabs.map(({ chat }) => chat.settle(() => chat.sendMessage({ text: "Tell me" })))))
    assert.strictEqual(requests.length, 1)
    const answered = tabs.filter(({ chat }) => chat.error === undefined)
    const refused = tabs.filter(({ chat }) => chat.error !== undefined)
    assert.strictEqual(answered.length, 1, tabs.map(({ chat }) => String(chat.error)).join("\n"))
    assert.strictEqual(answered[0]!.chat.text, long)
    for (const { chat, statuses } of refused) {
      assert.deepStrictEqual(statuses, [409])
      assert.strictEqual(chat.error?.message, sentence)
    }
  })

/** A reload on `served`: what it resumes of the chat `id`. */
const resumed = (served: EndpointApp.Served, id: string) =>
  Effect.gen(function*() {
    const reloaded = tab(served, id).chat
    yield* wait(() => reloaded.resumeStream())
    return reloaded.text
  })

describe("a second answer while the chat's answer runs", () => {
  it.live(
    "in memory: requests at once call the model once; the others get 409 and the sentence",
    () =>
      Effect.gen(function*() {
        const requests: Array<LanguageModel.Request> = []
        const served = yield* instance([long, long, long], requests)
        yield* atOnce([tab(served, "at-once"), tab(served, "at-once"), tab(served, "at-once")], requests)
        assert.strictEqual(yield* resumed(served, "at-once"), long)
      }).pipe(Effect.scoped),
    30_000
  )

  it.live(
    "in memory: a second tab sending while the answer streams is refused; the answer resumes whole",
    () =>
      Effect.gen(function*() {
        const requests: Array<LanguageModel.Request> = []
        const served = yield* instance([long, "The second answer."], requests)
        const first = tab(served, "streaming")
        const done = first.chat.settle(() => first.chat.sendMessage({ text: "Tell me" }))
        yield* wait(() => first.chat.streamed(40))
        const second = tab(served, "streaming")
        yield* wait(() => second.chat.settle(() => second.chat.sendMessage({ text: "And me" })))
        assert.strictEqual(requests.length, 1)
        assert.deepStrictEqual(second.statuses, [409])
        assert.strictEqual(second.chat.error?.message, sentence)
        assert.strictEqual(yield* resumed(served, "streaming"), long)
        yield* wait(() => done)
        assert.strictEqual(first.chat.error, undefined)
        assert.strictEqual(first.chat.text, long)
      }).pipe(Effect.scoped),
    30_000
  )
})

describe.skipIf(RedisServer.redisServer === undefined)(
  `a second answer on a Redis shared by two instances${
    RedisServer.redisServer === undefined ? " (skipped: no redis-server)" : ""
  }`,
  () => {
    it.live(
      "requests at once on both instances call the model once; the answer resumes whole on either",
      () =>
        Effect.gen(function*() {
          const redis = yield* RedisServer.redis
          const store = StreamStore.layerRedis({ url: Redacted.make(redis.url) })
          const requests: Array<LanguageModel.Request> = []
          const one = yield* instance([long, long, long], requests, store)
          const two = yield* instance([long, long, long], requests, store)
          yield* atOnce([tab(one, "shared"), tab(two, "shared"), tab(one, "shared"), tab(two, "shared")], requests)
          assert.strictEqual(yield* resumed(one, "shared"), long)
          assert.strictEqual(yield* resumed(two, "shared"), long)
        }).pipe(Effect.scoped),
      60_000
    )

    it.live(
      "a page that stopped the answer and goes on, on the other instance, takes its place",
      () =>
        Effect.gen(function*() {
          const redis = yield* RedisServer.redis
          const store = StreamStore.layerRedis({ url: Redacted.make(redis.url) })
          const requests: Array<LanguageModel.Request> = []
          const endings: Array<ChatEndpoint.Finished> = []
          const one = yield* instance([long], requests, store, endings)
          const two = yield* instance(["The short one."], requests, store, endings)
          // One page whose first request a load balancer sends to one instance, and the next ones to the other.
          let sent = 0
          const balanced = ((input: RequestInfo | URL, init?: RequestInit) =>
            fetch(sent++ === 0 ? input : String(input).replace(one.url, two.url), init)) as typeof globalThis.fetch
          const chat = new EndpointApp.EndpointClient(one, "moved-on", EndpointApp.withCookies(balanced))
          const first = chat.settle(() =>
            chat.sendMessage({ text: "Tell me everything" })
          )
          yield* wait(() => chat.streamed(40))
          yield* wait(() => chat.stop())
          yield* wait(() => first)
          yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Make it short" })))
          assert.strictEqual(chat.error, undefined, String(chat.error))
          assert.strictEqual(chat.text, "The short one.")
          assert.strictEqual(requests.length, 2)
          yield* EndpointApp.eventually(() => endings.length === 2, () => `${endings.length} endings`)
          assert.deepStrictEqual(endings.map((finished) => finished.ending._tag), ["Stopped", "Done"])
          assert.strictEqual(yield* resumed(one, "moved-on"), "The short one.")
        }).pipe(Effect.scoped),
      60_000
    )
  }
)
