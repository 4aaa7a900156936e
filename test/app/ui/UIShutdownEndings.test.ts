/**
 * A server shutting down while answers run (its runtime disposed: the store's layer closing, as `serveNode`
 * interrupted by SIGTERM closes it), on a real `redis-server` and on the Durable Streams reference server: each answer
 * an app composes itself (`runTools(...).pipe(UIMessageStream.fromSteps(...), UIMessageStream.resumable(...))`, and
 * AG-UI's `fromSteps` and `resumable`) is told its stop from within first (`StoreShutdown`), so its converter stores
 * its ending with its sums: a page reconnecting after the restart (a fresh runtime on the same store) reads what the
 * answer spent, the call the shutdown cut short counted as far as it went, never less than the page was shown before,
 * then the stopped ending (an `interrupted` finish and `abort`; AG-UI's `RUN_FINISHED` cancelled with its usage). The
 * shutdown stays prompt: a generation that ignores the stop is interrupted after the grace, its ending the store's
 * own. Before, nothing ended a running answer as its server went away: its stored stream was left open, a
 * reconnecting page waiting on it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Layer, ManagedRuntime, Redacted, Schema, Stream } from "effect"
import { AgUi, LanguageModel, Message, OpenAI, StreamStore, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as MemoryStreamStore from "../../../src/app/store/MemoryStreamStore.js"
import * as StoreShutdown from "../../../src/app/store/StoreShutdown.js"
import * as ApprovalApp from "../../support/ApprovalApp.js"
import * as ResumableApp from "../../support/ResumableApp.js"
import { describeDurableStreams, describeRedisServer, freshPrefix } from "../../support/Stores.js"

/** `get_time`, run without approval: a tool loop's first step that ends. */
const getTime = Tool.handle(Tool.make("get_time", { parameters: Schema.Struct({}) }), () => Effect.succeed("noon"))

/** The model on Chat Completions' wire: a call of `get_time` first; after its result, words that never end. */
const answer = (request: ReplayServer.RecordedRequest): ReplayServer.Scenario => {
  const headers = { "content-type": "text/event-stream" }
  if (JSON.parse(request.body).messages.at(-1)?.role !== "tool") {
    return { headers, body: ApprovalApp.toolCall("call_t", "get_time", {}) }
  }
  return { headers, ...ResumableApp.chatBody(400, true), delayMs: 5, endless: true }
}

/** The head of an answer that never ends by itself (`endless`). */
const head: ReadonlyArray<UIMessageStream.Chunk> = [
  { type: "start", messageId: "m" },
  { type: "text-start", id: "t" },
  { type: "text-delta", id: "t", delta: "one" }
]

/** The question whose answer calls `get_time`, then talks on. */
const asked = LanguageModel.runTools({ messages: [Message.user("what time is it?")], tools: [getTime] })

/** The store's own ending of a stopped answer. */
const interrupted = [{ type: "finish", finishReason: "interrupted" }, { type: "abort" }]

/** The last spend shown among `metadata` (the page's total before the shutdown). */
const spentShown = (metadata: ReadonlyArray<any>): any =>
  [...metadata].reverse().find((shown) => shown?.["effect-llm-stream/spent"] !== undefined)["effect-llm-stream/spent"]

/**
 * The stored ending's sums against the spend shown `before`: more (never less than shown), the call the shutdown cut
 * short counted as far as it went (its input, and at least the `words` of it the page was shown), estimated.
 */
const cutCallCounted = (before: any, cost: string, spend: any, words: number) => {
  assert.isAbove(Number(cost), Number(before.usd), "the call cut short counted")
  assert.deepStrictEqual(spend, { ...spend, cost, estimated: true })
  assert.isAbove(spend.usage.inputTokens, before.usage.inputTokens)
  assert.isAtLeast(spend.usage.outputTokens, before.usage.outputTokens + words)
}

