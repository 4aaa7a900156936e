/**
 * Hostile input against the UI message stream and the tool loop, over real loopback HTTP with both HTTP
 * clients where one is involved: many parallel tool calls (linear, not a scan per fragment), tool-call
 * arguments nested 8,000 deep (a typed error the model or the browser sees, never a stack overflow), hostile
 * chat requests (too deep, too many parts, too big: a 400 naming the problem) and stream ids that could name
 * other keys (a 400 from the resume route).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Result, Schema, Stream } from "effect"
import { Anthropic, LanguageModel, Message, OpenAI, Tool, UIMessageStream } from "effect-llm-stream"
import type * as HttpClient from "effect/http/HttpClient"
import { clients } from "../../../support/Clients.js"
import * as RawServer from "../../support/RawServer.js"

const sse = { "content-type": "text/event-stream" }

/** JSON nested `depth` deep. */
const deep = (depth: number) => `${"{\"a\":".repeat(depth)}1${"}".repeat(depth)}`

const chunk = RawServer.chatEvent

/** A response calling tools: each call one fragment with its id, name and whole arguments. */
const calling = (calls: ReadonlyArray<{ readonly id: string; readonly name: string; readonly arguments: string }>) =>
  [
    chunk({ role: "assistant", content: null }),
    ...calls.map((call, index) =>
      chunk({
        tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } }]
      })
    ),
    chunk({}, "tool_calls"),
    "data: [DONE]\n\n"
  ].join("")

const openai = (baseUrl: string, client: Layer.Layer<HttpClient.HttpClient>) =>
  OpenAI.model("gpt-4o").pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make("k"), baseUrl })),
    Layer.provide(client)
  )

/** A server answering every request with `bodies[n]` (the last one again when they run out). */
const serving = (bodies: ReadonlyArray<string>) => {
  let n = 0
  return RawServer.make((_, response) => {
    response.writeHead(200, sse)
    response.end(bodies[Math.min(n++, bodies.length - 1)])
  })
}

/**
 * `run` over `n / 4` items then `n`, measured in the CPU time this process spent (the work done, which other
 * processes on the machine do not lengthen, as they do the wall time): linear work takes about 4 times as much for
 * 4 times the items, a scan per item (quadratic) about 16 times; more than 8 fails. The large run is measured up
 * to three times and the least kept, so that a collection or a compilation landing in one does not fail it.
 */
const linearIn = <E, R>(n: number, run: (n: number) => Effect.Effect<void, E, R>) =>
  Effect.gen(function*() {
    const measured = (size: number) =>
      Effect.gen(function*() {
        const start = process.cpuUsage()
        yield* Effect.scoped(run(size))
        const spent = process.cpuUsage(start)
        return (spent.user + spent.system) / 1000
      })
    const small = yield* measured(n / 4)
    let large = yield* measured(n)
    for (let attempt = 1; attempt < 3 && large >= 8 * small + 100; attempt++) {
      large = Math.min(large, yield* measured(n))
    }
    assert.isBelow(
      large,
      8 * small + 100,
      `${n / 4} items: ${small.toFixed(0)} ms CPU, ${n}: ${large.toFixed(0)} ms CPU`
    )
  })

const uiChunks = (model: Layer.Layer<LanguageModel.LanguageModel>, tools?: ReadonlyArray<Tool.Tool>) =>
  Stream.runCollect(
    UIMessageStream.fromStream(LanguageModel.stream("hi"), { messageId: "m", ...(tools ? { tools } : {}) })
  ).pipe(Effect.provide(model), Effect.timeout("20 seconds"))

const lookup = Tool.handle(
  Tool.make("lookup", { parameters: Schema.Struct({ a: Schema.Unknown }) }),
  () => Effect.succeed("found")
)

