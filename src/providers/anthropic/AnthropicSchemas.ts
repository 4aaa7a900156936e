/**
 * Anthropic's Messages streaming wire schemas: one schema per `MessageStreamEvent`.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as Payload from "../../core/payload/Payload.js"

const Nullable = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))
const TokenCount = Nullable(Schema.Natural)

/**
 * Usage of one model iteration (context-management betas report several per call).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const IterationUsage = Schema.Struct({
  type: Schema.optionalKey(Schema.String),
  /** The model the iteration ran on (`message`, an advisor's `advisor_message`, a `fallback_message`). */
  model: Nullable(Schema.String),
  input_tokens: TokenCount,
  output_tokens: TokenCount,
  cache_read_input_tokens: TokenCount,
  cache_creation_input_tokens: TokenCount,
  cache_creation: Nullable(Schema.Struct({
    ephemeral_5m_input_tokens: TokenCount,
    ephemeral_1h_input_tokens: TokenCount
  })),
  /** The output's breakdown: `thinking_tokens`, the reasoning part of `output_tokens`. */
  output_tokens_details: Nullable(Schema.Struct({ thinking_tokens: TokenCount }))
})

export type IterationUsage = typeof IterationUsage.Type

/**
 * The usage of `message_start` (`Usage`) and `message_delta` (`MessageDeltaUsage`, cumulative). Raw
 * `input_tokens` excludes cache reads and cache writes.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AnthropicUsage = Schema.Struct({
  ...IterationUsage.fields,
  service_tier: Nullable(Schema.String),
  inference_geo: Nullable(Schema.String),
  /** `fast` when the call ran in fast mode (billed at a multiple of the standard rates). */
  speed: Nullable(Schema.String),
  /** How many requests the server tools made (billed per request). */
  server_tool_use: Nullable(Schema.Struct({ web_search_requests: TokenCount, web_fetch_requests: TokenCount })),
  iterations: Nullable(Schema.Array(IterationUsage))
})

/**
 * @since 0.1.0
 * @category Models
 */
export type AnthropicUsage = typeof AnthropicUsage.Type

/** The block types of tool calls: the program's (`tool_use`) and the ones Anthropic runs itself. */
const callBlockTypes = ["tool_use", "server_tool_use", "mcp_tool_use"] as const

/** The block types this library reads fields of (besides the results of server tools, `*_tool_result`). */
const knownBlockTypes = ["text", "thinking", "redacted_thinking", ...callBlockTypes]

/** Whether a block type is the result of a server tool (`web_search_tool_result`, ...; not the client's `tool_result`). */
export const isServerResultType = (type: string): boolean => type !== "tool_result" && type.endsWith("_tool_result")

/** A text block (its citations are kept as sent). */
export const TextBlock = Schema.Struct({ type: Schema.Literal("text"), text: Schema.optionalKey(Schema.String) })

/** A thinking block. */
export const ThinkingBlock = Schema.Struct({
  type: Schema.Literal("thinking"),
  thinking: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String)
})

/** Redacted thinking: the encrypted reasoning in `data`. */
export const RedactedThinkingBlock = Schema.Struct({
  type: Schema.Literal("redacted_thinking"),
  data: Schema.optionalKey(Schema.String)
})

/** A tool call: the program's `tool_use`, or a server tool call (`server_tool_use`, `mcp_tool_use`). */
export const CallBlock = Schema.Struct({
  type: Schema.Literals(callBlockTypes),
  id: Schema.optionalKey(Schema.String),
  name: Schema.optionalKey(Schema.String),
  input: Schema.optionalKey(Schema.Unknown),
  /** Who made the call: `{ type: "direct" }`, or code execution (`{ type: "code_execution_...", tool_id }`). */
  caller: Schema.optionalKey(Schema.Unknown),
  /**
   * The toolset family of a client toolset's member call (`browser`, `computer`; `@anthropic-ai/sdk` 1.14.0
   * `ToolUseBlock.toolset_name`, `string | null`). The block goes back with it as it came (a valid block is kept as
   * sent, every field: `Payload.keepIfValid`), and the result answering the call names the same family
   * (`AnthropicParts`). Read only as a string: another value is not a failure of the stream.
   */
  toolset_name: Schema.optionalKey(Schema.Unknown)
})

export type CallBlock = typeof CallBlock.Type

/** The result of a server tool call (`web_search_tool_result`, `mcp_tool_result`, ...). */
export const ServerResultBlock = Schema.Struct({
  type: Schema.String.check(Schema.makeFilter(isServerResultType, { expected: "a server tool result type" })),
  tool_use_id: Schema.optionalKey(Schema.String),
  content: Schema.optionalKey(Schema.Unknown),
  is_error: Schema.optionalKey(Schema.Boolean)
})

export type ServerResultBlock = typeof ServerResultBlock.Type

/**
 * A block of any other type (`container_upload`, beta `compaction`, `fallback`, types newer than this
 * library): only its `type` is required, as the API's contract for a block of unknown kind is no more than
 * that. It is kept as sent.
 */
export const OtherBlock = Schema.Struct({
  type: Payload.otherThan(knownBlockTypes).check(
    Schema.makeFilter((type: string) => !isServerResultType(type), { expected: "not a server tool result type" })
  )
})

/**
 * A content block as it starts: `text`, `thinking`, `redacted_thinking` (with `data`), `tool_use` (with
 * `id`, `name`), server tool calls (`server_tool_use`, `mcp_tool_use`) and their results (`*_tool_result`),
 * and block types this library does not know yet.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlock = Schema.Union([
  TextBlock,
  ThinkingBlock,
  RedactedThinkingBlock,
  CallBlock,
  ServerResultBlock,
  OtherBlock
])

export type ContentBlock = typeof ContentBlock.Type

/** Whether a block is a tool call (the program's or a server tool's). */
export const isCallBlock = (block: ContentBlock): block is CallBlock =>
  (callBlockTypes as ReadonlyArray<string>).includes(block.type)

