/**
 * OpenAI's part of the test kit: a generated stream as the Chat Completions chunks OpenAI sends, and how
 * a recorded response is served to its client.
 *
 * @internal
 */
import * as BodyDecoder from "../../core/framing/BodyDecoder.js"
import type * as ProviderTestKit from "../../core/provider/ProviderTestKit.js"
import * as StreamScript from "../../core/provider/StreamScript.js"
import * as ChatTestKit from "../openai-compatible/ChatTestKit.js"
import * as OpenAIChunk from "./OpenAIChunk.js"
import * as OpenAIService from "./OpenAIService.js"

/**
 * A role chunk, content chunks, tool-call fragments, a finish chunk, and (with
 * `stream_options.include_usage`, which this library always sends) a last chunk with `choices: []` and
 * the usage. Variants: `usage: null` on every other chunk (2025) or absent (2024); usage details
 * present or not; `service_tier` present or not.
 */
const payloads = (script: StreamScript.StreamScript): ReadonlyArray<unknown> => {
  const { serviceTier, usageDetails, usageNullOnEveryChunk } = script.variant
  const base = {
    id: `chatcmpl-${script.responseId}`,
    object: "chat.completion.chunk",
    created: script.created,
    model: script.model,
    ...(serviceTier ? { service_tier: "default" } : {}),
    system_fingerprint: "fp_deacdd5f6f"
  }
  const nullUsage = usageNullOnEveryChunk ? { usage: null } : {}
  const choice = (delta: unknown, finishReason: string | null = null) => ({
    ...ChatTestKit.choice(base, delta, finishReason),
    ...nullUsage
  })
  return [
    choice({ role: "assistant", content: "", refusal: null }),
    ...script.texts.map((content) => choice({ content })),
    ...ChatTestKit.toolCallFragments(script).map((fragment) => choice({ tool_calls: [fragment] })),
    choice({}, StreamScript.finishReason(script, "tool_calls")),
    { ...base, choices: [], usage: ChatTestKit.completionUsage(script.usage, usageDetails) }
  ]
}

export const testKit: ProviderTestKit.ProviderTestKit = {
  payloads: {
    models: ["gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18", "gpt-5-mini-2025-08-07"],
    finishReasons: ["stop", "length", "content_filter"],
    toolCallIdPrefix: "call_",
    of: payloads,
    decode: (_, body) => BodyDecoder.decodeWhole(OpenAIChunk.bodyDecoder(), body)
  },
  wire: ChatTestKit.wire("gpt-4o-mini", (baseUrl) => OpenAIService.make({ baseUrl }))
}