/** How a protocol's answer is composed and read again, how its items read, how it ends (checked; its sums given). */
interface Protocol {
  readonly name: string
  readonly stored: (
    streamId: string
  ) => Effect.Effect<Stream.Stream<unknown, unknown>, unknown, LanguageModel.LanguageModel>
  readonly resume: (streamId: string) => Effect.Effect<Stream.Stream<unknown, unknown>, unknown>
  readonly isDelta: (item: any) => boolean
  readonly deltaOf: (item: any) => string
  readonly metadataOf: (item: any) => unknown
  readonly ended: (stored: ReadonlyArray<any>) => { readonly cost: string; readonly spend: any }
}

/** The UI message stream's and AG-UI's. */
const protocols: ReadonlyArray<Protocol> = [
  {
    name: "UIMessageStream fromSteps + resumable",
    stored: (streamId: string) =>
      asked.pipe(
        UIMessageStream.fromSteps({ tools: [getTime] }),
        UIMessageStream.resumable({ streamId, owner: "alice" })
      ),
    resume: (streamId: string) => UIMessageStream.resume(streamId, { owner: "alice" }),
    isDelta: (chunk: any) => chunk.type === "text-delta",
    deltaOf: (chunk: any) => chunk.delta,
    metadataOf: (chunk: any) => chunk.messageMetadata,
    ended: (stored: ReadonlyArray<any>) => {
      assert.deepStrictEqual(stored.slice(-2), interrupted)
      const metadata = stored.at(-3).messageMetadata
      assert.strictEqual(metadata.steps, 2)
      return { cost: metadata.cost, spend: metadata.spend }
    }
  },
  {
    name: "AgUi fromSteps + resumable",
    stored: (runId: string) =>
      asked.pipe(
        AgUi.fromSteps({ threadId: "thread", runId, owner: "alice" }),
        AgUi.resumable({ streamId: runId, owner: "alice" })
      ),
    resume: (runId: string) => AgUi.resume(runId, { owner: "alice" }),
    isDelta: (event: any) => event.type === "TEXT_MESSAGE_CONTENT",
    deltaOf: (event: any) => event.delta,
    metadataOf: (event: any) => event.metadata,
    ended: (stored: ReadonlyArray<any>) => {
      const finished = stored.at(-1)
      assert.strictEqual(finished.type, "RUN_FINISHED")
      assert.deepStrictEqual(finished.outcome, { type: "cancelled" })
      // The usage the provider reported (the first call's); the cut call's estimate is in the metadata's spend.
      assert.deepStrictEqual(finished.usage, [
        { provider: "openai", model: "gpt-4o-mini", inputTokens: 10, outputTokens: 5, totalTokens: 15 }
      ])
      assert.strictEqual(finished.metadata["effect-llm-stream/steps"], 2)
      return { cost: finished.metadata["effect-llm-stream/cost"], spend: finished.metadata["effect-llm-stream/spend"] }
    }
  }
]

/** An answer that never ends by itself. */
const endless = Stream.concat(Stream.make<Array<UIMessageStream.Chunk>>(...head), Stream.never)

const graceMillis = Duration.toMillis(StoreShutdown.grace)

/**
 * The answer whose stored ending is the store's own, and how long the shutdown takes: a raw stream (its converter took
 * no stop), interrupted at once. (A converter that takes the stop cannot ignore it: a stop interrupts its run from
 * outside, and its ending is stored as the generation settles.)
 */
const endedByTheStore = [
  { name: "a raw stream", stream: endless, within: [0, graceMillis] }
] as const

/** The item's JSON (an AG-UI stored event's event). */
const itemOf = (item: any): any => "type" in item ? item : item.event

/**
 * The tests on the store `storeOn(prefix)` makes: each instance's layer of its own on the same backing store, under a
 * prefix of the test's own (`separator` the store's).
 */
