/**
 * The output a stream's request asked for, a field of its chunks set by `LanguageModel.stream` (`none` on the first
 * chunk of a call without), so that `CallStream.object` reads it from the stream itself. It is not enumerable, so a
 * chunk compares equal to the same chunk decoded elsewhere.
 *
 * @internal
 */
import * as Stream from "effect/Stream"
import type * as Output from "../Output.js"
import * as StreamStart from "../stream/StreamStart.js"

/** The field of a chunk whose request asked for no output. */
export const none = "none" as const

/** The field's key: a symbol, so that encoding, JSON and Schema checks leave it out, as they do a chunk's events. */
const outputKey: unique symbol = Symbol.for("effect-llm-stream/Chunk/output")
type WithOutput = { [outputKey]?: Output.Input | typeof none }

const set = (chunk: object, output: Output.Input | typeof none): void => {
  Object.defineProperty(chunk, outputKey, { value: output, writable: true, configurable: true })
}

/** The stream with its chunks' field set to `output` (every chunk), or to asking for none (the first). */
export const carry = <A extends object, E, R>(
  self: Stream.Stream<A, E, R>,
  output: Output.Input | undefined
): Stream.Stream<A, E, R> =>
  output === undefined
    ? StreamStart.watchStart(self, (chunks) => {
      set(chunks[0], none)
      return true
    })
    : Stream.mapArray(self, (chunks) => {
      for (const chunk of chunks) set(chunk, output)
      return chunks
    })

/** The output the request of a chunk asked for, `none`, or `undefined` when the chunk does not say. */
export const of = (chunk: object): Output.Input | typeof none | undefined => (chunk as WithOutput)[outputKey]

/** `copy` with the field `chunk` has, when it has one (a copy made of a chunk read another way). */
export const copied = <C extends object>(chunk: object, copy: C): C => {
  const output = of(chunk)
  if (output !== undefined) set(copy, output)
  return copy
}
