/**
 * A stream of events served as an `effect/http` server response, whatever the protocol (a `SseResponse.Wire`): the
 * same answer as `SseResponse.toResponse`, with the body an Effect `Stream` of bytes that the server pulls as it
 * writes. No Web stream lies between the events and the server: `effect/http`'s servers write such a body as it
 * comes (a Web handler makes it the `Response`'s body once), and a client that goes away stops the pulling, which
 * interrupts the stream and closes it (the provider request is aborted).
 *
 * A failure before any content is an HTTP error status with a text body (`UIErrorAnswer`); after content, the
 * failure event the stream sent and a clean end of the events.
 *
 * @internal
 */
import type * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Pull from "effect/Pull"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as CachedContext from "../../core/stream/CachedContext.js"
import * as StreamStart from "../../core/stream/StreamStart.js"
import * as HandOff from "../store/HandOff.js"
import * as SseResponse from "./SseResponse.js"
import * as UIErrorAnswer from "./UIErrorAnswer.js"
import * as UIHead from "./UIHead.js"
import * as UIRedaction from "./UIRedaction.js"

type Bytes = Arr.NonEmptyReadonlyArray<Uint8Array>

/**
 * The body after the head: the head's events, then each pull's events, then the wire's end. A failure after content
 * ends the body cleanly (the stream sent its failure event) and is kept in `failure` for the stream's scope.
 */
const bodyPull = <A, E, R>(
  head: ReadonlyArray<A>,
  ended: boolean,
  pull: Pull.Pull<ReadonlyArray<A>, E, void, R>,
  wire: SseResponse.Wire<A>,
  failed: (cause: Cause.Cause<E>) => void,
  started: () => void
): { readonly pull: Pull.Pull<Bytes, never, void, R>; readonly inBody: () => boolean } => {
  const last: Pull.Pull<Bytes> = wire.end === undefined ? Cause.done() : Effect.succeed([SseResponse.bytes(wire.end)])
  let stage: "head" | "body" | "end" | "done" = "head"
  const finish = () => {
    stage = "done"
    return last
  }
  const body: Pull.Pull<Bytes, never, void, R> = Effect.matchCauseEffect(pull, {
    onSuccess: (items) => items.length === 0 ? body : Effect.succeed([SseResponse.bytes(wire.events(items))]),
    onFailure: (cause) => {
      if (!Pull.isDoneCause(cause)) failed(cause as Cause.Cause<E>)
      return finish()
    }
  })
  const bytes: Pull.Pull<Bytes, never, void, R> = Effect.suspend(() => {
    switch (stage) {
      case "head":
        started()
        stage = ended ? "end" : "body"
        return head.length > 0 ? Effect.succeed([SseResponse.bytes(wire.events(head))]) : ended ? finish() : body
      case "body":
        return body
      case "end":
        return finish()
      case "done":
        return Cause.done()
    }
  })
  return { pull: bytes, inBody: () => stage === "body" }
}

/**
 * The hand-off of a body whose stream's reader hands off: the pages it is handed, as the text of their events (the
 * one writing it, a Node response, encodes text as it sends it: no bytes are made of each event here). Only while the
 * body is past its head and not at its end: otherwise there is something to pull.
 */
const textHandOff = <A>(
  handOff: HandOff.HandOff<A>,
  wire: SseResponse.Wire<A>,
  inBody: () => boolean
): HandOff.HandOff<string> =>
(take) =>
  inBody()
    ? handOff((page) => take([wire.events(page)]))
    : Effect.succeed("Pull")

/** An error's answer (`UIErrorAnswer`) as an `effect/http` response, its sentence as text, `init`'s headers added. */
export const errorServerResponse = (
  answer: UIErrorAnswer.ErrorAnswer,
  init?: ResponseInit | undefined
): HttpServerResponse.HttpServerResponse => {
  const wire = UIErrorAnswer.wireOf(answer)
  return HttpServerResponse.text(wire.text, {
    status: answer.status,
    headers: SseResponse.mergedHeaders(wire.headers, init),
    contentType: wire.headers["content-type"]
  })
}

