/**
 * How a stream of chunks ended, observed once: it completed (its end arrived), it failed (with its error, after
 * every chunk before the failure), it was interrupted (the consumer stopped, a timeout, a fiber interrupt, an
 * abort), or it died (a defect). The stream is folded (`Accumulator`) as its chunks pass, so whoever observes
 * the ending also has the response made of exactly the chunks the consumer received (not of the whole network
 * piece that carried the last of them).
 *
 * Chunks are handed on in one of two ways:
 *
 * - **one at a time** (`"chunk"`), to a consumer the stage does not know, which may stop anywhere in a piece
 *   (`Stream.take`, a `runForEach` callback that interrupts its fiber): each chunk is folded as it is handed on,
 *   so the fold is what the consumer took. The stage tells the observers upstream of it how far it got
 *   (`Receipt`).
 * - **piece by piece** (`"piece"`), as they arrive: for consumers that take whole pieces (`settle`,
 *   `accumulate`, the UI stream ask for it with `wholePieces`) and for the telemetry stage, always upstream of
 *   whatever consumes the call. A piece is folded when the next one is asked for (the consumer took all of it)
 *   or the stream ends from upstream; the last piece of a stream its consumer stopped is folded as far as the
 *   nearest observer downstream that hands on one chunk at a time handed it on (its `Receipt`), so every view of
 *   a call folds the same chunks. No Effect per chunk: the cost is the fold alone.
 *
 * @internal
 */
import type * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Channel from "effect/Channel"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Pull from "effect/Pull"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as LiveShapes from "../framing/LiveShapes.js"
import { Accumulator } from "./Accumulator.js"
import type * as ChunkCommon from "./ChunkCommon.js"

/** How a stream ended. */
export type Outcome<E> =
  | { readonly _tag: "Completed" }
  | { readonly _tag: "Failed"; readonly error: E }
  | { readonly _tag: "Interrupted" }
  | { readonly _tag: "Died"; readonly cause: Cause.Cause<unknown> }

const completed: Outcome<never> = { _tag: "Completed" }
const interrupted: Outcome<never> = { _tag: "Interrupted" }

/** The outcome a failure cause of the stream (or of its scope) stands for. */
const outcomeOf = <E>(cause: Cause.Cause<E>): Outcome<E> =>
  Option.match(Cause.findErrorOption(cause), {
    onSome: (error): Outcome<E> => ({ _tag: "Failed", error }),
    onNone: () => Cause.hasInterruptsOnly(cause) ? interrupted : { _tag: "Died", cause }
  })

/** What observes a stream: called once when it ends, however it ends. */
export interface Observer<E> {
  /**
   * The stream ended: its fold, how it ended, and the exit of its scope. It runs in the context of the fiber
   * closing the stream's scope: an observer that reads services captures the context it needs when it is made
   * (`observe` provides the stream's).
   */
  readonly onEnd: (
    accumulator: Accumulator,
    outcome: Outcome<E>,
    exit: Exit.Exit<unknown, unknown>
  ) => Effect.Effect<void>
  /** Called when the first chunks arrive. */
  readonly onFirst?: (() => void) | undefined
  /**
   * Called after each chunk the stream hands on is folded; `true` ends the stream after that chunk,
   * `Interrupted` (its upstream released, nothing more read).
   */
  readonly onChunks?: ((accumulator: Accumulator) => boolean) | undefined
  /** Whether the fold keeps the text (default `true`); an observer that never reads it folds without it. */
  readonly keepsText?: boolean | undefined
  /** Runs the stream's own effects (its start and every pull) in a context of the observer's (a parent span). */
  readonly around?: (<A, E2, R2>(effect: Effect.Effect<A, E2, R2>) => Effect.Effect<A, E2, R2>) | undefined
}

/** How an observing stage hands chunks on (see the module's doc). */
export type HandOn = "chunk" | "piece"

