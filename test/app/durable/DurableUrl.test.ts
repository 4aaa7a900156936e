/**
 * A tool server's URL-mode elicitation in a durable run on SQLite, the process restarted between each pause and its
 * answer (a new engine, a new connection to the server), against the official SDK 1.x server of the URL tests
 * (`support/mcp/UrlServer.mjs`, its `deploy` failing with -32042 until the user has been to the page it names). The
 * live view (one store, as Redis is across processes) shows the question with the URL and its host; accepted before
 * the visit, the call is made again once and the server's new question is shown, its URL kept in the run's journal
 * across the next restart; visited and accepted, the call is made again and the run ends with its result.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"
import { DurableLoop, LanguageModel, Mcp, Message, StreamStore, UIMessageStream } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as DurableAgent from "../../support/DurableAgent.js"
import { approvalRequests } from "../../support/LiveRequests.js"
import * as UrlServer from "../../support/mcp/UrlServer.mjs"

const token = "durable-url-token"
let legacy: Awaited<ReturnType<typeof UrlServer.startLegacy>>

beforeAll(async () => {
  legacy = await UrlServer.startLegacy(token)
})

afterAll(async () => {
  await legacy.close()
})

const model = DurableAgent.callThenAnswer("deploy", JSON.stringify({ env: "blue" }))
const filename = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-url-")), "runs.db")

/** One process: its own connection to the server and its own engine on the SQLite file, closed at its end. */
const process = <A, E>(
  effect: (loop: DurableLoop.DurableLoop<ReadonlyArray<Mcp.McpTool>, LanguageModel.LanguageModel>) => Effect.Effect<
    A,
    E,
    any
  >
) =>
  Effect.gen(function*() {
    const tools = yield* Mcp.tools({
      transport: { http: { url: legacy.url, headers: { authorization: `Bearer ${token}` } } },
      elicitation: "approval",
      include: ["deploy"],
      needsApproval: false
    })
    const loop = LanguageModel.durableLoop("durable-url", { tools })
    return yield* effect(loop).pipe(
      Effect.provide(
        Layer.unwrap(Effect.sync(() => loop.layer)).pipe(
          Layer.provideMerge(DurableLoop.layerSqlite({ filename, shardingConfig: DurableAgent.fastSharding })),
          Layer.provide(model)
        )
      )
    )
  }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer))

const urlOf = (request: UIMessageStream.Chunk) => (request as any).approvalDescriptor?.elicitation?.url

describe("a durable run asks the user to open a URL", () => {
  it.live(
    "shown with its host; accepted early, asked again after a restart; visited and accepted, the call runs",
    () =>
      Effect.gen(function*() {
        legacy.state.visited.clear()
        const executionId = "url-restarted"
        const input = { executionId, messages: [Message.user("deploy")] }
        const first = yield* process((loop) =>
          Effect.andThen(loop.run(input, { discard: true }), Effect.map(approvalRequests(executionId, 1), ([r]) => r!))
        )
        assert.strictEqual(first.toolCallId, "call_deploy")
        assert.strictEqual(urlOf(first).host, "files.example.com")
        const calls = legacy.state.calls.length
        // Restarted: accepted before the visit, the call is made again once; the server asks again.
        const second = yield* process((loop) =>
          Effect.gen(function*() {
            yield* loop.approve(executionId, "call_deploy", {
              approved: true,
              content: {},
              approvalId: first.approvalId
            })
            return (yield* approvalRequests(executionId, 2))[1]!
          })
        )
        assert.strictEqual(legacy.state.calls.length, calls + 1)
        assert.notStrictEqual(second.approvalId, first.approvalId)
        assert.notStrictEqual(urlOf(second).href, urlOf(first).href)
        assert.strictEqual(urlOf(second).host, "files.example.com")
        // Restarted again: the user went to the page, then accepts.
        yield* Effect.promise(() => legacy.visit(urlOf(second).href))
        const done = yield* process((loop) =>
          Effect.andThen(
            loop.approve(executionId, "call_deploy", { approved: true, content: {}, approvalId: second.approvalId }),
            loop.run({ executionId, messages: [] })
          )
        )
        assert.strictEqual(done.reason, "stop")
        const results = done.messages.filter((message) => message._tag === "ToolResultMessage")
        assert.deepStrictEqual(results.map((result) => result.content), ["deployed to blue"])
        assert.strictEqual(legacy.state.calls.length, calls + 2)
        // The view read again from the start: both questions, each with its URL.
        const view = yield* Effect.flatMap(UIMessageStream.resume(executionId), (chunks) =>
          chunks.pipe(Stream.takeUntil((chunk) => chunk.type === "finish"), Stream.runCollect))
        const shown = Array.from(view).filter((chunk) =>
          chunk.type === "tool-approval-request"
        ).map(urlOf)
        assert.deepStrictEqual(shown.map((url) => url.href), [urlOf(first).href, urlOf(second).href])
      }).pipe(Effect.provide(StreamStore.layerMemory())),
    60_000
  )
})
