/**
 * The wire schemas of a streamed Responses API call (OpenAI `POST /v1/responses`, Azure OpenAI
 * `/openai/v1/responses`): one schema per kind of streamed event, the `Response` object its lifecycle
 * events carry, and the usage. The schemas only validate: a valid event is kept as the provider sent it.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as Payload from "../../core/payload/Payload.js"
import { Nullable } from "../openai-compatible/ChatSchemas.js"

const sequence = { sequence_number: Schema.optionalKey(Schema.Finite) }

/**
 * The usage of a finished response: `input_tokens` (cached included, `input_tokens_details.cached_tokens`)
 * and `output_tokens` (reasoning included, `output_tokens_details.reasoning_tokens`).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ResponseUsage = Schema.Struct({
  input_tokens: Schema.Natural,
  input_tokens_details: Nullable(Schema.Struct({
    cached_tokens: Nullable(Schema.Natural),
    cache_write_tokens: Nullable(Schema.Natural),
    /** The writes by retention (openai-node 7.57 `CacheWriteTokensDetails`: `ttl_30m_tokens`, `ttl_12h_tokens`). */
    cache_write_tokens_details: Nullable(Schema.Struct({ ttl_12h_tokens: Nullable(Schema.Natural) }))
  })),
  output_tokens: Schema.Natural,
  output_tokens_details: Nullable(Schema.Struct({ reasoning_tokens: Nullable(Schema.Natural) })),
  total_tokens: Nullable(Schema.Natural)
})

/**
 * @since 0.2.0
 * @category Models
 */
export type ResponseUsage = typeof ResponseUsage.Type

/** The fields this library reads of a call: its item id, status, the call id its output names, its name. */
const callFields = {
  id: Nullable(Schema.String),
  status: Nullable(Schema.String),
  /** The call's id, which its `*_output` item names (`null` on a tool search the service ran). */
  call_id: Nullable(Schema.String),
  /** A function's or a custom tool's name. */
  name: Nullable(Schema.String)
}

/** A function call: the fields this library reads (every other field is kept as sent). */
export const FunctionCallItem = Schema.Struct({
  type: Schema.Literal("function_call"),
  ...callFields,
  arguments: Nullable(Schema.String)
})

export type FunctionCallItem = typeof FunctionCallItem.Type

/** The item types of the built-in tools the application may execute (see `Items`). */
const clientCallTypes = [
  "custom_tool_call",
  "computer_call",
  "local_shell_call",
  "shell_call",
  "apply_patch_call",
  "tool_search_call"
] as const

/**
 * A call of a built-in tool the application may execute (`computer_call`, `shell_call`, ...; a
 * `tool_search_call` is the application's when `execution` is `client`): the fields this library reads
 * (its input is read as any JSON; every other field is kept as sent).
 */
export const ClientCallItem = Schema.Struct({
  type: Schema.Literals(clientCallTypes),
  ...callFields,
  /** Who runs a tool search: `server` or `client`. */
  execution: Nullable(Schema.String)
})

export type ClientCallItem = typeof ClientCallItem.Type

/**
 * Any other item (a message, reasoning, a built-in tool the service ran, an item type newer than this
 * library): only its `type` is required, as the API's contract for an item of unknown kind is no more than
 * that. It is kept as sent, and read field by field where needed.
 */
export const OtherItem = Schema.Struct({
  type: Payload.otherThan(["function_call", ...clientCallTypes])
})

/**
 * One output item (`message`, `function_call`, `reasoning`, `web_search_call`, `mcp_call`, ...).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const OutputItem = Schema.Union([FunctionCallItem, ClientCallItem, OtherItem])

export type OutputItem = typeof OutputItem.Type

/**
 * What the hosted tools used, apart from `usage` (`Response.tool_usage`: the billable web searches, and the tokens
 * of the image generation tool, billed at the image model's rates). Counts a tool did not record are zero.
 *
 * @since 0.5.0
 * @category Schemas
 */
export const ToolUsage = Schema.Struct({
  web_search: Nullable(Schema.Struct({ num_requests: Nullable(Schema.Natural) })),
  image_gen: Nullable(
    Schema.Struct({ input_tokens: Nullable(Schema.Natural), output_tokens: Nullable(Schema.Natural) })
  )
})

/**
 * @since 0.5.0
 * @category Models
 */
export type ToolUsage = typeof ToolUsage.Type

