/**
 * Bedrock ConverseStream wire schemas: one schema per member of the `ConverseStreamOutput` union.
 *
 * @internal
 */
import * as Schema from "effect/Schema"

const optional = <S extends Schema.Top>(schema: S) => Schema.optionalKey(schema)
const TokenCount = optional(Schema.Natural)

/**
 * The first event.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStartEvent = Schema.Struct({ role: Schema.String })

/**
 * What a block starts with: a tool use (`toolUseId`, `name`, and `type: "server_tool_use"` for a tool
 * Bedrock runs itself), a tool result, or another kind kept as is.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ContentBlockStart = Schema.Struct({
  toolUse: optional(Schema.Struct({
    toolUseId: Schema.String,
    name: Schema.String,
    type: optional(Schema.String)
  })),
  toolResult: optional(Schema.Struct({
    toolUseId: Schema.String,
    status: optional(Schema.String),
    type: optional(Schema.String)
  })),
  image: optional(Schema.Unknown)
})

export type ContentBlockStart = typeof ContentBlockStart.Type

/**
 * A block start. Text and reasoning blocks usually have none.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockStartEvent = Schema.Struct({
  contentBlockIndex: Schema.Natural,
  start: ContentBlockStart
})

/**
 * A block fragment: `text`, `toolUse.input` (a piece of JSON text), `reasoningContent` (`text`,
 * `signature`, or base64 `redactedContent`), a tool result's content, and other kinds kept as is.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockDeltaEvent = Schema.Struct({
  contentBlockIndex: Schema.Natural,
  delta: Schema.Struct({
    text: optional(Schema.String),
    toolUse: optional(Schema.Struct({ input: Schema.String })),
    reasoningContent: optional(Schema.Struct({
      text: optional(Schema.String),
      signature: optional(Schema.String),
      redactedContent: optional(Schema.String)
    })),
    citation: optional(Schema.Unknown),
    toolResult: optional(Schema.Unknown),
    image: optional(Schema.Unknown)
  })
})

/**
 * A block is complete.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockStopEvent = Schema.Struct({ contentBlockIndex: Schema.Natural })

/**
 * The stop reason; the usage (`metadata`) follows.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStopEvent = Schema.Struct({
  stopReason: Schema.String,
  additionalModelResponseFields: optional(Schema.Unknown)
})

/**
 * Raw `inputTokens` excludes `cacheReadInputTokens` and `cacheWriteInputTokens`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const TokenUsage = Schema.Struct({
  inputTokens: Schema.Natural,
  outputTokens: Schema.Natural,
  totalTokens: TokenCount,
  cacheReadInputTokens: TokenCount,
  cacheWriteInputTokens: TokenCount,
  cacheDetails: optional(Schema.Unknown)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type TokenUsage = typeof TokenUsage.Type

/**
 * Usage and metrics; it arrives after `messageStop`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MetadataEvent = Schema.Struct({
  usage: TokenUsage,
  metrics: optional(Schema.Struct({ latencyMs: Schema.Finite })),
  trace: optional(Schema.Unknown),
  performanceConfig: optional(Schema.Unknown),
  serviceTier: optional(Schema.Unknown)
})

/**
 * One streamed event (a member of the `ConverseStreamOutput` union), keyed by its event type.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ConverseStreamOutput = Schema.Union([
  Schema.Struct({ messageStart: MessageStartEvent }),
  Schema.Struct({ contentBlockStart: ContentBlockStartEvent }),
  Schema.Struct({ contentBlockDelta: ContentBlockDeltaEvent }),
  Schema.Struct({ contentBlockStop: ContentBlockStopEvent }),
  Schema.Struct({ messageStop: MessageStopEvent }),
  Schema.Struct({ metadata: MetadataEvent })
])

/**
 * @since 0.1.0
 * @category Models
 */
export type ConverseStreamOutput = typeof ConverseStreamOutput.Type

/** The event types of the union. */
export const eventTypes: ReadonlySet<string> = new Set(
  ConverseStreamOutput.members.flatMap((member) => Object.keys(member.fields))
)
