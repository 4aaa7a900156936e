/**
 * Anthropic's part of the test kit: a generated stream as the Messages API events Anthropic sends, and
 * how its responses go over the wire (SSE events named by their `type`, no `[DONE]`).
 *
 * @internal
 */
import * as BodyDecoder from "../../core/framing/BodyDecoder.js"
import * as BodyWriter from "../../core/framing/BodyWriter.js"
import type * as ProviderTestKit from "../../core/provider/ProviderTestKit.js"
import * as StreamScript from "../../core/provider/StreamScript.js"
import * as AnthropicDecoder from "./AnthropicDecoder.js"
import * as AnthropicRequest from "./AnthropicRequest.js"
import * as AnthropicService from "./AnthropicService.js"

/** The input usage: with the cache fields (and the 5-minute/1-hour split) or without, as the variant says. */
const inputUsageOf = (script: StreamScript.StreamScript) => {
  const { cacheRead, cacheWrite, uncachedInput } = script.usage
  const oneHour = script.variant.oneHourCache
  return script.variant.cacheFields
    ? {
      input_tokens: uncachedInput,
      cache_creation_input_tokens: cacheWrite ?? 0,
      cache_read_input_tokens: cacheRead ?? 0,
      cache_creation: {
        ephemeral_5m_input_tokens: oneHour ? 0 : cacheWrite ?? 0,
        ephemeral_1h_input_tokens: oneHour ? cacheWrite ?? 0 : 0
      }
    }
    : { input_tokens: uncachedInput }
}

/** A content block as it starts, and its deltas. */
interface Block {
  readonly start: unknown
  readonly deltas: ReadonlyArray<unknown>
}

/** The content blocks: a thinking block with its signature, a text block, `tool_use` blocks in fragments. */
const blocksOf = (script: StreamScript.StreamScript): Array<Block> => {
  const blocks: Array<Block> = []
  if (script.variant.reasoning && script.reasoning.length > 0) {
    blocks.push({
      start: { type: "thinking", thinking: "", signature: "" },
      deltas: [
        ...script.reasoning.map((thinking) => ({ type: "thinking_delta", thinking })),
        { type: "signature_delta", signature: script.signature }
      ]
    })
  }
  if (script.texts.length > 0 || script.toolCalls.length === 0) {
    blocks.push({
      start: { type: "text", text: "" },
      deltas: script.texts.map((text) => ({ type: "text_delta", text }))
    })
  }
  for (const call of script.toolCalls) {
    blocks.push({
      start: { type: "tool_use", id: call.id, name: call.name, input: {} },
      deltas: [
        { type: "input_json_delta", partial_json: "" },
        ...StreamScript.splitText(call.arguments, call.cuts).map((partial_json) => ({
          type: "input_json_delta",
          partial_json
        }))
      ]
    })
  }
  return blocks
}

/**
 * Exactly one `message_start` first (id, model, input and cache usage), content blocks (an optional
 * thinking block with its signature, a text block, `tool_use` blocks with `input_json_delta` fragments),
 * one `message_delta` (stop reason, cumulative usage), exactly one `message_stop` last. Variants: cache
 * fields present (with the 5-minute/1-hour split) or absent; the `message_delta` usage repeating the input
 * counts or not; a thinking block or not.
 */
const payloads = (script: StreamScript.StreamScript): ReadonlyArray<unknown> => {
  const output = script.usage.output
  const inputUsage = inputUsageOf(script)
  const stopReason = StreamScript.finishReason(script, "tool_use")
  const events: Array<unknown> = [{
    type: "message_start",
    message: {
      id: `msg_${script.responseId}`,
      type: "message",
      role: "assistant",
      content: [],
      model: script.model,
      stop_reason: null,
      stop_sequence: null,
      usage: { ...inputUsage, output_tokens: Math.min(output, 1), service_tier: "standard" }
    }
  }]
  for (const [index, block] of blocksOf(script).entries()) {
    events.push({ type: "content_block_start", index, content_block: block.start })
    for (const delta of block.deltas) events.push({ type: "content_block_delta", index, delta })
    events.push({ type: "content_block_stop", index })
  }
  events.push(
    {
      type: "message_delta",
      delta: { stop_reason: stopReason, stop_sequence: stopReason === "stop_sequence" ? "\n\nHuman:" : null },
      usage: script.variant.deltaRepeatsInput ? { ...inputUsage, output_tokens: output } : { output_tokens: output }
    },
    { type: "message_stop" }
  )
  return events
}

export const testKit: ProviderTestKit.ProviderTestKit = {
  payloads: {
    models: ["claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001", "claude-3-5-haiku-20241022"],
    finishReasons: [
      "end_turn",
      "max_tokens",
      "stop_sequence",
      "refusal",
      "pause_turn",
      "model_context_window_exceeded"
    ],
    toolCallIdPrefix: "toolu_",
    of: payloads,
    decode: (_, body) => BodyDecoder.decodeWhole(AnthropicDecoder.bodyDecoder(), body)
  },
  wire: {
    contentType: "text/event-stream",
    // Each event is named by its payload's `type`; the stream ends with `message_stop`, not `[DONE]`.
    body: (events) =>
      BodyWriter.sseBody(events, { eventOf: (payload) => `${(payload as { readonly type?: string }).type}` }),
    defaultModel: "claude-sonnet-4-6",
    client: (baseUrl) => AnthropicService.make({ baseUrl }),
    baseModel: false,
    rules: AnthropicRequest.layerRules
  }
}
