/**
 * A stream of events served as a Web `Response` of Server-Sent Events, whatever the protocol (the UI message
 * stream, AG-UI): a `Wire` says how its items are written and which of them are content. The stream is pulled only
 * as the response body is read (a `ReadableStream` with no queue of its own): what the body handed on is what the
 * stream produced, and a reader that stops (the browser's stop, a closed tab, a dropped connection) cancels the
 * body, which interrupts the stream and closes it at once (the provider request is aborted).
 *
 * A failure before any content (the provider refused the call, a spend limit reached) is an HTTP error status
 * with a JSON body (`UIErrorAnswer`: `{ "error": text }`, and what the client may act on); after content, the
 * failure event the stream sent and a clean end of the events.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Pull from "effect/Pull"
import * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import type * as UIErrorAnswer from "./UIErrorAnswer.js"
import * as UIHead from "./UIHead.js"
import * as UIRedaction from "./UIRedaction.js"

/** How a protocol's items go on the wire. */
export interface Wire<A> {
  /** The response's headers. */
  readonly headers: Readonly<Record<string, string>>
  /** Items as the bytes of their events. */
  readonly encode: (items: ReadonlyArray<A>) => Uint8Array
  /** The bytes after the last event (the UI message stream's `data: [DONE]`), if any. */
  readonly end: Uint8Array | undefined
  /** Whether an item is content: a failure before the first one is answered with an HTTP error status. */
  readonly isContent: (item: A) => boolean
  /** The failure text the stream sent among `items` (before content), if it sent one. */
  readonly sentError: (items: ReadonlyArray<A>) => string | undefined
}

export const mergedHeaders = (base: Readonly<Record<string, string>>, init: ResponseInit | undefined): Headers => {
  const headers = new Headers(base)
  if (init?.headers !== undefined) new Headers(init.headers).forEach((value, name) => headers.set(name, value))
  return headers
}

/** An error's answer (`UIErrorAnswer`) as a JSON response, the headers of `init` added. */
export const errorJson = (answer: UIErrorAnswer.ErrorAnswer, init: ResponseInit | undefined): Response =>
  new Response(JSON.stringify(answer.body), {
    status: answer.status,
    headers: mergedHeaders({ "content-type": "application/json", ...answer.headers }, init)
  })

/** Releases the call of a response body that was collected before it was read to its end or cancelled. */
const abandoned = new FinalizationRegistry<() => void>((release) => release())

/** The Web `Response` of a stream, its items written as `wire` says. */
export const toResponse = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  wire: Wire<A>,
  init?: ResponseInit
): Effect.Effect<Response, never, R> =>
  Effect.gen(function*() {
    const context = yield* Effect.context<R>()
    const scope = Scope.makeUnsafe()
    const close = (exit: Exit.Exit<unknown, unknown>) => Effect.runForkWith(context)(Scope.close(scope, exit))
    // The head: everything before the first content, to answer with an error status if the call fails first.
    const { chunks: head, ended, pull } = yield* UIHead.pullHead(self, scope, wire.isContent)
    if (UIHead.failed(ended)) {
      close(Exit.failCause(ended))
      const redact = yield* UIRedaction.Redaction
      return errorJson(UIHead.errorAnswer(ended, wire.sentError(head), redact, yield* Clock.currentTimeMillis), init)
    }
    let pending: ReadonlyArray<A> | undefined = head.length > 0 ? head : undefined
    let finished = ended !== undefined
    if (finished) close(Exit.void)
    let cancelled = false
    // One fiber runs the rest of the stream, a pull at a time, each when the body is read (the body's `pull`
    // wakes it): a fiber per read would cost several times the chunk's own work.
    let fiber: Fiber.Fiber<never, unknown> | undefined
    let demanded = false
    let wake: (() => void) | undefined
    const demand = Effect.callback<void>((resume) => {
      if (demanded) {
        demanded = false
        return resume(Effect.void)
      }
      wake = () => {
        wake = undefined
        demanded = false
        resume(Effect.void)
      }
      return Effect.sync(() => {
        wake = undefined
      })
    })
    const pump = (controller: ReadableStreamDefaultController<Uint8Array>) =>
      Effect.forever(
        Effect.andThen(
          demand,
          Effect.flatMap(pull, (chunks) =>
            Effect.sync(() => {
              if (!cancelled) controller.enqueue(wire.encode(chunks))
            }))
        ),
        // The body's reads pace it: a yield per pull would cost a turn of the event loop per chunk.
        { disableYield: true }
      )
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pending !== undefined) {
          const chunks = pending
          pending = undefined
          controller.enqueue(wire.encode(chunks))
          return
        }
        if (finished) {
          if (wire.end !== undefined) controller.enqueue(wire.end)
          controller.close()
          return
        }
        demanded = true
        if (wake !== undefined) return wake()
        if (fiber !== undefined) return
        fiber = Effect.runForkWith(context)(pump(controller))
        fiber.addObserver((exit) => {
          if (cancelled) return
          // The end: clean, or a failure after content (the stream sent its `error` chunk before it).
          finished = true
          if (wire.end !== undefined) controller.enqueue(wire.end)
          controller.close()
          close(Exit.isSuccess(exit) || Pull.isDoneCause(exit.cause) ? Exit.void : Exit.failCause(exit.cause))
        })
      },
      cancel() {
        if (cancelled || finished) return
        cancelled = true
        const running = fiber
        const stop = running === undefined ? Scope.close(scope, Exit.interrupt()) : Effect.andThen(
          Fiber.interrupt(running),
          Scope.close(scope, Exit.interrupt())
        )
        return Effect.runPromiseWith(context)(stop)
      }
    }, { highWaterMark: 0 })
    // A response dropped without its body read to the end or cancelled (a framework that discards it) still
    // releases the call when it is collected: the provider request does not stay open.
    abandoned.register(body, () => {
      if (!finished && !cancelled) close(Exit.interrupt())
    })
    return new Response(body, {
      status: init?.status ?? 200,
      ...(init?.statusText === undefined ? {} : { statusText: init.statusText }),
      headers: mergedHeaders(wire.headers, init)
    })
  })
