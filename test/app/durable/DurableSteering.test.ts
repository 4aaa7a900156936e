/**
 * Messages steered and queued into durable runs (`durableLoop(..., { steering })`, `.steer`, `.queue`), journaled
 * with the run by its engine. Killed and resumed: a process on the embedded engine (a SQLite file) steers one message
 * and queues another while the run waits for approval, and is killed with SIGKILL; a second process on the file
 * takes the run over, and its model's next request carries the steered message after the tool result, the request
 * after its answer the queued one, each once (sent again under its id, taken once). In one process (Effect's memory
 * engine): the live view shows each as the `ai` 7 `steering-message`, and the bounds (another owner's run, an unknown
 * one, a loop without `steering`, too large, full, ended).
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Layer, Schema, Stream } from "effect"
import {
  DurableLoop,
  LanguageModel,
  Message,
  ProviderError,
  StreamStore,
  Tool,
  UIMessageStream
} from "effect-llm-stream"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as DurableAgent from "../../support/DurableAgent.js"
import * as KilledChild from "../../support/KilledChild.js"

const bundle = KilledChild.bundle("SteeredDurableChild", "steered", ["redis"])
afterAll(KilledChild.removeBundles)

describe("durable runs steered, killed and resumed", () => {
  it.live(
    "a message journaled before a SIGKILL is taken once by the process that resumes the run",
    () =>
      Effect.promise(async () => {
        const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-steer-"))
        const config = { sqlite: Path.join(dir, "runs.db"), dir }
        const script = await bundle
        const first = KilledChild.spawn(script, { ...config, phase: "first" })
        const sent = JSON.parse(await first.line("SENT "))
        assert.deepStrictEqual(sent, [{ id: "s1" }, { id: "q1" }])
        await first.line("POINT")
        await first.kill()

        const second = KilledChild.spawn(script, { ...config, phase: "second" })
        assert.deepStrictEqual(JSON.parse(await second.line("AGAIN ")), { id: "s1" })
        const done = JSON.parse(await second.line("DONE "))
        const late = await second.line("LATE ")
        await second.kill()

        const requests = Fs.readFileSync(Path.join(dir, "requests.log"), "utf8").trim().split("\n").map((line) =>
          JSON.parse(line) as Array<string>
        )
        assert.lengthOf(requests, 3, "step 1 (first process), then steps 2 and 3 (the second)")
        assert.deepStrictEqual(requests[1]!.slice(-2), ["ToolResultMessage", "UserMessage:Use the staging account"])
        assert.deepStrictEqual(requests[2]!.slice(-2), ["AssistantMessage:Done 2.", "UserMessage:Then send a receipt"])
        assert.deepStrictEqual(done, {
          reason: "stop",
          steps: 3,
          messages: [
            "UserMessage:Transfer 5",
            "AssistantMessage:",
            "ToolResultMessage",
            "UserMessage:Use the staging account",
            "AssistantMessage:Done 2.",
            "UserMessage:Then send a receipt",
            "AssistantMessage:Done 3."
          ],
          notDelivered: []
        })
        assert.strictEqual(late, "Ended")
      }),
    60_000
  )
})

/** A model that calls `wait` on its first request (its handler blocks until released), then answers `Done <n>.`. */
const model = DurableAgent.callThenAnswer("wait", "{}")

/** The tool `wait`: its handler says it `entered`, then waits until `release`. */
const waiting = Effect.gen(function*() {
  const entered = yield* Deferred.make<void>()
  const release = yield* Deferred.make<void>()
  const wait = Tool.handle(
    Tool.make("wait", { parameters: Schema.Struct({}) }),
    () => Effect.andThen(Deferred.succeed(entered, undefined), Effect.as(Deferred.await(release), "waited"))
  )
  return { entered, release, wait }
})

