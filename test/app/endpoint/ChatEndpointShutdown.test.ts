/**
 * `ChatEndpoint.serveNode` shutting down (its fiber interrupted, as `Main.runMain` does on SIGTERM) while an answer
 * runs, on a real `redis-server`, read by the `ai` package's own client: the answer is told its stop from within
 * first (`StoreShutdown`), so the stored stream ends with what it spent (the call the shutdown cut short counted as far
 * as it went: never less than the page was shown before), then an `interrupted` finish and `abort`. A page
 * reconnecting after the restart, to another instance on the same Redis, reads that ending; `onFinish` hears the
 * answer `Dropped` (the server went away); the shutdown stays within the grace. Before, nothing ended the answer as
 * its server went away: its stored stream was left open, a reconnecting page waiting on it.
 */
import { assert, it } from "@effect/vitest"
import { Deferred, Duration, Effect, Fiber, Layer } from "effect"
import { ChatEndpoint, type LanguageModel, StreamStore } from "effect-llm-stream"
import * as StoreShutdown from "../../../src/app/store/StoreShutdown.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import { describeRedisServer, freshPrefix } from "../../support/Stores.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const long = Array.from({ length: 400 }, (_, index) => `word${index}`).join(" ")

/** A call of `get_weather` ($0.00018: 1,000 in, 50 out), then a long answer, slowly. */
const turns = [
  {
    toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }],
    usage: { inputTokens: 1000, outputTokens: 50 }
  },
  { text: long, usage: { inputTokens: 1100, outputTokens: 800 } }
]

describeRedisServer("a ChatEndpoint served by Node shutting down while it answers", (url) => {
  /** An instance on the test's Redis under `prefix`, served by `serveNode` in a fiber of its own: its URL and fiber. */
  const serve = (prefix: string, endings: Array<ChatEndpoint.Finished>) =>
    Effect.gen(function*() {
      const requests: Array<LanguageModel.Request> = []
      const app = ChatEndpoint.layer({
        tools: [EndpointApp.weather],
        owner: () => Effect.succeed("alice"),
        onFinish: (finished) => Effect.sync(() => endings.push(finished))
      }).pipe(
        Layer.provide(EndpointApp.scripted(turns, "openai", requests, 10)),
        Layer.provide(StreamStore.layerRedis({ url: url(), prefix }))
      )
      const listening = yield* Deferred.make<string>()
      const fiber = yield* Effect.forkChild(
        ChatEndpoint.serveNode(app, { port: 0, onListen: (url) => Deferred.succeed(listening, url) })
      )
      const served: EndpointApp.Served = { url: yield* Deferred.await(listening), fetch: globalThis.fetch }
      return { served, fiber }
    })

  it.live(
    "the stored ending has what the answer spent, then the interrupted finish, read after the restart",
    () =>
      Effect.gen(function*() {
        const prefix = freshPrefix(":")
        const endings: Array<ChatEndpoint.Finished> = []
        const before = yield* serve(prefix, endings)
        const chat = new EndpointApp.EndpointClient(before.served, "shutdown")
        const answered = chat.settle(() => chat.sendMessage({ text: "Weather in Paris?" }))
        yield* wait(() => chat.streamed(60))
        // What the page was shown before: the first call's spend.
        const spent = chat.metadata["effect-llm-stream/spent"]
        assert.strictEqual(spent.usd, "0.00018")
        const started = Date.now()
        yield* Fiber.interrupt(before.fiber)
        const took = Date.now() - started
        yield* wait(() => answered)
        assert.isBelow(took, Duration.toMillis(StoreShutdown.grace), "told the stop, the answer ended itself at once")
        assert.deepStrictEqual(endings.map((finished) => finished.ending._tag), ["Dropped"])
        // After the restart, another instance on the same Redis.
        const after = yield* serve(prefix, [])
        const body = yield* wait(() =>
          fetch(`${after.served.url}/api/chat/shutdown/stream`).then((response) => response.text())
        )
        const chunks = body.split("\n").filter((line) => line.startsWith("data: {")).map((line) =>
          JSON.parse(line.slice(6))
        )
        assert.deepStrictEqual(chunks.slice(-2), [{ type: "finish", finishReason: "interrupted" }, { type: "abort" }])
        const metadata = chunks.at(-3).messageMetadata
        assert.isAbove(Number(metadata.cost), Number(spent.usd), "the call cut short counted")
        assert.deepStrictEqual(metadata.spend, { ...metadata.spend, cost: metadata.cost, estimated: true })
        assert.strictEqual(metadata.steps, 2)
        assert.isAbove(metadata.spend.usage.inputTokens, 1000)
        assert.isAbove(metadata.spend.usage.outputTokens, 50)
        // The page reconnecting shows that total, its answer stopped.
        const reloaded = new EndpointApp.EndpointClient(after.served, "shutdown")
        yield* wait(() => reloaded.resumeStream())
        assert.strictEqual(reloaded.metadata.cost, metadata.cost)
        assert.strictEqual(reloaded.status, "ready")
        assert.isUndefined(reloaded.error)
        assert.isTrue(reloaded.text.startsWith(chat.text.slice(0, 40)))
        yield* Fiber.interrupt(after.fiber)
      }),
    30_000
  )
})
