/**
 * Azure's wire schemas: the Chat Completions chunk with content-filter annotations.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as ChatSchemas from "../openai-compatible/ChatSchemas.js"

/**
 * A choice, with Azure's per-choice content-filter results (and, for the asynchronous filter, the
 * offsets they apply to). Annotation chunks carry a choice without `delta`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Choice = Schema.Struct({
  ...ChatSchemas.Choice.fields,
  content_filter_results: Schema.optionalKey(Schema.Unknown),
  content_filter_offsets: Schema.optionalKey(Schema.Unknown)
})

/**
 * The JSON of one streamed event: an OpenAI `chat.completion.chunk` with content-filter annotations.
 * The first event is usually a prompt annotation with empty `id` and `model` and `choices: []`
 * (`prompt_filter_results`, `prompt_annotations` in old API versions).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ChatCompletionChunk = Schema.Struct({
  ...ChatSchemas.chatCompletionChunkFields,
  choices: Schema.Array(Choice),
  prompt_filter_results: Schema.optionalKey(Schema.Unknown),
  prompt_annotations: Schema.optionalKey(Schema.Unknown)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type ChatCompletionChunk = typeof ChatCompletionChunk.Type
