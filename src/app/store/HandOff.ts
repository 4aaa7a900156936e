/**
 * A hand-off: a stored stream's reader handing each page appended to its stream straight to the one writing it out
 * (a client's response), in the call that appended it, instead of waking the writer's fiber to pull it. A served
 * answer is an append per model delta, and a fiber woken per delta is most of what reading it back from the store
 * costs: handed off, the writer's fiber waits once for as long as the client keeps up.
 *
 * A reader that can hand off carries its `HandOff` on its stream (`of`); every other stream is pulled as usual.
 *
 * @internal
 */
import type * as Arr from "effect/Array"
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import * as StreamCarry from "../../core/stream/StreamCarry.js"

/**
 * Takes one page, written out at once; whether it can take another now (`false`: the client's socket is full, or
 * the client is gone).
 */
export type Take<A> = (page: Arr.NonEmptyReadonlyArray<A>) => boolean

/** Why a hand-off ended: `take` could take no more (`Full`), or the reader has something to pull (`Pull`). */
export type Ended = "Full" | "Pull"

/**
 * Hands what is appended to `take` until `take` can take no more, or until the reader has something `take` cannot be
 * given: pages that were there before (it ends at once), or the stream's end or failure (pulled as usual). Made by
 * the reader it belongs to, of the run of its stream under way.
 */
export type HandOff<A> = (take: Take<A>) => Effect.Effect<Ended>

const key = StreamCarry.key<HandOff<any>>("~effect-llm-stream/HandOff")

/** Marks `stream`, just made, as carrying `handOff`. */
export const carry = <S extends Stream.Stream<any, any, any>>(stream: S, handOff: HandOff<any>): S =>
  StreamCarry.carry(stream, key, handOff)

/** The hand-off `stream` carries, if it does. */
export const of = <A>(stream: Stream.Stream<A, any, any>): HandOff<A> | undefined => StreamCarry.get(stream, key)
