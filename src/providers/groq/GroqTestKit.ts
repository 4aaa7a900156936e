/**
 * Groq's part of the test kit: a generated stream as the Chat Completions chunks Groq sends, and how a
 * recorded response is served to its client.
 *
 * @internal
 */
import * as BodyDecoder from "../../core/framing/BodyDecoder.js"
import type * as ProviderTestKit from "../../core/provider/ProviderTestKit.js"
import * as StreamScript from "../../core/provider/StreamScript.js"
import * as ChatTestKit from "../openai-compatible/ChatTestKit.js"
import * as GroqChunk from "./GroqChunk.js"
import * as GroqService from "./GroqService.js"

/**
 * OpenAI's format with `x_groq` (its request id on the first and last chunk), optional reasoning
 * (`delta.reasoning`), tool calls whole in one chunk. The usage comes either on the finish chunk, in
 * `x_groq.usage` and (in newer streams) the top-level `usage`, as recorded; or in a last chunk with
 * `choices: []`.
 */
const payloads = (script: StreamScript.StreamScript): ReadonlyArray<unknown> => {
  const { reasoning, topLevelUsage, usageOnFinishChunk } = script.variant
  const base = {
    id: `chatcmpl-${script.requestId}`,
    object: "chat.completion.chunk",
    created: script.created,
    model: script.model,
    system_fingerprint: "fp_f8b414701e"
  }
  const requestId = `req_${script.responseId.toLowerCase()}`
  const cached = script.usage.cacheRead
  const promptTokens = script.usage.uncachedInput + (cached ?? 0)
  const usage = {
    queue_time: 0.041905864,
    prompt_tokens: promptTokens,
    prompt_time: 0.003940145,
    completion_tokens: script.usage.output,
    completion_time: 0.652230333,
    total_tokens: promptTokens + script.usage.output,
    total_time: 0.656170478,
    ...(cached === undefined ? {} : { prompt_tokens_details: { cached_tokens: cached } })
  }
  const choice = (delta: unknown, finishReason: string | null = null) => ChatTestKit.choice(base, delta, finishReason)
  const finish = choice({}, StreamScript.finishReason(script, "tool_calls"))
  return [
    { ...choice({ role: "assistant", content: "" }), x_groq: { id: requestId, seed: 1535227698 } },
    ...(reasoning ? script.reasoning.map((piece) => choice({ reasoning: piece })) : []),
    ...script.texts.map((content) => choice({ content })),
    ...script.toolCalls.map((call, index) =>
      choice({
        tool_calls: [{ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments }, index }]
      })
    ),
    ...(usageOnFinishChunk
      ? [{ ...finish, x_groq: { id: requestId, usage }, ...(topLevelUsage ? { usage } : {}) }]
      : [finish, { ...base, choices: [], usage, x_groq: { id: requestId, usage } }])
  ]
}

export const testKit: ProviderTestKit.ProviderTestKit = {
  payloads: {
    models: ["llama-3.3-70b-versatile", "llama-3.1-8b-instant", "openai/gpt-oss-120b"],
    finishReasons: ["stop", "length"],
    toolCallIdPrefix: "call_",
    of: payloads,
    decode: (_, body) => BodyDecoder.decodeWhole(GroqChunk.bodyDecoder(), body)
  },
  wire: ChatTestKit.wire("llama-3.3-70b-versatile", (baseUrl) => GroqService.make({ baseUrl }))
}
