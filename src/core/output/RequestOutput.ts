/**
 * The output a stream's request asked for, set by `LanguageModel.stream` in its chunks' declared field
 * `requestedOutput` (`none` on the first chunk of a call without), so that `CallStream.object` reads it from the
 * stream itself.
 *
 * @internal
 */
import type * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as Output from "../Output.js"
import * as StreamStart from "../stream/StreamStart.js"

/** The field of a chunk whose request asked for no output. */
export const none = "none" as const

/**
 * Sets `chunk`'s `requestedOutput` (see `ChunkCommon.Common`): not enumerable, so the chunk compares equal to the
 * same chunk decoded elsewhere.
 */
export const set = (chunk: object, output: Output.Input | typeof none): void => {
  Object.defineProperty(chunk, "requestedOutput", { value: output, writable: true, configurable: true })
}

/**
 * The stream `made` makes, its chunks' `requestedOutput` set to `output` (every chunk), or to asking for none (the
 * first).
 */
export const carry = <A extends object, E, R, E2, R2>(
  made: Effect.Effect<Stream.Stream<A, E, R>, E2, R2> & StreamStart.Unscoped<R2>,
  output: Output.Input | undefined
): Stream.Stream<A, E | E2, R | R2> =>
  output === undefined
    ? StreamStart.unwrapWatching(made, (chunks) => {
      set(chunks[0], none)
      return true
    })
    : Stream.mapArray(StreamStart.unwrap(made), (chunks) => {
      for (const chunk of chunks) set(chunk, output)
      return chunks
    })
