/**
 * A stream of events written to a Node `http.ServerResponse`, whatever the protocol (a `SseResponse.Wire`): the same
 * answer as `SseResponse.toResponse`, with no Web stream between: its head first (an HTTP error with a text body if
 * it fails before any content), then each pulled batch as one write of its events' text (Node encodes it as it sends
 * it), waiting for `drain` only when the socket is full, then the wire's end. A client that goes away interrupts the
 * stream at once (the provider request aborted).
 *
 * @internal
 */
import type * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import * as HandOff from "../store/HandOff.js"
import * as NodeWriting from "./NodeWriting.js"
import * as SseResponse from "./SseResponse.js"
import * as UIErrorAnswer from "./UIErrorAnswer.js"
import * as UIHead from "./UIHead.js"
import * as UIRedaction from "./UIRedaction.js"

/** The wire's headers with those of `init`: without any, a copy of the wire's (no `Headers` made). */
const headersOf = <A>(wire: SseResponse.Wire<A>, init: ResponseInit | undefined) =>
  init?.headers === undefined
    ? { ...wire.headers }
    : NodeWriting.headerRecord(SseResponse.mergedHeaders(wire.headers, init))

/** An error's answer (`UIErrorAnswer`), its sentence as text, unless the response has started (then it is ended). */
const writeError = (
  res: NodeWriting.NodeResponse,
  answer: UIErrorAnswer.ErrorAnswer,
  init: ResponseInit | undefined
): void => {
  const wire = UIErrorAnswer.wireOf(answer)
  if (!res.headersSent) {
    res.writeHead(answer.status, NodeWriting.headerRecord(SseResponse.mergedHeaders(wire.headers, init)))
  }
  res.end(wire.text)
}

/**
 * The stream written to `res` as `wire` says. The stream's pull lives in a scope closed with how the stream ended,
 * as `SseResponse.toResponse` closes it.
 */
export const writeStream = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  res: NodeWriting.NodeResponse,
  init: ResponseInit | undefined,
  wire: SseResponse.Wire<A>
): Effect.Effect<void, never, R> =>
  Effect.suspend(() => {
    const scope = Scope.makeUnsafe()
    let ending: Exit.Exit<void, unknown> = Exit.void
    const endWith = (cause: Cause.Cause<unknown>) => {
      if (UIHead.failed(cause)) ending = Exit.failCause(cause)
    }
    return Effect.gen(function*() {
      const [{ chunks, ended, pull }, handOff] = yield* HandOff.ask(self, UIHead.pullHead(self, scope, wire.isContent))
      if (UIHead.failed(ended)) {
        endWith(ended)
        const redact = yield* UIRedaction.Redaction
        const now = yield* Clock.currentTimeMillis
        return writeError(res, UIHead.errorAnswer(ended, wire.sentError(chunks), redact, now), init)
      }
      res.writeHead(init?.status ?? 200, headersOf(wire, init))
      const ready = chunks.length === 0 || res.write(wire.events(chunks))
      // Its end, or a failure after content: the stream sent its failure event before it.
      if (ended === undefined) {
        const write = (batch: ReadonlyArray<A>) => res.write(wire.events(batch))
        // A stored stream's reader that can hand off writes what is appended as it is appended.
        endWith(
          yield* handOff === undefined
            ? NodeWriting.writePulls(pull, res, ready, write)
            : NodeWriting.writeHandedOff(pull, handOff, res, ready, write)
        )
      }
      res.end(wire.end)
    }).pipe(
      // The client went away: the stream is interrupted at once (the provider request aborted).
      Effect.raceFirst(NodeWriting.closed(res)),
      Effect.onExit((exit) => Scope.close(scope, Exit.isFailure(exit) ? exit : ending))
    )
  })