for (const [clientName, client] of clients) {
  describe(`UI and tool-loop bounds (${clientName})`, () => {
    it.live("20,000 parallel tool calls stream in time linear in their number", () =>
      linearIn(20_000, (n) =>
        Effect.gen(function*() {
          const calls = Array.from({ length: n }, (_, i) => ({ id: `call_${i}`, name: "f", arguments: `{"i":${i}}` }))
          const server = yield* serving([calling(calls)])
          const chunks = yield* uiChunks(openai(server.origin, client))
          const available = chunks.filter((chunk) => chunk.type === "tool-input-available")
          assert.strictEqual(available.length, n)
          assert.deepStrictEqual(available[n - 1], {
            type: "tool-input-available",
            toolCallId: `call_${n - 1}`,
            toolName: "f",
            input: { i: n - 1 }
          })
        }))) // A scan of the calls per fragment took 13.7 s for 40,000, 1.3 s linear.

    it.live(
      "10,000 web searches the provider ran, with their results, stream in time linear in their number",
      () =>
        linearIn(10_000, (n) =>
          Effect.gen(function*() {
            const event = (data: object) =>
              `event: ${(data as { type: string }).type}\ndata: ${JSON.stringify(data)}\n\n`
            // Anthropic's server tool blocks (@anthropic-ai/sdk's ServerToolUseBlock, WebSearchToolResultBlock).
            const blocks = Array.from({ length: n }, (_, i) =>
              [
                event({
                  type: "content_block_start",
                  index: 2 * i,
                  content_block: { type: "server_tool_use", id: `srvtoolu_${i}`, name: "web_search", input: {} }
                }),
                event({ type: "content_block_stop", index: 2 * i }),
                event({
                  type: "content_block_start",
                  index: 2 * i + 1,
                  content_block: { type: "web_search_tool_result", tool_use_id: `srvtoolu_${i}`, content: [] }
                }),
                event({ type: "content_block_stop", index: 2 * i + 1 })
              ].join("")).join("")
            const start = event({
              type: "message_start",
              message: {
                id: "msg_1",
                type: "message",
                role: "assistant",
                model: "claude-sonnet-4-5",
                content: [],
                stop_reason: null,
                stop_sequence: null,
                usage: { input_tokens: 1, output_tokens: 1 }
              }
            })
            const end =
              event({ type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 2 } }) +
              event({ type: "message_stop" })
            const server = yield* serving([start + blocks + end])
            const model = Anthropic.model("claude-sonnet-4-5").pipe(
              Layer.provide(Anthropic.layer({ apiKey: Redacted.make("k"), baseUrl: server.origin })),
              Layer.provide(client)
            )
            const chunks = yield* uiChunks(model)
            const outputs = chunks.filter((chunk) => chunk.type === "tool-output-available")
            assert.strictEqual(outputs.length, n)
            assert.deepStrictEqual(outputs[n - 1], {
              type: "tool-output-available",
              toolCallId: `srvtoolu_${n - 1}`,
              output: [],
              providerExecuted: true
            })
          }))
      // A scan of the blocks and calls per event took over 8 s for 10,000, 0.5 s linear.
    )

    it.live("tool-call arguments nested 8,000 deep are a tool-input-error, and the response is served", () =>
      Effect.gen(function*() {
        const server = yield* serving([calling([{ id: "call_1", name: "lookup", arguments: deep(8000) }])])
        for (const tools of [undefined, [lookup]]) {
          const chunks = yield* uiChunks(openai(server.origin, client), tools)
          const error = chunks.find((chunk) => chunk.type === "tool-input-error")
          assert.strictEqual(error?.type === "tool-input-error" && error.toolCallId, "call_1")
          assert.include(error?.type === "tool-input-error" ? error.errorText : "", "nested deeper than 1000 levels")
          // Served as SSE: nothing in the chunks is too deep to serialise.
          const response = yield* UIMessageStream.toResponse(Stream.fromIterable(chunks))
          const text = yield* Effect.promise(() => response.text())
          assert.include(text, "tool-input-error")
        }
      }))

    it.live("the tool loop sends arguments nested 8,000 deep back to the model as an error result", () =>
      Effect.gen(function*() {
        const server = yield* serving([
          calling([{ id: "call_1", name: "lookup", arguments: deep(8000) }]),
          `${chunk({ role: "assistant", content: "Sorry." })}${chunk({}, "stop")}data: [DONE]\n\n`
        ])
        const events = yield* Stream.runCollect(
          LanguageModel.runTools({ messages: [Message.user("Look it up")], tools: [lookup] })
        ).pipe(Effect.provide(openai(server.origin, client)), Effect.timeout("20 seconds"))
        const result = events.find((event) => event._tag === "ToolResultEvent")
        assert.isTrue(result?._tag === "ToolResultEvent" && result.isError)
        const done = events[events.length - 1]
        assert.strictEqual(done?._tag, "DoneEvent")
      }))
  })
}