/**
 * The `Response` object the lifecycle events carry (`response.created`, ..., `response.completed`).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Response = Schema.Struct({
  id: Schema.String,
  object: Schema.optionalKey(Schema.String),
  created_at: Nullable(Schema.Finite),
  model: Schema.String,
  status: Nullable(Schema.String),
  output: Nullable(Schema.Array(OutputItem)),
  usage: Nullable(ResponseUsage),
  tool_usage: Nullable(ToolUsage),
  /** Reasoning inputs withheld from the model (openai-node 7.57 `Response.InputTransformation`), read by its events. */
  input_transformations: Schema.optionalKey(Schema.Unknown),
  incomplete_details: Nullable(Schema.Struct({ reason: Nullable(Schema.String) })),
  error: Nullable(Schema.Struct({ code: Nullable(Schema.String), message: Nullable(Schema.String) })),
  service_tier: Nullable(Schema.String),
  /**
   * Azure OpenAI's content filter results, kept as sent (an entry per `source_type`, with `blocked` and its
   * `content_filter_results`): the `policyDetails` of an answer its filter stopped; since 0.7.0.
   */
  content_filters: Schema.optionalKey(Schema.Unknown)
})

export type Response = typeof Response.Type

const lifecycle = <const T extends ReadonlyArray<string>>(types: T) =>
  Schema.Struct({ type: Schema.Literals(types), ...sequence, response: Response })

/** `response.created`, `.in_progress`, `.queued`: the response so far. */
export const ResponseStartedEvent = lifecycle(["response.created", "response.in_progress", "response.queued"])

/** `response.completed`: the finished response, with its usage. An end of the stream. */
export const ResponseCompletedEvent = lifecycle(["response.completed"])

/** `response.incomplete`: the response stopped early (`incomplete_details.reason`). An end of the stream. */
export const ResponseIncompleteEvent = lifecycle(["response.incomplete"])

/** `response.failed`: the response failed (`response.error`). */
export const ResponseFailedEvent = lifecycle(["response.failed"])

/** `response.output_item.added` / `.done`: an output item starts, or is finished (then complete). */
export const OutputItemEvent = Schema.Struct({
  type: Schema.Literals(["response.output_item.added", "response.output_item.done"]),
  ...sequence,
  output_index: Schema.Natural,
  item: OutputItem
})

const inItem = { ...sequence, output_index: Schema.Natural, item_id: Schema.String }

/** `response.output_text.delta`: a piece of a message's text. */
export const OutputTextDeltaEvent = Schema.Struct({
  type: Schema.Literal("response.output_text.delta"),
  ...inItem,
  content_index: Schema.Natural,
  delta: Schema.String,
  logprobs: Schema.optionalKey(Schema.Array(Schema.Unknown))
})

/** `response.refusal.delta`: a piece of a refusal. */
export const RefusalDeltaEvent = Schema.Struct({
  type: Schema.Literal("response.refusal.delta"),
  ...inItem,
  content_index: Schema.Natural,
  delta: Schema.String
})

/** `response.reasoning_summary_text.delta` / `response.reasoning_text.delta`: a piece of reasoning. */
export const ReasoningDeltaEvent = Schema.Struct({
  type: Schema.Literals(["response.reasoning_summary_text.delta", "response.reasoning_text.delta"]),
  ...inItem,
  summary_index: Schema.optionalKey(Schema.Natural),
  content_index: Schema.optionalKey(Schema.Natural),
  delta: Schema.String
})

/**
 * `response.reasoning_summary_part.added`: a reasoning item's next summary part starts (openai-node's and
 * openai-python's `ResponseReasoningSummaryPartAddedEvent`: `item_id`, `output_index`, `summary_index`, `part`). A
 * server that leaves `summary_index` or `output_index` out (a gateway's) has its summary read as one part, as before
 * (the event was read as progress alone); the item is the one at `output_index`.
 */
export const ReasoningSummaryPartAddedEvent = Schema.Struct({
  type: Schema.Literal("response.reasoning_summary_part.added"),
  ...sequence,
  output_index: Schema.optionalKey(Schema.Natural),
  item_id: Schema.optionalKey(Schema.String),
  summary_index: Schema.optionalKey(Schema.Natural)
})

/** `response.function_call_arguments.delta`: a piece of a function call's arguments. */
export const FunctionCallArgumentsDeltaEvent = Schema.Struct({
  type: Schema.Literal("response.function_call_arguments.delta"),
  ...inItem,
  delta: Schema.String
})

