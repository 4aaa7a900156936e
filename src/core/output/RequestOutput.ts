/**
 * The output a stream's request asked for, carried by its chunks at run time: `LanguageModel.stream` marks
 * each chunk of a call with `output` with the request's output, and the first chunk of a call without with
 * `none`, so that `CallStream.object` and `partialObjects` read the output from the stream itself and tell a
 * stream whose request asked for none. A chunk is marked as it passes, just before the views downstream read
 * it (a chunk object shared by two calls is marked again by each).
 *
 * @internal
 */
import * as Stream from "effect/Stream"
import type * as Output from "../Output.js"
import * as StreamStart from "../stream/StreamStart.js"

/** The mark of a chunk whose request asked for no output. */
export const none = "none" as const

const marks = new WeakMap<object, Output.Input | typeof none>()

/** The stream with its chunks marked with `output` (every chunk), or as asking for none (the first). */
export const carry = <A extends object, E, R>(
  self: Stream.Stream<A, E, R>,
  output: Output.Input | undefined
): Stream.Stream<A, E, R> =>
  output === undefined
    ? StreamStart.watchStart(self, (chunks) => {
      marks.set(chunks[0], none)
      return true
    })
    : Stream.mapArray(self, (chunks) => {
      for (const chunk of chunks) marks.set(chunk, output)
      return chunks
    })

/** Marks `copy` as `chunk` is marked (a chunk made of another: `CallStream.extractReasoning`'s). */
export const keep = (chunk: object, copy: object): void => {
  const mark = marks.get(chunk)
  if (mark !== undefined) marks.set(copy, mark)
}

/** The output the request of a chunk asked for, `none`, or `undefined` when the chunk does not say. */
export const of = (chunk: object): Output.Input | typeof none | undefined => marks.get(chunk)
