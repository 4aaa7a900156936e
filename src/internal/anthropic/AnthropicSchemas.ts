/**
 * Anthropic's Messages streaming wire schemas: one schema per `MessageStreamEvent`.
 *
 * @internal
 */
import * as Schema from "effect/Schema"

const Nullable = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))
const TokenCount = Nullable(Schema.Natural)

/** Usage of one model iteration (context-management betas report several per call). */
export const IterationUsage = Schema.Struct({
  type: Schema.optionalKey(Schema.String),
  input_tokens: TokenCount,
  output_tokens: TokenCount,
  cache_read_input_tokens: TokenCount,
  cache_creation_input_tokens: TokenCount,
  cache_creation: Nullable(Schema.Struct({
    ephemeral_5m_input_tokens: TokenCount,
    ephemeral_1h_input_tokens: TokenCount
  }))
})

/** @internal */
export type IterationUsage = typeof IterationUsage.Type

/**
 * The usage of `message_start` and `message_delta` (cumulative). Raw `input_tokens` excludes cache reads
 * and cache writes.
 */
export const AnthropicUsage = Schema.Struct({
  ...IterationUsage.fields,
  service_tier: Nullable(Schema.String),
  inference_geo: Nullable(Schema.String),
  /** `fast` when the call ran in fast mode (billed at a multiple of the standard rates). */
  speed: Nullable(Schema.String),
  iterations: Nullable(Schema.Array(IterationUsage))
})

/** @internal */
export type AnthropicUsage = typeof AnthropicUsage.Type

/** The first event: the message's id, model and input usage. */
export const MessageStartEvent = Schema.Struct({
  type: Schema.Literal("message_start"),
  message: Schema.Struct({
    id: Schema.String,
    model: Schema.String,
    role: Schema.optionalKey(Schema.String),
    stop_reason: Nullable(Schema.String),
    stop_sequence: Nullable(Schema.String),
    usage: Nullable(AnthropicUsage)
  })
})

/**
 * A content block as it starts: `text`, `thinking`, `redacted_thinking` (with `data`), `tool_use` (with
 * `id`, `name`), server tool calls (`server_tool_use`, `mcp_tool_use`) and their results (`*_tool_result`,
 * with `tool_use_id` and `content`), and block types this library does not know yet.
 */
export const ContentBlock = Schema.Struct({
  type: Schema.String,
  text: Schema.optionalKey(Schema.String),
  thinking: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  data: Schema.optionalKey(Schema.String),
  id: Schema.optionalKey(Schema.String),
  name: Schema.optionalKey(Schema.String),
  input: Schema.optionalKey(Schema.Unknown),
  tool_use_id: Schema.optionalKey(Schema.String),
  content: Schema.optionalKey(Schema.Unknown),
  is_error: Schema.optionalKey(Schema.Boolean)
})

/** @internal */
export type ContentBlock = typeof ContentBlock.Type

/** A content block starts. */
export const ContentBlockStartEvent = Schema.Struct({
  type: Schema.Literal("content_block_start"),
  index: Schema.Natural,
  content_block: ContentBlock
})

/**
 * A content block fragment: `text_delta` (`text`), `input_json_delta` (`partial_json`), `thinking_delta`
 * (`thinking`), `signature_delta` (`signature`), `citations_delta` (`citation`) and newer kinds.
 */
export const ContentBlockDelta = Schema.Struct({
  type: Schema.String,
  text: Schema.optionalKey(Schema.String),
  partial_json: Schema.optionalKey(Schema.String),
  thinking: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  citation: Schema.optionalKey(Schema.Unknown)
})

/** A fragment of a content block. */
export const ContentBlockDeltaEvent = Schema.Struct({
  type: Schema.Literal("content_block_delta"),
  index: Schema.Natural,
  delta: ContentBlockDelta
})

/** A content block is complete. */
export const ContentBlockStopEvent = Schema.Struct({
  type: Schema.Literal("content_block_stop"),
  index: Schema.Natural
})

/** The stop reason and the cumulative usage of the call. */
export const MessageDeltaEvent = Schema.Struct({
  type: Schema.Literal("message_delta"),
  delta: Schema.Struct({
    stop_reason: Nullable(Schema.String),
    stop_sequence: Nullable(Schema.String)
  }),
  usage: Nullable(AnthropicUsage)
})

/** The end-of-stream marker. */
export const MessageStopEvent = Schema.Struct({
  type: Schema.Literal("message_stop")
})

/** The JSON of one streamed event (`ping` and `error` are handled before decoding). */
export const MessageStreamEvent = Schema.Union([
  MessageStartEvent,
  ContentBlockStartEvent,
  ContentBlockDeltaEvent,
  ContentBlockStopEvent,
  MessageDeltaEvent,
  MessageStopEvent
])

/** @internal */
export type MessageStreamEvent = typeof MessageStreamEvent.Type

/** The event types of the union. */
export const eventTypes: ReadonlySet<string> = new Set(
  MessageStreamEvent.members.map((member) => member.fields.type.literal)
)
