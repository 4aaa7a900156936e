/**
 * A stream served as Server-Sent Events (`SseWriter`) as a Web `Response`: its body a `ReadableStream` with no queue
 * (`highWaterMark: 0`), so that the stream is pulled only as the body is read and what the body handed on is what the
 * stream produced; a reader that stops (the browser's stop, a closed tab) cancels the body, which interrupts the
 * stream at once (the provider request is aborted). The body's reads run in the services of the Effect that made it.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Stream from "effect/Stream"
import * as SseWriter from "./SseWriter.js"

/**
 * The Web `Response` of a stream, its items written as `wire` says. The `ReadableStream`'s pull holds the `Stream`
 * (its closure), which `SseWriter.AbandonedBodies` watches: it is collected with the body.
 */
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
