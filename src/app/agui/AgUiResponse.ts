/**
 * AG-UI events as a Web `Response`, as `@ag-ui/encoder` writes them: each event one Server-Sent Event
 * `data: <json>\n\n`, nothing after the last (the run's end is its `RUN_FINISHED` or `RUN_ERROR`), served by the
 * protocol-free `SseResponse` (pulled only as the body is read; a reader that stops interrupts the run at once).
 * `RUN_STARTED` comes first and is content: a failure after it is the `RUN_ERROR` the run sent and a clean end; only
 * a stream that fails before any event is answered with an HTTP error status and a sentence as text.
 *
 * @internal
 */
import type * as Effect from "effect/Effect"
import type * as HttpServerResponse from "effect/http/HttpServerResponse"
import type * as Stream from "effect/Stream"
import * as SseResponse from "../ui/SseResponse.js"
import * as SseServerResponse from "../ui/SseServerResponse.js"
import * as UISse from "../ui/UISse.js"
import type * as AgUiEvent from "./AgUiEvent.js"

/**
 * The headers of an AG-UI response: `content-type: text/event-stream`, `cache-control: no-cache`,
 * `x-accel-buffering: no`.
 *
 * @since 0.5.0
 * @category Responses
 */
export const headers: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
  "x-accel-buffering": "no"
}

/** AG-UI events on the wire. */
export const wire: SseResponse.Wire<AgUiEvent.Event> = {
  headers,
  events: UISse.events,
  end: undefined,
  isContent: () => true,
  sentError: (events) => {
    let sent: string | undefined
    for (const event of events) if (event.type === "RUN_ERROR") sent = event.message
    return sent
  }
}

/** The Web `Response` of a run's events. */
export const toResponse = <E, R>(
  self: Stream.Stream<AgUiEvent.Event, E, R>,
  init?: ResponseInit
): Effect.Effect<Response, never, R> => SseResponse.toResponse(self, wire, init)

/** The `effect/http` response of a run's events, its body pulled as the server writes it. */
export const toHttpServerResponse = <E, R>(
  self: Stream.Stream<AgUiEvent.Event, E, R>,
  init?: ResponseInit
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, R> =>
  SseServerResponse.toHttpServerResponse(self, wire, init)
