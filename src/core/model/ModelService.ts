/**
 * The provider-agnostic language model service, what a request to it is, and the layers around it (retry,
 * fallback). `LanguageModel` exports all of it beside the tool loops built on it.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as Layer from "effect/Layer"
import type * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as CallResponseChunk from "../call/CallResponseChunk.js"
import * as CallStream from "../call/CallStream.js"
import * as StreamRetry from "../http/StreamRetry.js"
import * as Output from "../Output.js"
import * as RequestOutput from "../output/RequestOutput.js"
import type * as Provider from "../Provider.js"
import type * as ProviderError from "../ProviderError.js"
import * as CallRequest from "../request/CallRequest.js"
import type { Input, Request } from "../request/CallRequest.js"
import type * as Tool from "../Tool.js"

export type {
  Cache,
  CacheTools,
  Controls,
  Input,
  Reasoning,
  ReasoningEffort,
  Request,
  ServiceTier,
  Settings
} from "../request/CallRequest.js"

/**
 * Turns an `Input` into a `Request`.
 *
 * @example
 * ```ts
 * import { LanguageModel } from "effect-llm-stream"
 *
 * LanguageModel.request("Hi").messages.length // 1
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const request: (input: Input) => Request = CallRequest.fromInput

/**
 * The structured output of a request (its `output` field), as `Output.make` makes it.
 *
 * @example
 * ```ts
 * import { CallStream, LanguageModel, Message } from "effect-llm-stream"
 * import { Schema } from "effect"
 *
 * const Person = Schema.Struct({ name: Schema.String, age: Schema.optionalKey(Schema.Int) })
 * const output = LanguageModel.output(Person, { name: "person", description: "The person the text is about" })
 *
 * const program = LanguageModel.stream({ messages: [Message.user("Ada Lovelace, 36")], output }).pipe(
 *   CallStream.object()
 * )
 * ```
 *
 * @since 0.3.0
 * @category Constructors
 */
export const output: <A, I>(schema: Schema.Codec<A, I>, options?: Output.Options) => Output.Output<A, I> = Output.make

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly provider: Provider.Name
  /**
   * The provider's name in telemetry (`gen_ai.provider.name`) where its layer names one other than the conventions'
   * name of `provider`: an OpenAI-compatible host's row (`x_ai`), an Azure AI Inference endpoint
   * (`azure.ai.inference`).
   */
  readonly telemetryName?: string | undefined
  /** The model name requests are sent with (for Azure OpenAI, the deployment name). */
  readonly model: string
  /** The model whose prices apply, when `model` does not name it (an Azure deployment). */
  readonly baseModel?: string | undefined
  readonly stream: (
    input: CallRequest.Input
  ) => Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError>
}

/**
 * @since 0.1.0
 * @category Context
 */
export class LanguageModel extends Context.Service<LanguageModel, Service>()("effect-llm-stream/LanguageModel") {}

/**
 * The stream of a call with `output`: its chunks carry the output, in their type (`Output.Requested<A>`) and at run
 * time (their field `requestedOutput`), so `CallStream.object` and `CallStream.partialObjects` read it without being
 * told.
 *
 * @since 0.3.0
 * @category Models
 */
export type OutputStream<A, E = ProviderError.ProviderError, R = LanguageModel> = Stream.Stream<
  CallResponseChunk.CallResponseChunk & Output.Requested<A>,
  E,
  R
>

/**
 * Streams a call through the `LanguageModel` in context. A request with `output` gives an `OutputStream`,
 * whose value `CallStream.object` and `CallStream.partialObjects` read with no argument.
 *
 * @example
 * ```ts
 * import { LanguageModel } from "effect-llm-stream"
 * import { Console, Stream } from "effect"
 *
 * const program = LanguageModel.stream("Recommend a fantasy book").pipe(
 *   Stream.runForEach((chunk) => Console.log(chunk.content))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Accessors
 */
