import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Layer, Redacted, Result, Schema, Stream } from "effect"
import type { FinishReason } from "effect-llm-stream"
import {
  Anthropic,
  CallResponse,
  CallStream,
  Cost,
  CostMetadata,
  LanguageModel,
  Message,
  PriceTable,
  ProviderError,
  Tool,
  UIMessageStream
} from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type { HttpClient } from "effect/http"
import * as FastCheck from "fast-check"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as PiecesClient from "../../../support/PiecesClient.js"
import { collect, failureOf } from "../../support/Collect.js"
import { collecting, type LogLine } from "../../support/EndpointApp.js"
import * as RecordingTracer from "../../support/RecordingTracer.js"
import { nextQuestion, readResponse } from "../../support/UIClient.js"

const apiKey = "sk-ant-test-0123456789abcdef"
const sse = { "content-type": "text/event-stream; charset=utf-8", "request-id": "req_replay" }

interface Expected {
  readonly text: string
  readonly thinking: string
  readonly signature: string | null
  readonly toolUses: ReadonlyArray<{ index: number; id: string; name: string; input: string }>
  /** Blocks the API runs itself (`server_tool_use`, `mcp_tool_use`), in recordings that use server tools. */
  readonly serverToolUses?: ReadonlyArray<{ index: number; type: string; id: string; name: string; input: string }>
  readonly serverToolResults?: ReadonlyArray<{ index: number; type: string; tool_use_id: string }>
  readonly stopReason: string | null
  readonly id: string
  readonly model: string
  readonly startUsage: any
  readonly deltaUsage: any
  readonly eventCount: number
  readonly hasMessageStop: boolean
  readonly error: any
}

const modelLayer = (baseUrl: string, client: Layer.Layer<HttpClient.HttpClient>) =>
  Anthropic.model("claude-sonnet-4-0").pipe(
    Layer.provide(Anthropic.layer({ apiKey: Redacted.make(apiKey), baseUrl })),
    Layer.provide(client)
  )

/** The usage the call is billed for, computed here from the raw objects, independently of the library. */
const billedUsage = (expected: Expected) => {
  // A count the last `message_delta` leaves out (older streams send only `output_tokens` there) is the start's.
  const usage = {
    ...expected.startUsage,
    ...Object.fromEntries(Object.entries(expected.deltaUsage ?? {}).filter(([, value]) => value !== null))
  }
  // Another model's iterations (an advisor's) are not the call's own tokens.
  const own = (usage.iterations ?? []).filter((part: any) =>
    !["advisor_message", "fallback_message"].includes(part.type)
  )
  const parts: ReadonlyArray<any> = own.length > 0 ? own : [usage]
  const total = (field: string) => parts.reduce((sum, part) => sum + (part[field] ?? 0), 0)
  // A cache count no part reports is not known (a response a code-execution container opens with its call reports
  // only `input_tokens` and `output_tokens`).
  const reported = (field: string) => parts.some((part) => typeof part[field] === "number") ? total(field) : undefined
  return {
    inputTokens: total("input_tokens") + total("cache_read_input_tokens") + total("cache_creation_input_tokens"),
    cachedTokens: reported("cache_read_input_tokens"),
    cacheWriteTokens: reported("cache_creation_input_tokens"),
    outputTokens: total("output_tokens"),
    // The reasoning part of the output (`output_tokens_details.thinking_tokens`): summed when every part reports it,
    // else the usage object's own (the iterations carry no breakdown of their output).
    reasoningTokens: parts.every((part) => typeof part.output_tokens_details?.thinking_tokens === "number")
      ? parts.reduce((sum, part) => sum + part.output_tokens_details.thinking_tokens, 0)
      : usage.output_tokens_details?.thinking_tokens as number | undefined,
    // Requests of the server tools, for the whole call (`server_tool_use`).
    webSearchRequests: usage.server_tool_use?.web_search_requests as number | undefined,
    webFetchRequests: usage.server_tool_use?.web_fetch_requests as number | undefined
  }
}

const stopOf: Record<string, FinishReason.FinishReason> = {
  end_turn: "stop",
  max_tokens: "length",
  tool_use: "tool_calls",
  pause_turn: "other"
}