describe("durable runs steered in one process", () => {
  it.live("bounds, owners and the end; the live view shows the message where it was taken", () =>
    Effect.gen(function*() {
      const { entered, release, wait } = yield* waiting
      const agent = LanguageModel.durableLoop("steer-bounds", {
        tools: [wait],
        steering: { maxPending: 2, maxBytes: 200 }
      })
      const silent = LanguageModel.durableLoop("steer-none", { tools: [wait] })
      const reasonOf = <A>(effect: Effect.Effect<A, { readonly _tag: string; readonly reason?: string }, any>) =>
        Effect.match(effect, { onFailure: (error) => error.reason ?? error._tag, onSuccess: () => "ok" })
      const executionId = "bounded-run"
      yield* Effect.gen(function*() {
        yield* agent.run({ executionId, owner: "alice", messages: [Message.user("Go")] }, { discard: true })
        yield* Deferred.await(entered)
        const sends = [
          yield* reasonOf(agent.steer(executionId, "one", { owner: "alice", id: "m1" })),
          yield* reasonOf(agent.steer(executionId, "one again", { owner: "alice", id: "m1" })),
          yield* reasonOf(agent.queue(executionId, "two", { owner: "alice", id: "m2" })),
          yield* reasonOf(agent.steer(executionId, "three", { owner: "alice", id: "m3" })),
          yield* reasonOf(agent.steer(executionId, "x".repeat(300), { owner: "alice" })),
          // Nothing in it: a model's API refuses it (Anthropic's 400), which would end the run.
          yield* reasonOf(agent.queue(executionId, " \n", { owner: "alice" })),
          // No user message (what a browser sent, handed on): a defect before.
          yield* reasonOf(agent.steer(executionId, { text: "plain" } as any, { owner: "alice" })),
          yield* reasonOf(agent.steer(executionId, "hi", { owner: "mallory" })),
          yield* reasonOf(agent.steer("no-such-run", "hi", { owner: "alice" })),
          yield* reasonOf(silent.steer(executionId, "hi", { owner: "alice" }))
        ]
        assert.deepStrictEqual(sends, [
          "ok",
          "ok",
          "ok",
          "Full",
          "TooLarge",
          "Invalid",
          "Invalid",
          "NotFound",
          "NotFound",
          "NotFound"
        ])
        yield* Deferred.succeed(release, undefined)
        const done = yield* agent.run({ executionId, owner: "alice", messages: [] })
        assert.strictEqual(done.reason, "stop")
        const texts = done.messages.filter((message) => message._tag === "UserMessage").map((message) => message.text)
        assert.deepStrictEqual(texts, ["Go", "one", "two"])
        assert.strictEqual(yield* reasonOf(agent.steer(executionId, "late", { owner: "alice" })), "Ended")
        const view = yield* Stream.runCollect(yield* UIMessageStream.resume(executionId, { owner: "alice" }))
        const shown = view.filter((chunk) => chunk.type === "steering-message").map((chunk: any) => chunk.id)
        assert.deepStrictEqual(shown, ["m1", "m2"])
      }).pipe(
        Effect.provide(
          Layer.mergeAll(agent.layer, silent.layer).pipe(
            Layer.provideMerge(DurableLoop.layerMemory),
            Layer.provide(model)
          )
        ),
        Effect.provide(StreamStore.layerMemory())
      )
    }))

  it.live("a run that fails tells back the message it ends without, and takes no more", () =>
    Effect.gen(function*() {
      const { entered, release, wait } = yield* waiting
      // Step 1 calls `wait`; step 2 fails: the steered message was never sent to a model.
      const failing = DurableAgent.scriptedModel((_, n) =>
        n === 1
          ? Stream.fromIterable([
            DurableAgent.chunk(1, {
              tool_calls: [{ index: 0, id: "call_wait", type: "function", function: { name: "wait", arguments: "{}" } }]
            }),
            ...DurableAgent.end(1, "tool_calls")
          ])
          : Stream.fail(
            new ProviderError.InvalidRequestError({ provider: "openai", message: "the request was refused" })
          )
      )
      const agent = LanguageModel.durableLoop("steer-failing", { tools: [wait], steering: {} })
      const executionId = "failing-run"
      yield* Effect.gen(function*() {
        yield* agent.run({ executionId, owner: "alice", messages: [Message.user("Go")] }, { discard: true })
        yield* Deferred.await(entered)
        yield* agent.queue(executionId, "Then tidy up", { owner: "alice", id: "q1" })
        yield* Deferred.succeed(release, undefined)
        const error = yield* Effect.flip(agent.run({ executionId, owner: "alice", messages: [] }))
        assert.strictEqual(error._tag, "InvalidRequestError")
        const late = yield* Effect.flip(agent.steer(executionId, "late", { owner: "alice" }))
        assert.strictEqual(late._tag === "SteeringError" && late.reason, "Ended")
        const view = yield* Stream.runCollect(yield* UIMessageStream.resume(executionId, { owner: "alice" }))
        const told = view.find((chunk) => chunk.type === "data-steering-not-delivered") as any
        assert.deepStrictEqual(told?.data, { id: "q1", kind: "queue", reason: "error" })
        assert.strictEqual(view.at(-1)!.type, "error")
      }).pipe(
        Effect.provide(agent.layer.pipe(Layer.provideMerge(DurableLoop.layerMemory), Layer.provide(failing))),
        Effect.provide(StreamStore.layerMemory())
      )
    }))
})
