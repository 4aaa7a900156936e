/**
 * Groq's wire schemas: the Chat Completions chunk plus the `x_groq` extension.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as Chat from "../chat/Schemas.js"

/** Groq's usage: the Chat Completions counts plus queue, prompt, completion and total times (seconds). */
export const GroqUsage = Schema.Struct({
  ...Chat.CompletionUsage.fields,
  queue_time: Chat.Nullable(Schema.Number),
  prompt_time: Chat.Nullable(Schema.Number),
  completion_time: Chat.Nullable(Schema.Number),
  total_time: Chat.Nullable(Schema.Number)
})

/** @internal */
export type GroqUsage = typeof GroqUsage.Type

/**
 * The `x_groq` extension: the Groq request id (first and last chunk), the seed, the usage (last chunk,
 * sent even without `stream_options`) and an error string when a stream stops early.
 */
export const XGroq = Schema.Struct({
  id: Chat.Nullable(Schema.String),
  seed: Chat.Nullable(Schema.Number),
  usage: Chat.Nullable(GroqUsage),
  error: Chat.Nullable(Schema.String)
})

/** The JSON of one streamed event: a `chat.completion.chunk` plus `x_groq`. */
export const ChatCompletionChunk = Schema.Struct({
  ...Chat.chatCompletionChunkFields,
  usage: Chat.Nullable(GroqUsage),
  x_groq: Chat.Nullable(XGroq)
})

/** @internal */
export type ChatCompletionChunk = typeof ChatCompletionChunk.Type