describe("Anthropic over HTTP, recorded streams", () => {
  for (const [clientName, client] of clients) {
    for (const name of Fixtures.streams("anthropic")) {
      it.effect(`${name} via ${clientName}`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const body = Fixtures.bytes("anthropic", `${name}.sse`)
          const expected = Fixtures.json<Expected>("anthropic", `${name}.expected.json`)
          const pings = Fixtures.text("anthropic", `${name}.sse`).split("\n").filter((line) => line === "event: ping")
            .length
          const baseUrl = server.serve({
            headers: sse,
            body,
            cuts: ReplayServer.randomCuts(body.length, name.length * 104729 + 3, 61)
          })
          const { chunks, result } = yield* collect(LanguageModel.stream("Recommend a fantasy book")).pipe(
            Effect.provide(modelLayer(baseUrl, client))
          )
          const typed = chunks as ReadonlyArray<Anthropic.AnthropicCallResponseChunk>
          // Every event but the keep-alives (and the error event) is a chunk.
          assert.strictEqual(chunks.length, expected.eventCount - pings - (expected.error ? 1 : 0))
          const response = chunks.reduce(CallResponse.append, CallResponse.empty)
          assert.strictEqual(response.provider, "anthropic")
          assert.strictEqual(response.content, expected.text)
          assert.strictEqual(typed.map((chunk) => chunk.thinking).join(""), expected.thinking)
          assert.strictEqual(typed.map((chunk) => chunk.signature).join(""), expected.signature ?? "")
          assert.strictEqual(response.id, expected.id)
          assert.strictEqual(response.model, expected.model)
          assert.deepStrictEqual(response.finishReasons, expected.stopReason === null ? [] : [expected.stopReason])
          assert.deepStrictEqual(
            response.commonFinishReasons,
            expected.stopReason === null ? [] : [stopOf[expected.stopReason]]
          )
          const usage = billedUsage(expected)
          assert.strictEqual(response.usage.inputTokens, usage.inputTokens)
          assert.strictEqual(response.usage.cachedTokens, usage.cachedTokens)
          assert.strictEqual(response.usage.cacheWriteTokens, usage.cacheWriteTokens)
          assert.strictEqual(response.usage.outputTokens, usage.outputTokens)
          assert.strictEqual(response.usage.reasoningTokens, usage.reasoningTokens)
          assert.strictEqual(response.usage.webSearchRequests, usage.webSearchRequests)
          assert.strictEqual(response.usage.webFetchRequests, usage.webFetchRequests)
          // Only `tool_use` blocks are calls for the program; the API's own tool calls and their results
          // are kept apart, whole.
          assert.deepStrictEqual(
            response.toolCalls.map((call) => ({ id: call.id, name: call.name, arguments: call.arguments })),
            expected.toolUses.map((tool) => ({ id: tool.id, name: tool.name, arguments: tool.input }))
          )
          assert.deepStrictEqual(
            response.serverToolCalls.map((call) => ({
              id: call.id,
              name: call.name,
              type: call.type,
              arguments: call.arguments
            })),
            (expected.serverToolUses ?? []).map((tool) => ({
              id: tool.id,
              name: tool.name,
              type: tool.type,
              arguments: tool.input
            }))
          )
          assert.deepStrictEqual(
            response.serverToolResults.map((result) => ({ type: result.type, toolUseId: result.toolUseId })),
            (expected.serverToolResults ?? []).map((result) => ({ type: result.type, toolUseId: result.tool_use_id }))
          )
          if (expected.hasMessageStop) {
            assert.isTrue(result._tag === "Success", `stream failed: ${JSON.stringify(result)}`)
            assert.strictEqual(typed[typed.length - 1]!.chunk.type, "message_stop")
          } else {
            const error = failureOf(result)
            assert.instanceOf(error, ProviderError.ProviderUnavailableError)
            assert.strictEqual(error.errorType, expected.error.error.type)
            // The event came with HTTP 200: the status `overloaded_error` stands for (529) is not reported.
            assert.strictEqual(error.status, undefined)
            assert.strictEqual(error.http, undefined)
            assert.include(error.message, expected.error.error.message)
            assert.isTrue(error.retryable)
          }
          const [request] = server.requests(baseUrl)
          assert.isTrue(request!.path.endsWith("/v1/messages"))
          assert.strictEqual(request!.headers["x-api-key"], apiKey)
          assert.strictEqual(request!.headers["anthropic-version"], "2023-06-01")
          const sent = JSON.parse(request!.body)
          assert.strictEqual(sent.stream, true)
          assert.strictEqual(sent.max_tokens, Anthropic.defaultMaxTokens)
          assert.deepStrictEqual(sent.messages, [{
            role: "user",
            content: [{ type: "text", text: "Recommend a fantasy book" }]
          }])
        }))
    }
  }
})

const streamOf = (baseUrl: string, client = clients[0]![1]) =>
  collect(LanguageModel.stream("hi")).pipe(Effect.provide(modelLayer(baseUrl, client)))

