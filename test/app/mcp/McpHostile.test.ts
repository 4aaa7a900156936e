/**
 * The boundary against a hostile MCP server (`support/mcp/HostileServer.mjs`, over stdio and HTTP): a 64 MB
 * result is an error result naming `maxResultBytes` and grows this process by less than 32 MiB; malformed
 * JSON-RPC and a result that is not a `CallToolResult` fail that call with a typed `McpError` and the server
 * stays usable; a hung call hits `timeout`; a server that exits, closes its output or drops the connection fails
 * the call with an `McpError`, which the loop answers as `onToolError` says; no header or credential of the
 * transport reaches an error or a span.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Redacted, Result, Scope, Stream } from "effect"
import { LanguageModel, Mcp, Message, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Path from "node:path"
import * as LoopWire from "../../support/LoopWire.js"
import * as HostileServer from "../../support/mcp/HostileServer.mjs"
import * as RecordingTracer from "../../support/RecordingTracer.js"
import * as TestPaths from "../../support/TestPaths.js"

const script = Path.join(TestPaths.test, "support", "mcp", "HostileServer.mjs")
const stdio = { stdio: { command: process.execPath, args: [script, "stdio"] } }
const secret = "hostile-bearer-secret-42"
const scope = Effect.runSync(Scope.make())
let http: { readonly url: string; readonly close: () => Promise<void> }
let stdioTools: ReadonlyArray<Mcp.McpTool>
let httpTools: ReadonlyArray<Mcp.McpTool>

const inScope = <A, E>(effect: Effect.Effect<A, E, any>) =>
  Effect.runPromise(effect.pipe(Scope.provide(scope), Effect.provide(FetchHttpClient.layer)) as Effect.Effect<A, E>)

beforeAll(async () => {
  http = await HostileServer.startHttp()
  ;[stdioTools, httpTools] = await Promise.all([
    inScope(Mcp.tools({ transport: stdio, timeout: "2 seconds" })),
    inScope(Mcp.tools({
      transport: { http: { url: http.url, headers: { "x-company-token": Redacted.make(secret) } } },
      timeout: "2 seconds"
    }))
  ])
})

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await http.close()
})

const tool = (tools: ReadonlyArray<Mcp.McpTool>, name: string) => tools.find((candidate) => candidate.name === name)!

const call = (target: Mcp.McpTool) =>
  Effect.runPromise(
    Effect.result(target.handler({}, new Tool.ToolCall({ id: "c1", name: target.name, arguments: "{}" })))
  )

/** The call's result, and how much this process's heap and buffers grew at most while it ran. */
const measured = async (target: Mcp.McpTool) => {
  const used = () => {
    const memory = process.memoryUsage()
    return memory.heapUsed + memory.arrayBuffers
  }
  const before = used()
  let peak = before
  const timer = setInterval(() => (peak = Math.max(peak, used())), 1)
  try {
    const result = await call(target)
    return { result, growth: Math.max(peak, used()) - before }
  } finally {
    clearInterval(timer)
  }
}

describe("a hostile MCP server", () => {
  for (const [transport, tools] of [["stdio", () => stdioTools], ["http", () => httpTools]] as const) {
    it(`${transport}: a 64 MB result is an error result naming the bound, the process grows < 32 MiB`, async () => {
      const { growth, result } = await measured(tool(tools(), "huge"))
      assert.isTrue(Result.isSuccess(result))
      const answer = (result as Result.Success<unknown, never>).success as Message.ToolResultMessage
      assert.instanceOf(answer, Message.ToolResultMessage)
      assert.isTrue(answer.isError)
      assert.include(answer.content, "maxResultBytes")
      assert.isBelow(growth, 32 * 2 ** 20, `grew by ${(growth / 2 ** 20).toFixed(1)} MiB`)
      // The server stays usable.
      assert.deepStrictEqual(await call(tool(tools(), "ok")), Result.succeed("fine"))
    })

    it(`${transport}: malformed JSON-RPC and a result of the wrong shape fail the call with an McpError`, async () => {
      for (const name of ["malformed", "wrong_shape"]) {
        const result = await call(tool(tools(), name))
        assert.isTrue(Result.isFailure(result), name)
        const error = (result as Result.Failure<unknown, Mcp.McpError>).failure
        assert.instanceOf(error, Mcp.McpError)
        assert.strictEqual(error.reason, "Protocol")
        assert.notInclude(error.message + JSON.stringify(error), secret)
      }
      assert.deepStrictEqual(await call(tool(tools(), "ok")), Result.succeed("fine"))
    })
  }

  it("http: a dropped connection fails the call with an McpError; the secret header is in no error and no span", () =>
    Effect.gen(function*() {
      const tracer = yield* RecordingTracer.make
      const result = yield* Effect.result(
        tool(httpTools, "drop").handler({}, new Tool.ToolCall({ id: "c1", name: "drop", arguments: "{}" }))
      ).pipe(Effect.withTracer(tracer.tracer), Effect.withSpan("test"))
      assert.isTrue(Result.isFailure(result))
      const error = (result as Result.Failure<unknown, Mcp.McpError>).failure
      assert.strictEqual(error.reason, "Transport")
      assert.notInclude(error.message + JSON.stringify(error) + String(error), secret)
      const attributes = tracer.spans.flatMap((span) => [...span.attributes.entries()].map(String))
      assert.isTrue(attributes.some((attribute) => attribute.startsWith("http.request.header.x-company-token")))
      assert.notInclude(attributes.join("\n"), secret)
    }).pipe(Effect.provide(FetchHttpClient.layer)))
})

