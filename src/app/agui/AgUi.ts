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
 *         AgUi.fromSteps({ threadId: input.threadId, runId: input.runId, lastStep: input.lastStep }),
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
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type * as CallResponseChunk from "../../core/call/CallResponseChunk.js"
import type * as StepEvents from "../loop/StepEvents.js"
import type * as StreamOffsets from "../store/StreamOffsets.js"
import * as StreamStore from "../store/StreamStore.js"
import * as SseWebResponse from "../ui/SseWebResponse.js"
import * as SseWriter from "../ui/SseWriter.js"
import * as UIErrorAnswer from "../ui/UIErrorAnswer.js"
import type * as UIResumable from "../ui/UIResumable.js"
import type * as UIServing from "../ui/UIServing.js"
import type * as AgUiEvent from "./AgUiEvent.js"
import * as AgUiFromSteps from "./AgUiFromSteps.js"
import * as AgUiFromStream from "./AgUiFromStream.js"
import * as AgUiResumable from "./AgUiResumable.js"
import * as AgUiThreadRun from "./AgUiThreadRun.js"

export { metadataKey as signedKey } from "../history/UIHistoryFacts.js"
export { InvalidOffset } from "../store/StreamOffsets.js"
export { readRequest } from "../ui/UIServing.js"
export { editedInputKey, finishReasonKey, pauseKey, providerExecutedKey } from "./AgUiConverter.js"
export type { Options as FromStreamOptions } from "./AgUiFromStream.js"
export { readRunInput } from "./AgUiReadInput.js"
export type { Options as ReadRunInputOptions, RunInput } from "./AgUiReadInput.js"
export type { ReadError as ResumeError, ResumeOptions, StoredEvent } from "./AgUiResumable.js"
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

/** The events a run opens and closes with before its first content: held until it comes (or the run fails). */
const opening: ReadonlySet<Event["type"]> = new Set(["RUN_STARTED", "STEP_STARTED", "STEP_FINISHED", "RUN_ERROR"])

/**
 * The run's events on the wire, as `@ag-ui/encoder` writes them: nothing after the last. A run refused before any
 * content is answered as the UI message stream's chat route answers it, with its HTTP status and sentence before any
 * event: the browser's input (a part the model cannot take 415, an answer it cannot continue 400) or the server's
 * configuration (500). Any other failure (a rate limit, a model unavailable) is the run's `RUN_ERROR`.
 */
const wire: SseWriter.Wire<Event | AgUiResumable.StoredEvent> = {
  headers,
  end: undefined,
  isContent: (item) => !opening.has(AgUiResumable.eventOf(item).type),
  answersFailure: (cause) => {
    const error = Cause.findErrorOption(cause)
    return Option.isSome(error) && UIErrorAnswer.isRequestsRefusal(error.value)
  },
  sentError: (items) => {
    let sent: string | undefined
    for (const item of items) {
      const event = AgUiResumable.eventOf(item)
      if (event.type === "RUN_ERROR") sent = event.message
    }
    return sent
  },
  // A stored event (a resumable run's) with its offset as the event's `id:`, which a 1.0 client does not read.
  text: AgUiResumable.text,
  // A run that failed after the converter (an app's operator on its events) with neither `RUN_FINISHED` nor
  // `RUN_ERROR` last: `HttpAgent` (1.0) resolves it as a success. A run only cut keeps its wire (`docs/ag-ui.md`).
  unended: (last, failure) => {
    const type = AgUiResumable.eventOf(last).type
    return failure === undefined || type === "RUN_FINISHED" || type === "RUN_ERROR"
      ? undefined
      : [{ type: "RUN_ERROR", message: failure }]
  }
}

