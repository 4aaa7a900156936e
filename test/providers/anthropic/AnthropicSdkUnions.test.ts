/**
 * The audit of Anthropic's streaming unions against the official SDK (`@anthropic-ai/sdk` 1.14.0,
 * `resources/messages/messages.ts` and `resources/beta/messages/messages.ts`): every member of
 * `RawMessageStreamEvent` / `BetaRawMessageStreamEvent`, of the content blocks a `content_block_start` carries
 * (`BetaContentBlock`, a superset of `ContentBlock`), of the deltas (`BetaRawContentBlockDelta`), of the stop reasons
 * (`BetaStopReason`) and of the usage objects (`BetaUsage`, `BetaMessageDeltaUsage`, `BetaIterationsUsage`), each a
 * payload typed by the SDK, streamed as a call streams it. The compiler checks that each union is covered whole.
 */
import type * as Beta from "@anthropic-ai/sdk/resources/beta/messages"
import type * as Messages from "@anthropic-ai/sdk/resources/messages"
import type * as Shared from "@anthropic-ai/sdk/resources/shared"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Result } from "effect"
import type { Anthropic, FinishReason, ProviderError } from "effect-llm-stream"
import { recorded } from "../../support/Collect.js"
import * as SdkAudit from "../../support/SdkAudit.js"

const model = "claude-sonnet-4-6"

/** Every field of `BetaUsage`, each a count or a value (none null). */
const startUsage: Beta.BetaUsage & Messages.Usage = {
  input_tokens: 10,
  output_tokens: 1,
  cache_read_input_tokens: 1000,
  cache_creation_input_tokens: 300,
  cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 200 },
  output_tokens_details: { thinking_tokens: 0 },
  server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
  service_tier: "priority",
  inference_geo: "us",
  speed: "fast",
  fallback_credit: { status: { type: "redeemed" } },
  iterations: null
}

const message = (usage: Beta.BetaUsage): Beta.BetaMessage => ({
  id: "msg_audit",
  type: "message",
  role: "assistant",
  model,
  content: [],
  container: null,
  context_management: null,
  diagnostics: null,
  stop_details: null,
  stop_reason: null,
  stop_sequence: null,
  usage
})

/** Every field of `BetaMessageDeltaUsage` (cumulative), none null. */
const deltaUsage: Beta.BetaMessageDeltaUsage & Messages.MessageDeltaUsage = {
  input_tokens: 10,
  output_tokens: 700,
  cache_read_input_tokens: 1000,
  cache_creation_input_tokens: 300,
  output_tokens_details: { thinking_tokens: 250 },
  server_tool_use: { web_search_requests: 3, web_fetch_requests: 2 },
  fallback_credit: { status: { type: "not_applied", reason: "expired" } },
  iterations: null
}

const messageDelta = (
  stop_reason: Beta.BetaStopReason | null,
  usage: Beta.BetaMessageDeltaUsage = deltaUsage
): Beta.BetaRawMessageDeltaEvent => ({
  type: "message_delta",
  delta: { stop_reason, stop_sequence: null, stop_details: null, container: null },
  context_management: { applied_edits: [] },
  usage
})

/** A stream of events as Anthropic sends them, each named by its type, streamed as a call streams it. */
const streamOf = (
  events: ReadonlyArray<Beta.BetaRawMessageStreamEvent | Messages.RawMessageStreamEvent>
) =>
  Effect.map(
    recorded(
      "anthropic",
      events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join(""),
      model
    ),
    (streamed) => ({ ...streamed, chunks: streamed.chunks as ReadonlyArray<Anthropic.AnthropicCallResponseChunk> })
  )

const blockStream = (
  block: Beta.BetaRawContentBlockStartEvent["content_block"],
  deltas: ReadonlyArray<Beta.BetaRawContentBlockDelta>,
  stop: Beta.BetaStopReason
): ReadonlyArray<Beta.BetaRawMessageStreamEvent> => [
  { type: "message_start", message: message(startUsage) },
  { type: "content_block_start", index: 0, content_block: block },
  ...deltas.map((delta): Beta.BetaRawContentBlockDeltaEvent => ({ type: "content_block_delta", index: 0, delta })),
  { type: "content_block_stop", index: 0 },
  messageDelta(stop),
  { type: "message_stop" }
]

