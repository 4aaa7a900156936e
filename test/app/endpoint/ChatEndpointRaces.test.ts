/**
 * Two requests of one chat at once, from two tabs of one browser, on two instances of `ChatEndpoint` sharing a real
 * `redis-server` (and on one instance in memory), round after round, through the `ai` client: both tabs approving one
 * call, one approving as the other sends a new message, both sending a new message. Every request settles (none left
 * hanging), each refusal is a 409 in one sentence, and an approved call runs at most once (once when both approve).
 * The model is `TestKit.auto`: each message is answered with a call of `delete_file` (needing approval), each tool
 * result with text.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import type { Scope } from "effect"
import { ChatEndpoint, StreamStore, UIMessageStream } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"
import { describeRedisServer } from "../../support/Stores.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

/** What a tab may be told of a request refused (a 409): one sentence of the endpoint's own. */
const refusals = [
  "This chat is already answering; wait for it or stop it.",
  "This answer was replaced in another tab; reload to see the chat's current answer.",
  "This answer went on without that answer; reload to see where it is."
]

/** The store layers of two instances: two connections to one Redis, or one memory store twice. */
type Stores = Effect.Effect<readonly [Layer.Layer<never, unknown>, Layer.Layer<never, unknown>], unknown, Scope.Scope>

/** Two instances of the app on `stores`, sharing a signing secret and a model. */
const instances = (stores: Stores, deleted: Array<string>) =>
  Effect.gen(function*() {
    const model = Layer.succeedContext(yield* Layer.build(TestKit.auto({ provider: "openai" })))
    const signing = UIMessageStream.layerSigning({ secret: Redacted.make("a secret every instance shares, 32+ bytes") })
    const instance = (store: Layer.Layer<never, unknown>) =>
      EndpointApp.viaNode(
        ChatEndpoint.layer({ tools: [EndpointApp.deleteFile(deleted)] }).pipe(
          Layer.provide(model),
          Layer.provide(store),
          Layer.provide(signing)
        )
      )
    const [a, b] = yield* stores
    return [yield* instance(a), yield* instance(b)] as const
  })

/** A tab's last request: settled, and if refused, refused in one sentence. */
const refusedOrDone = (tab: EndpointApp.EndpointClient, what: string): boolean => {
  if (tab.error === undefined) return false
  assert.include(refusals, tab.error.message, what)
  return true
}

const races = (name: string, stores: Stores) =>
  it.live(name, () =>
    Effect.gen(function*() {
      const deleted: Array<string> = []
      const [one, two] = yield* instances(stores, deleted)
      for (let round = 0; round < 6; round++) {
        /** A chat paused at an approval in a first tab (instance one), and a second tab (instance two) showing it. */
        const paused = Effect.gen(function*() {
          const first = new EndpointApp.EndpointClient(one, `race-${process.pid}-${round}-${Math.random()}`)
          yield* wait(() => first.settle(() => first.sendMessage({ text: "please delete_file" })))
          assert.isUndefined(first.error)
          const second = new EndpointApp.EndpointClient(two, first.id, first.fetch)
          second.messages = structuredClone(first.messages)
          return { first, second, asked: first.toolParts[0].approval.id as string }
        })
        const approve = (tab: EndpointApp.EndpointClient, id: string) =>
          wait(() => tab.settle(() => tab.addToolApprovalResponse({ id, approved: true })))
        const send = (tab: EndpointApp.EndpointClient) => wait(() => tab.settle(() => tab.sendMessage({ text: "hi" })))
        // Both tabs approve at once: the call runs once.
        const both = yield* paused
        const before = deleted.length
        yield* Effect.all([approve(both.first, both.asked), approve(both.second, both.asked)], { concurrency: 2 })
        refusedOrDone(both.first, "first tab's approval")
        refusedOrDone(both.second, "second tab's approval")
        assert.strictEqual(deleted.length, before + 1, `round ${round}: approved twice at once`)
        // One tab approves as the other sends a new message: the call runs at most once, only if its answer was taken.
        const moved = yield* paused
        const ran = deleted.length
        yield* Effect.all([approve(moved.first, moved.asked), send(moved.second)], { concurrency: 2 })
        const refused = refusedOrDone(moved.first, "approval beside a new message")
        refusedOrDone(moved.second, "new message beside an approval")
        assert.isAtMost(deleted.length - ran, refused ? 0 : 1, `round ${round}: approved beside a new message`)
        // Both tabs send a new message at once: each settles, taken or refused; nothing runs unapproved.
        const news = yield* paused
        const unapproved = deleted.length
        yield* Effect.all([send(news.first), send(news.second)], { concurrency: 2 })
        refusedOrDone(news.first, "first tab's new message")
        refusedOrDone(news.second, "second tab's new message")
        assert.strictEqual(deleted.length, unapproved)
      }
    }).pipe(Effect.scoped), 120_000)

describe("two requests of one chat at once", () => {
  races(
    "on one instance, in memory",
    Effect.map(Layer.build(StreamStore.layerMemory()), (context) => {
      const store = Layer.succeedContext(context)
      return [store, store] as const
    })
  )
})

describeRedisServer("two requests of one chat at once, on two instances sharing Redis", (url) => {
  races(
    "each round's tabs on two instances",
    Effect.sync(() => [StreamStore.layerRedis({ url: url() }), StreamStore.layerRedis({ url: url() })] as const)
  )
})
