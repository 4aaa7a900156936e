/**
 * A hand-off: a stored stream's reader handing each page appended to its stream straight to the one writing it out
 * (a client's response), in the call that appended it, instead of waking the writer's fiber to pull it. A served
 * answer is an append per model delta, and a fiber woken per delta is most of what reading it back from the store
 * costs: handed off, the writer's fiber waits once for as long as the client keeps up.
 *
 * The writer asks the stream it starts whether it hands off (`ask`: a question in context, which the stream answers
 * by calling it with its `HandOff` as the argument, kept by the writer): a reader that can answers (`answering`), as
 * does a stream made of one page for page, only when it is the very stream asked.
 *
 * @internal
 */
import type * as Arr from "effect/Array"
import type * as Cause from "effect/Cause"
import * as Channel from "effect/Channel"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Pull from "effect/Pull"
import * as Stream from "effect/Stream"

/** Takes one page, written out at once; whether it can take another now (not when the client's socket is full). */
export type Take<A> = (page: Arr.NonEmptyReadonlyArray<A>) => boolean

/** Why a hand-off ended: `take` could take no more (`Full`), or the reader has something to pull (`Pull`). */
export type Ended = "Full" | "Pull"

/** Hands what is appended to `take` (see `handing`); made by the reader it belongs to, of its run under way. */
export type HandOff<A> = (take: Take<A>) => Effect.Effect<Ended>

/** Calls each of `waiters` once, and forgets them (those added meanwhile wait for the next wake). */
export const wake = (waiters: Set<() => void>): void => {
  if (waiters.size === 0) return
  const all = [...waiters]
  waiters.clear()
  for (let index = 0; index < all.length; index++) all[index]!()
}

/**
 * A stored stream's pull: what `next` has now, else a wait in `waiters` for the next append, handed on as it wakes
 * the reader. Its waiter is made once per reader, not per wait: every model delta is a wait of its own.
 */
export const pulling = <A, E>(
  next: () => Pull.Pull<A, E> | undefined,
  waiters: Set<() => void>
): Pull.Pull<A, E> => {
  let waiting: ((pull: Pull.Pull<A, E>) => void) | undefined
  const waiter = () => {
    const resume = waiting
    if (resume === undefined) return
    waiting = undefined
    // What it brought (or, woken with nothing new, a wait again).
    resume(next() ?? pull)
  }
  const leave = Effect.sync(() => {
    waiting = undefined
    waiters.delete(waiter)
  })
  const pull: Pull.Pull<A, E> = Effect.callback<A, E | Cause.Done>((resume) => {
    const now = next()
    if (now !== undefined) return resume(now)
    waiting = resume
    waiters.add(waiter)
    return leave
  })
  return pull
}

/** A reader as its hand-off sees it. */
export interface Source<A> {
  /** Whether the reader has something to pull now: a page, its end, a failure. */
  readonly pullable: () => boolean
  /** The next page it can hand on (taken), if there is one. */
  readonly page: () => Arr.NonEmptyReadonlyArray<A> | undefined
  /** The waiters an append wakes. */
  readonly waiters: Set<() => void>
}

/**
 * The hand-off of `source` (`Pull` before its reader started): gives `take` each page as it is appended, until `take`
 * can take no more (`Full`) or the reader has something to pull (`Pull`, at once if it has already).
 */
export const handing = <A>(source: Source<A> | undefined, take: Take<A>): Effect.Effect<Ended> => {
  if (source === undefined) return Effect.succeed("Pull")
  return Effect.callback<Ended>((resume) => {
    if (source.pullable()) return resume(Effect.succeed("Pull"))
    const hand = () => {
      for (let page = source.page(); page !== undefined; page = source.page()) {
        try {
          if (!take(page)) return resume(Effect.succeed("Full"))
        } catch (defect) {
          return resume(Effect.die(defect))
        }
      }
      // Woken by the end, or (as a store wakes every reader) with nothing new: waits on.
      if (source.pullable()) return resume(Effect.succeed("Pull"))
      source.waiters.add(hand)
    }
    source.waiters.add(hand)
    return Effect.sync(() => void source.waiters.delete(hand))
  })
}

/** The question a writer asks of the stream it starts (`ask`): that stream, and how it answers with its hand-off. */
interface Question {
  readonly stream: unknown
  readonly answer: (handOff: HandOff<any> | undefined) => void
}

const Asked = /* @__PURE__ */ Context.Reference<Question | undefined>("effect-llm-stream/HandOff/Asked", {
  defaultValue: () => undefined
})

/** Runs `start` (which starts `stream`), asking `stream` whether it hands off: what `start` gives, and the hand-off. */
export const ask = <A, X, E, R>(
  stream: Stream.Stream<A, any, any>,
  start: Effect.Effect<X, E, R>
): Effect.Effect<readonly [X, HandOff<A> | undefined], E, R> =>
  Effect.suspend(() => {
    let answered: HandOff<A> | undefined
    const question: Question = { stream, answer: (handOff) => answered = handOff }
    return Effect.map(Effect.provideService(start, Asked, question), (started) => [started, answered] as const)
  })

/** `stream`, answering as it starts when it is the stream asked (`ask`): with `handOff`, or as `from` answers. */
export const answering = <S extends Stream.Stream<any, any, any>>(
  stream: S,
  handOff: HandOff<any> | { readonly from: Stream.Stream<any, any, any> }
): S => {
  const self: S = Stream.fromChannel(Channel.fromTransform((upstream, scope) => {
    const start = Channel.toTransform(Stream.toChannel(stream))(upstream, scope)
    return Effect.withFiber((fiber) => {
      const question = fiber.getRef(Asked)
      if (question?.stream !== self) return start
      if (typeof handOff !== "function") {
        return Effect.map(ask(handOff.from, start), ([pull, answer]) => {
          question.answer(answer)
          return pull
        })
      }
      question.answer(handOff)
      return start
    })
  })) as unknown as S
  return self
}
