/**
 * A stream served as Server-Sent Events (`SseWriter`) as a Web `Response` whose body has no queue (`highWaterMark:
 * 0`): the stream is pulled only as the body is read, and a reader that stops cancels the body, which interrupts it.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Stream from "effect/Stream"
import * as SseWriter from "./SseWriter.js"

/** The Web `Response` of a stream (its pull holds the `Stream` `AbandonedBodies` watches: collected with it). */
export const toResponse = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  wire: SseWriter.Wire<A>,
  init?: ResponseInit
): Effect.Effect<Response, never, R> =>
  Effect.flatMap(SseWriter.serve(self, wire, init, false), (response) =>
    Effect.map(Effect.context<R>(), (context) => {
      const { body, headers, status, statusText = "" } = response
      if (body._tag !== "Stream") return HttpServerResponse.toWeb(response)
      const readable = Stream.toReadableStreamWith(body.stream, context, { strategy: { highWaterMark: 0 } })
      return new Response(readable, { status, statusText, headers })
    }))