const direct: Beta.BetaDirectCaller = { type: "direct" }

const citation: Beta.BetaCitationCharLocation = {
  type: "char_location",
  cited_text: "The sky is blue.",
  document_index: 0,
  document_title: null,
  start_char_index: 0,
  end_char_index: 16,
  file_id: null
}

/** What a block's stream leaves in the response. */
interface Row extends SdkAudit.Places {
  readonly block: Beta.BetaRawContentBlockStartEvent["content_block"]
  readonly deltas?: ReadonlyArray<Beta.BetaRawContentBlockDelta>
  readonly stop?: Beta.BetaStopReason
  /** The block as it goes back in the next request (default: as it started). */
  readonly sentBack?: unknown
}

const result = <T extends Beta.BetaContentBlock & { readonly tool_use_id: string }>(
  block: T
): Row & { readonly block: T } => ({
  block,
  serverToolResults: [[block.type, block.tool_use_id]]
})

/** Each member of `BetaContentBlock` (@anthropic-ai/sdk 1.14.0), with the deltas its kind takes. */
const blocks = {
  text: {
    block: { type: "text", text: "", citations: null },
    deltas: [
      { type: "text_delta", text: "The sky " },
      { type: "citations_delta", citation },
      { type: "text_delta", text: "is blue." }
    ],
    stop: "end_turn",
    text: "The sky is blue.",
    sentBack: { type: "text", text: "The sky is blue.", citations: [citation] }
  },
  thinking: {
    block: { type: "thinking", thinking: "", signature: "" },
    deltas: [
      { type: "thinking_delta", thinking: "Let me think.", estimated_tokens: null },
      // With `thinking.display: "omitted"` (beta `thinking-token-count-2026-05-13`): no text, a display hint.
      { type: "thinking_delta", thinking: "", estimated_tokens: 64 },
      { type: "signature_delta", signature: "EqQBCkYIBxgCKkA" }
    ],
    reasoning: "Let me think.",
    sentBack: { type: "thinking", thinking: "Let me think.", signature: "EqQBCkYIBxgCKkA" }
  },
  redacted_thinking: { block: { type: "redacted_thinking", data: "EmwKAhgBEgy3va3pzix" } },
  tool_use: {
    block: { type: "tool_use", id: "toolu_1", name: "get_weather", input: {}, caller: direct, toolset_name: null },
    deltas: [{ type: "input_json_delta", partial_json: "{\"city\":" }, {
      type: "input_json_delta",
      partial_json: "\"Paris\"}"
    }],
    stop: "tool_use",
    toolCalls: [["toolu_1", "get_weather", "{\"city\":\"Paris\"}"]],
    sentBack: {
      type: "tool_use",
      id: "toolu_1",
      name: "get_weather",
      input: { city: "Paris" },
      caller: direct,
      toolset_name: null
    }
  },
  server_tool_use: {
    block: { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: {}, caller: direct },
    deltas: [{ type: "input_json_delta", partial_json: "{\"query\":\"sky\"}" }],
    stop: "pause_turn",
    serverToolCalls: [["server_tool_use", "srvtoolu_1", "web_search", "{\"query\":\"sky\"}"]],
    sentBack: { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: { query: "sky" }, caller: direct }
  },
  web_search_tool_result: result({
    type: "web_search_tool_result",
    tool_use_id: "srvtoolu_1",
    caller: direct,
    content: [{
      type: "web_search_result",
      url: "https://a.example",
      title: "A",
      page_age: null,
      encrypted_content: "x"
    }]
  }),
  web_fetch_tool_result: result({
    type: "web_fetch_tool_result",
    tool_use_id: "srvtoolu_2",
    content: { type: "web_fetch_tool_result_error", error_code: "url_not_accessible" }
  }),
  advisor_tool_result: result({
    type: "advisor_tool_result",
    tool_use_id: "srvtoolu_3",
    content: { type: "advisor_result", text: "Check the units.", stop_reason: "end_turn" }
  }),
  code_execution_tool_result: result({
    type: "code_execution_tool_result",
    tool_use_id: "srvtoolu_4",
    content: { type: "code_execution_tool_result_error", error_code: "unavailable" }
  }),
  bash_code_execution_tool_result: result({
    type: "bash_code_execution_tool_result",
    tool_use_id: "srvtoolu_5",
    content: { type: "bash_code_execution_tool_result_error", error_code: "unavailable" }
  }),
  text_editor_code_execution_tool_result: result({
    type: "text_editor_code_execution_tool_result",
    tool_use_id: "srvtoolu_6",
    content: { type: "text_editor_code_execution_tool_result_error", error_code: "unavailable", error_message: null }
  }),
  tool_search_tool_result: result({
    type: "tool_search_tool_result",
    tool_use_id: "srvtoolu_7",
    content: { type: "tool_search_tool_result_error", error_code: "unavailable", error_message: null }
  }),
  mcp_tool_use: {
    block: { type: "mcp_tool_use", id: "mcptoolu_1", name: "echo", server_name: "srv", input: {} },
    deltas: [{ type: "input_json_delta", partial_json: "{\"x\":1}" }],
    serverToolCalls: [["mcp_tool_use", "mcptoolu_1", "echo", "{\"x\":1}"]],
    sentBack: { type: "mcp_tool_use", id: "mcptoolu_1", name: "echo", server_name: "srv", input: { x: 1 } }
  },
  mcp_tool_result: result({
    type: "mcp_tool_result",
    tool_use_id: "mcptoolu_1",
    is_error: false,
    content: [{ type: "text", text: "1", citations: null }]
  }),
  container_upload: { block: { type: "container_upload", file_id: "file_1" } },
  compaction: {
    block: { type: "compaction", content: null, encrypted_content: null },
    deltas: [{ type: "compaction_delta", content: "The user asked about the sky.", encrypted_content: "enc" }],
    stop: "compaction",
    sentBack: { type: "compaction", content: "The user asked about the sky.", encrypted_content: "enc" }
  },
  fallback: {
    block: {
      type: "fallback",
      from: { model: "claude-opus-4-8" },
      to: { model },
      trigger: { type: "refusal", category: "cyber" }
    }
  },
  mcp_tool_listing: {
    block: { type: "mcp_tool_listing", mcp_server_name: "srv", tools: [{ name: "echo", input_schema: {} }] }
  }
} satisfies { readonly [K in Beta.BetaContentBlock["type"]]: Row & { readonly block: { readonly type: K } } }

