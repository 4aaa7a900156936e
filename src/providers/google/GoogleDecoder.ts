/**
 * The body decoder of a Gemini stream (`streamGenerateContent?alt=sse`, the Gemini API and Vertex AI alike):
 * one `GenerateContentResponse` per SSE `data:` event, no event names, no end marker.
 *
 * The end of the stream is the end of the body: Gemini sends no marker, and a `finishReason` is not the end
 * either (with server-side tools a candidate sends `STOP`, then the tool's response, then the answer and
 * `STOP` again). So a body is complete only if its last candidate event carried a `finishReason` (a `STOP` after code
 * Gemini runs, whose result is still to come, is not one: `GooglePlacement.Placer.awaitsCodeResult`); one that
 * ends before that is truncated. An `{"error": ...}` event is a typed failure after the chunks before it; a
 * prompt refused with `promptFeedback.blockReason` fails after its chunk, which carries the billed prompt
 * tokens.
 *
 * Each part is placed in its block, a streamed function call's pieces included, by `GooglePlacement`; an answer may
 * take several requests (`GoogleAnswer`), the decoding going on across their bodies.
 *
 * @internal
 */
import { identity } from "effect/Function"
import * as Result from "effect/Result"
import * as BodyDecoder from "../../core/framing/BodyDecoder.js"
import * as Sse from "../../core/framing/Sse.js"
import * as Payload from "../../core/payload/Payload.js"
import * as ProviderError from "../../core/ProviderError.js"
import * as GoogleAnswer from "./GoogleAnswer.js"
import * as GoogleChunk from "./GoogleChunk.js"
import * as GoogleErrors from "./GoogleErrors.js"
import * as GoogleSchemas from "./GoogleSchemas.js"

/** Who served the stream. */
export type Host = "google" | "google-vertex"

const isOptionalString = (value: unknown): boolean => value === undefined || typeof value === "string"
const isOptionalNumber = (value: unknown): boolean => value === undefined || typeof value === "number"
const isOptionalCount = (value: unknown): boolean => value === undefined || Payload.isIndex(value)

const countKeys = [
  "promptTokenCount",
  "cachedContentTokenCount",
  "candidatesTokenCount",
  "toolUsePromptTokenCount",
  "thoughtsTokenCount",
  "totalTokenCount"
]
const detailKeys = [
  "promptTokensDetails",
  "cacheTokensDetails",
  "candidatesTokensDetails",
  "toolUsePromptTokensDetails"
]

const isDetails = (value: unknown): boolean => {
  if (value === undefined) return true
  if (!Array.isArray(value)) return false
  for (const detail of value) {
    if (!Payload.isRecord(detail) || !isOptionalString(detail["modality"]) || !isOptionalCount(detail["tokenCount"])) {
      return false
    }
  }
  return true
}

const isUsage = (usage: unknown): boolean => {
  if (usage === undefined) return true
  if (!Payload.isRecord(usage)) return false
  for (const key of countKeys) if (!isOptionalCount(usage[key])) return false
  for (const key of detailKeys) if (!isDetails(usage[key])) return false
  return isOptionalString(usage["trafficType"]) && isOptionalString(usage["serviceTier"])
}

/** A text or thought part, with or without its signature. */
const isTextPart = (part: unknown): boolean =>
  Payload.isRecord(part) && isOptionalString(part["text"]) && isOptionalString(part["thoughtSignature"]) &&
  (part["thought"] === undefined || typeof part["thought"] === "boolean") && part["functionCall"] === undefined &&
  part["executableCode"] === undefined && part["codeExecutionResult"] === undefined

const isTextCandidate = (candidate: unknown): boolean => {
  if (!Payload.isRecord(candidate)) return false
  if (
    !isOptionalNumber(candidate["index"]) || !isOptionalString(candidate["finishReason"]) ||
    !isOptionalString(candidate["finishMessage"]) || !isOptionalString(candidate["continuationToken"]) ||
    !(candidate["safetyRatings"] === undefined || Array.isArray(candidate["safetyRatings"]))
  ) return false
  const content = candidate["content"]
  if (content === undefined) return true
  if (!Payload.isRecord(content) || !isOptionalString(content["role"])) return false
  const parts = content["parts"]
  if (parts === undefined) return true
  if (!Array.isArray(parts)) return false
  for (const part of parts) if (!isTextPart(part)) return false
  return true
}

/**
 * The fast-path check of the events of a text or thought answer: candidates of text parts (with their
 * signatures, finish reasons and safety ratings) and the usage so far. `true` only for events the Schema
 * accepts; function calls, server tool parts, a prompt's feedback and anything unusual go through the Schema.
 */
export const isFrequentEvent = (json: unknown): boolean => {
  if (!Payload.isRecord(json) || json["promptFeedback"] !== undefined) return false
  if (
    !isOptionalString(json["modelVersion"]) || !isOptionalString(json["responseId"]) ||
    !isOptionalString(json["createTime"]) || !isUsage(json["usageMetadata"])
  ) return false
  const candidates = json["candidates"]
  if (candidates === undefined) return true
  if (!Array.isArray(candidates)) return false
  for (const candidate of candidates) if (!isTextCandidate(candidate)) return false
  return true
}

const decodeResponse = Payload.fastDecoder(GoogleSchemas.GenerateContentResponse, isFrequentEvent, identity)

