/**
 * How a call's stream ended, with everything that arrived: `onEnd` observes the ending as the stream is consumed,
 * `settle` runs the stream to it. `CallStream` re-exports all of it.
 *
 * @since 0.3.0
 */
import type * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { dual } from "effect/Function"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as CallBasis from "../estimate/CallBasis.js"
import type * as Accumulator from "../fold/Accumulator.js"
import * as StreamEnding from "../fold/StreamEnding.js"
import type * as ProviderError from "../ProviderError.js"
import * as CallResponse from "./CallResponse.js"
import type * as CallResponseChunk from "./CallResponseChunk.js"
import type * as Cost from "./Cost.js"
import * as PriceTable from "./PriceTable.js"

/**
 * A stream that ended cleanly: its end arrived. `response` is everything it delivered.
 *
 * @since 0.3.0
 * @category Endings
 */
export class Completed extends Data.TaggedClass("Completed")<{ readonly response: CallResponse.CallResponse }> {}

/**
 * A stream that failed with `error`, after delivering every chunk before the failure: `response` is what
 * arrived (usage as last reported, complete tool calls marked complete, a cut call's raw arguments).
 *
 * @since 0.3.0
 * @category Endings
 */
export class Failed<E = ProviderError.ProviderError>
  extends Data.TaggedClass("Failed")<{ readonly response: CallResponse.CallResponse; readonly error: E }>
{}

/**
 * A stream stopped before its end: its consumer stopped (`Stream.take`, an interrupted fiber, a timeout, an
 * interruption from within such as `Stream.interruptWhen`). `response` is what arrived until then.
 *
 * @since 0.3.0
 * @category Endings
 */
export class Interrupted extends Data.TaggedClass("Interrupted")<{ readonly response: CallResponse.CallResponse }> {}

/**
 * How a stream ended, with the response so far: nothing that arrived is lost, whatever the ending.
 *
 * @since 0.3.0
 * @category Endings
 */
export type Ending<E = ProviderError.ProviderError> = Completed | Failed<E> | Interrupted

const endingOf = <E>(
  accumulator: Accumulator.Accumulator,
  outcome: StreamEnding.Outcome<E>,
  table: PriceTable.Service,
  spendBasis: CallBasis.Basis | undefined
): Ending<E> | undefined => {
  switch (outcome._tag) {
    case "Completed":
      // A stream that ended cleanly completed every tool call still open.
      return new Completed({
        response: CallResponse.fromAccumulator(accumulator.end(), table, { spendBasis, cut: false, completed: true })
      })
    case "Failed":
      return new Failed({
        response: CallResponse.fromAccumulator(accumulator, table, { spendBasis, cut: true }),
        error: outcome.error
      })
    case "Interrupted":
      return new Interrupted({ response: CallResponse.fromAccumulator(accumulator, table, { spendBasis, cut: true }) })
    case "Died":
      return undefined
  }
}

/**
 * Observes the stream to its ending, with the request its call told (`CallBasis`): `f` receives the ending,
 * its response able to estimate its `spend` (the tokenizer loaded first, when an estimate needs it). `watching`,
 * given the price table when the stream starts, makes the watch of that run (`onChunks`). One stage: the table,
 * the basis heard and the fold are read where the stream starts.
 *
 * @internal
 */