describe("Anthropic errors", () => {
  for (const [clientName, client] of clients) {
    it.effect(`HTTP 401 is an authentication error with the body's request id (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({
          status: 401,
          headers: { "content-type": "application/json", "x-should-retry": "false" },
          body: Fixtures.bytes("anthropic", "http-401.json")
        })
        const error = failureOf((yield* streamOf(baseUrl, client)).result)
        assert.instanceOf(error, ProviderError.AuthenticationError)
        assert.strictEqual(error.errorType, "authentication_error")
        assert.include(error.message, "invalid x-api-key")
        assert.notInclude(String(error) + JSON.stringify(error), apiKey)
      }))
  }

  it.effect("HTTP 404 is an invalid request naming the model", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ status: 404, body: Fixtures.bytes("anthropic", "http-404.json") })
      const error = failureOf((yield* streamOf(baseUrl)).result)
      assert.instanceOf(error, ProviderError.InvalidRequestError)
      assert.strictEqual(error.errorType, "not_found_error")
      assert.include(error.message, "this-model-does-not-exist")
    }))

  it.effect("HTTP 529 is a retryable unavailability", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ status: 529, body: Fixtures.bytes("anthropic", "http-529.json") })
      const error = failureOf((yield* streamOf(baseUrl)).result)
      assert.instanceOf(error, ProviderError.ProviderUnavailableError)
      assert.strictEqual(error.errorType, "overloaded_error")
      assert.isTrue(error.retryable)
    }))

  it.effect("HTTP 429 carries the retry-after hint", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        status: 429,
        headers: { "retry-after": "12" },
        body:
          "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"}}"
      })
      const error = failureOf((yield* streamOf(baseUrl)).result)
      assert.instanceOf(error, ProviderError.RateLimitError)
      assert.strictEqual(error.retryAfterMillis, 12_000)
    }))

  it.effect("an error sent as data alone, without its event line (a proxy's), is the error it says", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      // The recorded stream with its event lines taken out, cut by an overloaded error.
      const text = Fixtures.text("anthropic", "text.sse").replace(/^event: .*\n/gm, "")
      const body = text.slice(0, text.indexOf("data: {\"type\":\"content_block_stop\"")) +
        "data: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"
      const { chunks, result } = yield* streamOf(server.serve({ headers: sse, body }))
      const error = failureOf(result)
      assert.instanceOf(error, ProviderError.ProviderUnavailableError)
      assert.strictEqual(error.message, "anthropic [overloaded_error]: Overloaded")
      assert.isAbove(chunks.length, 0)
    }))

  it.effect("a body without message_stop is a truncated stream after every chunk", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const text = Fixtures.text("anthropic", "text.sse")
      const body = text.slice(0, text.indexOf("event: message_stop"))
      const baseUrl = server.serve({ headers: sse, body, cuts: [50, 51, 400] })
      const { chunks, result } = yield* streamOf(baseUrl)
      assert.instanceOf(failureOf(result), ProviderError.TruncatedStreamError)
      const response = chunks.reduce(CallResponse.append, CallResponse.empty)
      assert.strictEqual(response.content, "4200 + 42 = 4242")
      assert.deepStrictEqual(response.finishReasons, ["end_turn"])
    }))

  it.effect("an event without data, and an unknown event whatever its data, are skipped: the stream decodes whole", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const events = Fixtures.text("anthropic", "text.sse").split("\n\n")
      const whole = yield* streamOf(server.serve({ headers: sse, body: events.join("\n\n") }))
      const body = [
        events[0],
        "event: future_event\ndata: ",
        events[1],
        "event: content_block_delta\ndata:",
        "event: another_future_event\ndata: not json at all",
        "data: ",
        ...events.slice(2)
      ].join("\n\n")
      const { chunks, result } = yield* streamOf(server.serve({ headers: sse, body, cuts: [40, 41, 700] }))
      assert.strictEqual(result._tag, "Success")
      assert.strictEqual(chunks.length, whole.chunks.length)
      const response = chunks.reduce(CallResponse.append, CallResponse.empty)
      assert.strictEqual(response.content, "4200 + 42 = 4242")
      assert.deepStrictEqual(response.finishReasons, ["end_turn"])
    }))

  it.effect("an error's code (error.details.error_code) is in its message; conflict_error is a retryable conflict", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const http = failureOf(
        (yield* streamOf(server.serve({
          status: 403,
          body: JSON.stringify({
            type: "error",
            error: {
              type: "permission_error",
              message: "Your organization is on hold.",
              details: { error_code: "organization_on_hold" }
            },
            request_id: "req_403"
          })
        }))).result
      )
      assert.instanceOf(http, ProviderError.AuthenticationError)
      assert.include(http.message, "Your organization is on hold. (error code: organization_on_hold)")
      const events = Fixtures.text("anthropic", "text.sse").split("\n\n")
      const conflict = JSON.stringify({
        type: "error",
        error: { type: "conflict_error", message: "A conflicting request is in flight.", details: { error_code: "x" } }
      })
      const body = [events[0], `event: error\ndata: ${conflict}`, ""].join("\n\n")
      const streamed = failureOf((yield* streamOf(server.serve({ headers: sse, body }))).result)
      assert.instanceOf(streamed, ProviderError.ProviderUnavailableError)
      assert.strictEqual(streamed.errorType, "conflict_error")
      assert.isTrue(streamed.retryable)
      assert.include(streamed.message, "A conflicting request is in flight. (error code: x)")
    }))

  it.effect("a known event violating its schema is a malformed payload; unknown events are skipped", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const events = Fixtures.text("anthropic", "text.sse").split("\n\n")
      const body = [
        events[0],
        "event: brand_new_event\ndata: {\"type\":\"brand_new_event\",\"x\":1}",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":\"zero\",\"delta\":{}}",
        ...events.slice(1)
      ].join("\n\n")
      const baseUrl = server.serve({ headers: sse, body })
      const { chunks, result } = yield* streamOf(baseUrl)
      const error = failureOf(result)
      assert.strictEqual(chunks.length, 1)
      assert.instanceOf(error, ProviderError.MalformedPayloadError)
      assert.include(error.message, "content_block_delta")
      assert.include(error.raw, "\"index\":\"zero\"")
    }))

  it.effect("a message_start of another message inside one is a malformed payload, not two answers merged", () =>
    Effect.gen(function*() {
      // A proxy that splices a retried answer into a cut one (vercel/ai issue #18331): the real tool-use stream up
      // to its call's second input fragment, then the whole real answer of another message.
      const server = yield* ReplayServer.make
      const cut = Fixtures.text("anthropic", "tool-use.sse")
      const first = cut.slice(0, cut.indexOf("event: content_block_delta", cut.indexOf("\"passwo")))
      const body = first + Fixtures.text("anthropic", "tool-loop-answer.sse")
      const baseUrl = server.serve({ headers: sse, body })
      const { chunks, result } = yield* streamOf(baseUrl)
      const error = failureOf(result)
      assert.instanceOf(error, ProviderError.MalformedPayloadError)
      assert.include(error.message, "msg_017XFa1GH7bCU9DpZk93UPQ5")
      assert.include(error.message, "msg_013zKrzHmx2EAPhcF2gQKQ4k")
      const response = chunks.reduce(CallResponse.append, CallResponse.empty)
      assert.strictEqual(response.id, "msg_013zKrzHmx2EAPhcF2gQKQ4k")
      assert.deepStrictEqual(response.toolCalls.map((call) => call.arguments), ["{\"passwo"])
    }))
})

describe("Anthropic request encoding", () => {
  it.effect("a system message later in the conversation stays where it is, for the models that take one there", () =>
    Effect.gen(function*() {
      // Anthropic's "Mid-conversation system messages" guide: Opus 4.8 and later, Sonnet and Haiku 5.5, Fable and
      // Mythos 5 and later take `{ role: "system" }` in `messages` right after a user turn, followed by an assistant
      // turn or nothing; older models answer 400 ("role 'system' is not supported on this model"). Preserved
      // thinking's prefix checks: a system prompt rebuilt invalidates every thinking block of the conversation.
      const server = yield* ReplayServer.make
      const send = (model: string, messages: ReadonlyArray<Message.Message>) => {
        const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("anthropic", "text.sse") })
        return Effect.gen(function*() {
          const client = yield* Anthropic.AnthropicClient
          yield* Stream.runDrain(client.stream({ model, system: "Be brief.", messages }))
          return JSON.parse(server.requests(baseUrl)[0]!.body)
        }).pipe(
          Effect.provide(Anthropic.layer({ apiKey: Redacted.make(apiKey), baseUrl })),
          Effect.provide(clients[0]![1])
        )
      }
      const conversation = [
        Message.system("Answer in French."),
        Message.user("Hi"),
        Message.assistant("Bonjour."),
        Message.user("The time?"),
        Message.system("It is now 14:05."),
        Message.system("Keep it short.")
      ]
      const kept = yield* send("claude-fable-5-2", conversation)
      assert.strictEqual(kept.system, "Be brief.\n\nAnswer in French.")
      assert.deepStrictEqual(kept.messages.slice(2), [
        { role: "user", content: [{ type: "text", text: "The time?" }] },
        {
          role: "system",
          content: [{ type: "text", text: "It is now 14:05." }, { type: "text", text: "Keep it short." }]
        }
      ])
      // The next turn appends: the system prompt and every earlier message unchanged.
      const next = yield* send("claude-fable-5-2", [
        ...conversation,
        Message.assistant("14 h 05."),
        Message.user("Merci")
      ])
      assert.strictEqual(next.system, kept.system)
      assert.deepStrictEqual(next.messages.slice(0, kept.messages.length), kept.messages)
      // Followed by a user turn, or on a model that does not take one there: in the system prompt, as before.
      const misplaced = yield* send("claude-opus-5-5", [...conversation.slice(0, 5), Message.user("Now?")])
      assert.strictEqual(misplaced.system, "Be brief.\n\nAnswer in French.\n\nIt is now 14:05.")
      for (const model of ["claude-sonnet-4-6", "claude-sonnet-5", "claude-opus-4-7"]) {
        const older = yield* send(model, conversation)
        assert.strictEqual(older.system, "Be brief.\n\nAnswer in French.\n\nIt is now 14:05.\n\nKeep it short.", model)
        assert.isFalse(older.messages.some((message: any) => message.role === "system"), model)
      }
      assert.isTrue(
        (yield* send("claude-opus-4-8", conversation)).messages.some((message: any) => message.role === "system")
      )
    }).pipe(Effect.scoped))

  it.effect("sends system, tools, tool choice, stop sequences, betas and merged tool results", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("anthropic", "text.sse") })
      const weather = Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) })
      yield* Effect.gen(function*() {
        const client = yield* Anthropic.AnthropicClient
        yield* Stream.runDrain(client.stream({
          model: "claude-sonnet-4-0",
          system: "Be brief.",
          messages: [
            Message.system("Answer in French."),
            Message.user("Weather in Paris and Lyon?"),
            Message.assistant("Checking.", {
              toolCalls: [
                new Tool.ToolCall({ id: "toolu_1", name: "get_weather", arguments: "{\"city\":\"Paris\"}" }),
                new Tool.ToolCall({ id: "toolu_2", name: "get_weather", arguments: "" })
              ]
            }),
            Message.toolResult({ toolCallId: "toolu_1", name: "get_weather", content: "18C" }),
            Message.toolResult({ toolCallId: "toolu_2", name: "get_weather", content: "unknown city", isError: true })
          ],
          maxTokens: 100,
          stopSequences: ["END"],
          tools: [weather],
          toolChoice: "required",
          extraBody: { thinking: { type: "enabled", budget_tokens: 1024 } }
        }))
      }).pipe(
        Effect.provide(Anthropic.layer({ apiKey: Redacted.make(apiKey), baseUrl, betas: ["a-2025", "b-2026"] })),
        Effect.provide(clients[1]![1])
      )
      const [request] = server.requests(baseUrl)
      assert.strictEqual(request!.headers["anthropic-beta"], "a-2025,b-2026")
      assert.deepStrictEqual(JSON.parse(request!.body), {
        model: "claude-sonnet-4-0",
        max_tokens: 100,
        messages: [
          { role: "user", content: [{ type: "text", text: "Weather in Paris and Lyon?" }] },
          {
            role: "assistant",
            content: [
              { type: "text", text: "Checking." },
              { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
              { type: "tool_use", id: "toolu_2", name: "get_weather", input: {} }
            ]
          },
          {
            role: "user",
            content: [
              { type: "tool_result", tool_use_id: "toolu_1", content: "18C" },
              { type: "tool_result", tool_use_id: "toolu_2", content: "unknown city", is_error: true }
            ]
          }
        ],
        system: "Be brief.\n\nAnswer in French.",
        stop_sequences: ["END"],
        tools: [{
          name: "get_weather",
          input_schema: {
            type: "object",
            required: ["city"],
            properties: { city: { type: "string" } },
            additionalProperties: false
          }
        }],
        tool_choice: { type: "any" },
        thinking: { type: "enabled", budget_tokens: 1024 },
        stream: true
      })
    }))
})

describe("Anthropic semantics", () => {
  const decode = Schema.decodeUnknownSync(Anthropic.AnthropicCallResponseChunkFromPayload)

  it.effect("what the API did to the request's thinking blocks is read from message_start, a fallback's replacing it", () =>
    Effect.gen(function*() {
      // `@anthropic-ai/sdk` 1.14, resources/beta/messages/messages.ts: `BetaRawMessageStartEvent.message` and
      // `BetaRawMessageDeltaEvent` carry `input_transformations?: Array<BetaInputTransformation> | null`, entries
      // `{ type: "thinking_dropped" | "thinking_mismatch_allowed", path, reason }` (Anthropic's "Preserved thinking").
      const dropped = { type: "thinking_dropped", path: "messages.1.content.0", reason: "prefix_binding_mismatch" }
      const later = { type: "thinking_dropped", path: "messages.3.content.0", reason: "model_binding_mismatch" }
      const events = [
        {
          type: "message_start",
          message: {
            id: "msg_1",
            model: "claude-fable-5-2",
            role: "assistant",
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: 9, output_tokens: 1 },
            input_transformations: [dropped, "not an entry", { path: "no type" }]
          }
        },
        { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
        { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hi" } },
        { type: "content_block_stop", index: 0 },
        {
          type: "message_delta",
          delta: { stop_reason: "end_turn", stop_sequence: null },
          usage: { output_tokens: 2 },
          input_transformations: [later]
        },
        { type: "message_stop" }
      ]
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        headers: sse,
        body: events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join("")
      })
      const recording = yield* RecordingTracer.make
      const lines: Array<LogLine> = []
      const { chunks } = yield* collect(LanguageModel.stream("x")).pipe(
        Effect.provide(Layer.merge(modelLayer(baseUrl, clients[0]![1]), collecting(lines))),
        Effect.withTracer(recording.tracer)
      )
      const typed = chunks as ReadonlyArray<Anthropic.AnthropicCallResponseChunk>
      const entry = (raw: typeof dropped) => ({ kind: raw.type, path: raw.path, reason: raw.reason })
      assert.deepStrictEqual(typed[0]!.inputTransformations, [entry(dropped)])
      assert.deepStrictEqual(typed.find((chunk) => chunk.chunk.type === "message_delta")!.inputTransformations, [
        entry(later)
      ])
      assert.isUndefined(typed.find((chunk) => chunk.chunk.type === "content_block_delta")!.inputTransformations)
      // The response has the latest list; the call logs it once as a warning and puts it on its span.
      const response = chunks.reduce(CallResponse.append, CallResponse.empty)
      assert.deepStrictEqual(response.inputTransformations, [entry(later)])
      const warnings = lines.filter((line) => line.level === "Warn" && line.message.includes("input"))
      assert.strictEqual(warnings.length, 1)
      assert.include(warnings[0]!.message, "thinking_dropped messages.3.content.0")
      const span = recording.spans.find((candidate) => candidate.name === "chat claude-sonnet-4-0")!
      assert.strictEqual(
        span.attributes.get("effect_llm_stream.input_transformations"),
        "thinking_dropped messages.3.content.0"
      )
      // Without the beta, none is reported.
      assert.isUndefined(
        decode({ type: "message_start", message: { ...events[0]!.message, input_transformations: undefined } })
          .inputTransformations
      )
    }))

  it("maps every stop reason, unknown ones to other", () => {
    assert.strictEqual(Anthropic.toCommonFinishReason("end_turn"), "stop")
    assert.strictEqual(Anthropic.toCommonFinishReason("stop_sequence"), "stop")
    assert.strictEqual(Anthropic.toCommonFinishReason("max_tokens"), "length")
    assert.strictEqual(Anthropic.toCommonFinishReason("tool_use"), "tool_calls")
    assert.strictEqual(Anthropic.toCommonFinishReason("refusal"), "content_filter")
    assert.strictEqual(Anthropic.toCommonFinishReason("pause_turn"), "other")
    assert.strictEqual(Anthropic.toCommonFinishReason("model_context_window_exceeded"), "length")
    assert.strictEqual(Anthropic.toCommonFinishReason("__proto__"), "other")
  })

  it.effect("the usage is the model asked's, as reported; the advisor's tokens are listed apart and priced at its rates", () =>
    Effect.gen(function*() {
      // The SDK's `BetaIterationsUsage` (@anthropic-ai/sdk 1.14.0, resources/beta/messages/messages.d.ts): `message`
      // entries (the executor's sampling iterations, `model` null or its own) and an `advisor_message` entry
      // ("Token usage for an advisor sub-inference iteration", naming its model). The top level reports the
      // executor's tokens: 4,727 in, 3,391 out, where every iteration summed is 7,455 / 7,271 (issue 88).
      const iteration = { cache_read_input_tokens: 0, cache_creation_input_tokens: 0, cache_creation: null }
      const advisorUsage = { ...iteration, input_tokens: 2728, output_tokens: 3880 }
      const iterations = [
        { ...iteration, type: "message", model: null, input_tokens: 2100, output_tokens: 412 },
        { ...advisorUsage, type: "advisor_message", model: "claude-opus-4-8" },
        { ...iteration, type: "message", model: "claude-sonnet-4-6", input_tokens: 2627, output_tokens: 2979 }
      ]
      const startEvent = {
        type: "message_start",
        message: {
          id: "msg_1",
          type: "message",
          role: "assistant",
          model: "claude-sonnet-4-6",
          content: [],
          stop_reason: null,
          usage: { input_tokens: 2100, output_tokens: 1 }
        }
      }
      const deltaEvent = {
        type: "message_delta",
        delta: { stop_reason: "end_turn" },
        usage: { input_tokens: 4727, output_tokens: 3391, cache_read_input_tokens: 0, iterations }
      }
      // Over HTTP, as a call streams it.
      const server = yield* ReplayServer.make
      const body = [startEvent, deltaEvent, { type: "message_stop" }]
        .map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)
        .join("")
      const response = yield* CallStream.accumulate(LanguageModel.stream("Plan it")).pipe(
        Effect.provide(modelLayer(server.serve({ headers: sse, body }), clients[0]![1]))
      )
      assert.strictEqual(response.usage.inputTokens, 4727)
      assert.strictEqual(response.usage.outputTokens, 3391)
      assert.deepStrictEqual(response.usage.byModel, [{
        model: "claude-opus-4-8",
        inputTokens: 2728,
        cachedTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 3880
      }])
      // Each model at its own rates, added; the advisor's cost listed apart.
      const price = (model: string, fields: ConstructorParameters<typeof CostMetadata.CostMetadata>[0]) =>
        Result.getOrThrow(
          Cost.compute(
            Result.getOrThrow(PriceTable.bundled.lookup("anthropic", model)),
            new CostMetadata.CostMetadata(fields)
          )
        )
      const own = price("claude-sonnet-4-6", { inputTokens: 4727, cachedTokens: 0, outputTokens: 3391 })
      const advisor = price("claude-opus-4-8", { inputTokens: 2728, cachedTokens: 0, outputTokens: 3880 })
      const cost = Result.getOrThrow(response.costResult)
      assert.strictEqual(Cost.totalText(cost), Cost.totalText(Cost.add(own, advisor)))
      assert.strictEqual(cost.model, "claude-sonnet-4-6")
      assert.deepStrictEqual(cost.byModel?.map((other) => [other.model, Cost.totalText(other)]), [
        ["claude-opus-4-8", Cost.totalText(advisor)]
      ])
      assert.strictEqual(
        BigDecimal.format(cost.byModel![0]!.breakdown.output),
        BigDecimal.format(advisor.breakdown.output)
      )

      // A model the table does not price is a reason, not the call's price.
      const unknown = decode({
        ...deltaEvent,
        usage: { ...deltaEvent.usage, iterations: [iterations[0], { ...iterations[1], model: "claude-unreleased-9" }] }
      })
      const unpriced = [decode(startEvent), unknown].reduce(CallResponse.append, CallResponse.empty).costResult
      assert.isTrue(Result.isFailure(unpriced))
      if (Result.isFailure(unpriced)) {
        assert.strictEqual(unpriced.failure.reason, "unknown-model")
        assert.include(unpriced.failure.message, "claude-unreleased-9")
      }
    }))

  it("iterations without a breakdown: the reasoning and one-hour cache writes are the usage object's own", () => {
    // The SDK's `BetaMessageIterationUsage` has no `output_tokens_details`, and its `cache_creation` may be null
    // (@anthropic-ai/sdk 1.14.0, resources/beta/messages/messages.d.ts); `BetaUsage.output_tokens_details` still
    // breaks the call's output down.
    const delta = decode({
      type: "message_delta",
      delta: { stop_reason: "end_turn" },
      usage: {
        input_tokens: 100,
        cache_creation_input_tokens: 2000,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 2000 },
        output_tokens: 900,
        output_tokens_details: { thinking_tokens: 400 },
        iterations: [
          {
            type: "message",
            input_tokens: 60,
            cache_creation_input_tokens: 2000,
            cache_read_input_tokens: 0,
            cache_creation: null,
            output_tokens: 500
          },
          { type: "compaction", input_tokens: 30, output_tokens: 20 },
          {
            type: "message",
            input_tokens: 40,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
            cache_creation: null,
            output_tokens: 400
          }
        ]
      }
    })
    const usage = [delta].reduce(CallResponse.append, CallResponse.empty).usage
    assert.strictEqual(usage.inputTokens, 60 + 2000 + 30 + 40)
    assert.strictEqual(usage.outputTokens, 500 + 20 + 400)
    assert.strictEqual(usage.reasoningTokens, 400)
    assert.strictEqual(usage.cacheWrite1hTokens, 2000)
    // Where the iterations do say, theirs are summed.
    const broken = decode({
      type: "message_delta",
      delta: { stop_reason: "end_turn" },
      usage: {
        input_tokens: 10,
        output_tokens: 30,
        output_tokens_details: { thinking_tokens: 1 },
        iterations: [
          { type: "message", input_tokens: 4, output_tokens: 10, output_tokens_details: { thinking_tokens: 6 } },
          { type: "message", input_tokens: 6, output_tokens: 20, output_tokens_details: { thinking_tokens: 7 } }
        ]
      }
    })
    assert.strictEqual([broken].reduce(CallResponse.append, CallResponse.empty).usage.reasoningTokens, 13)
  })

  it("takes message_delta's cumulative usage over message_start's, never summing them", () => {
    const start = decode({
      type: "message_start",
      message: {
        id: "msg_1",
        model: "claude",
        usage: {
          input_tokens: 3,
          cache_creation_input_tokens: 12304,
          cache_read_input_tokens: 0,
          cache_creation: { ephemeral_5m_input_tokens: 12304, ephemeral_1h_input_tokens: 0 },
          output_tokens: 1
        }
      }
    })
    const delta = decode({
      type: "message_delta",
      delta: { stop_reason: "end_turn" },
      usage: { output_tokens: 550 }
    })
    const response = [start, delta].reduce(CallResponse.append, CallResponse.empty)
    assert.strictEqual(response.usage.inputTokens, 3 + 12304)
    assert.strictEqual(response.usage.cacheWriteTokens, 12304)
    assert.strictEqual(response.usage.cacheWrite1hTokens, 0)
    assert.strictEqual(response.usage.cachedTokens, 0)
    assert.strictEqual(response.usage.outputTokens, 550)
    assert.deepStrictEqual(response.finishReasons, ["end_turn"])
  })

  it.effect.prop(
    "accumulating any sequence of events equals folding append",
    [Schema.Array(Anthropic.AnthropicCallResponseChunk)],
    ([chunks]) =>
      Effect.gen(function*() {
        const accumulated = yield* CallStream.accumulate(Stream.fromIterable(chunks))
        // Folded from the same table: the one `accumulate` loads on first use (the other hosts' entries with it).
        const empty = CallResponse.emptyWith(yield* PriceTable.current)
        assert.deepStrictEqual(accumulated, chunks.reduce(CallResponse.append, empty))
      }),
    { arbitrary: { runs: 100, seed: 11 } }
  )

  it("decoding is invariant under re-chunking of the bytes", async () => {
    const body = Fixtures.bytes("anthropic", "cache-tokens.sse")
    const run = (pieces: ReadonlyArray<Uint8Array>) =>
      CallStream.accumulate(LanguageModel.stream("x")).pipe(
        Effect.provide(Anthropic.model("claude").pipe(Layer.provide(Anthropic.layer({ baseUrl: "http://replay" })))),
        Effect.provide(PiecesClient.layer(pieces)),
        Effect.runPromise
      )
    const whole = await run([body])
    assert.strictEqual(whole.content, "Hello! 👋")
    await FastCheck.assert(
      FastCheck.asyncProperty(
        FastCheck.uniqueArray(FastCheck.integer({ min: 1, max: body.length - 1 }), { maxLength: 40 }),
        async (cuts) => assert.deepStrictEqual(await run(ReplayServer.splitAt(body, cuts)), whole)
      ),
      { numRuns: 150, seed: 5 }
    )
  })
})

/**
 * The finished content blocks of a recorded stream, folded here from the raw events, independently of the
 * library: each block as it started, its text, thinking and signature appended, its citations collected,
 * its streamed input parsed (`{}` when empty), a compaction's summary set.
 */
const blocksOf = (sse: string): ReadonlyArray<Record<string, any>> => {
  const blocks: Array<Record<string, any>> = []
  const inputs = new Map<number, string>()
  for (const line of sse.split("\n")) {
    if (!line.startsWith("data: ")) continue
    const event = JSON.parse(line.slice(6))
    if (event.type === "content_block_start") blocks[event.index] = structuredClone(event.content_block)
    if (event.type === "content_block_delta") {
      const block = blocks[event.index]!
      const delta = event.delta
      if (delta.type === "text_delta") block["text"] += delta.text
      if (delta.type === "thinking_delta") block["thinking"] += delta.thinking
      if (delta.type === "signature_delta") block["signature"] = (block["signature"] ?? "") + delta.signature
      if (delta.type === "citations_delta") block["citations"] = [...(block["citations"] ?? []), delta.citation]
      // Each compaction_delta carries the block's final value (@anthropic-ai/sdk 1.14.0 `BetaMessageStream`).
      if (delta.type === "compaction_delta") {
        block["content"] = delta.content ?? null
        if ("encrypted_content" in delta) block["encrypted_content"] = delta.encrypted_content
      }
      if (delta.type === "input_json_delta") {
        inputs.set(event.index, (inputs.get(event.index) ?? "") + delta.partial_json)
      }
    }
    if (event.type === "content_block_stop" && inputs.has(event.index)) {
      const input = inputs.get(event.index)!
      blocks[event.index]!["input"] = input === "" ? {} : JSON.parse(input)
    }
  }
  return blocks
}

describe("Anthropic server tools", () => {
  it.effect("pause_turn: the paused turn goes back whole as the assistant's blocks, and the model continues", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const paused = Fixtures.text("anthropic", "pause-turn.sse")
      const continuation = Fixtures.text("anthropic", "pause-turn-continuation.sse")
      const baseUrl = server.serve([{ headers: sse, body: paused }, { headers: sse, body: continuation }])
      const model = modelLayer(baseUrl, clients[0]![1])
      const question = Message.user("What are the latest news in AI?")

      const first = yield* CallStream.accumulate(LanguageModel.stream({ messages: [question] })).pipe(
        Effect.provide(model)
      )
      assert.deepStrictEqual(first.finishReasons, ["pause_turn"])
      assert.deepStrictEqual(first.toolCalls, [])
      assert.strictEqual(first.serverToolCalls.length, 11)
      assert.strictEqual(first.serverToolResults.length, 10)

      // As Anthropic asks: the paused response, as it came, is the last message; no user turn after it.
      const second = yield* CallStream.accumulate(
        LanguageModel.stream({ messages: [question, CallResponse.toMessage(first)] })
      ).pipe(Effect.provide(model))
      const sent = JSON.parse(server.requests(baseUrl)[1]!.body)
      assert.strictEqual(sent.messages.length, 2)
      assert.strictEqual(sent.messages[1].role, "assistant")
      assert.strictEqual(sent.messages[1].content.length, 25)
      assert.deepStrictEqual(sent.messages[1].content, blocksOf(paused))

      // The continuation starts with the result of the call left without one.
      const unanswered = first.serverToolCalls.at(-1)!
      assert.isFalse(first.serverToolResults.some((result) => result.toolUseId === unanswered.id))
      assert.strictEqual(second.serverToolResults[0]!.toolUseId, unanswered.id)
      assert.strictEqual(
        second.content,
        Fixtures.json<Expected>("anthropic", "pause-turn-continuation.expected.json").text
      )
      assert.deepStrictEqual(second.finishReasons, ["end_turn"])
    }))

  it.effect("a compaction goes back with its summary (streamed in compaction_delta), not as the empty shell it started as", () =>
    Effect.gen(function*() {
      // `BetaCompactionBlockParam` (@anthropic-ai/sdk 1.14.0 resources/beta/messages/messages.d.ts): "round-trip these
      // blocks ... to maintain context"; one with null content is a failed compaction, "treated as no-op".
      const server = yield* ReplayServer.make
      const recorded = Fixtures.text("anthropic", "cache-tokens.sse")
      const baseUrl = server.serve([{ headers: sse, body: recorded }, { headers: sse, body: recorded }])
      const model = modelLayer(baseUrl, clients[0]![1])
      const question = Message.user("Now say hello.")
      const first = yield* CallStream.accumulate(LanguageModel.stream({ messages: [question] })).pipe(
        Effect.provide(model)
      )
      yield* CallStream.accumulate(LanguageModel.stream({
        messages: [question, CallResponse.toMessage(first), Message.user("Again.")]
      })).pipe(Effect.provide(model))
      const sent = JSON.parse(server.requests(baseUrl)[1]!.body)
      const compaction = sent.messages[1].content[0]
      assert.strictEqual(compaction.type, "compaction")
      assert.match(compaction.content, /^The user provided a very long context/)
      assert.deepStrictEqual(sent.messages[1], { role: "assistant", content: blocksOf(recorded) })
    }))

  it.effect("a compaction goes back with its summary from stored JSON and from the browser's message too", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const recorded = Fixtures.text("anthropic", "cache-tokens.sse")
      const baseUrl = server.serve([1, 2, 3, 4].map(() => ({ headers: sse, body: recorded })))
      const model = modelLayer(baseUrl, clients[0]![1])
      const question = Message.user("Now say hello.")
      // Stored as JSON and read back.
      const codec = Schema.toCodecJson(Schema.Array(Message.Message))
      const first = yield* CallStream.accumulate(LanguageModel.stream({ messages: [question] })).pipe(
        Effect.provide(model)
      )
      const stored = Schema.decodeUnknownSync(codec)(
        JSON.parse(JSON.stringify(Schema.encodeSync(codec)([question, CallResponse.toMessage(first)])))
      )
      yield* LanguageModel.stream({ messages: [...stored, Message.user("Again.")] }).pipe(
        Stream.runDrain,
        Effect.provide(model)
      )
      // The browser: the answer as the `ai` client keeps it, sent back with the next question.
      const { message } = yield* LanguageModel.stream({ messages: [question] }).pipe(
        UIMessageStream.fromStream(),
        UIMessageStream.toResponse(),
        Effect.flatMap((response) => Effect.promise(() => readResponse(response))),
        Effect.provide(model)
      )
      const request = yield* UIMessageStream.toMessages(nextQuestion("Now say hello.", message!, "Again."))
      yield* LanguageModel.stream({ messages: request.messages }).pipe(Stream.runDrain, Effect.provide(model))
      const [fromJson, fromBrowser] = [1, 3].map((at) => JSON.parse(server.requests(baseUrl)[at]!.body))
      for (const sent of [fromJson, fromBrowser]) {
        assert.deepStrictEqual(sent.messages[1], { role: "assistant", content: blocksOf(recorded) })
      }
    }).pipe(Effect.scoped))

  it.effect("a turn with a server tool and a client tool: only the client call is answered, the rest goes back", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const recorded = Fixtures.text("anthropic", "tool-search-client-tool.sse")
      const baseUrl = server.serve([{ headers: sse, body: recorded }, {
        headers: sse,
        body: Fixtures.text("anthropic", "text.sse")
      }])
      const model = modelLayer(baseUrl, clients[1]![1])
      const question = Message.user("What is the USD to EUR exchange rate?")
      const first = yield* CallStream.accumulate(LanguageModel.stream({ messages: [question] })).pipe(
        Effect.provide(model)
      )
      assert.deepStrictEqual(first.toolCalls.map((call) => call.name), ["get_exchange_rate"])
      assert.deepStrictEqual(first.serverToolCalls.map((call) => call.name), ["tool_search_tool_bm25"])
      const call = first.toolCalls[0]!
      yield* CallStream.accumulate(LanguageModel.stream({
        messages: [
          question,
          CallResponse.toMessage(first),
          Message.toolResult({ toolCallId: call.id, name: call.name, content: "0.92" })
        ]
      })).pipe(Effect.provide(model))
      const sent = JSON.parse(server.requests(baseUrl)[1]!.body)
      assert.deepStrictEqual(sent.messages[1], { role: "assistant", content: blocksOf(recorded) })
      assert.deepStrictEqual(sent.messages[2], {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: call.id, content: "0.92" }]
      })
    }))
})