/** What the writers take: a run's events, or a resumable run's stored events (`resumable`, `resume`). */
type Served = Event | AgUiResumable.StoredEvent

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
 * it opened and ends `cancelled`; a failure sends `RUN_ERROR` (the redactor's text) and fails the stream. Give it the
 * owner its input was read for, `owner: input.owner` (`readRunInput`).
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
 * provider and model. A loop stopped from within (its events end before its `DoneEvent`) ends `cancelled`. Since
 * 0.7.0, a run that pauses keeps its interrupts in the `StreamStore` as its thread's (for `owner`) before its
 * `RUN_FINISHED` goes out, while it is the thread's latest run: `readRunInput` refuses a resume of any other. Give it
 * the owner its input was read for, `owner: input.owner`: what the run signs, and its pause, hold for that owner; and
 * (since 0.7.0) where its thread's order stands, `lastStep: input.lastStep`: a run that goes on with an answer
 * (resumed after an interrupt) has its first step signed after the answer's last, and cannot be moved before it.
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
} = /* @__PURE__ */ dual(
  2,
  <E, R>(self: Stream.Stream<StepEvents.StepEvent, E, R>, options: AgUiFromStream.Options<E>) =>
    AgUiThreadRun.recording(AgUiFromSteps.fromSteps(self, options), options)
)

/**
 * The run as a Web `Response`: each event one `data: <json>` Server-Sent Event, as `@ag-ui/encoder` writes it (a
 * resumable run's stored event after its offset as the event's `id:`, which a 1.0 client does not read). A run
 * refused before its first content, by the browser's input or the server's configuration, is answered with its HTTP
 * status (400, 415, 500) and one `text/plain` sentence, no event (`HttpAgent.runAgent` rejects with both). The run
 * goes only as fast as the body is read; a client that stops reading (`abortRun`) interrupts it at once. The body runs
 * in the context of the Effect that made the response.
 *
 * @since 0.5.0
 * @category Responses
 */
export const toResponse: {
  (init?: ResponseInit): <E, R>(self: Stream.Stream<Served, E, R>) => Effect.Effect<Response, never, R>
  <E, R>(self: Stream.Stream<Served, E, R>, init?: ResponseInit): Effect.Effect<Response, never, R>
} = /* @__PURE__ */ dual(
  (args) => Stream.isStream(args[0]),
  <E, R>(self: Stream.Stream<Served, E, R>, init?: ResponseInit) => SseWebResponse.toResponse(self, wire, init)
)

/**
 * The run as an `effect/http` server response, the same as `toResponse`.
 *
 * @since 0.5.0
 * @category Responses
 */
export const toHttpServerResponse: {
  (init?: ResponseInit): <E, R>(
    self: Stream.Stream<Served, E, R>
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse, never, R>
  <E, R>(
    self: Stream.Stream<Served, E, R>,
    init?: ResponseInit
  ): Effect.Effect<HttpServerResponse.HttpServerResponse, never, R>
} = /* @__PURE__ */ dual(
  (args) => Stream.isStream(args[0]),
  <E, R>(self: Stream.Stream<Served, E, R>, init?: ResponseInit) => SseWriter.serve(self, wire, init, true)
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
    self: Stream.Stream<Served, E, R> | Response
  ) => Effect.Effect<void, never, R>
  <E = never, R = never>(
    self: Stream.Stream<Served, E, R> | Response,
    res: UIServing.NodeResponse,
    init?: ResponseInit
  ): Effect.Effect<void, never, R>
} = /* @__PURE__ */ dual(
  (args) => Stream.isStream(args[0]) || (typeof Response !== "undefined" && args[0] instanceof Response),
  <E, R>(self: Stream.Stream<Served, E, R> | Response, res: UIServing.NodeResponse, init?: ResponseInit) =>
    SseWriter.toNode(self, res, init, wire)
)

/**
 * A run that survives a dropped connection, a reload and the client's `abortRun()`, on any instance sharing the
 * `StreamStore`: the run goes on in the background, every event stored under `streamId` (the run's id, as a rule) and
 * `owner` (only the same owner resumes or stops it; without one, the id is a bearer secret). The Effect gives the
 * stored run to serve now, each event with its offset, which the writers send as the event's SSE `id:`. A reader
 * going away stops nothing: `stop` does, ending the stored run as a stop from within does (what was open closed,
 * then `RUN_FINISHED` with the `cancelled` outcome), and so does the server shutting down (the store's layer closing),
 * within a second. The run is pulled in the request up to its first content: one
 * refused before it, by the browser's input or the server's configuration, is given as itself, its events then its
 * error, which the writers answer with its HTTP status and sentence, and nothing is stored (a reconnect is a 204).
 * Fails with `StreamStoreError` `AlreadyExists` (409) or `Full` (503).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { AgUi, LanguageModel } from "effect-llm-stream"
 *
 * // POST /api/agent, for a signed-in user.
 * const agent = (userId: string, input: AgUi.RunInput) =>
 *   LanguageModel.runTools({ messages: [...input.messages, ...input.approvals] }).pipe(
 *     AgUi.fromSteps({ threadId: input.threadId, runId: input.runId, owner: userId, lastStep: input.lastStep }),
 *     AgUi.resumable({ streamId: input.runId, owner: userId }),
 *     Effect.flatMap(AgUi.toResponse())
 *   )
 * ```
 *
 * @since 0.7.0
 * @category Resuming
 */
