/**
 * Stream operators over chunks of any provider.
 *
 * @since 0.1.0
 */
import * as Chunk from "effect/Chunk"
import type * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as CallResponse from "./CallResponse.js"
import type * as CallResponseChunk from "./CallResponseChunk.js"

/**
 * The generated text, piece by piece (chunks without text are skipped).
 *
 * @since 0.1.0
 * @category Operators
 */
export const text = <C extends CallResponseChunk.Common, E, R>(
  self: Stream.Stream<C, E, R>
): Stream.Stream<string, E, R> =>
  Stream.mapChunks(self, (chunks) => {
    const texts: Array<string> = []
    for (const chunk of chunks) {
      const content = chunk.content
      if (content !== "") texts.push(content)
    }
    return Chunk.unsafeFromArray(texts)
  })

/**
 * Runs the stream and folds every chunk into the final `CallResponse`. Equal to folding
 * `CallResponse.append` over the chunks, starting from `CallResponse.empty`.
 *
 * @example
 * ```ts
 * import { CallStream, LanguageModel } from "effect-llm-stream"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const response = yield* CallStream.accumulate(LanguageModel.stream("Recommend a fantasy book"))
 *   return [response.content, response.commonFinishReasons, response.usage.outputTokens] as const
 * })
 * ```
 *
 * @since 0.1.0
 * @category Operators
 */
export const accumulate = <C extends CallResponseChunk.Common, E, R>(
  self: Stream.Stream<C, E, R>
): Effect.Effect<CallResponse.CallResponse, E, R> =>
  Stream.runFold(self, CallResponse.empty, (response, chunk) => CallResponse.append(response, chunk))

/**
 * Each chunk together with the response accumulated so far (that chunk included).
 *
 * @since 0.1.0
 * @category Operators
 */
export const scan = <C extends CallResponseChunk.Common, E, R>(
  self: Stream.Stream<C, E, R>
): Stream.Stream<readonly [chunk: C, response: CallResponse.CallResponse], E, R> =>
  Stream.mapAccum(self, CallResponse.empty, (response, chunk) => {
    const next = CallResponse.append(response, chunk)
    return [next, [chunk, next] as const]
  })