/** The last chunk an observer handing on one chunk at a time has handed on: its consumer received up to it. */
interface Receipt {
  last: unknown
}

/** The receipt of the nearest observer downstream that hands on one chunk at a time, seen by those upstream. */
const CurrentReceipt = Context.Reference<Receipt | undefined>("effect-llm-stream/StreamEnding/Receipt", {
  defaultValue: () => undefined
})

/** The key under which an observing stream keeps its variant that hands on whole pieces. */
const piecewise: unique symbol = Symbol.for("effect-llm-stream/StreamEnding/piecewise")

/**
 * `stream` for a consumer that takes each piece whole (folds it, converts it, drains it in one step): an observing
 * stream made by `observeWith` then hands its chunks on piece by piece, and its ending still is what that
 * consumer received. Any other stream is returned as it is.
 */
export const wholePieces = <A, E, R>(stream: Stream.Stream<A, E, R>): Stream.Stream<A, E, R> =>
  (stream as { readonly [piecewise]?: Stream.Stream<A, E, R> })[piecewise] ?? stream

/**
 * The stream unchanged, folded as its chunks pass, as one stage: `start` runs when the stream starts (before the
 * stream's own start, so a stream that fails to start is observed too) and gives the observer, whose `onEnd`
 * runs exactly once when the stream ends; `undefined` leaves the stream as it is, at no cost per chunk. A
 * stream whose consumer stops before its end (`Stream.take`, an interrupted fiber, a timeout) ended
 * `Interrupted`. `handOn` (default `"chunk"`) says how chunks are handed on; a stream handing them on one at a
 * time is handed on piece by piece when given to `wholePieces`.
 */
export const observeWith = <C extends ChunkCommon.Common, E, R, R3>(
  self: Stream.Stream<C, E, R>,
  start: Effect.Effect<Observer<E> | undefined, never, R3>,
  handOn: HandOn = "chunk"
): Stream.Stream<C, E, R | R3> => {
  const stream = observing(self, start, handOn)
  return handOn === "piece" ? stream : Object.assign(stream, { [piecewise]: observing(self, start, "piece") })
}