export const resumable: {
  (options: UIResumable.ResumableOptions): <E, R>(
    self: Stream.Stream<Event, E, R>
  ) => Effect.Effect<Stream.Stream<Served, AgUiResumable.ReadError | E>, StreamStore.StreamStoreError, R>
  <E, R>(
    self: Stream.Stream<Event, E, R>,
    options: UIResumable.ResumableOptions
  ): Effect.Effect<Stream.Stream<Served, AgUiResumable.ReadError | E>, StreamStore.StreamStoreError, R>
} = /* @__PURE__ */ dual(
  2,
  <E, R>(self: Stream.Stream<Event, E, R>, options: UIResumable.ResumableOptions) =>
    AgUiResumable.resumable(self, options, wire)
)

/**
 * The run stored under `streamId` and `owner`: its events after `offset` (an event's `id:`; from the start without
 * one), then the live ones until its end, none twice and none lost. Fails with `StreamNotFound` for an unknown or
 * expired run or another owner's, and with `InvalidOffset` for an offset the run never issued.
 *
 * @since 0.7.0
 * @category Resuming
 */
export const resume: (
  streamId: string,
  options?: AgUiResumable.ResumeOptions
) => Effect.Effect<
  Stream.Stream<Served, AgUiResumable.ReadError>,
  AgUiResumable.ReadError | StreamOffsets.InvalidOffset
> = AgUiResumable.resume

/**
 * `resume` as the Web `Response` of the route a client reconnects to (`GET <agent path>/runs/:runId/stream`, given
 * the request's `Last-Event-ID` header or its `?offset=`): the run after the offset, then live; `204 No Content` for
 * an unknown or expired run or another owner's, `400` for an offset the run never issued, `503` (with `Retry-After`)
 * when the store cannot be reached or has not caught up with the run's writer within a second.
 *
 * @example
 * ```ts
 * import { AgUi } from "effect-llm-stream"
 *
 * // GET /api/agent/runs/:runId/stream
 * const reconnect = (request: Request, userId: string, runId: string) =>
 *   AgUi.resumeResponse(runId, {
 *     owner: userId,
 *     offset: request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("offset")
 *   })
 * ```
 *
 * @since 0.7.0
 * @category Resuming
 */
export const resumeResponse = (
  streamId: string,
  options?: AgUiResumable.ResumeOptions & { readonly init?: ResponseInit | undefined }
): Effect.Effect<Response> =>
  AgUiResumable.resumeResponse(
    streamId,
    options ?? {},
    (stream) => SseWebResponse.toResponse(stream, wire, options?.init)
  )

/**
 * Stops the run stored under `streamId` wherever it runs (any instance sharing the store), within a second: the
 * provider request is aborted, a handler running is interrupted, and the stored run ends `cancelled`. Does nothing for
 * a run already ended. A run not started yet (the client draws its id: its POST may not have reached the server, or
 * reached another instance) is stopped as it starts, within 30 seconds: no model is called, no tool runs, and its
 * stored run is a `RUN_ERROR` "The run was stopped."; a run that never starts lets the stop expire. Another owner's run
 * is another run. Fails with `StreamStoreError` (`Full`: the owner's share of the store is used up).
 *
 * @since 0.7.0
 * @category Resuming
 */
export const stop = (
  streamId: string,
  options?: StreamStore.OwnerOptions
): Effect.Effect<void, AgUiResumable.ReadError> => StreamStore.stop(streamId, options)
