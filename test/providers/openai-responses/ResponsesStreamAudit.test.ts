/**
 * An audit of the Responses API stream against openai-node 7.59.0's own types
 * (`node_modules/openai/resources/responses/responses.d.ts`): every member of `ResponseStreamEvent`, every
 * `ResponseOutputItem` an `output_item.added`/`done` may carry, every `ResponseStatus` and
 * `Response.IncompleteDetails.reason`, and every count of `ResponseUsage`, each as a minimal payload of the SDK's type,
 * streamed through the real decoder (over HTTP, as a call streams it). Each table is keyed by the SDK's union of types,
 * so a member added to the SDK is a compile error here until it has a row.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { CallResponse, type FinishReason, LanguageModel, OpenAIResponses, ProviderError } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type * as SDK from "openai/resources/responses/responses"
import { clients } from "../../../support/Clients.js"
import { collect } from "../../support/Collect.js"

type Event = SDK.ResponseStreamEvent
type EventOf<K extends Event["type"]> = Omit<Extract<Event, { type: K }>, "sequence_number">
/** Any event as sent, without its number (the stream numbers them). */
type Sent = { readonly [K in Event["type"]]: EventOf<K> }[Event["type"]]
type Item = SDK.ResponseOutputItem
type ItemOf<K extends Item["type"]> = Extract<Item, { type: K }>

const response = (fields: Partial<SDK.Response> = {}): SDK.Response => ({
  id: "resp_audit",
  access_programs: null,
  output_text: "",
  created_at: 1_780_000_000,
  error: null,
  incomplete_details: null,
  instructions: null,
  metadata: null,
  model: "gpt-5.4",
  object: "response",
  output: [],
  parallel_tool_calls: true,
  temperature: null,
  tool_choice: "auto",
  tools: [],
  top_p: null,
  status: "completed",
  ...fields
})

const usage: SDK.ResponseUsage = {
  input_tokens: 1200,
  input_tokens_details: {
    cached_tokens: 1000,
    cache_write_tokens: 150,
    cache_write_tokens_details: { ttl_12h_tokens: 100, ttl_30m_tokens: 50 }
  },
  output_tokens: 300,
  output_tokens_details: { reasoning_tokens: 200 },
  total_tokens: 1500
}

/** A stream of `events`, numbered, between `response.created` and a terminal event (`response.completed`). */
const body = (events: ReadonlyArray<Sent>, end?: Sent) =>
  [
    { type: "response.created", response: response({ status: "in_progress" }) },
    ...events,
    end ?? { type: "response.completed", response: response({ usage }) }
  ].map((event, index) => `event: ${event.type}\ndata: ${JSON.stringify({ ...event, sequence_number: index })}\n\n`)
    .join("")

const streamed = (text: string) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body: text })
    const { chunks, result } = yield* collect(LanguageModel.stream("audit")).pipe(
      Effect.provide(
        OpenAIResponses.model("gpt-5.4").pipe(
          Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("sk-audit-0123456789"), baseUrl })),
          Layer.provide(clients[0]![1])
        )
      )
    )
    return { chunks, result, response: chunks.reduce(CallResponse.append, CallResponse.empty) }
  }).pipe(Effect.scoped)

const at = { item_id: "it_1", output_index: 0 }

/** What each event must add to the answer (beyond not failing it). */
interface Expected {
  readonly content?: string
  readonly reasoning?: string
  readonly refusal?: string
  readonly audioTranscript?: string
  readonly toolCalls?: number
  /** The item the event belongs to, added before it (a call's arguments stream into their call). */
  readonly inItem?: Item
}