describe("a hung call of a tool's handler, called directly (not through the loop)", () => {
  it.live("fails with an McpError (Timeout) at the tool's timeout, as the loop words it; the server goes on", () =>
    Effect.gen(function*() {
      const transports = [stdio, { http: { url: http.url } }] as const
      yield* Effect.forEach(transports, (transport) =>
        Effect.gen(function*() {
          const tools = yield* Mcp.tools({ transport, timeout: "300 millis" })
          const hang = new Tool.ToolCall({ id: "c1", name: "hang", arguments: "{}" })
          const started = Date.now()
          // Bounded here too, so that a call the handler leaves unbounded fails this test rather than hanging it.
          const result = yield* Effect.result(tool(tools, "hang").handler({}, hang)).pipe(
            Effect.timeoutOption("5 seconds")
          )
          assert.isTrue(result._tag === "Some", "the call was not bounded")
          const outcome = (result as { readonly value: Result.Result<unknown, Mcp.McpError> }).value
          assert.isTrue(Result.isFailure(outcome))
          const error = (outcome as Result.Failure<unknown, Mcp.McpError>).failure
          assert.instanceOf(error, Mcp.McpError)
          assert.strictEqual(error.reason, "Timeout")
          assert.strictEqual(error.message, "tool hang did not answer within 300ms")
          assert.isBelow(Date.now() - started, 2_000)
          // The call was cancelled at the server, which answers the next one.
          assert.strictEqual(
            yield* tool(tools, "ok").handler({}, new Tool.ToolCall({ id: "c2", name: "ok", arguments: "{}" })),
            "fine"
          )
        }), { concurrency: "unbounded", discard: true })
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

describe("an MCP server of an older SDK", () => {
  it.effect("http: the revision it chooses (2025-06-18) is the one its later requests carry", () =>
    Effect.gen(function*() {
      const older = yield* Effect.acquireRelease(
        Effect.promise(() => HostileServer.startHttp("2025-06-18")),
        (server) => Effect.promise(() => server.close())
      )
      const tools = yield* Mcp.tools({ transport: { http: { url: older.url } } })
      assert.strictEqual(
        yield* tool(tools, "ok").handler({}, new Tool.ToolCall({ id: "c1", name: "ok", arguments: "{}" })),
        "fine"
      )
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

/** One scripted model step calling `name`, then an answer. */
const twoSteps = (name: string) => [
  LoopWire.scripted("openai", { calls: [{ id: "call_1", name, arguments: "{}" }] }, "1"),
  LoopWire.scripted("openai", { texts: ["Done."] }, "2")
]

const loop = (tools: ReadonlyArray<Tool.Tool>, onToolError: "continue" | "fail") =>
  LanguageModel.runTools({ messages: [Message.user("Go")], tools, onToolError }).pipe(Stream.runCollect)

describe("a hostile MCP server in the loop", () => {
  it.live("a hung call hits its timeout: an error result the model reads, and the loop goes on", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(twoSteps("hang"))
      const tools = yield* Mcp.tools({
        transport: { http: { url: http.url } },
        timeout: "300 millis",
        needsApproval: false
      })
      const events = yield* loop(tools, "fail").pipe(
        Effect.provide(LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer))
      )
      const result = events.find((event) => event._tag === "ToolResultEvent")!
      assert.isTrue(result.isError)
      // The loop's own answer, an error result under `onToolError: "fail"`: the handler leaves its bound to the loop.
      assert.strictEqual(result.message.content, "tool hang did not answer within 300ms")
      assert.strictEqual(events[events.length - 1]!._tag, "DoneEvent")
      // The server was told the call is cancelled, and answers the next one.
      assert.deepStrictEqual(
        yield* tool(tools, "ok").handler({}, new Tool.ToolCall({ id: "c2", name: "ok", arguments: "{}" })),
        "fine"
      )
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("a server that exits or closes its output: the loop goes on or ends as onToolError says", () =>
    Effect.gen(function*() {
      // Two servers, one per case, at once.
      const cases = [["exit", "continue"], ["close", "fail"]] as const
      yield* Effect.forEach(cases, ([name, onToolError]) =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const baseUrl = server.serve(twoSteps(name))
          // Servers of an older SDK, which answer with an earlier revision of the protocol.
          const tools = yield* Mcp.tools({
            transport: { stdio: { ...stdio.stdio, env: { MCP_REVISION: "2025-03-26" } } },
            needsApproval: false
          })
          const model = LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer)
          const exit = yield* Effect.exit(loop(tools, onToolError).pipe(Effect.provide(model)))
          if (onToolError === "continue") {
            assert.isTrue(Exit.isSuccess(exit))
            const events = (exit as unknown as Exit.Success<ReadonlyArray<LanguageModel.StepEvent>>).value
            const result = events.find((event) => event._tag === "ToolResultEvent")!
            assert.isTrue(result.isError)
            assert.include(result.message.content, "exited with code 7")
            assert.strictEqual(events[events.length - 1]!._tag, "DoneEvent")
          } else {
            assert.isTrue(Exit.isFailure(exit))
            const error = Exit.isFailure(exit) ? exit.cause.reasons[0] : undefined
            assert.strictEqual((error as any)?.error?._tag, "McpError")
            assert.include((error as any)?.error?.message, "closed its output")
          }
          // A later call fails at once, typed.
          const later = yield* Effect.flip(
            tool(tools, "ok").handler({}, new Tool.ToolCall({ id: "c3", name: "ok", arguments: "{}" }))
          )
          assert.strictEqual(later._tag, "McpError")
        }), { concurrency: 2 })
    }).pipe(Effect.scoped))
})