const observing = <C extends ChunkCommon.Common, E, R, R3>(
  self: Stream.Stream<C, E, R>,
  start: Effect.Effect<Observer<E> | undefined, never, R3>,
  handOn: HandOn
): Stream.Stream<C, E, R | R3> =>
  Stream.fromChannel(
    Channel.fromTransform((_: Pull.Pull<unknown, unknown, unknown>, scope: Scope.Scope) =>
      Effect.flatMap(start, (observer) => {
        if (observer === undefined) return Channel.toPullScoped(self.channel, scope)
        const accumulator = new Accumulator(undefined, { keepsText: observer.keepsText })
        LiveShapes.keepOnce(Accumulator, () => new Accumulator())
        // Decided by what the stream itself did; when it did neither (the consumer stopped first), by its scope.
        let outcome: Outcome<E> | undefined
        let first = observer.onFirst
        const around = observer.around
        const onChunks = observer.onChunks
        /** A watcher (`onChunks`) asked to end the stream: it ends at the next pull. */
        let stopped = false
        /** Piece by piece: the piece handed on last, not folded yet. */
        let unfolded: Arr.NonEmptyReadonlyArray<C> | undefined
        /** Folds the piece handed on last; when its consumer stopped, as far as `downstream` saw it go. */
        const foldUnfolded = (downstream?: Receipt | undefined): void => {
          const piece = unfolded!
          unfolded = undefined
          let count = piece.length
          if (downstream !== undefined && downstream.last !== undefined) {
            // Not found: a stage between the two made chunks of its own; the piece counts whole.
            const at = piece.indexOf(downstream.last as C)
            if (at !== -1) count = at + 1
          }
          for (let index = 0; index < count; index++) accumulator.push(piece[index]!)
        }
        // The upstream's resources live in a scope of their own that the observer's one finalizer closes before
        // it observes: the stream's scope keeps a single finalizer (two or more are closed by a slower path,
        // measured at several microseconds per call), and the upstream is released before `onEnd`, as before.
        const upstreamScope = Scope.makeUnsafe()
        const receipt: Receipt | undefined = handOn === "chunk" ? { last: undefined } : undefined
        const upstreamOf = Channel.toPullScoped(self.channel, upstreamScope)
        // The observers upstream end while their scope is closed, with this stage's receipt in context (they may
        // start at any pull, so their end is where they can read it).
        const release = (exit: Exit.Exit<unknown, unknown>) => {
          const closed = Scope.close(upstreamScope, exit)
          return Effect.exit(receipt === undefined ? closed : Effect.provideService(closed, CurrentReceipt, receipt))
        }
        const end = (exit: Exit.Exit<unknown, unknown>) =>
          Effect.withFiber((fiber) => {
            // A stream its consumer stopped (no outcome of its own): its last piece as far as the consumer took it.
            if (unfolded !== undefined) foldUnfolded(outcome === undefined ? fiber.getRef(CurrentReceipt) : undefined)
            return observer.onEnd(
              accumulator,
              outcome ?? (Exit.isFailure(exit) ? outcomeOf(exit.cause as Cause.Cause<E>) : interrupted),
              exit
            )
          })
        const parts: PullParts<C, E> = {
          accumulator,
          onChunks,
          arrived: () => {
            if (first !== undefined) {
              first()
              first = undefined
            }
          },
          onFailure: (cause) => {
            // The consumer asked for more: it took every chunk handed on before.
            if (unfolded !== undefined) foldUnfolded()
            outcome = Pull.isDoneCause(cause) ? completed : outcomeOf(cause as Cause.Cause<E>)
            return Effect.failCause(cause)
          },
          handedOn: (piece) => {
            if (unfolded !== undefined) foldUnfolded()
            unfolded = piece
          },
          stop: () => {
            stopped = true
          }
        }
        return Effect.flatMap(
          Scope.addFinalizerExit(scope, (exit) =>
            Effect.flatMap(release(exit), (released) => Effect.andThen(end(exit), released))),
          () =>
            Effect.map(around === undefined ? upstreamOf : around(upstreamOf), (upstream) => {
              const pulled = receipt === undefined ? piecePull(upstream, parts) : chunkPull(upstream, receipt, parts)
              const fromUpstream = around === undefined ? pulled.fromUpstream : around(pulled.fromUpstream)
              return Effect.suspend(() => {
                if (stopped) {
                  // A stream told to stop after a chunk ends at its next pull.
                  outcome = interrupted
                  return Cause.done()
                }
                return pulled.held() ?? fromUpstream
              })
            })
        )
      })
    )
  )

/** A pull's failure: the stream's error, or its end (`Cause.Done`). */
type PullCause<E> = Cause.Cause<E | Cause.Done<void>>

interface PullParts<C, E> {
  readonly arrived: () => void
  readonly onFailure: (cause: PullCause<E>) => Effect.Effect<never, E | Cause.Done<void>>
  readonly onChunks: ((accumulator: Accumulator) => boolean) | undefined
  readonly accumulator: Accumulator
  readonly stop: () => void
  /** A piece was handed on whole (not folded yet). */
  readonly handedOn: (piece: Arr.NonEmptyReadonlyArray<C>) => void
}

/** A pull handing on the chunks held from the last piece (`held`), or the next piece's first (`fromUpstream`). */
interface Pulled<C, E, R> {
  readonly held: () => Effect.Effect<Arr.NonEmptyReadonlyArray<C>> | undefined
  readonly fromUpstream: Pull.Pull<Arr.NonEmptyReadonlyArray<C>, E, void, R>
}