describe("Tool.decodeCall", () => {
  it("arguments nested 8,000 deep are an invalid-json ToolCallError", () => {
    const decoded = Tool.decodeCall([lookup], new Tool.ToolCall({ id: "c", name: "lookup", arguments: deep(8000) }))
    assert.isTrue(Result.isFailure(decoded))
    const error = Result.isFailure(decoded) ? decoded.failure : undefined
    assert.strictEqual(error?.reason, "invalid-json")
    assert.include(error?.message, "nested deeper than 1000 levels")
    // 1,000 levels are still arguments.
    assert.isTrue(
      Result.isSuccess(
        Tool.decodeCall([lookup], new Tool.ToolCall({ id: "c", name: "lookup", arguments: `{"a":${deep(998)}}` }))
      )
    )
  })
})

describe("UIMessageStream.toMessages refuses hostile bodies with a 400 naming the problem", () => {
  const request = (parts: ReadonlyArray<unknown>) => ({
    id: "chat",
    messages: [{ id: "u", role: "user", parts }],
    trigger: "submit-message"
  })
  const refused = (body: unknown) => Effect.flip(UIMessageStream.toMessages(body))

  it.effect("JSON nested 8,000 deep, as text or parsed", () =>
    Effect.gen(function*() {
      const nested = `{"id":"chat","messages":[{"id":"u","role":"user","parts":[{"type":"data-x","data":${
        deep(8000)
      }}]}]}`
      for (const body of [nested, JSON.parse(nested)]) {
        const error = yield* refused(body)
        assert.strictEqual(error._tag, "InvalidRequestError")
        assert.strictEqual(error.status, 400)
        assert.include(error.message, "nested deeper than 1000 levels")
      }
    }))

  it.effect("more than 100,000 parts", () =>
    Effect.gen(function*() {
      const parts = Array.from({ length: 100_001 }, () => ({ type: "text", text: "x" }))
      const error = yield* refused(request(parts))
      assert.strictEqual(error.status, 400)
      assert.strictEqual(error.parameter, "messages")
      assert.include(error.message, "100001 parts in all, over the limit of 100000")
    }))

  it.effect("a body over 64 MiB", () =>
    Effect.gen(function*() {
      const body = JSON.stringify(request([{ type: "text", text: "x".repeat(64 * 1024 * 1024) }]))
      const error = yield* refused(body)
      assert.strictEqual(error.status, 400)
      assert.include(error.message, "over the limit of 67108864")
    }))

  it.effect("a long value of the body's is echoed in the 400 cut short", () =>
    Effect.gen(function*() {
      const long = "x".repeat(10_000)
      const error = yield* refused(request([{ type: long }]))
      assert.strictEqual(error.parameter, "messages[0].parts[0].type")
      assert.strictEqual(error.status, 400)
      assert.isBelow(error.message.length, 1_000)
      assert.include(error.message, "xxx…")
    }))

  it.effect("a tool part whose input is 1,000 deep is still read", () =>
    Effect.gen(function*() {
      const input = JSON.parse(deep(990))
      const decoded = yield* UIMessageStream.toMessages({
        messages: [{
          role: "assistant",
          parts: [{ type: "tool-lookup", toolCallId: "c", state: "output-available", input, output: "found" }]
        }]
      }, { trustHistory: true })
      assert.strictEqual(decoded.messages.length, 2)
    }))
})

describe("UIMessageStream.resumeResponse", () => {
  it.effect("an id that could name another key is a 400, never a store request", () =>
    Effect.gen(function*() {
      for (const streamId of ["a:b", "*", "a\r\nFLUSHALL", "x".repeat(10_000)]) {
        const response = yield* UIMessageStream.resumeResponse(streamId, {
          init: { headers: { "access-control-allow-origin": "https://app.example" } }
        })
        assert.strictEqual(response.status, 400)
        // The caller's headers (CORS) come with the error too, as with every other answer.
        assert.strictEqual(response.headers.get("access-control-allow-origin"), "https://app.example")
        assert.strictEqual(response.headers.get("content-type"), "text/plain; charset=utf-8")
        const body = yield* Effect.promise(() => response.text())
        assert.include(body, "Not a stream id")
        assert.isAtMost(body.length, 300)
      }
    }))
})