export const stream: {
  <A, I>(input: Request & { readonly output: Output.Input<A, I> }): OutputStream<A>
  (input: Input): Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError, LanguageModel>
} = (input: Input): Stream.Stream<any, ProviderError.ProviderError, LanguageModel> =>
  RequestOutput.carry(
    Effect.map(LanguageModel, (model) => model.stream(input)),
    typeof input === "string" ? undefined : input.output
  )

/**
 * Streams a call with tools, declared once: the request's `tools` are the ones the call offers and the ones its
 * calls are decoded with (`CallStream.withToolCalls`).
 *
 * @example
 * ```ts
 * import { LanguageModel, Message, Tool } from "effect-llm-stream"
 * import { Console, Effect, Schema, Stream } from "effect"
 *
 * const getWeather = Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) })
 *
 * const program = LanguageModel.streamWithToolCalls(
 *   { messages: [Message.user("Weather in Paris?")], tools: [getWeather] },
 *   { invalidCalls: "emit" }
 * ).pipe(
 *   Stream.runForEach((event) => {
 *     switch (event._tag) {
 *       case "Chunk":
 *         return Effect.sync(() => process.stdout.write(event.chunk.content))
 *       case "ToolCall":
 *         return Console.log(`\n${event.name}(${event.input.city})`) // input typed by the tool's Schema
 *       case "InvalidToolCall":
 *         return Console.log(`\nunusable call: ${event.error.message}`) // answer it with isError: true
 *       case "ToolCallProgress":
 *         return Effect.void
 *     }
 *   })
 * )
 * ```
 *
 * @since 0.2.0
 * @category Accessors
 */
export const streamWithToolCalls = <
  const Tools extends ReadonlyArray<Tool.Tool>,
  Mode extends CallStream.InvalidCalls = "fail"
>(
  request: Request & { readonly tools: Tools },
  options?: CallStream.ToolCallOptions<Mode>
): Stream.Stream<
  CallStream.ToolCallEvent<CallResponseChunk.CallResponseChunk, Tools, Mode>,
  ProviderError.ProviderError | CallStream.ToolCallFailure<Mode>,
  LanguageModel
> => CallStream.withToolCalls(stream(request), request.tools, options)

/** The model of `self` with `f` applied to the stream of each of its calls. */
const mapStreams = <E, R>(
  self: Layer.Layer<LanguageModel, E, R>,
  f: (
    stream: Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError>
  ) => Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError>
): Layer.Layer<LanguageModel, E, R> =>
  Layer.effect(
    LanguageModel,
    Effect.map(LanguageModel, (model) => LanguageModel.of({ ...model, stream: (input) => f(model.stream(input)) }))
  ).pipe(Layer.provide(self))

/**
 * A `LanguageModel` layer whose calls' reasoning, written inside tags in the text, is read as reasoning
 * (`CallStream.extractReasoning`), the tool loop's and the chat endpoint's calls too.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "effect/http"
 * import { LanguageModel, OpenAICompatible } from "effect-llm-stream"
 * import { Layer } from "effect"
 *
 * // Ollama's OpenAI-compatible endpoint serving DeepSeek-R1 (at its preset's URL, http://localhost:11434/v1).
 * const R1 = OpenAICompatible.model("deepseek-r1").pipe(
 *   LanguageModel.withReasoningTags(),
 *   Layer.provide(OpenAICompatible.layer({ name: "ollama" })),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.5.0
 * @category Layers
 */
export const withReasoningTags: {
  (options?: CallStream.ReasoningTagOptions): <E, R>(
    self: Layer.Layer<LanguageModel, E, R>
  ) => Layer.Layer<LanguageModel, E, R>
  <E, R>(
    self: Layer.Layer<LanguageModel, E, R>,
    options?: CallStream.ReasoningTagOptions
  ): Layer.Layer<LanguageModel, E, R>
} = /* @__PURE__ */ dual(
  (args) => Layer.isLayer(args[0]),
  <E, R>(
    self: Layer.Layer<LanguageModel, E, R>,
    options?: CallStream.ReasoningTagOptions
  ): Layer.Layer<LanguageModel, E, R> => mapStreams(self, (stream) => CallStream.extractReasoning(stream, options))
)

