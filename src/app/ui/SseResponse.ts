/**
 * A stream of events served as a Web `Response` of Server-Sent Events, whatever the protocol (the UI message
 * stream, AG-UI): a `Wire` says how its items are written and which of them are content. The stream is pulled only
 * as the response body is read (a `ReadableStream` with no queue of its own): what the body handed on is what the
 * stream produced, and a reader that stops (the browser's stop, a closed tab, a dropped connection) cancels the
 * body, which interrupts the stream and closes it at once (the provider request is aborted).
 *
 * A failure before any content (the provider refused the call, a spend limit reached) is an HTTP error status
 * whose body is one sentence as text (`UIErrorAnswer`; what a program may act on in headers); after content, the
 * failure event the stream sent and a clean end of the events.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Pull from "effect/Pull"
import * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import * as UIErrorAnswer from "./UIErrorAnswer.js"
import * as UIHead from "./UIHead.js"
import * as UIRedaction from "./UIRedaction.js"

/**
 * How a protocol's items go on the wire, as text: a Node response takes the text (and encodes it as it sends it),
 * the Web and `effect/http` bodies its bytes (`bytes`).
 */
export interface Wire<A> {
  /** The response's headers. */
  readonly headers: Readonly<Record<string, string>>
  /** Items as the text of their events. */
  readonly events: (items: ReadonlyArray<A>) => string
  /** The text after the last event (the UI message stream's `data: [DONE]`), if any. */
  readonly end: string | undefined
  /** Whether an item is content: a failure before the first one is answered with an HTTP error status. */
  readonly isContent: (item: A) => boolean
  /** The failure text the stream sent among `items` (before content), if it sent one. */
  readonly sentError: (items: ReadonlyArray<A>) => string | undefined
}

const encoder = new TextEncoder()

/** A wire's text as the bytes a body carries (UTF-8). */
export const bytes = (text: string): Uint8Array => encoder.encode(text)

export const mergedHeaders = (base: Readonly<Record<string, string>>, init: ResponseInit | undefined): Headers => {
  const headers = new Headers(base)
  if (init?.headers !== undefined) new Headers(init.headers).forEach((value, name) => headers.set(name, value))
  return headers
}

/** An error's answer (`UIErrorAnswer`) as a response (its sentence as text), the headers of `init` added. */
export const errorResponse = (answer: UIErrorAnswer.ErrorAnswer, init: ResponseInit | undefined): Response => {
  const wire = UIErrorAnswer.wireOf(answer)
  return new Response(wire.text, { status: answer.status, headers: mergedHeaders(wire.headers, init) })
}

/**
 * Releases the call of a response body that is garbage-collected before it was read to its end or cancelled (a
 * framework that drops the response): the provider request does not stay open. It is a service so that a server
 * or a test can hold its own; by default one registry serves the process, made on first use. A registry must
 * outlive the bodies it watches (one collected with them runs no callback), so it cannot be made per response.
 */
export const AbandonedBodies: Context.Reference<FinalizationRegistry<() => void>> = /* @__PURE__ */ Context.Reference<
  FinalizationRegistry<() => void>
>(
  "effect-llm-stream/SseResponse/AbandonedBodies",
  { defaultValue: () => new FinalizationRegistry<() => void>((release) => release()) }
)

/**
 * Answers the reads of a served stream's body (the `ReadableStream` of `readable`) by pulling the stream. One fiber
 * runs the rest of the stream, a pull at a time, each when the body is read (the body's `pull` wakes it): a fiber
 * per read would cost several times the chunk's own work.
 */
class Body<A, E, R> {
  /** The head's items, not yet handed to the body. */
  pending: ReadonlyArray<A> | undefined
  /** Whether the stream ended (the body closes once `pending` is handed on). */
  finished: boolean
  /** Whether the reader cancelled the body. */
  cancelled = false
  /** The fiber that pulls the rest of the stream, once the body was first read past the head. */
  fiber: Fiber.Fiber<never, unknown> | undefined = undefined
  /** Whether the body asked for a pull the fiber has not yet made. */
  demanded = false
  /** Resumes the fiber waiting for the body's next read, if it waits. */
  wake: (() => void) | undefined = undefined
  /** Waits for the body's next read (at once if it came first). */
  readonly demand: Effect.Effect<void>

  readonly pull: Pull.Pull<ReadonlyArray<A>, E, void, R>
  readonly wire: Wire<A>
  readonly context: Context.Context<R>
  readonly scope: Scope.Closeable

  constructor(
    head: ReadonlyArray<A>,
    ended: boolean,
    pull: Pull.Pull<ReadonlyArray<A>, E, void, R>,
    wire: Wire<A>,
    context: Context.Context<R>,
    scope: Scope.Closeable
  ) {
    this.pull = pull
    this.wire = wire
    this.context = context
    this.scope = scope
    this.pending = head.length > 0 ? head : undefined
    this.finished = ended
    if (ended) this.close(Exit.void)
    this.demand = Effect.callback<void>((resume) => {
      if (this.demanded) {
        this.demanded = false
        return resume(Effect.void)
      }
      this.wake = () => {
        this.wake = undefined
        this.demanded = false
        resume(Effect.void)
      }
      return Effect.sync(() => {
        this.wake = undefined
      })
    })
  }

