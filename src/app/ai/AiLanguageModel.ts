/**
 * This library's providers as Effect's own `effect/ai` `LanguageModel`.
 *
 * `layer` turns any of this library's `LanguageModel` layers (`OpenAI.model(...)`, `Anthropic.model(...)`,
 * `Groq`, `Azure`, `Bedrock`) into the `LanguageModel` service of `effect/ai`, so programs written against
 * `LanguageModel.streamText`, `generateText`, `generateObject`, `Chat` and `Toolkit` run on these
 * providers, with this library's decoders, its typed errors (as `AiError` reasons) and its exact cost (on
 * the `finish` part, under `metadataKey`).
 *
 * @example
 * ```ts
 * import { OpenAI } from "effect-llm-stream"
 * import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
 * import { Console, Effect, Layer } from "effect"
 * import { LanguageModel } from "effect/ai"
 * import { FetchHttpClient } from "effect/http"
 *
 * const Model = AiLanguageModel.layer.pipe(
 *   Layer.provide(OpenAI.model("gpt-6-luna")),
 *   Layer.provide(OpenAI.layerConfig()),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 *
 * const program = Effect.gen(function*() {
 *   const response = yield* LanguageModel.generateText({ prompt: "Recommend a fantasy book" })
 *   yield* Console.log(response.text, response.finishReason, response.usage.outputTokens.total)
 *   // The exact cost of the call, as a BigDecimal (None when the model has no price).
 *   yield* Console.log(AiLanguageModel.cost(response))
 * }).pipe(Effect.provide(Model))
 * ```
 *
 * @since 0.2.0
 */
import type * as AiError from "effect/ai/AiError"
import type * as AiModel from "effect/ai/LanguageModel"
import type * as Response from "effect/ai/Response"
import type * as AiTool from "effect/ai/Tool"
import type * as Toolkit from "effect/ai/Toolkit"
import * as Arr from "effect/Array"
import * as BigDecimal from "effect/BigDecimal"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ProviderError from "../../core/ProviderError.js"
import * as LanguageModel from "../LanguageModel.js"
import * as AiImports from "./AiImports.js"
import type * as AiMessages from "./AiMessages.js"
import * as AiMetadata from "./AiMetadata.js"
import type * as AiToolkit from "./AiToolkit.js"

export type { CacheOptions } from "./AiMessages.js"
export {
  type ErrorMetadata,
  type FinishMetadata,
  metadataKey,
  type ReasoningMetadata,
  turnKey,
  type UsageMetadata
} from "./AiMetadata.js"

declare module "effect/ai/Response" {
  /** @since 0.2.0 */
  export interface FinishPartMetadata {
    /** @ts-ignore without exactOptionalPropertyTypes an optional key may be `undefined`, which the index type `Json` is not */
    readonly "effect-llm-stream"?: AiMetadata.FinishMetadata | null
  }
  /** @since 0.2.0 */
  export interface ReasoningEndPartMetadata {
    /** @ts-ignore without exactOptionalPropertyTypes an optional key may be `undefined`, which the index type `Json` is not */
    readonly "effect-llm-stream"?: AiMetadata.ReasoningMetadata | null
  }
  /** @since 0.2.0 */
  export interface ReasoningPartMetadata {
    /** @ts-ignore without exactOptionalPropertyTypes an optional key may be `undefined`, which the index type `Json` is not */
    readonly "effect-llm-stream"?: AiMetadata.ReasoningMetadata | null
  }
}

declare module "effect/ai/Prompt" {
  /** @since 0.2.0 */
  export interface ReasoningPartOptions {
    /** @ts-ignore without exactOptionalPropertyTypes an optional key may be `undefined`, which the index type `Json` is not */
    readonly "effect-llm-stream"?: AiMetadata.ReasoningMetadata | null
  }
  /** @since 0.3.0 */
  export interface TextPartOptions {
    /** @ts-ignore without exactOptionalPropertyTypes an optional key may be `undefined`, which the index type `Json` is not */
    readonly "effect-llm-stream"?: AiMessages.CacheOptions | null
  }
  /** @since 0.3.0 */
  export interface FilePartOptions {
    /** @ts-ignore without exactOptionalPropertyTypes an optional key may be `undefined`, which the index type `Json` is not */
    readonly "effect-llm-stream"?: AiMessages.CacheOptions | null
  }
  /** @since 0.3.0 */
  export interface ToolResultPartOptions {
    /** @ts-ignore without exactOptionalPropertyTypes an optional key may be `undefined`, which the index type `Json` is not */
    readonly "effect-llm-stream"?: AiMessages.CacheOptions | null
  }
  /** @since 0.3.0 */
  export interface SystemMessageOptions {
    /** @ts-ignore without exactOptionalPropertyTypes an optional key may be `undefined`, which the index type `Json` is not */
    readonly "effect-llm-stream"?: AiMessages.CacheOptions | null
  }
  /** @since 0.3.0 */
  export interface UserMessageOptions {
    /** @ts-ignore without exactOptionalPropertyTypes an optional key may be `undefined`, which the index type `Json` is not */
    readonly "effect-llm-stream"?: AiMessages.CacheOptions | null
  }
  /** @since 0.3.0 */
  export interface ToolMessageOptions {
    /** @ts-ignore without exactOptionalPropertyTypes an optional key may be `undefined`, which the index type `Json` is not */
    readonly "effect-llm-stream"?: AiMessages.CacheOptions | null
  }
}

