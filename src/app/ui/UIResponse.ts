/**
 * A UI message stream as a Web `Response` (`SseResponse` with the UI message stream's wire) or an `effect/http`
 * response (`SseServerResponse`): each chunk a `data: <json>` event, `data: [DONE]` at the end, the protocol's
 * headers; a failure before any content is an HTTP error status with a text body, after content the `error` chunk
 * the stream sent and a clean end.
 *
 * @internal
 */
import type * as Effect from "effect/Effect"
import type * as HttpServerResponse from "effect/http/HttpServerResponse"
import type * as Stream from "effect/Stream"
import * as SseResponse from "./SseResponse.js"
import * as SseServerResponse from "./SseServerResponse.js"
import type * as UIChunk from "./UIChunk.js"
import * as UIHead from "./UIHead.js"
import * as UISse from "./UISse.js"

export { errorResponse, mergedHeaders } from "./SseResponse.js"

/** The UI message stream on the wire. */
export const wire: SseResponse.Wire<UIChunk.Chunk> = {
  headers: UISse.headers,
  events: UISse.events,
  end: UISse.done,
  isContent: UIHead.isContent,
  sentError: UIHead.sentError
}

/** The Web `Response` of a UI message stream. */
export const toResponse = <E, R>(
  self: Stream.Stream<UIChunk.Chunk, E, R>,
  init?: ResponseInit
): Effect.Effect<Response, never, R> => SseResponse.toResponse(self, wire, init)

/** The `effect/http` response of a UI message stream, its body pulled as the server writes it. */
export const toHttpServerResponse = <E, R>(
  self: Stream.Stream<UIChunk.Chunk, E, R>,
  init?: ResponseInit
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, R> =>
  SseServerResponse.toHttpServerResponse(self, wire, init)

/**
 * The `effect/http` response of a stored UI message stream (`resumable`'s, `resume`'s): as `toHttpServerResponse`,
 * its pulls run in whatever fiber the server reads the body in (the stream needs no service).
 */
export const storedToHttpServerResponse = <E>(
  self: Stream.Stream<UIChunk.Chunk, E>
): Effect.Effect<HttpServerResponse.HttpServerResponse> => SseServerResponse.contextFreeToHttpServerResponse(self, wire)
