/**
 * Bedrock's part of the test kit: a generated stream as the ConverseStream events Bedrock sends, and how
 * its responses go over the wire (AWS event-stream frames, one `event` frame per event, its type in the
 * `:event-type` header).
 *
 * @internal
 */
import * as BodyDecoder from "../../core/framing/BodyDecoder.js"
import * as BodyWriter from "../../core/framing/BodyWriter.js"
import type * as ProviderTestKit from "../../core/provider/ProviderTestKit.js"
import * as StreamScript from "../../core/provider/StreamScript.js"
import * as BedrockDecoder from "./BedrockDecoder.js"
import * as BedrockService from "./BedrockService.js"

/**
 * The `event` frame of a Bedrock ConverseStream event (`messageStart`, `contentBlockDelta`, ...).
 *
 * @since 0.1.0
 * @category Encoding
 */
export const eventFrame = (eventType: string, payload: unknown): Uint8Array =>
  BodyWriter.jsonFrame(
    { ":event-type": eventType, ":content-type": "application/json", ":message-type": "event" },
    payload
  )

/**
 * `messageStart` first, content blocks (optional reasoning with its signature, text deltas, `toolUse`
 * blocks), `messageStop` with the stop reason, then `metadata` with the usage, last; each event as a
 * chunk's `chunk` holds it, `{ [eventType]: payload }`. Variants: cache counts present or absent;
 * reasoning or not.
 */
const payloads = (script: StreamScript.StreamScript): ReadonlyArray<unknown> => {
  const { cacheFields, reasoning } = script.variant
  const events: Array<unknown> = [{ messageStart: { role: "assistant" } }]
  let index = 0
  const delta = (payload: unknown) => events.push({ contentBlockDelta: { contentBlockIndex: index, delta: payload } })
  const stop = () => events.push({ contentBlockStop: { contentBlockIndex: index++ } })
  if (reasoning && script.reasoning.length > 0) {
    for (const text of script.reasoning) delta({ reasoningContent: { text } })
    delta({ reasoningContent: { signature: script.signature } })
    stop()
  }
  if (script.texts.length > 0 || script.toolCalls.length === 0) {
    for (const text of script.texts.length > 0 ? script.texts : [""]) delta({ text })
    stop()
  }
  for (const call of script.toolCalls) {
    events.push({
      contentBlockStart: { contentBlockIndex: index, start: { toolUse: { toolUseId: call.id, name: call.name } } }
    })
    for (const input of StreamScript.splitText(call.arguments, call.cuts)) delta({ toolUse: { input } })
    stop()
  }
  const { cacheRead, cacheWrite, output, uncachedInput } = script.usage
  const cache = cacheFields
    ? {
      ...(cacheRead === undefined ? {} : { cacheReadInputTokens: cacheRead }),
      ...(cacheWrite === undefined ? {} : { cacheWriteInputTokens: cacheWrite })
    }
    : {}
  events.push(
    { messageStop: { stopReason: StreamScript.finishReason(script, "tool_use") } },
    {
      metadata: {
        usage: {
          inputTokens: uncachedInput,
          outputTokens: output,
          totalTokens: uncachedInput + (cacheFields ? (cacheRead ?? 0) + (cacheWrite ?? 0) : 0) + output,
          ...cache
        },
        metrics: { latencyMs: 300 + (script.created % 5000) }
      }
    }
  )
  return events
}

export const testKit: ProviderTestKit.ProviderTestKit = {
  payloads: {
    models: [
      "us.amazon.nova-micro-v1:0",
      "amazon.nova-lite-v1:0",
      "anthropic.claude-3-haiku-20240307-v1:0",
      "meta.llama3-3-70b-instruct-v1:0"
    ],
    finishReasons: [
      "end_turn",
      "max_tokens",
      "stop_sequence",
      "content_filtered",
      "guardrail_intervened",
      "model_context_window_exceeded"
    ],
    toolCallIdPrefix: "tooluse_",
    of: payloads,
    // The stream names neither the model nor the request: the chunks carry the script's.
    decode: (script, body) =>
      BodyDecoder.decodeWhole(BedrockDecoder.bodyDecoder({ modelId: script.model, requestId: script.requestId }), body)
  },
  wire: {
    contentType: "application/vnd.amazon.eventstream",
    body: (events) =>
      BodyWriter.concatBytes(
        events.flatMap((event) =>
          Object.entries(event as Readonly<Record<string, unknown>>).map(([eventType, payload]) =>
            eventFrame(eventType, payload)
          )
        )
      ),
    defaultModel: "us.amazon.nova-micro-v1:0",
    client: (baseUrl) => BedrockService.make({ region: "us-east-1", baseUrl }),
    baseModel: false
  }
}