/**
 * The request controls (`reasoning`, `cache`, `seed`, ...) of the calls made through `effect/ai`, in context as
 * `effect/ai`'s own providers take their `Config` (see `withConfig`); cache points come from prompt options.
 *
 * @since 0.3.0
 * @category Context
 */
export const Config: Context.Reference<LanguageModel.Controls> = Context.Reference<LanguageModel.Controls>(
  "effect-llm-stream/AiLanguageModel/Config",
  { defaultValue: () => ({}) }
)

/**
 * Runs an effect with these request controls on its `effect/ai` calls, over the ones already in context.
 *
 * @example
 * ```ts
 * import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
 * import { Effect } from "effect"
 * import { LanguageModel } from "effect/ai"
 *
 * const program = LanguageModel.generateText({ prompt: "Prove that there are infinitely many primes." }).pipe(
 *   AiLanguageModel.withConfig({ reasoning: { effort: "high" }, cache: "auto" })
 * )
 * ```
 *
 * @since 0.3.0
 * @category Context
 */
export const withConfig: {
  (config: LanguageModel.Controls): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, config: LanguageModel.Controls): Effect.Effect<A, E, R>
} = /* @__PURE__ */ dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, config: LanguageModel.Controls): Effect.Effect<A, E, R> =>
    Effect.flatMap(Effect.service(Config), (current) => Effect.provideService(self, Config, { ...current, ...config }))
)

/**
 * The `effect/ai` `LanguageModel` service over the `LanguageModel` of this library in context.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make: Effect.Effect<AiModel.LanguageModel, never, LanguageModel.LanguageModel> = Effect.flatMap(
  LanguageModel.LanguageModel,
  (model) => Effect.flatMap(AiImports.serve, (AiServe) => AiServe.serve(model, Config))
)

/**
 * A layer of `effect/ai`'s `LanguageModel` served by the `LanguageModel` layer it is given (any provider's
 * `P.model(...)`, with its settings: `maxTokens`, `temperature`, `extraBody`, ...).
 *
 * @example
 * ```ts
 * import { Anthropic } from "effect-llm-stream"
 * import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
 * import { Layer } from "effect"
 * import { FetchHttpClient } from "effect/http"
 *
 * const Claude = AiLanguageModel.layer.pipe(
 *   Layer.provide(Anthropic.model("claude-sonnet-4-6", { maxTokens: 2048 })),
 *   Layer.provide(Anthropic.layerConfig()),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.2.0
 * @category Layers
 */
export const layer: Layer.Layer<AiModel.LanguageModel, never, LanguageModel.LanguageModel> = Layer.unwrap(
  Effect.map(AiImports.serve, (AiServe) => Layer.effect(AiServe.LanguageModelKey, make))
)

/** What the readers below accept: a response (`generateText`'s), its parts, or the finish part itself. */
type PartsSource =
  | { readonly content: ReadonlyArray<AnyPart> }
  | ReadonlyArray<AnyPart>
  | Response.FinishPart

type AnyPart = { readonly type: string; readonly metadata: unknown }

const finishPartOf = (source: PartsSource): { readonly metadata: unknown } | undefined => {
  if ("type" in source && source.type === "finish") return source
  const parts: ReadonlyArray<AnyPart> = "content" in source ? source.content : source as ReadonlyArray<AnyPart>
  return Option.getOrUndefined(Arr.findLast(parts, (part) => part.type === "finish"))
}