/** Every streamed event but the lifecycle ones (the tests below) and the errors, with what it adds. */
const events: {
  readonly [
    K in Exclude<
      Event["type"],
      "response.created" | "response.completed" | "response.incomplete" | "response.failed" | "error"
    >
  ]: readonly [EventOf<K>, Expected]
} = {
  "response.queued": [{ type: "response.queued", response: response({ status: "queued" }) }, {}],
  "response.in_progress": [{ type: "response.in_progress", response: response({ status: "in_progress" }) }, {}],
  "response.output_text.delta": [
    { type: "response.output_text.delta", ...at, content_index: 0, delta: "Hi", logprobs: [] },
    { content: "Hi" }
  ],
  "response.output_text.done": [
    { type: "response.output_text.done", ...at, content_index: 0, text: "Hi", logprobs: [] },
    {}
  ],
  "response.output_text.annotation.added": [{
    type: "response.output_text.annotation.added",
    ...at,
    content_index: 0,
    annotation_index: 0,
    annotation: { type: "url_citation", url: "https://example.com", title: "E", start_index: 0, end_index: 1 }
  }, {}],
  "response.refusal.delta": [
    { type: "response.refusal.delta", ...at, content_index: 0, delta: "No." },
    { refusal: "No." }
  ],
  "response.refusal.done": [{ type: "response.refusal.done", ...at, content_index: 0, refusal: "No." }, {}],
  "response.content_part.added": [{
    type: "response.content_part.added",
    ...at,
    content_index: 0,
    part: { type: "output_text", text: "", annotations: [] }
  }, {}],
  "response.content_part.done": [{
    type: "response.content_part.done",
    ...at,
    content_index: 0,
    part: { type: "output_text", text: "Hi", annotations: [] }
  }, {}],
  "response.reasoning_summary_part.added": [{
    type: "response.reasoning_summary_part.added",
    ...at,
    summary_index: 0,
    part: { type: "summary_text", text: "" }
  }, {}],
  "response.reasoning_summary_part.done": [{
    type: "response.reasoning_summary_part.done",
    ...at,
    summary_index: 0,
    part: { type: "summary_text", text: "Think." }
  }, {}],
  "response.reasoning_summary_text.delta": [
    { type: "response.reasoning_summary_text.delta", ...at, summary_index: 0, delta: "Think." },
    { reasoning: "Think." }
  ],
  "response.reasoning_summary_text.done": [
    { type: "response.reasoning_summary_text.done", ...at, summary_index: 0, text: "Think." },
    {}
  ],
  "response.reasoning_text.delta": [
    { type: "response.reasoning_text.delta", ...at, content_index: 0, delta: "Raw." },
    { reasoning: "Raw." }
  ],
  "response.reasoning_text.done": [
    { type: "response.reasoning_text.done", ...at, content_index: 0, text: "Raw." },
    {}
  ],
  "response.function_call_arguments.delta": [
    { type: "response.function_call_arguments.delta", ...at, delta: "{}" },
    { toolCalls: 1, inItem: { type: "function_call", id: "it_1", call_id: "call_1", name: "f", arguments: "" } }
  ],
  "response.function_call_arguments.done": [
    { type: "response.function_call_arguments.done", ...at, arguments: "{}" },
    {}
  ],
  "response.custom_tool_call_input.delta": [
    { type: "response.custom_tool_call_input.delta", ...at, delta: "x" },
    {}
  ],
  "response.custom_tool_call_input.done": [
    { type: "response.custom_tool_call_input.done", ...at, input: "x" },
    {}
  ],
  "response.audio.delta": [{ type: "response.audio.delta", delta: "AAAA" }, {}],
  "response.audio.done": [{ type: "response.audio.done" }, {}],
  "response.audio.transcript.delta": [
    { type: "response.audio.transcript.delta", delta: "Hello" },
    { audioTranscript: "Hello" }
  ],
  "response.audio.transcript.done": [{ type: "response.audio.transcript.done" }, {}],
  "response.code_interpreter_call_code.delta": [
    { type: "response.code_interpreter_call_code.delta", ...at, delta: "1+1" },
    {}
  ],
  "response.code_interpreter_call_code.done": [
    { type: "response.code_interpreter_call_code.done", ...at, code: "1+1" },
    {}
  ],
  "response.code_interpreter_call.in_progress": [{ type: "response.code_interpreter_call.in_progress", ...at }, {}],
  "response.code_interpreter_call.interpreting": [{ type: "response.code_interpreter_call.interpreting", ...at }, {}],
  "response.code_interpreter_call.completed": [{ type: "response.code_interpreter_call.completed", ...at }, {}],
  "response.compaction.compacting": [{ type: "response.compaction.compacting", ...at }, {}],
  "response.file_search_call.in_progress": [{ type: "response.file_search_call.in_progress", ...at }, {}],
  "response.file_search_call.searching": [{ type: "response.file_search_call.searching", ...at }, {}],
  "response.file_search_call.completed": [{ type: "response.file_search_call.completed", ...at }, {}],
  "response.web_search_call.in_progress": [{ type: "response.web_search_call.in_progress", ...at }, {}],
  "response.web_search_call.searching": [{ type: "response.web_search_call.searching", ...at }, {}],
  "response.web_search_call.completed": [{ type: "response.web_search_call.completed", ...at }, {}],
  "response.image_generation_call.in_progress": [{ type: "response.image_generation_call.in_progress", ...at }, {}],
  "response.image_generation_call.generating": [{ type: "response.image_generation_call.generating", ...at }, {}],
  "response.image_generation_call.partial_image": [{
    type: "response.image_generation_call.partial_image",
    ...at,
    partial_image_b64: "iVBORw0KGgo=",
    partial_image_index: 0
  }, {}],
  "response.image_generation_call.completed": [{ type: "response.image_generation_call.completed", ...at }, {}],
  "response.mcp_call_arguments.delta": [{ type: "response.mcp_call_arguments.delta", ...at, delta: "{}" }, {}],
  "response.mcp_call_arguments.done": [{ type: "response.mcp_call_arguments.done", ...at, arguments: "{}" }, {}],
  "response.mcp_call.in_progress": [{ type: "response.mcp_call.in_progress", ...at }, {}],
  "response.mcp_call.completed": [{ type: "response.mcp_call.completed", ...at }, {}],
  "response.mcp_call.failed": [{ type: "response.mcp_call.failed", ...at }, {}],
  "response.mcp_list_tools.in_progress": [{ type: "response.mcp_list_tools.in_progress", ...at }, {}],
  "response.mcp_list_tools.completed": [{ type: "response.mcp_list_tools.completed", ...at }, {}],
  "response.mcp_list_tools.failed": [{ type: "response.mcp_list_tools.failed", ...at }, {}],
  "response.shell_call_command.added": [
    { type: "response.shell_call_command.added", output_index: 0, command: "ls", command_index: 0 },
    {}
  ],
  "response.shell_call_command.delta": [
    { type: "response.shell_call_command.delta", output_index: 0, delta: "ls", command_index: 0 },
    {}
  ],
  "response.shell_call_command.done": [
    { type: "response.shell_call_command.done", output_index: 0, command: "ls", command_index: 0 },
    {}
  ],
  "response.shell_call_output_content.delta": [{
    type: "response.shell_call_output_content.delta",
    ...at,
    command_index: 0,
    delta: { stdout: "a.txt", stderr: "" }
  }, {}],
  "response.shell_call_output_content.done": [{
    type: "response.shell_call_output_content.done",
    ...at,
    command_index: 0,
    output: [{ stdout: "a.txt", stderr: "", outcome: { type: "exit", exit_code: 0 } }]
  }, {}],
  "response.output_item.added": [{
    type: "response.output_item.added",
    output_index: 0,
    item: { type: "message", id: "msg_1", role: "assistant", status: "in_progress", content: [] }
  }, {}],
  "response.output_item.done": [{
    type: "response.output_item.done",
    output_index: 0,
    item: { type: "function_call", id: "fc_1", call_id: "call_1", name: "f", arguments: "{\"a\":1}" }
  }, { toolCalls: 1 }]
}