/**
 * `response.output_text.annotation.added`: a citation or file path on a message's text (openai-node 7.57's
 * `ResponseOutputTextAnnotationAddedEvent`: a `url_citation` with its `url` and `title`, a `file_citation`, a
 * `container_file_citation`, a `file_path`, or `null`).
 */
export const AnnotationAddedEvent = Schema.Struct({
  type: Schema.Literal("response.output_text.annotation.added"),
  ...inItem,
  content_index: Schema.Natural,
  annotation_index: Schema.Natural,
  annotation: Schema.Unknown
})

/**
 * `response.audio.delta` / `response.audio.transcript.delta`: a piece of the answer's audio (base64) or of its
 * transcript (openai 7.59.0 resources/responses/responses.d.ts, `ResponseAudioDeltaEvent`,
 * `ResponseAudioTranscriptDeltaEvent`: `delta` and `sequence_number`, no item).
 */
export const AudioDeltaEvent = Schema.Struct({
  type: Schema.Literals(["response.audio.delta", "response.audio.transcript.delta"]),
  ...sequence,
  delta: Schema.String
})

/** Every other streamed event this library knows: progress of parts, built-in tools, audio. */
export const otherEventTypes = [
  "response.content_part.added",
  "response.content_part.done",
  "response.output_text.done",
  "response.refusal.done",
  "response.function_call_arguments.done",
  "response.custom_tool_call_input.delta",
  "response.custom_tool_call_input.done",
  "response.apply_patch_call_operation_diff.delta",
  "response.apply_patch_call_operation_diff.done",
  "response.reasoning_summary_part.done",
  "response.reasoning_summary_text.done",
  "response.reasoning_text.done",
  "response.audio.done",
  "response.audio.transcript.done",
  "response.code_interpreter_call_code.delta",
  "response.code_interpreter_call_code.done",
  "response.code_interpreter_call.completed",
  "response.code_interpreter_call.in_progress",
  "response.code_interpreter_call.interpreting",
  "response.file_search_call.completed",
  "response.file_search_call.in_progress",
  "response.file_search_call.searching",
  "response.shell_call_command.added",
  "response.shell_call_command.delta",
  "response.shell_call_command.done",
  "response.shell_call_output_content.delta",
  "response.shell_call_output_content.done",
  "response.web_search_call.completed",
  "response.web_search_call.in_progress",
  "response.web_search_call.searching",
  "response.image_generation_call.completed",
  "response.image_generation_call.generating",
  "response.image_generation_call.in_progress",
  "response.image_generation_call.partial_image",
  "response.mcp_call_arguments.delta",
  "response.mcp_call_arguments.done",
  "response.mcp_call.completed",
  "response.mcp_call.failed",
  "response.mcp_call.in_progress",
  "response.mcp_list_tools.completed",
  "response.mcp_list_tools.failed",
  "response.mcp_list_tools.in_progress",
  // openai-node 7.57's `ResponseCompactionCompactingEvent`: the service compacting the context (progress only).
  "response.compaction.compacting"
] as const

/** One of the other known events: its kind and where it belongs; its fields are kept as sent. */
export const OtherEvent = Schema.Struct({
  type: Schema.Literals(otherEventTypes),
  ...sequence,
  output_index: Schema.optionalKey(Schema.Natural),
  item_id: Schema.optionalKey(Schema.String)
})

/**
 * The JSON of one streamed event: text, refusal, reasoning and function-call argument deltas, output items
 * added and done, annotations, the lifecycle events, and the progress of parts and built-in tools.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ResponseStreamEvent = Schema.Union([
  OutputTextDeltaEvent,
  ReasoningDeltaEvent,
  ReasoningSummaryPartAddedEvent,
  FunctionCallArgumentsDeltaEvent,
  RefusalDeltaEvent,
  OutputItemEvent,
  AnnotationAddedEvent,
  AudioDeltaEvent,
  ResponseStartedEvent,
  ResponseCompletedEvent,
  ResponseIncompleteEvent,
  ResponseFailedEvent,
  OtherEvent
])

/**
 * @since 0.2.0
 * @category Models
 */
export type ResponseStreamEvent = typeof ResponseStreamEvent.Type

/** The type of every event the schemas know. */
export const eventTypes: ReadonlySet<string> = new Set<string>(
  ResponseStreamEvent.members.flatMap(({ fields: { type } }) => "literals" in type ? type.literals : [type.literal])
)