/**
 * This library's metadata of a call's `finish` part: from a `generateText` response, the parts of a
 * `streamText` run, or the finish part itself. `None` when there is no finish part from this library.
 *
 * @example
 * ```ts
 * import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
 * import { Effect, Option } from "effect"
 * import { LanguageModel } from "effect/ai"
 *
 * const program = Effect.gen(function*() {
 *   const response = yield* LanguageModel.generateText({ prompt: "Hi" })
 *   const finish = AiLanguageModel.finishMetadata(response)
 *   return Option.map(finish, (metadata) => [metadata.cost, metadata.finishReasons] as const)
 * })
 * ```
 *
 * @since 0.2.0
 * @category Accessors
 */
export const finishMetadata = (source: PartsSource): Option.Option<AiMetadata.FinishMetadata> => {
  const entry = AiMetadata.read(finishPartOf(source)?.metadata)
  return entry !== undefined && typeof entry["provider"] === "string" && "cost" in entry
    ? Option.some(entry as AiMetadata.FinishMetadata)
    : Option.none()
}

/**
 * The exact cost of a call in USD (see `finishMetadata` for what it accepts); `None` when it could not be
 * computed (`finishMetadata(...).costUnavailable` says why), never 0.
 *
 * @since 0.2.0
 * @category Accessors
 */
export const cost = (source: PartsSource): Option.Option<BigDecimal.BigDecimal> =>
  Option.flatMap(
    finishMetadata(source),
    (metadata) => metadata.cost === null ? Option.none() : BigDecimal.fromString(metadata.cost)
  )

/**
 * The `ProviderError` an `AiError` of the adapter was made from: the reason's `cause`.
 *
 * @example
 * ```ts
 * import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
 * import { Effect, Option } from "effect"
 * import { LanguageModel } from "effect/ai"
 *
 * const program = LanguageModel.generateText({ prompt: "Hi" }).pipe(
 *   Effect.catchTag("AiError", (error) =>
 *     Effect.succeed(Option.map(AiLanguageModel.providerError(error), (original) => original.requestId)))
 * )
 * ```
 *
 * @since 0.2.0
 * @category Accessors
 */
export const providerError = (error: AiError.AiError): Option.Option<ProviderError.ProviderError> => {
  const cause: unknown = (error.reason as { readonly cause?: unknown }).cause
  return ProviderError.isProviderError(cause) ? Option.some(cause) : Option.none()
}

/**
 * An `effect/ai` `Toolkit`'s tools with their handlers (its `toLayer` provided), or a toolkit with its handlers bound
 * (`McpClient.toolkit(client)`), as tools for `LanguageModel.runTools`: the loop runs Effect's own handlers, with its
 * stop conditions, budget and approvals (a tool's `needsApproval`: `true`, or a function saying so of a call).
 *
 * @example
 * ```ts
 * import { LanguageModel, Message } from "effect-llm-stream"
 * import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
 * import { Effect, Schema } from "effect"
 * import { Tool, Toolkit } from "effect/ai"
 *
 * const GetWeather = Tool.make("GetWeather", { parameters: Schema.Struct({ city: Schema.String }), success: Schema.String })
 * const Weather = Toolkit.make(GetWeather)
 * const WeatherHandlers = Weather.toLayer({ GetWeather: ({ city }) => Effect.succeed(`18°C in ${city}`) })
 *
 * const program = Effect.gen(function*() {
 *   const tools = yield* AiLanguageModel.tools(Weather)
 *   return yield* LanguageModel.runToolsToEnd({ messages: [Message.user("Weather in Paris?")], tools })
 * }).pipe(Effect.provide(WeatherHandlers))
 * ```
 *
 * @since 0.3.0
 * @category Toolkits
 */
export const tools: {
  <Tools extends Record<string, AiTool.Any>>(
    toolkit: Toolkit.Toolkit<Tools>
  ): Effect.Effect<ReadonlyArray<AiToolkit.Handled<Tools>>, never, AiTool.HandlersFor<Tools>>
  <Tools extends Record<string, AiTool.Any>, E, R>(
    toolkit: Effect.Effect<Toolkit.WithHandler<Tools>, E, R>
  ): Effect.Effect<ReadonlyArray<AiToolkit.Handled<Tools>>, E, R>
} = <Tools extends Record<string, AiTool.Any>>(
  toolkit: Effect.Effect<Toolkit.WithHandler<Tools>, any, any>
): any =>
  Effect.flatMap(
    toolkit,
    (withHandler) => Effect.map(AiImports.toolkit, (AiToolkit) => AiToolkit.fromToolkit(withHandler))
  )
