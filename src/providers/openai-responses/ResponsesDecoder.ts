/**
 * The body decoder of a Responses API stream: SSE events named by type; `response.completed` and
 * `response.incomplete` end the stream; an `error` event or `response.failed` fails it (after every event
 * before); events this library does not know are skipped.
 *
 * @internal
 */
import { identity } from "effect/Function"
import * as Result from "effect/Result"
import * as CallIds from "../../core/fold/CallIds.js"
import * as BodyDecoder from "../../core/framing/BodyDecoder.js"
import * as Sse from "../../core/framing/Sse.js"
import * as Payload from "../../core/payload/Payload.js"
import * as ResponsesChunk from "./ResponsesChunk.js"
import * as ResponsesErrors from "./ResponsesErrors.js"
import type * as ResponsesEvents from "./ResponsesEvents.js"
import * as ResponsesFinishReasons from "./ResponsesFinishReasons.js"
import * as ResponsesItems from "./ResponsesItems.js"
import * as ResponsesSchemas from "./ResponsesSchemas.js"

/**
 * The fast-path check for the frequent events (a piece of text, reasoning or function-call arguments):
 * true only for what the Schema accepts.
 */
export const isDeltaEvent = (json: unknown): boolean => {
  if (!Payload.isRecord(json)) return false
  const type = json["type"]
  if (
    type !== "response.output_text.delta" && type !== "response.reasoning_summary_text.delta" &&
    type !== "response.function_call_arguments.delta"
  ) return false
  if (typeof json["delta"] !== "string" || typeof json["item_id"] !== "string") return false
  if (!Payload.isIndex(json["output_index"])) return false
  const sequence = json["sequence_number"]
  if (sequence !== undefined && typeof sequence !== "number") return false
  if (type === "response.output_text.delta") {
    const logprobs = json["logprobs"]
    return Payload.isIndex(json["content_index"]) && (logprobs === undefined || Array.isArray(logprobs))
  }
  if (type === "response.reasoning_summary_text.delta") {
    return (json["summary_index"] === undefined || Payload.isIndex(json["summary_index"])) &&
      (json["content_index"] === undefined || Payload.isIndex(json["content_index"]))
  }
  return true
}

const decodeEvent = Payload.fastDecoder(ResponsesSchemas.ResponseStreamEvent, isDeltaEvent, identity)

/** Who served the stream, for the chunks. */
type Context = Omit<ResponsesEvents.Context, "wholeArguments">

/**
 * Whether the event finishes a function call none of whose arguments streamed (`response.output_item.done`
 * after an `added` item with empty `arguments` and no `response.function_call_arguments.delta`): its item then
 * holds them whole. Keeps `streamed` up to date.
 */
const wholeArguments = (
  streamed: Map<number, boolean>,
  chunk: ResponsesSchemas.ResponseStreamEvent
): boolean => {
  switch (chunk.type) {
    case "response.function_call_arguments.delta":
      if (chunk.delta !== "") streamed.set(chunk.output_index, true)
      return false
    case "response.output_item.added":
      if (ResponsesItems.isFunctionCall(chunk.item)) streamed.set(chunk.output_index, !!chunk.item.arguments)
      return false
    case "response.output_item.done": {
      if (!ResponsesItems.isFunctionCall(chunk.item)) return false
      const whole = streamed.get(chunk.output_index) !== true
      streamed.delete(chunk.output_index)
      return whole && !!chunk.item.arguments
    }
    default:
      return false
  }
}

/**
 * The finish reason of a terminal event whose response lists no output items, read from the items the stream
 * finished: the ChatGPT Codex backend's `response.completed` has `output: []` after a function call it streamed
 * whole (pydantic/pydantic-ai `tests/models/cassettes/test_openai_codex/test_openai_codex_tool_call_round_trip.yaml`),
 * where OpenAI's lists every item (openai-node `ResponseCompletedEvent.response: Response`, `output`).
 */
const streamedFinish = (
  chunk: ResponsesSchemas.ResponseStreamEvent,
  finished: ReadonlyArray<ResponsesSchemas.OutputItem>
): string | undefined =>
  (chunk.type === "response.completed" || chunk.type === "response.incomplete") &&
    (chunk.response.output ?? []).length === 0 && finished.length > 0
    ? ResponsesFinishReasons.finishReasonOf({ ...chunk.response, output: finished })
    : undefined