/** Where an output item goes: a call the program runs, a server tool's call (and result), or neither. */
type Goes = "tool call" | "server tool call" | "neither"

const search = { type: "search", query: "weather" } as const

/** Every kind of output item, as `output_item.added` and `.done` carry it, and where it goes. */
const items: { readonly [K in Item["type"]]: readonly [ItemOf<K>, Goes] } = {
  message: [{
    type: "message",
    id: "msg_1",
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text: "Hi", annotations: [] }]
  }, "neither"],
  reasoning: [{ type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "Think." }] }, "neither"],
  compaction: [{ type: "compaction", id: "cmp_1", encrypted_content: "gAAAA" }, "neither"],
  additional_tools: [{ type: "additional_tools", id: "at_1", role: "developer", tools: [] }, "neither"],
  function_call: [{ type: "function_call", call_id: "call_1", name: "f", arguments: "{}" }, "tool call"],
  custom_tool_call: [{ type: "custom_tool_call", call_id: "call_1", name: "grep", input: "x" }, "tool call"],
  computer_call: [{
    type: "computer_call",
    id: "cu_1",
    call_id: "call_1",
    pending_safety_checks: [],
    status: "completed",
    action: { type: "screenshot" }
  }, "tool call"],
  local_shell_call: [{
    type: "local_shell_call",
    id: "ls_1",
    call_id: "call_1",
    status: "completed",
    action: { type: "exec", command: ["ls"], env: {} }
  }, "tool call"],
  shell_call: [{
    type: "shell_call",
    id: "sh_1",
    call_id: "call_1",
    status: "completed",
    action: { commands: ["ls"], max_output_length: null, timeout_ms: null },
    environment: null
  }, "tool call"],
  apply_patch_call: [{
    type: "apply_patch_call",
    id: "ap_1",
    call_id: "call_1",
    status: "completed",
    operation: { type: "delete_file", path: "a.txt" }
  }, "tool call"],
  tool_search_call: [{
    type: "tool_search_call",
    id: "ts_1",
    call_id: "call_1",
    execution: "client",
    status: "completed",
    arguments: { query: "rates" }
  }, "tool call"],
  file_search_call: [
    { type: "file_search_call", id: "fs_1", queries: ["q"], status: "completed" },
    "server tool call"
  ],
  web_search_call: [{ type: "web_search_call", id: "ws_1", action: search, status: "completed" }, "server tool call"],
  code_interpreter_call: [{
    type: "code_interpreter_call",
    id: "ci_1",
    code: "1+1",
    container_id: "cntr_1",
    outputs: [{ type: "logs", logs: "2" }],
    status: "completed"
  }, "server tool call"],
  image_generation_call: [
    { type: "image_generation_call", id: "ig_1", result: "iVBORw0KGgo=", status: "completed" },
    "server tool call"
  ],
  mcp_call: [
    { type: "mcp_call", id: "mcp_1", arguments: "{}", name: "roll", server_label: "dice" },
    "server tool call"
  ],
  mcp_list_tools: [{ type: "mcp_list_tools", id: "mcpl_1", server_label: "dice", tools: [] }, "server tool call"],
  // The service asks before it runs an MCP server's call: the program answers it (`mcp_approval_response`).
  mcp_approval_request: [
    { type: "mcp_approval_request", id: "mcpr_1", arguments: "{}", name: "roll", server_label: "dice" },
    "tool call"
  ],
  program: [
    { type: "program", id: "prg_1", call_id: "call_p", code: "await f()", fingerprint: "fp" },
    "server tool call"
  ],
  // The outputs of calls (the service's, or earlier ones echoed back).
  function_call_output: [
    { type: "function_call_output", id: "fco_1", call_id: "call_1", output: "ok", status: "completed" },
    "server tool call"
  ],
  custom_tool_call_output: [
    { type: "custom_tool_call_output", id: "cto_1", call_id: "call_1", output: "ok", status: "completed" },
    "server tool call"
  ],
  computer_call_output: [{
    type: "computer_call_output",
    id: "cuo_1",
    call_id: "call_1",
    status: "completed",
    output: { type: "computer_screenshot", image_url: "https://example.com/s.png" }
  }, "server tool call"],
  local_shell_call_output: [{ type: "local_shell_call_output", id: "lso_1", output: "a.txt" }, "server tool call"],
  shell_call_output: [{
    type: "shell_call_output",
    id: "sho_1",
    call_id: "call_1",
    max_output_length: null,
    status: "completed",
    output: [{ stdout: "a.txt", stderr: "", outcome: { type: "exit", exit_code: 0 } }]
  }, "server tool call"],
  apply_patch_call_output: [
    { type: "apply_patch_call_output", id: "apo_1", call_id: "call_1", status: "completed" },
    "server tool call"
  ],
  tool_search_output: [{
    type: "tool_search_output",
    id: "tso_1",
    call_id: "call_1",
    execution: "server",
    status: "completed",
    tools: []
  }, "server tool call"],
  program_output: [
    { type: "program_output", id: "prgo_1", call_id: "call_p", result: "3", status: "completed" },
    "server tool call"
  ],
  mcp_approval_response: [
    { type: "mcp_approval_response", id: "mcpa_1", approval_request_id: "mcpr_1", approve: true },
    "server tool call"
  ]
}

