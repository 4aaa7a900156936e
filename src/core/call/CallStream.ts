/**
 * Stream operators over chunks of any provider. Structured output (`object`, `partialObjects`, `OutputError`,
 * `DeepPartial`) is `CallObject`'s, re-exported here.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as CallBasis from "../estimate/CallBasis.js"
import * as Accumulator from "../fold/Accumulator.js"
import * as ToolCallStream from "../fold/ToolCallStream.js"
import * as StreamRetry from "../http/StreamRetry.js"
import type { RetryOptions } from "../http/StreamRetry.js"
import type * as Output from "../Output.js"
import type * as ProviderError from "../ProviderError.js"
import * as StreamStart from "../stream/StreamStart.js"
import * as Tool from "../Tool.js"
import * as CallEnding from "./CallEnding.js"
import * as CallResponse from "./CallResponse.js"
import type * as CallResponseChunk from "./CallResponseChunk.js"
import type * as Cost from "./Cost.js"
import * as PriceTable from "./PriceTable.js"

export { object, OutputError, partialObjects } from "./CallObject.js"
export type { DeepPartial } from "./CallObject.js"

/**
 * Streams the generated text, piece by piece (chunks without text are skipped).
 *
 * @since 0.1.0
 * @category Operators
 */
export const text = <C extends CallResponseChunk.Common, E, R>(
  self: Stream.Stream<C, E, R>
): Stream.Stream<string, E, R> =>
  Stream.filterMap(self, (chunk) => {
    const content = chunk.content
    return content === "" ? Result.failVoid : Result.succeed(content)
  })

/**
 * Runs the stream and folds every chunk into the final `CallResponse`, as `CallResponse.append` does, priced with
 * the `PriceTable` in context.
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
  Effect.flatMap(PriceTable.current, (table) => {
    // The request the call told: what `spend` estimates from when the provider reported no usage.
    let told: CallBasis.Basis | undefined
    return Stream.runFold(
      CallBasis.observe(self, (basis) => told = basis),
      () => new Accumulator.Accumulator(),
      (accumulator, chunk) => accumulator.push(chunk)
    ).pipe(Effect.flatMap((accumulator) => {
      const basis = told
      const complete = accumulator.usage.inputTokens !== undefined && accumulator.usage.outputTokens !== undefined
      return Effect.as(
        basis === undefined || complete ? Effect.void : basis.ready,
        CallResponse.fromAccumulator(accumulator, table, { spendBasis: basis, cut: false })
      )
    }))
  })

/**
 * Emits each chunk together with the response accumulated so far (that chunk included).
 *
 * @since 0.1.0
 * @category Operators
 */
export const scan = <C extends CallResponseChunk.Common, E, R>(
  self: Stream.Stream<C, E, R>
): Stream.Stream<readonly [chunk: C, response: CallResponse.CallResponse], E, R> =>
  StreamStart.unwrap(
    Effect.map(PriceTable.current, (table) =>
      Stream.mapAccum(self, () =>
        CallResponse.emptyWith(table), (response, chunk) => {
        const next = CallResponse.append(response, chunk)
        return [next, [[chunk, next] as const]]
      }))
  )

/**
 * Emits each chunk with the running cost of the call so far (`None` until the provider has reported usage,
 * or when the model has no price), from the `PriceTable` in context.
 *
 * @since 0.1.0
 * @category Operators
 */
export const withCost = <C extends CallResponseChunk.Common, E, R>(
  self: Stream.Stream<C, E, R>
): Stream.Stream<readonly [chunk: C, cost: Option.Option<Cost.Cost>], E, R> =>
  StreamStart.unwrap(Effect.map(PriceTable.current, (table) => {
    // One accumulator per run (`unwrap` runs this as the stream starts).
    const accumulator = new Accumulator.Accumulator()
    const costOf = CallEnding.runningCost(table)
    return Stream.map(self, (chunk) => [chunk, costOf(accumulator.push(chunk))] as const)
  }))

// Reasoning written inside tags in the text, documented in `ReasoningTags`.
export { extractReasoning } from "./ReasoningTags.js"
export type { ReasoningTagOptions } from "./ReasoningTags.js"

