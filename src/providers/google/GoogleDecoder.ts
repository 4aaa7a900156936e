/**
 * The body decoder of a Gemini stream (`streamGenerateContent?alt=sse`, the Gemini API and Vertex AI alike):
 * one `GenerateContentResponse` per SSE `data:` event, no event names, no end marker.
 *
 * The end of the stream is the end of the body: Gemini sends no marker, and a `finishReason` is not the end
 * either (with server-side tools a candidate sends `STOP`, then the tool's response, then the answer and
 * `STOP` again). So a body is complete only if its last candidate event carried a `finishReason`; one that
 * ends before that is truncated. An `{"error": ...}` event is a typed failure after the chunks before it; a
 * prompt refused with `promptFeedback.blockReason` fails after its chunk, which carries the billed prompt
 * tokens.
 *
 * Function calls: a whole call (`name`, `args`, `id`) is a tool call that starts and ends in its part; a
 * streamed one (`streamFunctionCallArguments`) starts with its `name` and `willContinue`, takes its
 * arguments from the `partialArgs` pieces, and ends with an empty `functionCall: {}` part, or, when that
 * marker is left out, when the next call starts or the finish reason comes. Its arguments stream as JSON text,
 * each piece adding to the text so far (`GoogleArgs`).
 *
 * An answer may take several requests (`Answer`): one Gemini ends with `CONTINUATION` is continued by the next, and
 * the decoding goes on across their bodies.
 *
 * @internal
 */
import { identity } from "effect/Function"
import * as Result from "effect/Result"
import * as BodyDecoder from "../../core/framing/BodyDecoder.js"
import * as Sse from "../../core/framing/Sse.js"
import * as Payload from "../../core/payload/Payload.js"
import * as ProviderError from "../../core/ProviderError.js"
import * as Usage from "../../core/Usage.js"
import * as GoogleArgs from "./GoogleArgs.js"
import * as GoogleChunk from "./GoogleChunk.js"
import * as GoogleErrors from "./GoogleErrors.js"
import * as GoogleEvents from "./GoogleEvents.js"
import * as GoogleSchemas from "./GoogleSchemas.js"
import * as GoogleUsage from "./GoogleUsage.js"

/** Who served the stream. */
export type Host = "google" | "google-vertex"

const isOptionalString = (value: unknown): boolean => value === undefined || typeof value === "string"
const isOptionalNumber = (value: unknown): boolean => value === undefined || typeof value === "number"

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
    if (!Payload.isRecord(detail) || !isOptionalString(detail["modality"]) || !isOptionalNumber(detail["tokenCount"])) {
      return false
    }
  }
  return true
}

