/**
 * A tool server's request for input (SEP-2322) in a durable loop on SQLite, against the official SDK 2.x server of
 * the input-request tests (`support/mcp/ModernServer.mjs`, its `deploy` tool asks to confirm in a form): the run
 * shows the form as a signed approval request in its live view and waits; `approve(executionId, callId, { approved,
 * content })` answers it as `Message.toolApproval` does in `runTools`: the call made again with the `inputResponses`
 * and the `requestState` as the server sent it; a decline and a cancel told to the server; content that does not
 * fit the form refused by `approve` against the form the run's journal holds (a typed failure naming the field, the
 * form still open, on a new engine too), content over 64 K refused by `approve`; an answer given twice taken once.
 * What the server needs to go on (its `requestState`) is kept in the run's journal: a new engine on a new connection
 * takes the answer. A call an approval edited, whose tool then asks its form, is made again as edited.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Layer, Scope } from "effect"
import { DurableLoop, LanguageModel, Mcp, Message, StreamStore } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { deployModel, deployTools } from "../../support/DeployTools.js"
import * as DurableAgent from "../../support/DurableAgent.js"
import { approvalRequests } from "../../support/LiveRequests.js"
import { logged } from "../../support/Logged.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"

const scope = Effect.runSync(Scope.make())
let http: Awaited<ReturnType<typeof ModernServer.startHttp>>
let loop: DurableLoop.DurableLoop<ReadonlyArray<Mcp.McpTool>, LanguageModel.LanguageModel>

beforeAll(async () => {
  http = await ModernServer.startHttp()
  loop = LanguageModel.durableLoop("durable-input", { tools: await deployTools(http.url, scope) })
})

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await http.close()
})

const filename = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-input-")), "runs.db")
/** The loop `of` (this file's, by default) on the SQLite file, with a store of its own. */
const layer = (of?: typeof loop) =>
  Layer.unwrap(Effect.sync(() => (of ?? loop).layer)).pipe(
    Layer.provideMerge(DurableLoop.layerSqlite({ filename, shardingConfig: DurableAgent.fastSharding })),
    Layer.provide(deployModel),
    Layer.provideMerge(StreamStore.layerMemory())
  )

const deployCalls = (env: string) =>
  http.requests.filter((request) =>
    request.body?.params?.name === "deploy" && request.body.params.arguments?.env === env
  )

/** Starts the run `env` and reads the form it asks from its live view. */
const asked = (env: string) =>
  Effect.gen(function*() {
    yield* loop.run({ executionId: env, messages: [Message.user(env)] }, { discard: true })
    const [request] = yield* approvalRequests(env, 1)
    return request!
  })

/** This file's loop made again on a new connection to the server (its layer: a new engine on the same file). */
const freshLoop = Effect.suspend(() =>
  Effect.map(
    Mcp.tools({
      transport: { http: { url: http.url } },
      elicitation: "approval",
      include: ["deploy"],
      needsApproval: false
    }),
    (tools) => LanguageModel.durableLoop("durable-input", { tools })
  )
)

/** The run's end: its reason and the tool's result. */
const ended = (env: string, of = loop) =>
  Effect.map(of.run({ executionId: env, messages: [] }), (done) => {
    const result = done.messages.find((message) => message._tag === "ToolResultMessage")
    return { reason: done.reason, result: result?._tag === "ToolResultMessage" ? result.content : undefined }
  })