/** Whether a block is the result of a server tool call. */
export const isServerResultBlock = (block: ContentBlock): block is ServerResultBlock => isServerResultType(block.type)

/**
 * A content block starts.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockStartEvent = Schema.Struct({
  type: Schema.Literal("content_block_start"),
  index: Schema.Natural,
  content_block: ContentBlock
})

/**
 * The first event: the message's id, model and input usage, and the content blocks it starts with whole. A
 * response a code-execution container opens with a call of the program's (programmatic tool calling) has that
 * `tool_use` block, its stop reason and no other event but `message_stop` (`@anthropic-ai/sdk` 1.14.0
 * `RawMessageStartEvent.message: Message`, whose `content` is the message's blocks; recorded in vercel/ai
 * `packages/anthropic/src/__fixtures__/anthropic-programmatic-tool-calling.1.chunks.txt`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStartEvent = Schema.Struct({
  type: Schema.Literal("message_start"),
  message: Schema.Struct({
    id: Schema.String,
    model: Schema.String,
    role: Schema.optionalKey(Schema.String),
    stop_reason: Nullable(Schema.String),
    stop_sequence: Nullable(Schema.String),
    usage: Nullable(AnthropicUsage),
    /** What the API did to the request before the model read it (beta `thinking-binding-controls-2026-08-01`). */
    input_transformations: Schema.optionalKey(Schema.Unknown),
    /** The container the response's code runs in (`@anthropic-ai/sdk` 1.14 `Container`: `id`, `expires_at`). */
    container: Schema.optionalKey(Schema.Unknown),
    /** The blocks the message starts with, whole: block `i` is at index `i` (none in a streamed answer). */
    content: Schema.optionalKey(Schema.Array(ContentBlock))
  })
})

/** The fragments of the delta types this library reads, each with its one field. */
const knownDeltas = [
  Schema.Struct({ type: Schema.Literal("text_delta"), text: Schema.optionalKey(Schema.String) }),
  Schema.Struct({ type: Schema.Literal("input_json_delta"), partial_json: Schema.optionalKey(Schema.String) }),
  Schema.Struct({ type: Schema.Literal("thinking_delta"), thinking: Schema.optionalKey(Schema.String) }),
  Schema.Struct({ type: Schema.Literal("signature_delta"), signature: Schema.optionalKey(Schema.String) }),
  Schema.Struct({ type: Schema.Literal("citations_delta"), citation: Schema.optionalKey(Schema.Unknown) })
] as const

/** A fragment of another type (beta `compaction_delta`, newer kinds): only its `type` is required. */
const OtherDelta = Schema.Struct({ type: Payload.otherThan(knownDeltas.map((delta) => delta.fields.type.literal)) })

/**
 * A content block fragment: `text_delta` (`text`), `input_json_delta` (`partial_json`), `thinking_delta`
 * (`thinking`), `signature_delta` (`signature`), `citations_delta` (`citation`) and newer kinds.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockDelta = Schema.Union([...knownDeltas, OtherDelta])

export type ContentBlockDelta = typeof ContentBlockDelta.Type

type KnownDelta = typeof knownDeltas[number]["Type"]

/** The fragment as its known type, or `undefined` when it is of another type. */
export const deltaOf = <T extends KnownDelta["type"]>(
  delta: ContentBlockDelta,
  type: T
): Extract<KnownDelta, { readonly type: T }> | undefined =>
  delta.type === type ? delta as Extract<KnownDelta, { readonly type: T }> : undefined

/**
 * A fragment of a content block.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockDeltaEvent = Schema.Struct({
  type: Schema.Literal("content_block_delta"),
  index: Schema.Natural,
  delta: ContentBlockDelta
})

/**
 * A content block is complete.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockStopEvent = Schema.Struct({
  type: Schema.Literal("content_block_stop"),
  index: Schema.Natural
})

/**
 * The stop reason and the cumulative usage of the call.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageDeltaEvent = Schema.Struct({
  type: Schema.Literal("message_delta"),
  delta: Schema.Struct({
    stop_reason: Nullable(Schema.String),
    stop_sequence: Nullable(Schema.String),
    /** Why the output stopped, in detail (a refusal's `{ type, category, explanation }`), kept as sent. */
    stop_details: Schema.optionalKey(Schema.Unknown),
    /**
     * The container the response's code ran in (`@anthropic-ai/sdk` 1.14 `Container`: `id`, `expires_at`), kept as
     * sent: a request answering calls its code made names it (programmatic tool calling).
     */
    container: Schema.optionalKey(Schema.Unknown)
  }),
  usage: Nullable(AnthropicUsage),
  /** After a server-side fallback, the serving model's `input_transformations`, replacing `message_start`'s. */
  input_transformations: Schema.optionalKey(Schema.Unknown)
})

/**
 * The end-of-stream marker.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStopEvent = Schema.Struct({
  type: Schema.Literal("message_stop")
})

/**
 * The JSON of one streamed event (`ping` and `error` are handled before decoding).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStreamEvent = Schema.Union([
  MessageStartEvent,
  ContentBlockStartEvent,
  ContentBlockDeltaEvent,
  ContentBlockStopEvent,
  MessageDeltaEvent,
  MessageStopEvent
])

/**
 * @since 0.1.0
 * @category Models
 */
export type MessageStreamEvent = typeof MessageStreamEvent.Type

/** The event types of the union. */
export const eventTypes: ReadonlySet<string> = new Set(
  MessageStreamEvent.members.map((member) => member.fields.type.literal)
)