type Reason = NonNullable<NonNullable<SDK.Response["incomplete_details"]>["reason"]>

/** Every reason a response is incomplete, as `response.incomplete` ends the stream with it. */
const incompleteReasons: { readonly [K in Reason]: FinishReason.FinishReason } = {
  max_output_tokens: "length",
  // A limit of the response reached: the answer is cut short as by its tokens.
  max_messages: "length",
  content_filter: "content_filter",
  // WebSocket steering stopped the response at a safe boundary for a successor: not an end of the answer.
  steered: "other"
}

/** Every status a response ends `response.completed` with, without incomplete details. */
const statuses: { readonly [K in Exclude<SDK.ResponseStatus, "failed">]: FinishReason.FinishReason } = {
  completed: "stop",
  incomplete: "other",
  cancelled: "other",
  in_progress: "other",
  queued: "other"
}

/**
 * Every code a `response.failed` names (`ResponseError.code`) and the error it fails the stream with: the request at
 * fault (its prompt, its images) is not worth a retry, a server's or the vector store's timeout is.
 */
const failureCodes: { readonly [K in SDK.ResponseError["code"]]: ProviderError.ProviderError["_tag"] } = {
  server_error: "ProviderUnavailableError",
  rate_limit_exceeded: "RateLimitError",
  invalid_prompt: "InvalidRequestError",
  data_residency_mismatch: "InvalidRequestError",
  bio_policy: "InvalidRequestError",
  misalignment_policy_violation: "InvalidRequestError",
  vector_store_timeout: "ProviderUnavailableError",
  invalid_image: "InvalidRequestError",
  invalid_image_format: "InvalidRequestError",
  invalid_base64_image: "InvalidRequestError",
  invalid_image_url: "InvalidRequestError",
  image_too_large: "InvalidRequestError",
  image_too_small: "InvalidRequestError",
  image_parse_error: "InvalidRequestError",
  image_content_policy_violation: "InvalidRequestError",
  invalid_image_mode: "InvalidRequestError",
  image_file_too_large: "InvalidRequestError",
  unsupported_image_media_type: "InvalidRequestError",
  empty_image_file: "InvalidRequestError",
  failed_to_download_image: "InvalidRequestError",
  image_file_not_found: "InvalidRequestError"
}

