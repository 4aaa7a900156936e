/**
 * The Chat Completions wire schemas that OpenAI, Groq and Azure share: one streamed
 * `chat.completion.chunk`. Each provider adds its own fields.
 *
 * @internal
 */
import * as Schema from "effect/Schema"

/** An optional field that may also be `null`. */
export const Nullable = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))

/**
 * One streamed tool-call fragment (`choices[].delta.tool_calls[]`): a function call's (`function`), or a custom
 * tool's (`type: "custom"`, `custom`: its name, and a piece of its free-form `input`; openai-node's
 * `ChatCompletionChunk.Choice.Delta.ToolCall.Custom`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ToolCallDelta = Schema.Struct({
  index: Schema.optionalKey(Schema.Natural),
  id: Nullable(Schema.String),
  type: Nullable(Schema.String),
  function: Nullable(Schema.Struct({
    name: Nullable(Schema.String),
    /**
     * A piece of the arguments' JSON text; or (Mistral's `FunctionCall.arguments: { [k: string]: any } | string`,
     * mistralai/client-ts src/models/components/functioncall.ts) the arguments whole, as an object.
     */
    arguments: Nullable(Schema.Union([Schema.String, Schema.Record(Schema.String, Schema.Unknown)]))
  })),
  custom: Nullable(Schema.Struct({
    name: Nullable(Schema.String),
    input: Nullable(Schema.String)
  }))
})

/**
 * One streamed audio fragment (`choices[].delta.audio`): base64 `data` and `transcript` pieces.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AudioDelta = Schema.Struct({
  id: Nullable(Schema.String),
  data: Nullable(Schema.String),
  transcript: Nullable(Schema.String),
  expires_at: Nullable(Schema.Finite)
})

/**
 * One piece of structured reasoning (`choices[].delta.reasoning_details[]`, OpenRouter's "Reasoning Tokens" guide,
 * `@openrouter/ai-sdk-provider`'s `ReasoningDetail`): `reasoning.text` (its `text`, with the upstream model's
 * `signature`), `reasoning.summary` (its `summary`) or `reasoning.encrypted` (its `data`), with an `id`, the upstream
 * `format` and an `index`. Kept as sent: OpenRouter wants them back unchanged.
 *
 * @since 0.6.0
 * @category Schemas
 */
export const ReasoningDetail = Schema.Struct({
  type: Schema.String,
  text: Nullable(Schema.String),
  summary: Nullable(Schema.String),
  data: Nullable(Schema.String),
  signature: Nullable(Schema.String),
  id: Nullable(Schema.String),
  format: Nullable(Schema.String),
  index: Schema.optionalKey(Schema.Finite)
})

/**
 * A URL a search model's text cites (`choices[].delta.annotations[]` of `type: "url_citation"`, sent by
 * `gpt-4o-search-preview` and other search models; @ai-sdk/openai's src/chat/openai-chat-api.ts reads it from
 * `openaiChatChunkSchema`'s `delta.annotations`): the `url`, with its `title` and the range of the text it backs.
 *
 * @since 0.7.0
 * @category Schemas
 */
export const UrlCitationAnnotation = Schema.Struct({
  type: Schema.Literal("url_citation"),
  url_citation: Schema.Struct({
    url: Schema.String,
    title: Nullable(Schema.String),
    start_index: Nullable(Schema.Finite),
    end_index: Nullable(Schema.Finite)
  })
})

/** Whether one of `delta.annotations` is a `url_citation` this library reads (every other one is ignored). */
export const isUrlCitation: (annotation: unknown) => annotation is typeof UrlCitationAnnotation.Type = Schema.is(
  UrlCitationAnnotation
)