  /** Lets go of the watch for a body collected unread (see `AbandonedBodies`): set once the body is watched. */
  unwatch: () => void = () => {}

  /** Closes the stream's scope with `exit`, in the background. */
  close(exit: Exit.Exit<unknown, unknown>): void {
    this.unwatch()
    Effect.runForkWith(this.context)(Scope.close(this.scope, exit))
  }

  /** Answers a read of the body: the head, the end, or a pull of the stream by its fiber. */
  read(controller: ReadableStreamDefaultController<Uint8Array>): void {
    if (this.pending !== undefined) {
      const chunks = this.pending
      this.pending = undefined
      return controller.enqueue(bytes(this.wire.events(chunks)))
    }
    if (this.finished) return this.end(controller)
    this.demanded = true
    if (this.wake !== undefined) return this.wake()
    if (this.fiber !== undefined) return
    this.fiber = Effect.runForkWith(this.context)(this.pump(controller))
    this.fiber.addObserver((exit) => {
      if (this.cancelled) return
      // The end: clean, or a failure after content (the stream sent its `error` chunk before it).
      this.finished = true
      this.end(controller)
      this.close(Exit.isSuccess(exit) || Pull.isDoneCause(exit.cause) ? Exit.void : Exit.failCause(exit.cause))
    })
  }

  /** Writes the wire's end, if it has one, and closes the body. */
  end(controller: ReadableStreamDefaultController<Uint8Array>): void {
    if (this.wire.end !== undefined) controller.enqueue(bytes(this.wire.end))
    controller.close()
  }

  /** Pulls the stream each time the body is read, writing what each pull brings. */
  pump(controller: ReadableStreamDefaultController<Uint8Array>): Effect.Effect<never, unknown, R> {
    return Effect.forever(
      Effect.andThen(
        this.demand,
        Effect.flatMap(this.pull, (chunks) =>
          Effect.sync(() => {
            if (!this.cancelled) controller.enqueue(bytes(this.wire.events(chunks)))
          }))
      ),
      // The body's reads pace it: a yield per pull would cost a turn of the event loop per chunk.
      { disableYield: true }
    )
  }

  /** Stops the stream when the reader cancels the body: its fiber is interrupted and its scope closed. */
  cancel(): Promise<void> | undefined {
    if (this.cancelled || this.finished) return
    this.cancelled = true
    this.unwatch()
    const running = this.fiber
    const closed = Scope.close(this.scope, Exit.interrupt())
    return Effect.runPromiseWith(this.context)(
      running === undefined ? closed : Effect.andThen(Fiber.interrupt(running), closed)
    )
  }

  /** Closes the stream's scope when the body is collected unread (see `AbandonedBodies`). */
  release = (): void => {
    if (!this.finished && !this.cancelled) this.close(Exit.interrupt())
  }
}

/** The `ReadableStream` that `body` answers the reads of, with no queue of its own. */
const readable = <A, E, R>(body: Body<A, E, R>): ReadableStream<Uint8Array> =>
  new ReadableStream<Uint8Array>({
    pull: (controller) => body.read(controller),
    cancel: () => body.cancel()
  }, { highWaterMark: 0 })

/** The Web `Response` of a stream, its items written as `wire` says. */
export const toResponse = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  wire: Wire<A>,
  init?: ResponseInit
): Effect.Effect<Response, never, R> =>
  Effect.gen(function*() {
    const context = yield* Effect.context<R>()
    const scope = Scope.makeUnsafe()
    // The head: everything before the first content, to answer with an error status if the call fails first.
    const { chunks: head, ended, pull } = yield* UIHead.pullHead(self, scope, wire.isContent)
    if (UIHead.failed(ended)) {
      Effect.runForkWith(context)(Scope.close(scope, Exit.failCause(ended)))
      const redact = yield* UIRedaction.Redaction
      return errorResponse(
        UIHead.errorAnswer(ended, wire.sentError(head), redact, yield* Clock.currentTimeMillis),
        init
      )
    }
    const body = new Body(head, ended !== undefined, pull, wire, context, scope)
    const stream = readable(body)
    // The registry holds `body.release` strongly, so `body` must not hold the `ReadableStream` it watches.
    const abandoned = yield* AbandonedBodies
    abandoned.register(stream, body.release, body)
    body.unwatch = () => abandoned.unregister(body)
    return new Response(stream, {
      status: init?.status ?? 200,
      ...(init?.statusText === undefined ? {} : { statusText: init.statusText }),
      headers: mergedHeaders(wire.headers, init)
    })
  })