describe("Responses API stream audit (openai 7.59.0 ResponseStreamEvent)", () => {
  for (const [type, [event, expected]] of Object.entries(events)) {
    it.effect(`${type}: read without failing the stream, its content where it belongs`, () =>
      Effect.gen(function*() {
        const before = expected.inItem === undefined
          ? []
          : [{ type: "response.output_item.added" as const, output_index: 0, item: expected.inItem }]
        const { chunks, response: answer, result } = yield* streamed(body([...before, event as Sent]))
        assert.strictEqual(result._tag, "Success")
        // The event is kept as sent, as one chunk's payload.
        assert.isTrue(chunks.some((chunk: any) => chunk.chunk.type === type))
        assert.strictEqual(answer.content, expected.content ?? "")
        assert.strictEqual(answer.reasoning, expected.reasoning ?? "")
        assert.strictEqual(answer.refusal, expected.refusal ?? "")
        assert.strictEqual(answer.audioTranscript, expected.audioTranscript)
        assert.strictEqual(answer.toolCalls.length, expected.toolCalls ?? 0)
        assert.strictEqual(answer.usage.inputTokens, usage.input_tokens)
      }))
  }

  it.effect("error and response.failed fail the stream, typed, after the events before them", () =>
    Effect.gen(function*() {
      const delta: EventOf<"response.output_text.delta"> = {
        type: "response.output_text.delta",
        ...at,
        content_index: 0,
        delta: "Hi",
        logprobs: []
      }
      const error: EventOf<"error"> = { type: "error", code: "server_error", message: "Boom.", param: null }
      const failed: EventOf<"response.failed"> = {
        type: "response.failed",
        response: response({ status: "failed", error: { code: "server_error", message: "Boom." } })
      }
      for (const end of [error, failed]) {
        const { chunks, result } = yield* streamed(body([delta], end))
        assert.strictEqual(result._tag, "Failure")
        assert.isTrue(ProviderError.isProviderError(result._tag === "Failure" ? result.failure : undefined))
        assert.strictEqual(chunks.map((chunk) => chunk.content).join(""), "Hi")
      }
    }))

  for (const [code, tag] of Object.entries(failureCodes)) {
    it.effect(`response.failed with ${code} fails the stream with ${tag}, the code its type`, () =>
      Effect.gen(function*() {
        const failed: EventOf<"response.failed"> = {
          type: "response.failed",
          response: response({
            status: "failed",
            error: { code: code as SDK.ResponseError["code"], message: "Failed." }
          })
        }
        const { result } = yield* streamed(body([], failed))
        const failure = result._tag === "Failure" ? result.failure : undefined
        assert.strictEqual(failure?._tag, tag)
        assert.strictEqual(failure !== undefined && "errorType" in failure ? failure.errorType : undefined, code)
      }))
  }

  for (const [type, [item, goes]] of Object.entries(items)) {
    it.effect(`output item ${type}: added and done without failing the stream, going where it belongs`, () =>
      Effect.gen(function*() {
        const { response: answer, result } = yield* streamed(body([
          { type: "response.output_item.added", output_index: 0, item: item as Item },
          { type: "response.output_item.done", output_index: 0, item: item as Item }
        ]))
        assert.strictEqual(result._tag, "Success")
        assert.strictEqual(answer.toolCalls.length, goes === "tool call" ? 1 : 0)
        assert.strictEqual(answer.serverToolCalls.length, goes === "server tool call" ? 1 : 0)
        // The finished item is kept as sent, sent back with the turn.
        const message = CallResponse.toMessage(answer)
        assert.deepStrictEqual(message._tag === "AssistantMessage" ? message.content?.blocks : undefined, [item])
      }))
  }

  for (const [reason, common] of Object.entries(incompleteReasons)) {
    it.effect(`response.incomplete with incomplete_details.reason ${reason} finishes as ${common}`, () =>
      Effect.gen(function*() {
        const { response: answer, result } = yield* streamed(body([], {
          type: "response.incomplete",
          response: response({ status: "incomplete", incomplete_details: { reason: reason as Reason }, usage })
        }))
        assert.strictEqual(result._tag, "Success")
        assert.deepStrictEqual(answer.finishReasons, [reason])
        assert.deepStrictEqual(answer.commonFinishReasons, [common])
      }))
  }

  for (const [status, common] of Object.entries(statuses)) {
    it.effect(`a response ending with status ${status} finishes as ${common}, its raw reason kept`, () =>
      Effect.gen(function*() {
        const { response: answer } = yield* streamed(body([], {
          type: "response.completed",
          response: response({ status: status as SDK.ResponseStatus, usage })
        }))
        assert.deepStrictEqual(answer.finishReasons, [status])
        assert.deepStrictEqual(answer.commonFinishReasons, [common])
      }))
  }

  it.effect("a terminal event whose response has status failed fails the stream with its error, after its chunks", () =>
    Effect.gen(function*() {
      // `ResponseStatus` holds `failed` and `Response.error` "an error object returned when the model fails to generate
      // a Response": a response.completed (or .incomplete) carrying one is no answer, however it is named.
      const delta: EventOf<"response.output_text.delta"> = {
        type: "response.output_text.delta",
        ...at,
        content_index: 0,
        delta: "Hi",
        logprobs: []
      }
      for (const type of ["response.completed", "response.incomplete"] as const) {
        const { chunks, result } = yield* streamed(body([delta], {
          type,
          response: response({ status: "failed", error: { code: "server_error", message: "Boom." }, usage })
        }))
        const failure = result._tag === "Failure" ? result.failure : undefined
        assert.strictEqual(failure?._tag, "ProviderUnavailableError", type)
        assert.include(String(failure?.message), "Boom.")
        assert.strictEqual(chunks.map((chunk) => chunk.content).join(""), "Hi")
      }
    }))

  it.effect("every billed count of ResponseUsage is counted", () =>
    Effect.gen(function*() {
      const { response: answer } = yield* streamed(body([]))
      assert.deepInclude(answer.usage, {
        inputTokens: 1200,
        cachedTokens: 1000,
        cacheWriteTokens: 150,
        cacheWrite12hTokens: 100,
        outputTokens: 300,
        reasoningTokens: 200
      })
    }))
})