// The endings, documented in `CallEnding`.
export { Completed, Failed, Interrupted, onEnd, settle } from "./CallEnding.js"
export type { Ending, SettleOptions } from "./CallEnding.js"

/**
 * A chunk of the stream, as `withToolCalls` emits it.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ChunkEvent<C> {
  readonly _tag: "Chunk"
  readonly chunk: C
}

/**
 * The arguments of a tool call so far, for progress displays (`withToolCalls(tools, { partial: true })`): their
 * text, and the value it holds so far, partial (and paced) as `partialObjects` gives it.
 *
 * @since 0.1.0
 * @category Models
 */
export type ToolCallProgress<Tools extends ReadonlyArray<Tool.Tool> = ReadonlyArray<Tool.Tool>> = {
  readonly [K in keyof Tools]: {
    readonly _tag: "ToolCallProgress"
    readonly id: string
    readonly name: Tools[K]["name"]
    readonly argumentsSoFar: string
    /** @since 0.3.0 */
    readonly input: Output.DeepPartial<Tools[K]["parameters"]["Type"]>
  }
}[number]

/**
 * What a tool call that cannot be used does to the stream: `"fail"` (the default) fails it with the
 * `ToolCallError`; `"emit"` delivers it as a `Tool.InvalidToolCall` value and the stream goes on.
 *
 * @since 0.2.0
 * @category Models
 */
export type InvalidCalls = "fail" | "emit"

/**
 * @since 0.2.0
 * @category Models
 */