const shutdownTests = (storeOn: (prefix: string) => Layer.Layer<never, unknown>, separator: string) => {
  /** A runtime of an instance: the model at `modelUrl`, the store under `prefix`. */
  const instance = (modelUrl: string, prefix: string) =>
    ManagedRuntime.make(Layer.mergeAll(
      OpenAI.model("gpt-4o-mini").pipe(
        Layer.provide(OpenAI.layer({ apiKey: Redacted.make("test-key"), baseUrl: modelUrl })),
        Layer.provide(FetchHttpClient.layer)
      ),
      storeOn(prefix)
    ))

  /**
   * Starts `stored` on an instance and reads it until `seen` holds of an item; then disposes the instance, and reads
   * the stream again from a fresh instance on the same store: what was shown, how long the shutdown took, what is
   * stored.
   */
  const shutDownWhile = <A>(
    stored: Effect.Effect<Stream.Stream<A, unknown>, unknown, LanguageModel.LanguageModel>,
    resume: Effect.Effect<Stream.Stream<A, unknown>, unknown>,
    seen: (item: any) => boolean
  ) =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const modelUrl = replay.serve(answer)
      const prefix = freshPrefix(separator)
      const before = instance(modelUrl, prefix)
      const shown = yield* Effect.promise(() =>
        before.runPromise(
          Effect.flatMap(stored, (stream) => Stream.runCollect(Stream.takeUntil(stream, (item) => seen(itemOf(item)))))
        )
      )
      const started = Date.now()
      yield* Effect.promise(() => before.dispose())
      const took = Date.now() - started
      const after = instance(modelUrl, prefix)
      const read = Effect.flatMap(resume, (stream) => Stream.runCollect(stream)).pipe(Effect.timeout("5 seconds"))
      const all = yield* Effect.promise(() => after.runPromise(read)).pipe(
        Effect.ensuring(Effect.promise(() => after.dispose()))
      )
      return { shown: shown.map(itemOf), took, stored: all.map(itemOf) }
    })

  for (const protocol of protocols) {
    it.live(
      `${protocol.name}: the stored ending has what both calls spent, then the stopped ending`,
      () =>
        Effect.gen(function*() {
          const streamId = `shutdown-${protocol.name.length}-${Date.now()}`
          const { shown, stored, took } = yield* shutDownWhile(
            protocol.stored(streamId),
            protocol.resume(streamId),
            (item) => protocol.isDelta(item) && protocol.deltaOf(item) === "w3 "
          )
          assert.isBelow(took, Duration.toMillis(StoreShutdown.grace), "told the stop, the answer ended itself at once")
          assert.deepStrictEqual(stored.slice(0, shown.length), shown)
          const { cost, spend } = protocol.ended(stored)
          cutCallCounted(spentShown(shown.map(protocol.metadataOf)), cost, spend, shown.filter(protocol.isDelta).length)
        }).pipe(Effect.scoped),
      30_000
    )
  }

  for (const { name, stream, within } of endedByTheStore) {
    it.live(`${name}: interrupted, the store's ending stored`, () =>
      Effect.gen(function*() {
        const streamId = `shutdown-${name.length}-${Date.now()}`
        const { shown, stored, took } = yield* shutDownWhile(
          UIMessageStream.resumable(stream, { streamId }),
          UIMessageStream.resume(streamId),
          (chunk) => chunk.type === "text-delta"
        )
        assert.isAtLeast(took, within[0])
        assert.isBelow(took, within[1])
        assert.deepStrictEqual(stored, [...shown, ...interrupted])
      }).pipe(Effect.scoped), 30_000)
  }
}

describe("a server shutting down ends each running answer as a stop does, on a store of your own", () => {
  // One backing store of the app's own for every instance, given through `StreamStore.layer` (before, only the
  // library's own layers ended their answers at shutdown; a service provided with `Layer.succeed` left them running).
  const backing = MemoryStreamStore.make({
    ttl: Duration.minutes(1),
    maxStreams: 1_000,
    maxBytes: 64 * 1024 * 1024,
    maxStreamsPerOwner: 1_000,
    maxBytesPerOwner: 64 * 1024 * 1024
  })
  shutdownTests(() => StreamStore.layer(backing), ":")
})

describeRedisServer(
  "a server shutting down ends each running answer as a stop does",
  (url) => shutdownTests((prefix) => StreamStore.layerRedis({ url: url(), prefix }), ":")
)

describeDurableStreams(
  "a server shutting down ends each running answer as a stop does",
  (_, url) => shutdownTests((prefix) => StreamStore.layerDurableStreams({ url: url(), prefix }), "/")
)
