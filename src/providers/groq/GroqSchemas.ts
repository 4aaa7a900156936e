/**
 * Groq's wire schemas: the Chat Completions chunk plus the `x_groq` extension.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as ChatSchemas from "../openai-compatible/ChatSchemas.js"

/**
 * Groq's usage: the Chat Completions counts plus queue, prompt, completion and total times (seconds).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const GroqUsage = Schema.Struct({
  ...ChatSchemas.CompletionUsage.fields,
  queue_time: ChatSchemas.Nullable(Schema.Number),
  prompt_time: ChatSchemas.Nullable(Schema.Number),
  completion_time: ChatSchemas.Nullable(Schema.Number),
  total_time: ChatSchemas.Nullable(Schema.Number)
})

/** @internal */
export type GroqUsage = typeof GroqUsage.Type

/**
 * The `x_groq` extension: the Groq request id (first and last chunk), the seed, the usage (last chunk,
 * sent even without `stream_options`) and an error string when a stream stops early.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const XGroq = Schema.Struct({
  id: ChatSchemas.Nullable(Schema.String),
  seed: ChatSchemas.Nullable(Schema.Number),
  usage: ChatSchemas.Nullable(GroqUsage),
  error: ChatSchemas.Nullable(Schema.String)
})

/**
 * The JSON of one streamed event: an OpenAI `chat.completion.chunk` plus `x_groq`; reasoning models
 * stream `delta.reasoning`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ChatCompletionChunk = Schema.Struct({
  ...ChatSchemas.chatCompletionChunkFields,
  usage: ChatSchemas.Nullable(GroqUsage),
  x_groq: ChatSchemas.Nullable(XGroq)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type ChatCompletionChunk = typeof ChatCompletionChunk.Type
