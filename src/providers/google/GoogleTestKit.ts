/**
 * Google's part of the test kit: a generated stream as the `GenerateContentResponse` events Gemini sends
 * (one SSE `data:` event each, no end marker), and how a recorded response is served to its client.
 *
 * @internal
 */
import * as BodyDecoder from "../../core/framing/BodyDecoder.js"
import * as BodyWriter from "../../core/framing/BodyWriter.js"
import type * as ProviderTestKit from "../../core/provider/ProviderTestKit.js"
import * as StreamScript from "../../core/provider/StreamScript.js"
import * as GoogleDecoder from "./GoogleDecoder.js"
import * as GoogleService from "./GoogleService.js"

/**
 * Events with one candidate: thought-summary parts (`thought: true`, variant `reasoning`), text parts, whole
 * function calls (with their ids, the first signed), and a last event with the finish reason and an empty
 * text part carrying the thought signature; every event repeats the usage so far (`usageMetadata`; the
 * cached count as a variant), with `candidatesTokenCount` left out before the last event as Gemini does.
 */
const payloads = (script: StreamScript.StreamScript): ReadonlyArray<unknown> => {
  const { cacheFields, reasoning } = script.variant
  const { cacheRead, output, uncachedInput } = script.usage
  const thoughts = script.usage.reasoning
  const cached = cacheFields ? cacheRead : undefined
  const prompt = uncachedInput + (cached ?? 0)
  const usage = (last: boolean) => ({
    promptTokenCount: prompt,
    ...(last ? { candidatesTokenCount: output - (thoughts ?? 0) } : {}),
    totalTokenCount: prompt + output,
    ...(cached === undefined ? {} : { cachedContentTokenCount: cached }),
    ...(thoughts === undefined ? {} : { thoughtsTokenCount: thoughts })
  })
  const event = (parts: ReadonlyArray<unknown>, finishReason?: string) => ({
    candidates: [{
      content: { parts, role: "model" },
      ...(finishReason === undefined ? {} : { finishReason }),
      index: 0
    }],
    usageMetadata: usage(finishReason !== undefined),
    modelVersion: script.model,
    responseId: script.responseId
  })
  const finishReason = StreamScript.finishReason(script, "STOP")
  return [
    ...(reasoning ? script.reasoning.map((text) => event([{ text, thought: true }])) : []),
    ...script.texts.map((text) => event([{ text }])),
    ...script.toolCalls.map((call, index) =>
      event([{
        functionCall: { name: call.name, args: JSON.parse(call.arguments === "" ? "{}" : call.arguments), id: call.id },
        ...(index === 0 ? { thoughtSignature: script.signature } : {})
      }])
    ),
    event(
      [{ text: "", ...(script.toolCalls.length === 0 ? { thoughtSignature: script.signature } : {}) }],
      finishReason
    )
  ]
}

export const testKit: ProviderTestKit.ProviderTestKit = {
  payloads: {
    models: ["gemini-2.5-flash", "gemini-2.5-pro", "gemini-3-pro-preview"],
    finishReasons: ["STOP", "MAX_TOKENS", "SAFETY", "RECITATION", "MALFORMED_FUNCTION_CALL"],
    toolCallIdPrefix: "call_",
    of: payloads,
    decode: (_, body) => BodyDecoder.decodeWhole(GoogleDecoder.bodyDecoder("google"), body)
  },
  wire: {
    contentType: "text/event-stream",
    body: (events) => BodyWriter.sseBody(events),
    defaultModel: "gemini-2.5-flash",
    client: (baseUrl) => GoogleService.make({ baseUrl }),
    baseModel: false
  }
}

/** Vertex AI's: the same events, served by Vertex's client. */
export const vertexTestKit: ProviderTestKit.ProviderTestKit = {
  payloads: {
    ...testKit.payloads,
    decode: (_, body) => BodyDecoder.decodeWhole(GoogleDecoder.bodyDecoder("google-vertex"), body)
  },
  wire: {
    ...testKit.wire,
    client: (baseUrl) => GoogleService.makeVertex({ baseUrl, project: "test-project", location: "us-central1" })
  }
}