describe("a durable run answers a tool server's request for input", () => {
  it.live(
    "accepted: the form in the live view, the call made again with the answer and the state",
    () =>
      Effect.gen(function*() {
        const request = yield* asked("prod")
        assert.strictEqual(request.toolCallId, "call_prod")
        assert.match(request.approvalId, /^a1\./, "signed")
        assert.deepStrictEqual((request as any).approvalDescriptor?.elicitation?.message, "Deploy to prod?")
        assert.strictEqual(deployCalls("prod").length, 1)
        yield* loop.approve("prod", "call_prod", {
          approved: true,
          content: { confirm: true },
          approvalId: request.approvalId
        })
        // Taken once: a second answer reaches nothing.
        yield* loop.approve("prod", "call_prod", { approved: false })
        assert.deepStrictEqual(yield* ended("prod"), { reason: "stop", result: "deployed to prod" })
        const [, again] = deployCalls("prod")
        assert.deepStrictEqual(again!.body.params.inputResponses, {
          confirm: { action: "accept", content: { confirm: true } }
        })
        assert.strictEqual(again!.body.params.requestState, "deploy:prod")
        assert.strictEqual(deployCalls("prod").length, 2)
      }).pipe(Effect.provide(layer())),
    60_000
  )

  it.live("declined and cancelled: the server is told which", () =>
    Effect.gen(function*() {
      const declined = yield* asked("staging")
      yield* loop.approve("staging", "call_staging", { approved: false, approvalId: declined.approvalId })
      assert.deepStrictEqual(yield* ended("staging"), { reason: "stop", result: "not deployed: decline" })
      const cancelled = yield* asked("dev")
      yield* loop.approve("dev", "call_dev", { approved: false, action: "cancel", approvalId: cancelled.approvalId })
      assert.deepStrictEqual(yield* ended("dev"), { reason: "stop", result: "not deployed: cancel" })
    }).pipe(Effect.provide(layer())), 60_000)

  it.live(
    "the form outlives its engine and its connection: the server's state comes from the run's journal",
    () =>
      Effect.gen(function*() {
        const request = yield* Effect.provide(asked("eu"), layer())
        // A new engine on the same file, a new server connection and a new store: nothing of the first in memory.
        const fresh = yield* freshLoop
        yield* Effect.gen(function*() {
          yield* fresh.approve("eu", "call_eu", {
            approved: true,
            content: { confirm: true },
            approvalId: request.approvalId
          })
          assert.deepStrictEqual(yield* ended("eu", fresh), { reason: "stop", result: "deployed to eu" })
          const [, again] = deployCalls("eu")
          assert.strictEqual(again!.body.params.requestState, "deploy:eu")
          assert.strictEqual(deployCalls("eu").length, 2)
        }).pipe(Effect.provide(layer(fresh)))
      }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)),
    60_000
  )

  it.live(
    "content that does not fit the form: refused by approve, naming the field, also on a new engine; then answered",
    () =>
      Effect.gen(function*() {
        const request = yield* Effect.provide(asked("qa"), layer())
        const told = "Your answer does not match what the form asks for in \"confirm\"."
        const misfit = (of: typeof loop) =>
          Effect.flip(of.approve("qa", "call_qa", {
            approved: true,
            content: { confirm: "yes" },
            approvalId: request.approvalId
          }))
        // Checked against the form as the run's journal holds it: a typed failure, nothing stored or run.
        const error = yield* Effect.provide(misfit(loop), layer())
        assert.deepInclude(error, { _tag: "DurableLoopError", reason: "InvalidRun", message: told })
        assert.strictEqual(deployCalls("qa").length, 1)
        // A new engine on the same file, a new connection to the server: the form still open, the same refusal.
        const fresh = yield* freshLoop
        yield* Effect.gen(function*() {
          assert.deepInclude(yield* misfit(fresh), { reason: "InvalidRun", message: told })
          // Over 64 K characters of JSON: refused before anything is stored.
          const huge = { confirm: "x".repeat(70_000) }
          const tooLong = yield* Effect.flip(fresh.approve("qa", "call_qa", { approved: true, content: huge }))
          assert.deepInclude(tooLong, { _tag: "DurableLoopError", reason: "InvalidRun" })
          yield* fresh.approve("qa", "call_qa", {
            approved: true,
            content: { confirm: true },
            approvalId: request.approvalId
          })
          assert.deepStrictEqual(yield* ended("qa", fresh), { reason: "stop", result: "deployed to qa" })
          assert.strictEqual(deployCalls("qa").length, 2)
        }).pipe(Effect.provide(layer(fresh)))
      }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)),
    60_000
  )
})