export const observeEnding = <C extends CallResponseChunk.Common, E, R, R2>(
  self: Stream.Stream<C, E, R>,
  f: (ending: Ending<E>) => Effect.Effect<void, never, R2>,
  watching?:
    | ((
      table: PriceTable.Service
    ) => (accumulator: Accumulator.Accumulator, basis: CallBasis.Basis | undefined) => boolean)
    | undefined,
  options?: OnEndOptions
): Stream.Stream<C, E, R | R2> =>
  StreamEnding.observeWith(
    self,
    Effect.flatMap(PriceTable.current, (table) =>
      Effect.withFiber((fiber) => {
        // What `f` needs is the stream's requirement (`R2`, in the returned type): the stage's fiber has it, and `f`
        // runs as the stream's scope closes, in whatever fiber closes it, so it is given this context.
        const context = fiber.context as Context.Context<R2>
        // The request of the call inside, as its model layer tells it.
        let basis: CallBasis.Basis | undefined
        const onChunks = watching?.(table)
        return Effect.succeed<StreamEnding.Observer<E>>({
          onEnd: (accumulator, outcome) => {
            const told = basis
            const estimates = told !== undefined &&
              (outcome._tag !== "Completed" || accumulator.usage.inputTokens === undefined ||
                accumulator.usage.outputTokens === undefined)
            return Effect.flatMap(estimates ? told.ready : Effect.void, () => {
              const ending = endingOf(accumulator, outcome, table, told)
              return ending === undefined ? Effect.void : Effect.provideContext(f(ending), context)
            })
          },
          onChunks: onChunks === undefined ? undefined : (accumulator) => onChunks(accumulator, basis),
          around: CallBasis.hearing((told) => basis = told, fiber)
        })
      })) as Effect.Effect<StreamEnding.Observer<E>, never, R2>,
    options
  )

/**
 * How `onEnd` hands the stream's chunks on.
 *
 * @since 0.5.0
 * @category Endings
 */
export interface OnEndOptions {
  /**
   * `true` when what consumes the stream takes every piece whole (`settle`, `UIMessageStream.fromStream`,
   * `Stream.runDrain`): chunks go on as the network delivered them, without a pull per chunk (a consumer stopping
   * inside a piece is counted the whole piece). Default `false`: the ending is exactly what any consumer took.
   */
  readonly wholePieces?: boolean | undefined
}

/**
 * Runs `f` exactly once when the stream ends, however it ends (completion, failure, the consumer stopping), with
 * the response of every chunk it delivered, and hands the stream on unchanged. A defect is not an ending: it
 * passes through, and `f` is not run.
 *
 * @example
 * ```ts
 * import { CallEnding, LanguageModel, UIMessageStream } from "effect-llm-stream"
 * import { Console, Stream } from "effect"
 *
 * const program = LanguageModel.stream("Recommend a fantasy book").pipe(
 *   CallEnding.onEnd((ending) =>
 *     Console.log(ending._tag, ending.response.usage.outputTokens, ending.response.content.length)
 *   ),
 *   Stream.take(3), // stopping early is an ending too: Interrupted, with what arrived
 *   Stream.runDrain
 * )
 *
 * // Before a consumer of whole pieces, such as the UI stream: no pull per chunk.
 * const served = LanguageModel.stream("Recommend a fantasy book").pipe(
 *   CallEnding.onEnd((ending) => Console.log(ending.response.content), { wholePieces: true }),
 *   UIMessageStream.fromStream()
 * )
 * ```
 *
 * @since 0.3.0
 * @category Endings
 */
export const onEnd: {
  <E, R2>(
    f: (ending: Ending<E>) => Effect.Effect<void, never, R2>,
    options?: OnEndOptions
  ): <C extends CallResponseChunk.Common, R>(self: Stream.Stream<C, E, R>) => Stream.Stream<C, E, R | R2>
  <C extends CallResponseChunk.Common, E, R, R2>(
    self: Stream.Stream<C, E, R>,
    f: (ending: Ending<E>) => Effect.Effect<void, never, R2>,
    options?: OnEndOptions
  ): Stream.Stream<C, E, R | R2>
} = /* @__PURE__ */ dual(
  (args) => Stream.isStream(args[0]),
  <C extends CallResponseChunk.Common, E, R, R2>(
    self: Stream.Stream<C, E, R>,
    f: (ending: Ending<E>) => Effect.Effect<void, never, R2>,
    options?: OnEndOptions
  ): Stream.Stream<C, E, R | R2> => observeEnding(self, f, undefined, options)
)

/**
 * Runs like `onEnd` while watching the running cost of the call: after each piece of the stream, `watch` receives
 * the cost so far (`None` until usage is reported, or for a model without a price); `true` ends the stream after
 * that piece, its ending `Interrupted`. A tool loop's budget is watched this way.
 *
 * @since 0.3.0
 * @category Endings
 */