/**
 * A `LanguageModel` layer whose calls are retried with `CallStream.retry` (retryable failures only,
 * and only before any chunk was emitted).
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "effect/http"
 * import { LanguageModel, OpenAI } from "effect-llm-stream"
 * import { Layer } from "effect"
 *
 * const Model = OpenAI.model("gpt-6-luna").pipe(
 *   LanguageModel.withRetry(),
 *   Layer.provide(OpenAI.layerConfig()),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const withRetry: {
  (options?: CallStream.RetryOptions): <E, R>(
    self: Layer.Layer<LanguageModel, E, R>
  ) => Layer.Layer<LanguageModel, E, R>
  <E, R>(self: Layer.Layer<LanguageModel, E, R>, options?: CallStream.RetryOptions): Layer.Layer<LanguageModel, E, R>
} = /* @__PURE__ */ dual(
  (args) => Layer.isLayer(args[0]),
  <E, R>(self: Layer.Layer<LanguageModel, E, R>, options?: CallStream.RetryOptions): Layer.Layer<LanguageModel, E, R> =>
    mapStreams(self, (stream) => CallStream.retry(stream, options))
)

/**
 * When a fallback model takes over: by default, on a retryable error before any content; `when` decides instead
 * (for example, also on an `InvalidRequestError` for a model that does not exist).
 *
 * @since 0.3.0
 * @category Models
 */
export interface FallbackOptions {
  readonly when?: ((error: ProviderError.ProviderError) => boolean) | undefined
}

/**
 * A `LanguageModel` layer whose calls go to `fallback`, possibly another provider, when the model of `self` fails
 * before it delivered any content (see `FallbackOptions`); the consumer never sees a chunk of the failed call.
 * `withFallback(withRetry(primary), secondary)` falls back once the primary's retries are spent.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "effect/http"
 * import { Anthropic, LanguageModel, OpenAI } from "effect-llm-stream"
 * import { Layer } from "effect"
 *
 * const Model = Anthropic.model("claude-sonnet-4-6").pipe(
 *   Layer.provide(Anthropic.layerConfig()),
 *   LanguageModel.withRetry(),
 *   LanguageModel.withFallback(OpenAI.model("gpt-6-luna").pipe(Layer.provide(OpenAI.layerConfig()))),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.3.0
 * @category Layers
 */
export const withFallback: {
  <E2, R2>(fallback: Layer.Layer<LanguageModel, E2, R2>, options?: FallbackOptions): <E, R>(
    self: Layer.Layer<LanguageModel, E, R>
  ) => Layer.Layer<LanguageModel, E | E2, R | R2>
  <E, R, E2, R2>(
    self: Layer.Layer<LanguageModel, E, R>,
    fallback: Layer.Layer<LanguageModel, E2, R2>,
    options?: FallbackOptions
  ): Layer.Layer<LanguageModel, E | E2, R | R2>
} = /* @__PURE__ */ dual(
  (args) => Layer.isLayer(args[0]) && Layer.isLayer(args[1]),
  <E, R, E2, R2>(
    self: Layer.Layer<LanguageModel, E, R>,
    fallback: Layer.Layer<LanguageModel, E2, R2>,
    options: FallbackOptions = {}
  ): Layer.Layer<LanguageModel, E | E2, R | R2> =>
    Layer.effect(
      LanguageModel,
      Effect.gen(function*() {
        const primary = Context.get(yield* Layer.build(self), LanguageModel)
        const secondary = Context.get(yield* Layer.build(fallback), LanguageModel)
        const takesOver = options.when ?? ((error: ProviderError.ProviderError) => error.retryable)
        return LanguageModel.of({
          ...primary,
          stream: (input) =>
            StreamRetry.recoverBeforeContent(
              primary.stream(input),
              (error) => takesOver(error) ? secondary.stream(input) : undefined
            )
        })
      })
    )
)