const isUsage = (usage: unknown): boolean => {
  if (usage === undefined) return true
  if (!Payload.isRecord(usage)) return false
  for (const key of countKeys) if (!isOptionalNumber(usage[key])) return false
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

type Kind = "text" | "thought" | "call" | "other"

const kindOf = (part: GoogleSchemas.Part): Kind =>
  part.functionCall !== undefined
    ? "call"
    : part.text !== undefined
    ? (part.thought === true ? "thought" : "text")
    : "other"

type CallPlace = typeof GoogleSchemas.CallPlace.Type
type PartPlace = typeof GoogleSchemas.PartPlace.Type
type FunctionCall = NonNullable<GoogleSchemas.Part["functionCall"]>

/**
 * Places each part of a stream in a block (Gemini sends parts, not blocks): the blocks so far, and the
 * streamed call still open.
 */
class Placer {
  #block = -1
  #kind: Kind | undefined = undefined
  #open: { readonly index: number; readonly args: GoogleArgs.Writer } | undefined = undefined
  readonly #callId = GoogleEvents.callIds()
  /** Whether a function call has been placed. */
  calls = false

  /** Ends the streamed call still open, if any, with the rest of its arguments. */
  close(): CallPlace | undefined {
    const open = this.#open
    if (open === undefined) return undefined
    this.#open = undefined
    return { index: open.index, arguments: open.args.end(), ends: true }
  }

  /** Places one part, or says why it cannot be. */
  place(part: GoogleSchemas.Part): PartPlace | string {
    const call = part.functionCall
    if (call === undefined) return this.#placeContent(part)
    if (call.name !== undefined) return this.#startCall(call, call.name)
    return this.#continueCall(call)
  }

  #next(to: Kind): number {
    this.#block++
    this.#kind = to
    return this.#block
  }

  /** The text the pieces of a part add to the open call, or why they cannot be added. */
  #write(pieces: ReadonlyArray<GoogleSchemas.PartialArg> | undefined): string | { readonly error: string } {
    let text = ""
    for (const piece of pieces ?? []) {
      const written = this.#open!.args.write(piece)
      if ("error" in written) return written
      text += written.text
    }
    return text
  }

  /** Places a text, thought or other part: in the block of its kind it continues, or in a new one. */
  #placeContent(part: GoogleSchemas.Part): PartPlace {
    const to = kindOf(part)
    // An empty text part carrying only a signature signs the text before it.
    const signsText = to === "text" && part.text === "" && this.#kind === "text"
    if ((to === "text" || to === "thought") && (to === this.#kind || signsText)) {
      return { block: this.#block, starts: false }
    }
    const closes = this.close()
    return { block: this.#next(to), starts: true, ...(closes === undefined ? {} : { closes }) }
  }

  /** Starts a call from a named call part: whole, or streamed (its arguments in pieces to come). */
  #startCall(call: FunctionCall, name: string): PartPlace | string {
    const closes = this.close()
    const index = this.#next("call")
    this.calls = true
    const id = this.#callId(call.id, index)
    const streamed = call.args === undefined && (call.willContinue === true || call.partialArgs !== undefined)
    let args = JSON.stringify(call.args ?? {})
    if (streamed) {
      this.#open = { index, args: new GoogleArgs.Writer() }
      const written = this.#write(call.partialArgs)
      if (typeof written !== "string") return written.error
      args = written
    }
    return {
      block: index,
      starts: true,
      call: { index, id, name, arguments: args, ends: !streamed },
      ...(closes === undefined ? {} : { closes })
    }
  }

  /** Adds a call part without a name to the open call, and ends the call when the part says no more (`willContinue`). */
  #continueCall(call: FunctionCall): PartPlace | string {
    const open = this.#open
    if (open === undefined) {
      // The end marker of a call already ended, or an empty call part: nothing to place.
      return call.partialArgs === undefined || call.partialArgs.length === 0
        ? { block: this.#block, starts: false }
        : "a function call's `partialArgs` arrived outside a streamed call"
    }
    const written = this.#write(call.partialArgs)
    if (typeof written !== "string") return written.error
    if (call.partialArgs === undefined && call.willContinue !== true) {
      return { block: open.index, starts: false, call: this.close()! }
    }
    return { block: open.index, starts: false, call: { index: open.index, arguments: written, ends: false } }
  }
}

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

/** How many requests one answer may take (the first and its continuations) before a `CONTINUATION` ends it. */
export const maxRequests = 32

/** How many requests in a row a dropped answer is sent again from the same token while it gets nothing new. */
export const maxStalledRequests = 3

/**
 * What decoding one answer keeps across the requests it takes. Gemini ends a request whose answer is not complete
 * with `finishReason: "CONTINUATION"` and a `continuationToken`; the same request sent again with the token goes on
 * with the answer (`@google/genai` 3.3: automatic continuation, on by default, each request billed and their usage
 * summed). So the parts' placement goes on across requests (a text block cut by a request's end continues), the
 * finish that ends a continued request is not the answer's, and each event's usage adds the requests' before it.
 * A request whose stream drops goes on from the last checkpoint token it gave (a candidate's token without a
 * finish), as the SDK's `StreamContinuation` does: from the token it was sent with, at most `maxStalledRequests`
 * times in a row, when it gave neither a new token nor content.
 */
export class Answer {
  readonly placer = new Placer()
  /** The requests sent so far. */
  requests = 1
  /** The token this request was sent with (none for the first). */
  sentWith: string | undefined = undefined
  /** Whether this request handed on content. */
  yielded = false
  /** The requests in a row sent again from the same token after a drop. */
  stalled = 0
  /** The latest continuation token this request gave (a checkpoint, or the one its `CONTINUATION` carries). */
  token: string | undefined = undefined
  /** The token the next request resumes from, once this request ended with `CONTINUATION` or dropped. */
  resumeFrom: string | undefined = undefined
  /** The usage of the requests before this one (normalised, summed). */
  usageBefore: Usage.Usage | undefined = undefined
  /** This request's usage so far, as reported (each event repeats it). */
  usageNow: GoogleSchemas.UsageMetadata | undefined = undefined
  readonly maxRequests: number

