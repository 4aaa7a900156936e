/**
 * What the Chat Completions providers' test kits share: the wire (SSE that ends with `data: [DONE]`), a
 * chunk's one choice, the usage object and the streamed tool-call fragments.
 *
 * @internal
 */
import * as BodyWriter from "../../core/framing/BodyWriter.js"
import type * as ProviderTestKit from "../../core/provider/ProviderTestKit.js"
import * as StreamScript from "../../core/provider/StreamScript.js"

/**
 * A Chat Completions host's wire: SSE `data:` events ending with `data: [DONE]`; `baseModel` for a host
 * whose deployments name the model they run.
 */
export const wire = (
  defaultModel: string,
  client: ProviderTestKit.Wire["client"],
  baseModel = false
): ProviderTestKit.Wire => ({
  contentType: "text/event-stream",
  body: (payloads) => BodyWriter.sseBody(payloads, { done: "[DONE]" }),
  defaultModel,
  client,
  baseModel
})

/** A chunk with one choice at index 0. */
export const choice = <Base extends object>(base: Base, delta: unknown, finishReason: string | null = null) => ({
  ...base,
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }]
})

/** The usage object: `prompt_tokens` includes the cached tokens. */
export const completionUsage = (usage: StreamScript.UsageScript, withDetails: boolean) => {
  const cached = usage.cacheRead ?? 0
  const promptTokens = usage.uncachedInput + cached
  const base = {
    prompt_tokens: promptTokens,
    completion_tokens: usage.output,
    total_tokens: promptTokens + usage.output
  }
  return withDetails
    ? {
      ...base,
      prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: usage.reasoning ?? 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0
      }
    }
    : base
}

/** Tool-call fragments: id, type and name first, then the arguments in pieces. */
export const toolCallFragments = (script: StreamScript.StreamScript) =>
  script.toolCalls.flatMap((call, index) => [
    { index, id: call.id, type: "function", function: { name: call.name, arguments: "" } },
    ...StreamScript.splitText(call.arguments, call.cuts).map((piece) => ({ index, function: { arguments: piece } }))
  ])
