/**
 * A call's stream, or a tool loop, served as AG-UI 1.0 (`@ag-ui/client`'s `HttpAgent`, CopilotKit), with the UI
 * message stream's guarantees: every delta as it arrives, approvals the server issued (as interrupts), a history the
 * client cannot write, the run's usage and exact cost. The library writes the events itself (no `@ag-ui/*`).
 * `fromStream` and `fromSteps` make the events, `toResponse` serves them, `readRunInput` decodes what the client sends.
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
import * as SseWebResponse from "../ui/SseWebResponse.js"
import * as SseWriter from "../ui/SseWriter.js"
import type * as UIServing from "../ui/UIServing.js"
import type * as AgUiEvent from "./AgUiEvent.js"
import * as AgUiFromSteps from "./AgUiFromSteps.js"
import * as AgUiFromStream from "./AgUiFromStream.js"

export { metadataKey as signedKey } from "../ui/UIHistoryFacts.js"
export { readRequest } from "../ui/UIServing.js"
export { editedInputKey, providerExecutedKey } from "./AgUiConverter.js"
export type { Options as FromStreamOptions } from "./AgUiFromStream.js"
export { readRunInput } from "./AgUiReadInput.js"
export type { Options as ReadRunInputOptions, RunInput } from "./AgUiReadInput.js"
export { costKey, spendKey } from "./AgUiUsage.js"

/**
 * The headers of an AG-UI response (`content-type: text/event-stream`, ...).
 *
 * @since 0.5.0
 * @category Responses
 */
export const headers: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
  "x-accel-buffering": "no"
}

/**
 * The run's events on the wire, as `@ag-ui/encoder` writes them: nothing after the last; `RUN_STARTED` is content, so
 * only a stream that fails before any event is answered with an HTTP error status.
 */
const wire: SseWriter.Wire<Event> = {
  headers,
  end: undefined,
  isContent: () => true,
  sentError: (events) => {
    let sent: string | undefined
    for (const event of events) if (event.type === "RUN_ERROR") sent = event.message
    return sent
  }
}

/**
 * An AG-UI 1.0 event this library sends, as a plain object with exactly the members `@ag-ui/core`'s schema
 * describes (a 1.0 client strips any other). Each has a type of its own (`Event.RunStarted`, `Event.ToolCallResult`,
 * ...), beside the types their members use (`Event.Interrupt`, `Event.TokenUsage`).
 *
 * @since 0.5.0
 * @category Models
 */
export type Event = AgUiEvent.Event
export type { AgUiEvent as Event }

/**
 * A call's stream as a run: `RUN_STARTED`, one step with its reasoning (`REASONING_*`), its text and tool calls as one
 * assistant message, every delta as it arrives, the provider's opaque state on each part as a
 * `REASONING_ENCRYPTED_VALUE` (the client returns it with the history), then `RUN_FINISHED` with its `usage` and the
 * finish metadata (`costKey`, `spendKey`); the calls are its `pendingToolCallIds`. Stopped from within, it closes what
 * it opened and ends `cancelled`; a failure sends `RUN_ERROR` (the redactor's text) and fails the stream.
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
 * `TOOL_CALL_RESULT` as it ends. Calls waiting for approval end the run with the `interrupt` outcome, one interrupt
 * per call (its `id` the signed approval id, `reason: "tool_call"`), which the next input's `resume` answers; calls of
 * the client's tools end it as a success naming them in `pendingToolCallIds`. `RUN_FINISHED.usage` has one entry per
 * provider and model. A loop stopped from within (its events end before its `DoneEvent`) ends `cancelled`.
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
 * The run as a Web `Response`: each event one `data: <json>` Server-Sent Event, as `@ag-ui/encoder` writes it. The run
 * goes only as fast as the body is read; a client that stops reading (`abortRun`) interrupts it at once. The body runs
 * in the context of the Effect that made the response.
 *
 * @since 0.5.0
 * @category Responses
 */
export const toResponse: {
  (init?: ResponseInit): <E, R>(self: Stream.Stream<Event, E, R>) => Effect.Effect<Response, never, R>
  <E, R>(self: Stream.Stream<Event, E, R>, init?: ResponseInit): Effect.Effect<Response, never, R>
} = /* @__PURE__ */ dual(
  (args) => Stream.isStream(args[0]),
  <E, R>(self: Stream.Stream<Event, E, R>, init?: ResponseInit) => SseWebResponse.toResponse(self, wire, init)
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
  <E, R>(self: Stream.Stream<Event, E, R>, init?: ResponseInit) => SseWriter.serve(self, wire, init, true)
)

/**
 * The run written to a Node `http.ServerResponse` as `toResponse` serves it, the next event pulled once the socket
 * took the last; a client that goes away interrupts the run. A Web `Response` is written as it is. Never fails.
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
    SseWriter.toNode(self, res, init, wire)
)