/**
 * Blocks that start with their text: the SDK's accumulator keeps the block as it started and appends each delta to it
 * (`lib/MessageStream.ts`), so the text a block starts with is the first of its text, and a thinking block's signature
 * covers the thinking it started with.
 */
const startedWhole: Readonly<Record<string, Row>> = {
  "text starting with its text": {
    block: { type: "text", text: "The sky ", citations: null },
    deltas: [{ type: "text_delta", text: "is blue." }],
    text: "The sky is blue.",
    sentBack: { type: "text", text: "The sky is blue." }
  },
  "thinking starting whole": {
    block: { type: "thinking", thinking: "Let me think.", signature: "EqQBCkYIBxgCKkA" },
    reasoning: "Let me think.",
    sentBack: { type: "thinking", thinking: "Let me think.", signature: "EqQBCkYIBxgCKkA" }
  }
}

/** Every block type and every delta type the SDK's unions name, the public API's (a subset) included. */
const _blocksCovered: SdkAudit.Covers<
  Exclude<Beta.BetaContentBlock["type"] | Messages.ContentBlock["type"], keyof typeof blocks>
> = true
const _deltasCovered: SdkAudit.Covers<
  Exclude<
    Beta.BetaRawContentBlockDelta["type"] | Messages.RawContentBlockDelta["type"],
    (typeof blocks)[keyof typeof blocks] extends infer R ?
      R extends { readonly deltas: ReadonlyArray<infer D> } ? D extends { readonly type: infer T } ? T : never
      : never
      : never
  >
> = true