  constructor(maxRequests = 1) {
    this.maxRequests = maxRequests
  }

  /** Whether a request that finished with `reason` is continued by another (its token kept for it). */
  continues(reason: string | undefined): boolean {
    if (reason !== "CONTINUATION" || this.token === undefined || this.requests >= this.maxRequests) return false
    this.resumeFrom = this.token
    return true
  }

  /**
   * Whether a request whose stream dropped (it ended without a finish, or its connection broke) is sent again: from
   * the checkpoint it gave, else, when it handed on nothing, from the token it was sent with.
   */
  resumesAfterDrop(): boolean {
    if (this.requests >= this.maxRequests) return false
    if (this.token !== undefined && this.token !== this.sentWith) {
      this.stalled = 0
      this.resumeFrom = this.token
      return true
    }
    if (this.yielded || this.sentWith === undefined || this.stalled >= maxStalledRequests) return false
    this.stalled++
    this.resumeFrom = this.sentWith
    return true
  }

  /** The token of the next request, when the answer continues; its usage so far carried over to it. */
  next(): string | undefined {
    const token = this.resumeFrom
    if (token === undefined) return undefined
    this.resumeFrom = undefined
    this.sentWith = token
    this.yielded = false
    // A request that ends with `CONTINUATION` but no token of its own is not resumed from an older one.
    this.token = undefined
    this.requests++
    if (this.usageNow !== undefined) {
      const now = GoogleUsage.normaliseUsage(this.usageNow)
      this.usageBefore = this.usageBefore === undefined ? now : Usage.add(this.usageBefore, now)
      this.usageNow = undefined
    }
    return token
  }
}

const eventDecoder = (
  host: Host,
  answer: Answer
): BodyDecoder.EventDecoder<Sse.Event, GoogleChunk.GoogleCallResponseChunk> => {
  const placement = answer.placer
  let finished = false
  let blocked: ProviderError.ProviderError | undefined
  return {
    decode: (event) => {
      if (event.data.trim() === "") return BodyDecoder.skip
      const parsed = Payload.parseJson(event.data)
      if (parsed === Payload.invalidJson) {
        return Payload.malformed(host, "a streamed event is not valid JSON", event.data)
      }
      const error = GoogleErrors.errorOf(parsed)
      if (error !== undefined) return new BodyDecoder.Failure(GoogleErrors.streamError(host, error))
      if (!Payload.isRecord(parsed)) return Payload.malformed(host, "a streamed event is not a JSON object", event.data)
      const decoded = decodeResponse(parsed)
      if (Result.isFailure(decoded)) {
        return Payload.malformed(
          host,
          `an event does not match the GenerateContentResponse schema: ${decoded.failure.message}`,
          event.data
        )
      }
      const chunk = decoded.success
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
        finished = candidate.finishReason !== undefined && candidate.finishReason !== "FINISH_REASON_UNSPECIFIED"
        continues = finished && answer.continues(candidate.finishReason)
        if (finished && !continues) closes = placement.close()
      }
      blocked = refusedRequest(host, chunk, candidate?.finishReason) ?? blocked
      return Payload.instantiate(GoogleChunk.GoogleCallResponseChunk, {
        chunk,
        provider: host,
        placement: {
          parts,
          calls: placement.calls,
          ...(closes === undefined ? {} : { closes }),
          ...(continues ? { continues } : {}),
          ...(answer.usageBefore === undefined ? {} : { usageBefore: answer.usageBefore })
        }
      })
    },
    complete: () => blocked ?? false,
    completeAtEnd: () => finished
  }
}

/** The body decoder of a Gemini stream (SSE framing and event decoding, without HTTP). */
export const bodyDecoder = (
  host: Host,
  maxEventSize?: number | undefined,
  answer: Answer = new Answer()
): BodyDecoder.BodyDecoder<GoogleChunk.GoogleCallResponseChunk> =>
  BodyDecoder.make(host, Sse.framer(host, maxEventSize), eventDecoder(host, answer))
