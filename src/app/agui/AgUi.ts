/**
 * A call's stream, or a tool loop, served as AG-UI 1.0 (the Agent-User Interaction protocol of `@ag-ui/client`'s
 * `HttpAgent`, CopilotKit and the agent frameworks that speak it), from the same typed stream as the UI message
 * stream and with the same guarantees: every delta as it arrives, a stop that closes what it opened and saves what
 * was sent, approvals the server issued (as interrupts), a history the client cannot write, the usage and exact cost
 * of the run. The library writes the events itself: it does not depend on `@ag-ui/*`.
 *
 * `fromStream` and `fromSteps` make the events, `toResponse` serves them, `readRunInput` decodes what the client
 * sends (`RunAgentInput`) into the conversation, the answers to approvals and the client's tools.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { AgUi, LanguageModel } from "effect-llm-stream"
 *
 * // POST /agent: what HttpAgent sends → the run, streamed as it reads it.
 * const agent = (request: Request) =>
 *   AgUi.readRequest(request).pipe(
 *     Effect.flatMap((body) => AgUi.readRunInput(body)),
 *     Effect.flatMap((input) =>
 *       LanguageModel.runTools({ messages: [...input.messages, ...input.approvals] }).pipe(
 *         AgUi.fromSteps({ threadId: input.threadId, runId: input.runId }),
 *         AgUi.toResponse()
 *       )
 *     ),
 *     // Input refused before the run starts: its status (400, 413) and a JSON body, no event stream.
 *     Effect.catchTag("InvalidRequestError", (error) =>
 *       Effect.succeed(Response.json({ error: error.message }, { status: error.status ?? 400 })))
 *   )
 * ```
 *
 * @since 0.5.0
 */
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Stream from "effect/Stream"
import type * as CallResponseChunk from "../../core/call/CallResponseChunk.js"
import type * as StepEvents from "../loop/StepEvents.js"
import * as SseNodeResponse from "../ui/SseNodeResponse.js"
import * as UIServing from "../ui/UIServing.js"
import type * as AgUiEvent from "./AgUiEvent.js"
import * as AgUiFromSteps from "./AgUiFromSteps.js"
import * as AgUiFromStream from "./AgUiFromStream.js"
import * as AgUiResponse from "./AgUiResponse.js"

export { metadataKey as signedKey } from "../ui/UIHistoryFacts.js"
export { readRequest } from "../ui/UIServing.js"
export { providerExecutedKey } from "./AgUiConverter.js"
export type { Options as FromStreamOptions } from "./AgUiFromStream.js"
export { readRunInput } from "./AgUiReadInput.js"
export type { Options as ReadRunInputOptions, RunInput } from "./AgUiReadInput.js"
export { headers } from "./AgUiResponse.js"
export { costKey, spendKey } from "./AgUiUsage.js"

/**
 * An AG-UI 1.0 event this library sends, as a plain object with exactly the members `@ag-ui/core`'s schema
 * describes (a 1.0 client strips any other): `RUN_STARTED`, `RUN_FINISHED`, `RUN_ERROR`, `STEP_STARTED`,
 * `STEP_FINISHED`, `TEXT_MESSAGE_START` / `_CONTENT` / `_END`, `REASONING_START`, `REASONING_MESSAGE_START` /
 * `_CONTENT` / `_END`, `REASONING_END`, `REASONING_ENCRYPTED_VALUE`, `TOOL_CALL_START` / `_ARGS` / `_END`,
 * `TOOL_CALL_RESULT`.
 *
 * @since 0.5.0
 * @category Models
 */
export type Event = AgUiEvent.Event

/**
 * The events, one type each, and the types their members use.
 *
 * @since 0.5.0
 * @category Models
 */
export declare namespace Event {
  export type RunStarted = AgUiEvent.RunStarted
  export type RunFinished = AgUiEvent.RunFinished
  export type RunError = AgUiEvent.RunError
  export type StepStarted = AgUiEvent.StepStarted
  export type StepFinished = AgUiEvent.StepFinished
  export type TextMessageStart = AgUiEvent.TextMessageStart
  export type TextMessageContent = AgUiEvent.TextMessageContent
  export type TextMessageEnd = AgUiEvent.TextMessageEnd
  export type ReasoningStart = AgUiEvent.ReasoningStart
  export type ReasoningMessageStart = AgUiEvent.ReasoningMessageStart
  export type ReasoningMessageContent = AgUiEvent.ReasoningMessageContent
  export type ReasoningMessageEnd = AgUiEvent.ReasoningMessageEnd
  export type ReasoningEnd = AgUiEvent.ReasoningEnd
  export type ReasoningEncryptedValue = AgUiEvent.ReasoningEncryptedValue
  export type ToolCallStart = AgUiEvent.ToolCallStart
  export type ToolCallArgs = AgUiEvent.ToolCallArgs
  export type ToolCallEnd = AgUiEvent.ToolCallEnd
  export type ToolCallResult = AgUiEvent.ToolCallResult
  export type TokenUsage = AgUiEvent.TokenUsage
  export type Interrupt = AgUiEvent.Interrupt
  export type Outcome = AgUiEvent.Outcome
  export type Metadata = AgUiEvent.Metadata
}

