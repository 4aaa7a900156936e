/**
 * Stream operators over chunks of any provider.
 *
 * @since 0.1.0
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as CallResponse from "./CallResponse.js"
import type * as CallResponseChunk from "./CallResponseChunk.js"
import type * as Cost from "./Cost.js"
import * as PriceTable from "./PriceTable.js"

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
 * `CallResponse.append` over the chunks, starting from `CallResponse.empty` (priced with the
 * `PriceTable` in context: the bundled table unless a layer provides another).
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
  Effect.flatMap(
    PriceTable.PriceTable,
    (table) =>
      Stream.runFold(self, CallResponse.emptyWith(table), (response, chunk) => CallResponse.append(response, chunk))
  )

/**
 * Each chunk together with the response accumulated so far (that chunk included).
 *
 * @since 0.1.0
 * @category Operators
 */
export const scan = <C extends CallResponseChunk.Common, E, R>(
  self: Stream.Stream<C, E, R>
): Stream.Stream<readonly [chunk: C, response: CallResponse.CallResponse], E, R> =>
  Stream.unwrap(
    Effect.map(PriceTable.PriceTable, (table) =>
      Stream.mapAccum(self, CallResponse.emptyWith(table), (response, chunk) => {
        const next = CallResponse.append(response, chunk)
        return [next, [chunk, next] as const]
      }))
  )

/**
 * Each chunk with the running cost of the call so far (`None` until the provider has reported usage,
 * or when the model has no price), from the `PriceTable` in context.
 *
 * @since 0.1.0
 * @category Operators
 */
export const withCost = <C extends CallResponseChunk.Common, E, R>(
  self: Stream.Stream<C, E, R>
): Stream.Stream<readonly [chunk: C, cost: Option.Option<Cost.Cost>], E, R> =>
  Stream.suspend(() => {
    // The cost only changes when usage or the priced model does; it is not recomputed for text chunks.
    let cost: Option.Option<Cost.Cost> = Option.none()
    let pricedUsage: unknown = undefined
    let pricedModel: string | undefined = undefined
    return Stream.map(scan(self), ([chunk, response]) => {
      if (response.usage !== pricedUsage || response.pricingModel !== pricedModel) {
        pricedUsage = response.usage
        pricedModel = response.pricingModel
        cost = response.cost
      }
      return [chunk, cost] as const
    })
  })