/** One chunk per pull, each folded as it is handed on. */
const chunkPull = <C extends ChunkCommon.Common, E, R>(
  upstream: Pull.Pull<Arr.NonEmptyReadonlyArray<C>, E, void, R>,
  receipt: Receipt,
  parts: PullParts<C, E>
): Pulled<C, E, R> => {
  const { accumulator, onChunks } = parts
  let held: Arr.NonEmptyReadonlyArray<C> | undefined
  let next = 0
  const handOn = (): Exit.Exit<Arr.NonEmptyReadonlyArray<C>> => {
    const piece = held!
    const chunk = piece[next++]!
    if (next === piece.length) held = undefined
    accumulator.push(chunk)
    receipt.last = chunk
    if (onChunks !== undefined && onChunks(accumulator)) parts.stop()
    return Exit.succeed(piece.length === 1 ? piece : [chunk])
  }
  return {
    held: () => held === undefined ? undefined : handOn(),
    fromUpstream: Effect.matchCauseEffect(upstream, {
      onSuccess: (chunks) => {
        parts.arrived()
        held = chunks
        next = 0
        return handOn()
      },
      onFailure: parts.onFailure
    })
  }
}

/**
 * Whole pieces, folded when the next one is asked for; with a watcher (`onChunks`), folded at once and cut after
 * the chunk it stops at.
 */
const piecePull = <C extends ChunkCommon.Common, E, R>(
  upstream: Pull.Pull<Arr.NonEmptyReadonlyArray<C>, E, void, R>,
  parts: PullParts<C, E>
): Pulled<C, E, R> => {
  const { accumulator, onChunks } = parts
  const watched = (chunks: Arr.NonEmptyReadonlyArray<C>): Arr.NonEmptyReadonlyArray<C> => {
    for (let index = 0; index < chunks.length; index++) {
      accumulator.push(chunks[index]!)
      if (onChunks!(accumulator)) {
        parts.stop()
        return index + 1 === chunks.length ? chunks : (chunks.slice(0, index + 1) as unknown as typeof chunks)
      }
    }
    return chunks
  }
  return {
    held: () => undefined,
    fromUpstream: Effect.matchCauseEffect(upstream, {
      onSuccess: (chunks) => {
        parts.arrived()
        if (onChunks !== undefined) return Exit.succeed(watched(chunks))
        parts.handedOn(chunks)
        return Exit.succeed(chunks)
      },
      onFailure: parts.onFailure
    })
  }
}

/**
 * The stream unchanged, folded as its chunks pass; `f` runs exactly once when it ends, however it ends, with
 * the fold and the outcome. A stream whose consumer stops before its end (`Stream.take`, an interrupted
 * fiber, a timeout) ended `Interrupted`. Chunks are handed on one at a time (`wholePieces` hands them on piece by
 * piece).
 */
export const observe = <C extends ChunkCommon.Common, E, R, R2>(
  self: Stream.Stream<C, E, R>,
  f: (accumulator: Accumulator, outcome: Outcome<E>) => Effect.Effect<void, never, R2>,
  onChunks?: ((accumulator: Accumulator) => boolean) | undefined,
  handOn: HandOn = "chunk"
): Stream.Stream<C, E, R | R2> =>
  observeWith(
    self,
    Effect.contextWith((context: Context.Context<R2>) =>
      Effect.succeed({
        onEnd: (accumulator, outcome) => Effect.provideContext(f(accumulator, outcome), context),
        onChunks
      })
    ),
    handOn
  )

/**
 * A stream whose observing stage is made anew on each run (inside `Stream.unwrap`, with state of its run), kept
 * in both ways of handing chunks on: it hands them on one at a time, and piece by piece when given to
 * `wholePieces`.
 */
export const eachWay = <A, E, R>(make: (handOn: HandOn) => Stream.Stream<A, E, R>): Stream.Stream<A, E, R> =>
  Object.assign(make("chunk"), { [piecewise]: make("piece") })