describe("Anthropic against @anthropic-ai/sdk 1.14.0's streaming unions", () => {
  for (const [type, row] of Object.entries({ ...blocks, ...startedWhole }) as ReadonlyArray<[string, Row]>) {
    it.effect(`a ${type} block goes where it belongs`, () =>
      Effect.gen(function*() {
        const { chunks, response, result } = yield* streamOf(
          blockStream(row.block, row.deltas ?? [], row.stop ?? "end_turn")
        )
        assert.isTrue(Result.isSuccess(result), `stream failed: ${JSON.stringify(result)}`)
        // Every event is a chunk, its payload as sent.
        assert.strictEqual(chunks.length, 5 + (row.deltas ?? []).length)
        assert.deepStrictEqual(chunks[1]!.chunk, { type: "content_block_start", index: 0, content_block: row.block })
        SdkAudit.checkPlaces(response, row, [row.sentBack ?? row.block])
      }))
  }

  /** Each `BetaStopReason` (a superset of `StopReason`) and the common reason it is; the compiler asks for each. */
  const stops: { readonly [K in Beta.BetaStopReason | Messages.StopReason]: FinishReason.FinishReason } = {
    end_turn: "stop",
    stop_sequence: "stop",
    max_tokens: "length",
    model_context_window_exceeded: "length",
    tool_use: "tool_calls",
    refusal: "content_filter",
    // A pause: the turn goes back as it is, and the model continues it.
    pause_turn: "other",
    compaction: "other"
  }
  it.effect("every stop reason maps to its common one; one the SDK does not name is other, and kept", () =>
    SdkAudit.checkStops(stops, (raw) =>
      streamOf([
        { type: "message_start", message: message(startUsage) },
        messageDelta(raw as Beta.BetaStopReason),
        { type: "message_stop" }
      ])))

  /**
   * Each `ErrorType` (`resources/shared.d.ts`) and the error an in-stream `error` event of that type fails the stream
   * with (the status it stands for: 400, 402, 403, 404 invalid; 401 authentication; 429 rate limit; 409, 5xx, 529
   * unavailable, worth a retry); the compiler asks for each.
   */
  const errorTypes: { readonly [K in Shared.ErrorType]: ProviderError.ProviderError["_tag"] } = {
    invalid_request_error: "InvalidRequestError",
    authentication_error: "AuthenticationError",
    billing_error: "InvalidRequestError",
    permission_error: "AuthenticationError",
    not_found_error: "InvalidRequestError",
    rate_limit_error: "RateLimitError",
    timeout_error: "ProviderUnavailableError",
    api_error: "ProviderUnavailableError",
    overloaded_error: "ProviderUnavailableError",
    memory_precondition_failed_error: "ProviderUnavailableError",
    memory_path_conflict_error: "ProviderUnavailableError",
    conflict_error: "ProviderUnavailableError"
  }
  it.effect("an error event of every ErrorType fails the stream with its error, the type kept", () =>
    Effect.gen(function*() {
      const start = `event: message_start\ndata: ${
        JSON.stringify({ type: "message_start", message: message(startUsage) })
      }`
      for (const [type, tag] of Object.entries(errorTypes)) {
        const error: Shared.ErrorResponse = {
          type: "error",
          error: { type: type as Shared.ErrorType, message: "Failed." } as Shared.ErrorObject,
          request_id: "req_audit"
        }
        const { result } = yield* recorded(
          "anthropic",
          `${start}\n\nevent: error\ndata: ${JSON.stringify(error)}\n\n`,
          model
        )
        const failure = Result.isFailure(result) ? result.failure : undefined
        assert.strictEqual(failure?._tag, tag, type)
        assert.strictEqual(failure !== undefined && "errorType" in failure ? failure.errorType : undefined, type)
      }
    }))

  it.effect("every billed count of BetaUsage and BetaMessageDeltaUsage is counted", () =>
    Effect.gen(function*() {
      const { chunks, response, result } = yield* streamOf([
        { type: "message_start", message: message(startUsage) },
        messageDelta("end_turn"),
        { type: "message_stop" }
      ])
      assert.isTrue(Result.isSuccess(result))
      const usage = response.usage
      // `message_delta`'s counts are cumulative; `cache_creation` (its TTL split) comes in `message_start` only.
      assert.strictEqual(usage.inputTokens, 10 + 1000 + 300)
      assert.strictEqual(usage.cachedTokens, 1000)
      assert.strictEqual(usage.cacheWriteTokens, 300)
      assert.strictEqual(usage.cacheWrite1hTokens, 200)
      assert.strictEqual(usage.outputTokens, 700)
      assert.strictEqual(usage.reasoningTokens, 250)
      assert.strictEqual(usage.webSearchRequests, 3)
      assert.strictEqual(usage.webFetchRequests, 2)
      assert.strictEqual(response.costMetadata.tier, "priority")
      assert.strictEqual(response.costMetadata.region, "us")
      assert.strictEqual(response.costMetadata.speed, "fast")
      // `fallback_credit` (an outcome, not a count) is carried in the raw usage, as sent.
      assert.deepStrictEqual(chunks[1]!.usage?.["fallback_credit" as never], deltaUsage.fallback_credit as never)
    }))

  it.effect("every member of BetaIterationsUsage: the model asked's summed, another model's listed apart", () =>
    Effect.gen(function*() {
      const counts = { cache_read_input_tokens: 0, cache_creation_input_tokens: 0, cache_creation: null }
      const iterations: Beta.BetaIterationsUsage = [
        { ...counts, type: "message", model: null, input_tokens: 100, output_tokens: 50 },
        { ...counts, type: "compaction", input_tokens: 30, output_tokens: 20 },
        { ...counts, type: "advisor_message", model: "claude-opus-4-8", input_tokens: 7, output_tokens: 3 },
        { ...counts, type: "fallback_message", model: "claude-opus-4-7", input_tokens: 5, output_tokens: 4 },
        { ...counts, type: "message", model, input_tokens: 200, output_tokens: 60 }
      ]
      const { response, result } = yield* streamOf([
        { type: "message_start", message: message(startUsage) },
        messageDelta("end_turn", { ...deltaUsage, input_tokens: 300, output_tokens: 110, iterations }),
        { type: "message_stop" }
      ])
      assert.isTrue(Result.isSuccess(result))
      assert.strictEqual(response.usage.inputTokens, 100 + 30 + 200)
      assert.strictEqual(response.usage.outputTokens, 50 + 20 + 60)
      assert.deepStrictEqual(response.usage.byModel?.map((other) => [other.model, other.inputTokens]), [
        ["claude-opus-4-8", 7],
        ["claude-opus-4-7", 5]
      ])
    }))

  it.effect("a fallback-served turn: the serving model's tool-loop iterations are its own, not the model asked's", () =>
    Effect.gen(function*() {
      // `BetaFallbackMessageIterationUsage`: "A declined hop and the serving hop's earlier tool-loop iterations produce
      // `message` entries"; the serving hop's last is the `fallback_message`, naming the model that served.
      const counts = { cache_read_input_tokens: 0, cache_creation_input_tokens: 0, cache_creation: null }
      const served = "claude-opus-4-7"
      const iterations: Beta.BetaIterationsUsage = [
        { ...counts, type: "message", model, input_tokens: 100, output_tokens: 5 },
        { ...counts, type: "message", model: served, input_tokens: 120, output_tokens: 40 },
        { ...counts, type: "fallback_message", model: served, input_tokens: 180, output_tokens: 60 }
      ]
      const { response, result } = yield* streamOf([
        { type: "message_start", message: message(startUsage) },
        {
          type: "content_block_start",
          index: 0,
          content_block: {
            type: "fallback",
            from: { model },
            to: { model: served },
            trigger: { type: "refusal", category: "cyber" }
          }
        },
        { type: "content_block_stop", index: 0 },
        messageDelta("end_turn", { ...deltaUsage, input_tokens: 400, output_tokens: 105, iterations }),
        { type: "message_stop" }
      ])
      assert.isTrue(Result.isSuccess(result))
      assert.strictEqual(response.usage.inputTokens, 100)
      assert.strictEqual(response.usage.outputTokens, 5)
      assert.deepStrictEqual(
        response.usage.byModel?.map((other) => [other.model, other.inputTokens, other.outputTokens]),
        [[served, 120 + 180, 40 + 60]]
      )
    }))
})

void _blocksCovered
void _deltasCovered