/**
 * Why Gemini refused the request, told in a chunk: the prompt was blocked (`promptFeedback.blockReason`), or the
 * history lacks a thought signature the model requires (finish reason `MISSING_THOUGHT_SIGNATURE`: a function
 * call of an earlier turn sent back without the `thoughtSignature` it came with). The stream fails with it after
 * its chunks.
 */
const refusedRequest = (
  host: Host,
  chunk: GoogleSchemas.GenerateContentResponse,
  finishReason: string | undefined
): ProviderError.ProviderError | undefined => {
  const blockReason = chunk.promptFeedback?.blockReason
  if (blockReason !== undefined && blockReason !== "BLOCKED_REASON_UNSPECIFIED") {
    const detail = chunk.promptFeedback?.blockReasonMessage
    return new ProviderError.InvalidRequestError({
      provider: host,
      errorType: blockReason,
      message: `${host}: the prompt was blocked (${blockReason})${
        detail === undefined ? "" : `: ${detail}`
      }; its tokens are still billed (see the response's usage)`
    })
  }
  if (finishReason === "MISSING_THOUGHT_SIGNATURE") {
    return new ProviderError.InvalidRequestError({
      provider: host,
      errorType: finishReason,
      message: `${host}: the request lacks a thought signature the model requires (MISSING_THOUGHT_SIGNATURE): ` +
        "a function call of an earlier turn was sent back without the thoughtSignature it came with"
    })
  }
  return undefined
}

/** An event's `GenerateContentResponse`, or the failure it is: an error event, JSON that is not one. */
const responseOf = (host: Host, data: string): GoogleSchemas.GenerateContentResponse | BodyDecoder.Failure => {
  const parsed = Payload.parseJson(data)
  if (parsed === Payload.invalidJson) return Payload.malformed(host, "a streamed event is not valid JSON", data)
  const error = GoogleErrors.errorOf(parsed)
  if (error !== undefined) return new BodyDecoder.Failure(GoogleErrors.streamError(host, error))
  if (!Payload.isRecord(parsed)) return Payload.malformed(host, "a streamed event is not a JSON object", data)
  const decoded = decodeResponse(parsed)
  return Result.isSuccess(decoded) ? decoded.success : Payload.malformed(
    host,
    `an event does not match the GenerateContentResponse schema: ${decoded.failure.message}`,
    data
  )
}

const eventDecoder = (
  host: Host,
  answer: GoogleAnswer.Answer,
  servedTier: string | undefined
): BodyDecoder.EventDecoder<Sse.Event, GoogleChunk.GoogleCallResponseChunk> => {
  const placement = answer.placer
  let finished = false
  let blocked: ProviderError.ProviderError | undefined
  return {
    decode: (event) => {
      if (event.data.trim() === "") return BodyDecoder.skip
      const chunk = responseOf(host, event.data)
      if (chunk instanceof BodyDecoder.Failure) return chunk
      const candidate = GoogleSchemas.answerOf(chunk)
      const parts: Array<typeof GoogleSchemas.PartPlace.Type> = []
      for (const part of candidate?.content?.parts ?? []) {
        const placed = placement.place(part)
        if (typeof placed === "string") return Payload.malformed(host, placed, event.data)
        parts.push(placed)
      }
      if (parts.length > 0) answer.yielded = true
      if (candidate?.continuationToken !== undefined) answer.token = candidate.continuationToken
      if (chunk.usageMetadata !== undefined) answer.usageNow = chunk.usageMetadata
      let closes: typeof GoogleSchemas.CallPlace.Type | undefined
      let continues = false
      if (candidate !== undefined) {
        // A `STOP` right after code Gemini runs (code execution) is not the end: the code's result and the answer
        // follow (recorded: gemini-2.5-pro, test/fixtures/google/code-execution-stream.sse).
        finished = candidate.finishReason !== undefined && candidate.finishReason !== "FINISH_REASON_UNSPECIFIED" &&
          !(candidate.finishReason === "STOP" && placement.awaitsCodeResult)
        continues = finished && answer.continues(candidate.finishReason)
        if (finished && !continues) closes = placement.close()
      }
      blocked = refusedRequest(host, chunk, candidate?.finishReason) ?? blocked
      const cites = candidate?.citationMetadata !== undefined || candidate?.groundingMetadata !== undefined
      return Payload.instantiate(GoogleChunk.GoogleCallResponseChunk, {
        chunk,
        provider: host,
        placement: {
          parts,
          calls: placement.calls,
          ...(closes === undefined ? {} : { closes }),
          ...(continues ? { continues } : {}),
          ...(answer.usageBefore === undefined ? {} : { usageBefore: answer.usageBefore }),
          ...(cites && placement.block >= 0 ? { citedBlock: placement.block } : {})
        },
        ...(servedTier === undefined ? {} : { servedTier })
      })
    },
    complete: () => blocked ?? false,
    completeAtEnd: () => finished
  }
}

/**
 * The body decoder of a Gemini stream (SSE framing and event decoding, without HTTP); `servedTier` is the response's
 * `x-gemini-service-tier` header, kept on each chunk.
 */
export const bodyDecoder = (
  host: Host,
  maxEventSize?: number | undefined,
  answer: GoogleAnswer.Answer = new GoogleAnswer.Answer(),
  servedTier?: string | undefined
): BodyDecoder.BodyDecoder<GoogleChunk.GoogleCallResponseChunk> =>
  BodyDecoder.make(
    host,
    Sse.framer(host, maxEventSize),
    eventDecoder(host, answer, servedTier === "" ? undefined : servedTier),
    answer.callIds.given
  )