export interface ToolCallOptions<Mode extends InvalidCalls = "fail"> {
  /** Also emit the arguments of calls still streaming (`ToolCallProgress`). */
  readonly partial?: boolean | undefined
  readonly invalidCalls?: Mode | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export type ToolCallEvent<C, Tools extends ReadonlyArray<Tool.Tool>, Mode extends InvalidCalls = "fail"> =
  | ChunkEvent<C>
  | Tool.DecodedCall<Tools>
  | ToolCallProgress<Tools>
  | Invalid<Mode>

/**
 * How a stream of tool calls can fail because of a call: with a `ToolCallError`, unless invalid calls are
 * emitted as values.
 *
 * @since 0.2.0
 * @category Models
 */
export type ToolCallFailure<Mode extends InvalidCalls> = Mode extends "emit" ? never : Tool.ToolCallError

/** A tool call that cannot be used, where `invalidCalls: "emit"` delivers it as a value. */
type Invalid<Mode extends InvalidCalls> = Mode extends "emit" ? Tool.InvalidToolCall : never

/**
 * Emits every chunk, each followed by the tool calls it completed, decoded with their tools' Schemas (and,
 * with `partial: true`, the progress of calls still streaming). A call is emitted as soon as the provider says it
 * is complete (a block stop, a finish reason, the next parallel call). A call that cannot be used fails the
 * stream with a `ToolCallError` after the chunk that completed it, or is emitted per `InvalidCalls`.
 *
 * @since 0.1.0
 * @category Operators
 */
export const withToolCalls: {
  <const Tools extends ReadonlyArray<Tool.Tool>, Mode extends InvalidCalls = "fail">(
    tools: Tools,
    options?: ToolCallOptions<Mode>
  ): <C extends CallResponseChunk.Common, E, R>(
    self: Stream.Stream<C, E, R>
  ) => Stream.Stream<ToolCallEvent<C, Tools, Mode>, E | ToolCallFailure<Mode>, R>
  <
    C extends CallResponseChunk.Common,
    E,
    R,
    const Tools extends ReadonlyArray<Tool.Tool>,
    Mode extends InvalidCalls = "fail"
  >(
    self: Stream.Stream<C, E, R>,
    tools: Tools,
    options?: ToolCallOptions<Mode>
  ): Stream.Stream<ToolCallEvent<C, Tools, Mode>, E | ToolCallFailure<Mode>, R>
} = /* @__PURE__ */ dual(
  (args) => Stream.isStream(args[0]),
  <C extends CallResponseChunk.Common, E, R, const Tools extends ReadonlyArray<Tool.Tool>, Mode extends InvalidCalls>(
    self: Stream.Stream<C, E, R>,
    tools: Tools,
    options: ToolCallOptions<Mode> = {}
  ): Stream.Stream<ToolCallEvent<C, Tools, Mode>, E | ToolCallFailure<Mode>, R> =>
    ToolCallStream.withToolCalls(self, tools, options) as Stream.Stream<
      ToolCallEvent<C, Tools, Mode>,
      E | ToolCallFailure<Mode>,
      R
    >
)

/**
 * Emits the complete tool calls of a stream, decoded with their tools' Schemas, each as soon as it is complete
 * (see `withToolCalls`).
 *
 * @example
 * ```ts
 * import { CallStream, LanguageModel, Tool } from "effect-llm-stream"
 * import { Console, Schema, Stream } from "effect"
 *
 * const getWeather = Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) })
 *
 * const program = LanguageModel.stream({ messages: [], tools: [getWeather] }).pipe(
 *   CallStream.toolCalls([getWeather]),
 *   Stream.runForEach((call) => Console.log(call.name, call.input.city))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Operators
 */
export const toolCalls: {
  <const Tools extends ReadonlyArray<Tool.Tool>, Mode extends InvalidCalls = "fail">(
    tools: Tools,
    options?: { readonly invalidCalls?: Mode | undefined }
  ): <C extends CallResponseChunk.Common, E, R>(
    self: Stream.Stream<C, E, R>
  ) => Stream.Stream<Tool.DecodedCall<Tools> | Invalid<Mode>, E | ToolCallFailure<Mode>, R>
  <
    C extends CallResponseChunk.Common,
    E,
    R,
    const Tools extends ReadonlyArray<Tool.Tool>,
    Mode extends InvalidCalls = "fail"
  >(
    self: Stream.Stream<C, E, R>,
    tools: Tools,
    options?: { readonly invalidCalls?: Mode | undefined }
  ): Stream.Stream<Tool.DecodedCall<Tools> | Invalid<Mode>, E | ToolCallFailure<Mode>, R>
} = /* @__PURE__ */ dual(
  (args) => Stream.isStream(args[0]),
  <C extends CallResponseChunk.Common, E, R, const Tools extends ReadonlyArray<Tool.Tool>, Mode extends InvalidCalls>(
    self: Stream.Stream<C, E, R>,
    tools: Tools,
    options: { readonly invalidCalls?: Mode | undefined } = {}
  ) =>
    Stream.filterMap(
      withToolCalls(self, tools, options),
      (event) =>
        event._tag === "ToolCall" || event._tag === "InvalidToolCall"
          ? Result.succeed(event as Tool.DecodedCall<Tools> | Invalid<Mode>)
          : Result.failVoid
    )
)

export type { RetryOptions } from "../http/StreamRetry.js"

/**
 * Two retries with jittered exponential backoff from 500 ms, each wait at most 8 s: what the official
 * SDKs do.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultRetrySchedule: Schedule.Schedule<unknown, ProviderError.ProviderError> =
  StreamRetry.defaultRetrySchedule

/**
 * Retries a call that failed with a retryable `ProviderError` (never authentication or invalid requests; the
 * provider's `x-should-retry` decides when sent), only while the stream has delivered no content: chunks that only
 * name the response or report usage are held back (up to 1,024, past which they go on and count as delivered), so
 * the consumer never sees a chunk of a failed attempt. The
 * provider's `retry-after` hint replaces the schedule's wait, up to `maxRetryAfter`; a longer one fails at once, and
 * one of no wait (`0`, a date past) leaves the schedule's wait (the server is busy).
 *
 * @since 0.1.0
 * @category Operators
 */
export const retry: {
  (options?: RetryOptions): <C, R>(
    self: Stream.Stream<C, ProviderError.ProviderError, R>
  ) => Stream.Stream<C, ProviderError.ProviderError, R>
  <C, R>(
    self: Stream.Stream<C, ProviderError.ProviderError, R>,
    options?: RetryOptions
  ): Stream.Stream<C, ProviderError.ProviderError, R>
} = /* @__PURE__ */ dual(
  (args) => Stream.isStream(args[0]),
  <C, R>(
    self: Stream.Stream<C, ProviderError.ProviderError, R>,
    options?: RetryOptions
  ): Stream.Stream<C, ProviderError.ProviderError, R> => StreamRetry.retry(self, options)
)