/**
 * `pull` run in the services of `context` (those of the request that made it): the server pulls the body in its own
 * fiber. The merged context is made once per context the pull runs in (`CachedContext`), and none when it runs in
 * `context` itself.
 */
const inContext = <A, E, R>(pull: Effect.Effect<A, E, R>, context: Context.Context<R>): Effect.Effect<A, E> =>
  CachedContext.updating((current) =>
    current === context ? current : Context.merge(current, context as Context.Context<never>)
  )(pull) as Effect.Effect<A, E>

/**
 * The `effect/http` response of a stream, its items written as `wire` says; its pulls run in the services of the
 * request that made it.
 */
export const toHttpServerResponse = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  wire: SseResponse.Wire<A>,
  init?: ResponseInit
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, R> => response(self, wire, init, true)

/**
 * The `effect/http` response of a stream that needs no service (a stored stream's reader), its items written as
 * `wire` says; its pulls run in the server's fiber as they are, without a context of their own on each pull.
 */
export const contextFreeToHttpServerResponse = <A, E>(
  self: Stream.Stream<A, E>,
  wire: SseResponse.Wire<A>,
  init?: ResponseInit
): Effect.Effect<HttpServerResponse.HttpServerResponse> => response(self, wire, init, false)

/** The response of `self`; `inRequestContext`: each pull runs in the services of the request that made it. */
const response = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  wire: SseResponse.Wire<A>,
  init: ResponseInit | undefined,
  inRequestContext: boolean
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, R> =>
  Effect.gen(function*() {
    const scope = Scope.makeUnsafe()
    // The head: everything before the first content, to answer with an error status if the call fails first.
    // Asked only of a stream that needs no service (a stored stream's reader, `contextFreeToHttpServerResponse`).
    const started = UIHead.pullHead(self, scope, wire.isContent)
    const [{ chunks: head, ended, pull }, handOff] = inRequestContext
      ? [yield* started, undefined]
      : yield* HandOff.ask(self, started)
    if (UIHead.failed(ended)) {
      yield* Scope.close(scope, Exit.failCause(ended))
      const redact = yield* UIRedaction.Redaction
      const answer = UIHead.errorAnswer(ended, wire.sentError(head), redact, yield* Clock.currentTimeMillis)
      return errorServerResponse(answer, init)
    }
    const context = yield* Effect.context<R>()
    const abandoned = yield* SseResponse.AbandonedBodies
    let failure: Cause.Cause<E> | undefined
    // A body the server never reads (a `HEAD`, a response replaced) releases the call when it is collected; once
    // read, it is the reading's to end (and the registry lets go of the call at once).
    const token = {}
    const { inBody, pull: bytes } = bodyPull(head, ended !== undefined, pull, wire, (cause) => failure = cause, () => {
      abandoned.unregister(token)
    })
    const stream = StreamStart.ensuringWith(
      // Without the request's context, `R` is `never` (`contextFreeToHttpServerResponse`).
      Stream.fromPull(Effect.succeed(inRequestContext ? inContext(bytes, context) : bytes as Pull.Pull<Bytes>)),
      (exit) => Scope.close(scope, failure === undefined ? exit : Exit.failCause(failure))
    )
    // A stored stream's reader that hands off (`HandOff`) hands its pages on as text to the server writing the body
    // (the chat endpoint's Node handler).
    const body = handOff === undefined ? stream : HandOff.answering(stream, textHandOff(handOff, wire, inBody))
    abandoned.register(body, () => Effect.runForkWith(context)(Scope.close(scope, Exit.interrupt())), token)
    return HttpServerResponse.stream(body, {
      status: init?.status ?? 200,
      ...(init?.statusText === undefined ? {} : { statusText: init.statusText }),
      // The wire's own record when `init` adds none: the response keeps a record, and a `Headers` is a copy.
      headers: init?.headers === undefined ? wire.headers : SseResponse.mergedHeaders(wire.headers, init)
    })
  })