describe("a durable run: an answer given to a form before the tool asks it", () => {
  it.live(
    "values that do not fit, or an approval without values: dropped as the form asks, which waits, on a new engine too",
    () =>
      Effect.gen(function*() {
        const cases = [
          {
            env: "ahead",
            given: { content: { confirm: "yes" } },
            told: "Your answer does not match what the form asks for in \"confirm\"."
          },
          {
            env: "ahead2",
            given: {},
            told: "This question asks for the form's values, which this answer does not give."
          }
        ]
        const [requests, logs] = yield* logged(Effect.provide(
          Effect.forEach(
            cases,
            ({ env, given }) =>
              Effect.andThen(loop.approve(env, `call_${env}`, { approved: true, ...given }), asked(env))
          ),
          layer()
        ))
        // Nothing answered the form: the tool was called once, to ask it.
        for (const { env } of cases) assert.strictEqual(deployCalls(env).length, 1)
        // A new engine on the same file: the form still waits, and takes the person's answer.
        const fresh = yield* freshLoop
        yield* Effect.forEach(cases, ({ env }, at) =>
          Effect.gen(function*() {
            yield* fresh.approve(env, `call_${env}`, {
              approved: true,
              content: { confirm: true },
              approvalId: requests[at]!.approvalId
            })
            assert.deepStrictEqual(yield* ended(env, fresh), { reason: "stop", result: `deployed to ${env}` })
            assert.strictEqual(deployCalls(env).length, 2)
          })).pipe(Effect.provide(layer(fresh)))
        // The server's log says which check each answer failed.
        for (const { env, told } of cases) {
          assert.include(logs, `durable loop ${env}: the answer given to call_${env} before it asked was dropped`)
          assert.include(logs, told)
        }
      }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)),
    60_000
  )
})

describe("a durable run: an approval that edits the call, whose tool then asks a form", () => {
  it.live(
    "the form is asked of the call as edited; answered, the call runs once as edited",
    () =>
      Effect.gen(function*() {
        // `deploy` approved first (`needsApproval: "auto"`), then asking its form.
        const tools = yield* Mcp.tools({ transport: { http: { url: http.url } }, elicitation: "approval" })
        const approving = LanguageModel.durableLoop("durable-input-edit", { tools })
        yield* Effect.gen(function*() {
          yield* approving.run({ executionId: "teal", messages: [Message.user("teal")] }, { discard: true })
          const [approval] = yield* approvalRequests("teal", 1)
          yield* approving.approve("teal", "call_teal", {
            approved: true,
            approvalId: approval!.approvalId,
            input: { env: "amber" }
          })
          const [, form] = yield* approvalRequests("teal", 2)
          assert.deepStrictEqual((form as any).approvalDescriptor?.elicitation?.message, "Deploy to amber?")
          yield* approving.approve("teal", "call_teal", {
            approved: true,
            content: { confirm: true },
            approvalId: form!.approvalId
          })
          assert.deepStrictEqual(yield* ended("teal", approving), { reason: "stop", result: "deployed to amber" })
          assert.strictEqual(deployCalls("amber").length, 2)
          assert.strictEqual(deployCalls("teal").length, 0, "never called as the model made it")
          // The run's conversation holds the call as it ran.
          const done = yield* approving.run({ executionId: "teal", messages: [] })
          const calls = done.messages.flatMap((message) => message._tag === "AssistantMessage" ? message.toolCalls : [])
          assert.deepStrictEqual(calls.map((call) => JSON.parse(call.arguments)), [{ env: "amber" }])
        }).pipe(Effect.provide(layer(approving)))
      }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)),
    60_000
  )
})