/**
 * A call's stream (any provider) as a run: `RUN_STARTED`, one step (`STEP_STARTED` … `STEP_FINISHED`) with its
 * reasoning (`REASONING_*`), its text and tool calls as one assistant message (`TEXT_MESSAGE_*`, `TOOL_CALL_*`),
 * every delta as it arrives, the provider's opaque state on each part as a `REASONING_ENCRYPTED_VALUE` naming the
 * reasoning message, the assistant message (its text) or the tool call it belongs to (the client returns it with
 * the history), then `RUN_FINISHED` with its `usage` and, in its `metadata`, the finish metadata (`costKey`, `spendKey`); the
 * calls are the success outcome's `pendingToolCallIds`, for the client. A stream stopped from within
 * (`Stream.interruptWhen`) closes what it opened and ends `RUN_FINISHED { outcome: { type: "cancelled" } }`; a
 * failure closes what is open, sends `RUN_ERROR` (the redactor's text) and fails the stream.
 *
 * @since 0.5.0
 * @category Constructors
 */
export const fromStream: {
  <E>(options: AgUiFromStream.Options<E>): <R>(
    self: Stream.Stream<CallResponseChunk.Common, E, R>
  ) => Stream.Stream<Event, E, R>
  <E, R>(
    self: Stream.Stream<CallResponseChunk.Common, E, R>,
    options: AgUiFromStream.Options<E>
  ): Stream.Stream<Event, E, R>
} = /* @__PURE__ */ dual(2, AgUiFromStream.fromStream)

/**
 * A tool loop (`LanguageModel.runTools`) as a run: each step as `fromStream` serves one, each handler's result as
 * `TOOL_CALL_RESULT` (a tool message of its own, a structured output as JSON, a failure as the redactor's text) as it
 * ends, also for the calls the input's approvals answered (before the first step). Calls waiting for approval end the
 * run `RUN_FINISHED { outcome: { type: "interrupt", interrupts } }`, one interrupt per call, its `id` the approval id
 * the server signed, `reason: "tool_call"`, `toolCallId` the call's; the next input's `resume` answers them
 * (`readRunInput`). Calls of tools without a handler (the client's) end the run as a success naming them in
 * `pendingToolCallIds`. `RUN_FINISHED.usage` holds the loop's usage, one entry per provider and model. A loop
 * stopped from within (`Stream.takeWhile`, `Stream.interruptWhen`: its events end before its `DoneEvent`) closes
 * what it opened and ends `RUN_FINISHED { outcome: { type: "cancelled" } }`, as `fromStream` does.
 *
 * @since 0.5.0
 * @category Constructors
 */
export const fromSteps: {
  <E>(options: AgUiFromStream.Options<E>): <R>(
    self: Stream.Stream<StepEvents.StepEvent, E, R>
  ) => Stream.Stream<Event, E, R>
  <E, R>(
    self: Stream.Stream<StepEvents.StepEvent, E, R>,
    options: AgUiFromStream.Options<E>
  ): Stream.Stream<Event, E, R>
} = /* @__PURE__ */ dual(2, AgUiFromSteps.fromSteps)

/**
 * The run as a Web `Response`: each event one `data: <json>` Server-Sent Event, as `@ag-ui/encoder` writes it, the
 * protocol's headers with `init`'s merged in. The run goes only as fast as the body is read; a client that stops
 * reading (`abortRun`, a closed tab) cancels the body, which interrupts the run at once (the provider request is
 * aborted, a handler running is interrupted). The body runs in the context of the Effect that made the response.
 *
 * @since 0.5.0
 * @category Responses
 */
export const toResponse: {
  (init?: ResponseInit): <E, R>(self: Stream.Stream<Event, E, R>) => Effect.Effect<Response, never, R>
  <E, R>(self: Stream.Stream<Event, E, R>, init?: ResponseInit): Effect.Effect<Response, never, R>
} = /* @__PURE__ */ dual(
  (args) => Stream.isStream(args[0]),
  <E, R>(self: Stream.Stream<Event, E, R>, init?: ResponseInit) => AgUiResponse.toResponse(self, init)
)

/**
 * The run as an `effect/http` server response, the same as `toResponse`.
 *
 * @since 0.5.0
 * @category Responses
 */
export const toHttpServerResponse: {
  (init?: ResponseInit): <E, R>(
    self: Stream.Stream<Event, E, R>
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse, never, R>
  <E, R>(
    self: Stream.Stream<Event, E, R>,
    init?: ResponseInit
  ): Effect.Effect<HttpServerResponse.HttpServerResponse, never, R>
} = /* @__PURE__ */ dual(
  (args) => Stream.isStream(args[0]),
  <E, R>(self: Stream.Stream<Event, E, R>, init?: ResponseInit) => AgUiResponse.toHttpServerResponse(self, init)
)

/**
 * The run written to a Node `http.ServerResponse` as `toResponse` serves it, each event as it comes (with no Web
 * stream between), the next pulled once the socket has taken it; a client that goes away interrupts the run. A Web
 * `Response` (a refusal's JSON) is written as it is. The Effect never fails.
 *
 * @since 0.5.0
 * @category Node
 */
export const toNodeResponse: {
  (res: UIServing.NodeResponse, init?: ResponseInit): <E = never, R = never>(
    self: Stream.Stream<Event, E, R> | Response
  ) => Effect.Effect<void, never, R>
  <E = never, R = never>(
    self: Stream.Stream<Event, E, R> | Response,
    res: UIServing.NodeResponse,
    init?: ResponseInit
  ): Effect.Effect<void, never, R>
} = /* @__PURE__ */ dual(
  (args) => Stream.isStream(args[0]) || (typeof Response !== "undefined" && args[0] instanceof Response),
  <E, R>(self: Stream.Stream<Event, E, R> | Response, res: UIServing.NodeResponse, init?: ResponseInit) =>
    Stream.isStream(self)
      ? SseNodeResponse.writeStream(self, res, init, AgUiResponse.wire)
      : UIServing.toNodeResponse(self, res)
)