/**
 * The failure a terminal event is whose response failed (`ResponsesFinishReasons.failedStatuses`): its response's
 * error, as `response.failed` carries it; `undefined` for any other event.
 */
const failedTerminal = (
  provider: string,
  chunk: ResponsesSchemas.ResponseStreamEvent,
  parsed: unknown
): BodyDecoder.Failure | undefined =>
  (chunk.type === "response.completed" || chunk.type === "response.incomplete") && chunk.response.status != null &&
    ResponsesFinishReasons.failedStatuses.has(chunk.response.status)
    ? new BodyDecoder.Failure(ResponsesErrors.failedResponse(provider, parsed))
    : undefined

/** Keeps `item` among `finished` when it is the first of its kind a finish reason is read from. */
const keepFinishing = (finished: Array<ResponsesSchemas.OutputItem>, item: ResponsesSchemas.OutputItem): void => {
  const kind = ResponsesFinishReasons.finishKindOf(item)
  if (kind !== undefined && !finished.some((kept) => ResponsesFinishReasons.finishKindOf(kept) === kind)) {
    finished.push(item)
  }
}

const eventDecoder = (
  context: Context
): BodyDecoder.EventDecoder<Sse.Event, ResponsesChunk.OpenAIResponsesCallResponseChunk> => {
  let ended = false
  const provider = context.provider
  // The function calls under way (by output index) and whether a piece of their arguments has come.
  const streamed = new Map<number, boolean>()
  // The first item of each kind the stream finished that a finish reason is read from (`finishKindOf`): the finish
  // reason of a terminal response that lists none. At most three, whatever the response holds.
  const finished: Array<ResponsesSchemas.OutputItem> = []
  return {
    decode: (event) => {
      // An event named after a type this library does not know (a keep-alive, a future event) is skipped
      // unread; unnamed events (`message`) are told apart by their JSON `type`.
      if (event.event !== "message" && event.event !== "error" && !ResponsesSchemas.eventTypes.has(event.event)) {
        return BodyDecoder.skip
      }
      const parsed = Payload.parseJson(event.data)
      if (parsed === Payload.invalidJson) {
        // A proxy's `[DONE]` (openai-node src/core/streaming.ts stops at it) is read only before the terminal
        // event, which completes the stream: what ends there has no finish and no usage, a stream cut short.
        return event.data === "[DONE]"
          ? new BodyDecoder.Failure(BodyDecoder.truncated(provider))
          : Payload.malformed(
            provider,
            "a streamed event is not valid JSON (or nests deeper than 1000 levels)",
            event.data
          )
      }
      const type = (parsed as { readonly type?: unknown } | null)?.type
      if (event.event === "error" || type === "error") {
        return new BodyDecoder.Failure(ResponsesErrors.streamError(provider, parsed))
      }
      if (type === "response.failed") return new BodyDecoder.Failure(ResponsesErrors.failedResponse(provider, parsed))
      // Events this library does not know are skipped, not errors.
      if (typeof type !== "string" || !ResponsesSchemas.eventTypes.has(type)) {
        return typeof type === "string"
          ? BodyDecoder.skip
          : Payload.malformed(provider, "a streamed event has no `type`", event.data)
      }
      const decoded = decodeEvent(parsed)
      if (Result.isFailure(decoded)) {
        return Payload.malformed(
          provider,
          `a \`${type}\` event does not match the expected schema: ${decoded.failure.message}`,
          event.data
        )
      }
      const chunk = decoded.success
      const failed = failedTerminal(provider, chunk, parsed)
      if (failed !== undefined) return failed
      if (chunk.type === "response.output_item.done") keepFinishing(finished, chunk.item)
      if (chunk.type === "response.completed" || chunk.type === "response.incomplete") ended = true
      return ResponsesChunk.make(chunk, context, wholeArguments(streamed, chunk), streamedFinish(chunk, finished))
    },
    complete: () => ended
  }
}

/**
 * The body decoder of a Responses API stream (SSE framing and event decoding, without HTTP); `ids`, its response's
 * call ids (a resumed stream's bodies share them).
 */
export const bodyDecoder = (
  context: Context,
  maxEventSize?: number | undefined,
  ids: CallIds.CallIds = new CallIds.CallIds()
): BodyDecoder.BodyDecoder<ResponsesChunk.OpenAIResponsesCallResponseChunk> =>
  BodyDecoder.make(context.provider, Sse.framer(context.provider, maxEventSize), eventDecoder(context), ids.given)
