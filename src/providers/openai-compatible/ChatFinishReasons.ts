/**
 * The finish reasons of Chat Completions, shared by OpenAI, Groq and Azure.
 *
 * @internal
 */
import * as FinishReason from "../../core/FinishReason.js"

/**
 * Maps the finish reasons of OpenAI's Chat Completions (and of Azure and Groq, which send the same):
 * `stop`, `length`, `tool_calls`, `content_filter`; anything else → other. Every one its SDKs name: openai 7.59.0
 * `resources/chat/completions/completions.d.ts` `ChatCompletionChunk.Choice.finish_reason` (the types openai-node's
 * `AzureOpenAI` client reads Azure's streams with), and groq-sdk 1.6.0 `resources/chat/completions.d.ts`, the same
 * but for `content_filter`. The deprecated `function_call` is other too: it ends a legacy `delta.function_call`,
 * which this library does not read as a tool call, so `tool_calls` would promise a call that never comes.
 *
 * @example
 * ```ts
 * import { OpenAI } from "effect-llm-stream"
 *
 * OpenAI.toCommonFinishReason("tool_calls") // "tool_calls"
 * OpenAI.toCommonFinishReason("something_new") // "other"
 * ```
 *
 * @since 0.1.0
 * @category Finish reasons
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = FinishReason.fromTable({
  stop: "stop",
  length: "length",
  tool_calls: "tool_calls",
  // openai-node src/resources/chat/completions/completions.ts, `ChatCompletionChunk.Choice.finish_reason`:
  // "`function_call` (deprecated) if the model called a function", with the call in `Choice.Delta.function_call`
  // (deprecated, "replaced by `tool_calls`"), which is not read: no tool call comes, so the reason is other.
  function_call: "other",
  content_filter: "content_filter",
  // Mistral: mistralai/client-ts src/models/components/chatcompletionchoice.ts, `model_length` (the model's context
  // filled).
  model_length: "length",
  // Together: together-typescript src/resources/chat/completions.ts, `finish_reason: 'stop' | 'eos' | ...`.
  eos: "stop"
})

/**
 * What a person is told of an answer Chat Completions stopped on a policy, by finish reason
 * (`ProviderProfile.withheld`): openai 7.59.0 resources/chat/completions/completions.d.ts,
 * `ChatCompletionChunk.Choice.finish_reason`, "`content_filter` if content was omitted due to a flag from our content
 * filters"; Azure OpenAI sends it with the filter's `content_filter_results`
 * (learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter). A refusal in the model's words
 * (`delta.refusal`) is shown as it is, and needs no row.
 */
export const withheld: Readonly<Record<string, string | null>> = {
  content_filter: "The provider's content filter stopped this answer."
}

/**
 * The raw finish reasons that say the answer failed, not that it ended: the stream fails with the reason (after its
 * chunks, at its end-of-stream marker: `ChatDecoder`), where it would end as a success cut short.
 */
export const failed: ReadonlySet<string> = new Set([
  // Mistral: mistralai/client-ts src/models/components/completionresponsestreamchoice.ts (stop, length, error,
  // tool_calls); OpenRouter: openrouter.ai/docs/api-reference/streaming ("if the model finishes the request with an
  // error"), where an `error` object is not always beside it.
  "error",
  // DeepSeek: api-docs.deepseek.com, "Create Chat Completion", `finish_reason`: "the request is interrupted due to
  // insufficient resource of the inference system".
  "insufficient_system_resource"
])

/**
 * What an answer is whose stream ended at its `[DONE]` with no choice ever saying why it finished (`finish_reason`
 * `null`, `""` or absent on every chunk), by host (`ChatService.Endpoint.unsaid`):
 *
 * - `"other"`, the default: a finished answer whose reason the host did not say; it ends with the common `other`
 *   and no raw reason (`ChatCompletionsChunk.finishUnsaid`), its tool calls complete. Compatible servers do this:
 *   vLLM streaming a tool call (vllm-project/vllm#27572; eclipse-theia/theia#16055, where openai-node's "missing
 *   finish_reason for choice 0" stopped an agent on vLLM), a llama.cpp-based server sending `""` on every chunk and
 *   no finishing chunk (qualcomm/GenieX#1246). The AI SDK's openai-compatible provider reports `other` with no raw
 *   reason (vercel/ai packages/openai-compatible/src/chat/openai-compatible-chat-language-model.ts).
 * - `"cut"`: the host always says why, so an answer without a reason was cut short on its way (a proxy, a dropped
 *   finishing chunk): the stream fails with a `TruncatedStreamError` after its chunks (`ChatErrors.unfinished`).
 *   OpenAI's: openai-node 7.59 src/lib/ChatCompletionStream.ts `finalizeChatCompletion` throws "missing
 *   finish_reason for choice", but after an audio answer's last chunk (`delta.audio` with only `expires_at`), which
 *   finishes it with `stop`; @ai-sdk/openai 4.0 reads "a clean end without the provider's completion signal" as
 *   `interrupted`.
 *
 * Azure's and Groq's rows are `other`, the default: neither SDK says every stream carries a finish reason (groq-sdk
 * 1.6.0 types a chunk's `finish_reason` null-able and has no stream helper that asks for one; openai 7.59.0's
 * `AzureOpenAI` shares OpenAI's types, and its stream helper asks for one whatever server it reads, vLLM's too).
 */
export type Unsaid = "other" | "cut"