/**
 * What a choice adds in one chunk: text, refusal, reasoning, tool-call fragments, audio, annotations.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Delta = Schema.Struct({
  role: Nullable(Schema.String),
  /**
   * The text, or (Mistral's `DeltaMessage.content: string | Array<ContentChunk>`, mistralai/client-ts
   * src/models/components/deltamessage.ts: Magistral's and Mistral Small 4's reasoning) a list of parts: `text`
   * parts are text, a `thinking` part's own `text` parts reasoning (`ChatEvents`); any other part is ignored.
   */
  content: Nullable(Schema.Union([Schema.String, Schema.Array(Schema.Unknown)])),
  refusal: Nullable(Schema.String),
  /** Reasoning text (Groq and other OpenAI-compatible hosts). */
  reasoning: Nullable(Schema.String),
  /** Reasoning text as DeepSeek, vLLM and other OpenAI-compatible servers name it. */
  reasoning_content: Nullable(Schema.String),
  /** Structured reasoning, as OpenRouter sends it beside `reasoning`. */
  reasoning_details: Nullable(Schema.Array(ReasoningDetail)),
  tool_calls: Nullable(Schema.Array(ToolCallDelta)),
  audio: Nullable(AudioDelta),
  /**
   * Annotations of the text (`url_citation`: `UrlCitationAnnotation`; Groq's `document_citation` and
   * `function_citation`), kept as sent and read one by one (`ChatEvents`' `annotationTypes`): an annotation of another
   * type, or not of the expected shape, is ignored, never a failure of the stream.
   */
  annotations: Schema.optionalKey(Schema.Unknown),
  /**
   * The built-in tools a compound system ran (Groq's `executed_tools`, groq-sdk 1.6.0
   * `ChatCompletionChunk.Choice.Delta.ExecutedTool`), kept as sent and read one by one (`ExecutedTools`) for their
   * fees and as the calls the host ran, with their outputs and the pages they found: a run not of the expected shape
   * leaves the call's cost unavailable and shows nothing, never fails the stream.
   */
  executed_tools: Schema.optionalKey(Schema.Unknown)
})

/**
 * One choice of a chunk, with its finish reason.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Choice = Schema.Struct({
  index: Schema.Natural,
  /** Absent on Azure content-filter annotation chunks. */
  delta: Nullable(Delta),
  finish_reason: Nullable(Schema.String),
  logprobs: Schema.optionalKey(Schema.Unknown)
})

/**
 * The usage object of the final chunk (`stream_options.include_usage`). Its counts may be `null` or absent (some
 * OpenAI-compatible servers send `"prompt_tokens": null`; the AI SDK's openai-compatible provider reads every count
 * as `z.number().nullish()`, vercel/ai packages/openai-compatible/src/chat/openai-compatible-chat-language-model.ts):
 * a count not sent is unknown, never 0 (`ChatUsage.normaliseUsage`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CompletionUsage = Schema.Struct({
  /** All input tokens, cached ones included; `null` or absent when the host does not say. */
  prompt_tokens: Nullable(Schema.Natural),
  /** All output tokens, reasoning included (but xAI's: `ChatUsage`); `null` or absent when the host does not say. */
  completion_tokens: Nullable(Schema.Natural),
  total_tokens: Nullable(Schema.Natural),
  prompt_tokens_details: Nullable(Schema.Struct({
    cached_tokens: Nullable(Schema.Natural),
    cache_write_tokens: Nullable(Schema.Natural),
    audio_tokens: Nullable(Schema.Natural)
  })),
  completion_tokens_details: Nullable(Schema.Struct({
    reasoning_tokens: Nullable(Schema.Natural),
    audio_tokens: Nullable(Schema.Natural),
    accepted_prediction_tokens: Nullable(Schema.Natural),
    rejected_prediction_tokens: Nullable(Schema.Natural)
  })),
  /** Input tokens read from DeepSeek's context cache (its own name for `prompt_tokens_details.cached_tokens`). */
  prompt_cache_hit_tokens: Nullable(Schema.Natural),
  prompt_cache_miss_tokens: Nullable(Schema.Natural),
  /**
   * What the call cost, as the host reports it: OpenRouter's credits in USD (a number); other hosts send objects of
   * their own here (Perplexity's breakdown), kept and not read.
   */
  cost: Schema.optionalKey(Schema.Unknown)
})

/** @internal */
export type CompletionUsage = typeof CompletionUsage.Type

/** The fields every Chat Completions chunk has; providers extend them. */
export const chatCompletionChunkFields = {
  id: Schema.String,
  object: Schema.optionalKey(Schema.String),
  created: Schema.optionalKey(Schema.Finite),
  model: Schema.String,
  service_tier: Nullable(Schema.String),
  system_fingerprint: Nullable(Schema.String),
  choices: Schema.Array(Choice),
  usage: Nullable(CompletionUsage)
}

/**
 * The JSON of one streamed event: a `chat.completion.chunk`. Tolerant of the 2024 and 2025 wire shapes:
 * fields it does not name (`obfuscation`, `moderation`, ...) are kept in the raw payload, `usage` may be
 * absent or `null`, `choices` may be empty.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ChatCompletionChunk = Schema.Struct(chatCompletionChunkFields)

/**
 * @since 0.1.0
 * @category Models
 */
export type ChatCompletionChunk = typeof ChatCompletionChunk.Type