export const onEndWatching = <C extends CallResponseChunk.Common, E, R, R2>(
  self: Stream.Stream<C, E, R>,
  watch: (cost: Option.Option<Cost.Cost>) => boolean,
  f: (ending: Ending<E>) => Effect.Effect<void, never, R2>
): Stream.Stream<C, E, R | R2> =>
  observeEnding(self, f, (table) => {
    const costOf = runningCost(table)
    return (accumulator) => watch(costOf(accumulator))
  })

/**
 * The running cost of a call, read from its accumulator: recomputed only when the usage or the priced model changes.
 *
 * @internal
 */
export const runningCost = (table: PriceTable.Service) => {
  let cost: Option.Option<Cost.Cost> = Option.none()
  let pricedUsage: unknown = undefined
  let pricedModel: string | undefined = undefined
  return (accumulator: Accumulator.Accumulator): Option.Option<Cost.Cost> => {
    if (accumulator.usage !== pricedUsage || accumulator.pricingModel !== pricedModel) {
      pricedUsage = accumulator.usage
      pricedModel = accumulator.pricingModel
      cost = CallResponse.fromAccumulator(accumulator, table).cost
    }
    return cost
  }
}

/**
 * Runs the stream to its end and gives how it ended, never losing what arrived (`Interrupted` when stopped from
 * within or by `timeout`). If the fiber running `settle` is itself interrupted, use `onEnd` to observe that ending.
 *
 * @example
 * ```ts
 * import { CallEnding, LanguageModel } from "effect-llm-stream"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const ending = yield* CallEnding.settle(LanguageModel.stream("Recommend a fantasy book"), { timeout: "30 seconds" })
 *   switch (ending._tag) {
 *     case "Completed":
 *       return ending.response.content
 *     case "Failed": // the error, and the text, usage and cost of what arrived before it
 *     case "Interrupted":
 *       return `${ending.response.content} [cut: ${ending._tag}]`
 *   }
 * })
 * ```
 *
 * @since 0.3.0
 * @category Endings
 */
export const settle: {
  (options?: SettleOptions): <C extends CallResponseChunk.Common, E, R>(
    self: Stream.Stream<C, E, R>
  ) => Effect.Effect<Ending<E>, never, R>
  <C extends CallResponseChunk.Common, E, R>(
    self: Stream.Stream<C, E, R>,
    options?: SettleOptions
  ): Effect.Effect<Ending<E>, never, R>
} = /* @__PURE__ */ dual(
  (args) => Stream.isStream(args[0]),
  <C extends CallResponseChunk.Common, E, R>(
    self: Stream.Stream<C, E, R>,
    options: SettleOptions = {}
  ): Effect.Effect<Ending<E>, never, R> =>
    Effect.suspend(() => {
      let ending: Ending<E> | undefined
      // `settle` drains whole pieces: its fold need not hand chunks on one at a time.
      const observed = observeEnding(
        self,
        (end: Ending<E>) =>
          Effect.sync(() => {
            ending = end
          }),
        undefined,
        { wholePieces: true }
      )
      const timed = options.timeout === undefined
        ? observed
        : Stream.interruptWhen(observed, Effect.sleep(Duration.fromInputUnsafe(options.timeout)))
      return Stream.runDrain(timed).pipe(
        Effect.exit,
        Effect.flatMap((exit) =>
          ending !== undefined
            ? Effect.succeed(ending)
            // Only a defect leaves no ending: it passes through.
            : Exit.isFailure(exit)
            ? Effect.failCause(exit.cause as Cause.Cause<never>)
            : Effect.die(new Error("a stream ended without an ending"))
        )
      )
    })
)

/**
 * How `settle` runs the stream.
 *
 * @since 0.3.0
 * @category Endings
 */
export interface SettleOptions {
  /** Stops the stream after this long (from the start): the ending is `Interrupted`, with what arrived. */
  readonly timeout?: Duration.Input | undefined
}
