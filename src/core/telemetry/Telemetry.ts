/**
 * Traces and metrics for every call, following the OpenTelemetry semantic conventions for generative AI: one
 * client span `chat {model}` per call, and the conventions' metrics beside the library's own, as Effect `Metric`s.
 * Prompts and completions are recorded only with `CaptureContent`; API keys never are.
 *
 * A call is priced on its span and in `costUsd` only when the program provides a price table
 * (`PriceTable.layerBundled`): a program that never prices should not carry the bundled table's ~100 KB.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as References from "effect/References"
import * as Result from "effect/Result"
import type * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import * as CallResponse from "../call/CallResponse.js"
import type * as CallResponseChunk from "../call/CallResponseChunk.js"
import * as Cost from "../call/Cost.js"
import * as PriceTable from "../call/PriceTable.js"
import * as CallBasis from "../estimate/CallBasis.js"
import type * as Accumulator from "../fold/Accumulator.js"
import * as StreamEnding from "../fold/StreamEnding.js"
import type * as StreamEvent from "../fold/StreamEvent.js"
import * as ErrorReport from "../http/ErrorReport.js"
import * as ServerAddress from "../http/ServerAddress.js"
import type * as ProviderError from "../ProviderError.js"
import type * as CallRequest from "../request/CallRequest.js"
import * as MessageParts from "../request/MessageParts.js"
import * as SpendSpan from "../spend/SpendSpan.js"
import * as CachedContext from "../stream/CachedContext.js"
import * as Usage from "../Usage.js"
import * as ContentMessages from "./ContentMessages.js"
import * as MetricSeries from "./MetricSeries.js"
import * as ProviderName from "./ProviderName.js"
import { Enabled, spansWanted } from "./TelemetryEnabled.js"

/**
 * Whether spans record the prompt (`gen_ai.system_instructions`, `gen_ai.input.messages`) and the completion
 * (`gen_ai.output.messages`), in the conventions' JSON schemas. Off by default: prompts and completions often hold
 * personal data.
 *
 * @example
 * ```ts
 * import { Telemetry } from "effect-llm-stream"
 * import { Layer } from "effect"
 *
 * const RecordContent = Layer.succeed(Telemetry.CaptureContent, true)
 * ```
 *
 * @since 0.1.0
 * @category Context
 */
export const CaptureContent: Context.Reference<boolean> = Context.Reference<boolean>(
  "effect-llm-stream/Telemetry/CaptureContent",
  { defaultValue: () => false }
)

/**
 * The `gen_ai.provider.name` of each provider, as OpenTelemetry's GenAI semantic conventions spell it. Azure's is
 * Azure OpenAI's; a call to an Azure AI Inference endpoint is `azure.ai.inference`, as its layer names it.
 *
 * @since 0.1.0
 * @category Constants
 */
export const providerNames: Readonly<Record<CallResponseChunk.Provider, string>> = ProviderName.names

// The conventions' metrics, names, attributes and advised buckets: open-telemetry/semantic-conventions-genai,
// model/gen-ai/metrics.yaml (read at commit 9ba9b775).

const tokenBoundaries = Array.from({ length: 14 }, (_, n) => 4 ** n)
// The advised seconds are 0.01 to 81.92, 14 of them: `exponentialBoundaries` makes its last one `Infinity`, so 15.
const secondsBoundaries = Metric.exponentialBoundaries({ start: 0.01, factor: 2, count: 15 })

/** A histogram of seconds, in the conventions' buckets. */
const secondsHistogram = (name: string, description: string): Metric.Histogram<number> =>
  Metric.histogram(name, { description, boundaries: secondsBoundaries })

/**
 * Tokens used per call (`gen_ai.client.token.usage`, a histogram in `{token}`), by `gen_ai.token.type` and the
 * conventions' attributes of the call. Until 0.6, a counter by `provider`, `model` and `token_type`: now `tokens`.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const tokenUsage = Metric.histogram("gen_ai.client.token.usage", {
  description: "Number of input and output tokens used.",
  boundaries: tokenBoundaries
})

/**
 * Seconds each call took (`gen_ai.client.operation.duration`, a histogram in `s`), by the conventions' attributes
 * of the call, with `error.type` when it failed.
 *
 * @since 0.6.0
 * @category Metrics
 */
export const operationDuration = secondsHistogram("gen_ai.client.operation.duration", "GenAI operation duration.")

/**
 * Seconds from the start of a call to its first chunk (`gen_ai.client.operation.time_to_first_chunk`), by the
 * conventions' attributes of the call.
 *
 * @since 0.6.0
 * @category Metrics
 */
export const operationTimeToFirstChunk = secondsHistogram(
  "gen_ai.client.operation.time_to_first_chunk",
  "Time to receive the first chunk of a streaming call."
)

/**
 * Tokens used, summed, by `provider`, `model` and `token_type` (`input`, `output`, `cached_input`,
 * `cache_write_input`): what `gen_ai.client.token.usage` counted until 0.6.
 *
 * @since 0.6.0
 * @category Metrics
 */
export const tokens = Metric.counter("effect_llm_stream.tokens", {
  description: "Tokens used by LLM calls",
  incremental: true
})

/**
 * Cost in USD of the calls whose model has a price, by `provider` and `model`.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const costUsd = Metric.counter("effect_llm_stream.cost_usd", {
  description: "Cost of LLM calls in USD",
  incremental: true
})

/**
 * Calls the provided price table cannot price, by `provider`, `model` and `reason` (`CostUnavailable`'s): the
 * calls `costUsd` leaves out, to alert on.
 *
 * @since 0.5.0
 * @category Metrics
 */
export const costUnavailable = Metric.counter("effect_llm_stream.cost_unavailable", {
  description: "LLM calls the price table cannot price",
  incremental: true
})

/**
 * Seconds from the start of a call to its first chunk, by `provider` and `model`, under the library's name of
 * 0.5 (`gen_ai.client.time_to_first_chunk`), kept for one release beside `operationTimeToFirstChunk`.
 *
 * @deprecated Read `operationTimeToFirstChunk` (`gen_ai.client.operation.time_to_first_chunk`); removed in 0.7.
 * @since 0.1.0
 * @category Metrics
 */
export const timeToFirstChunk = secondsHistogram(
  "gen_ai.client.time_to_first_chunk",
  "Seconds from the start of an LLM call to its first chunk"
)

const outputTokensPerSecondBoundaries = Metric.exponentialBoundaries({ start: 1, factor: 2, count: 12 })

/**
 * Output tokens per second after the first chunk, by `provider` and `model`.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const outputTokensPerSecond = Metric.histogram("effect_llm_stream.output_tokens_per_second", {
  description: "Output tokens per second of LLM calls",
  boundaries: outputTokensPerSecondBoundaries
})

/**
 * Calls by `provider`, `model` and `outcome` (`success` or the error tag).
 *
 * @since 0.1.0
 * @category Metrics
 */
export const calls = Metric.counter("effect_llm_stream.calls", { description: "LLM calls", incremental: true })

const tokenUsageSeries = MetricSeries.histogram(tokenUsage, tokenBoundaries, "{token}")
const operationDurationSeries = MetricSeries.histogram(operationDuration, secondsBoundaries, "s")
const operationTimeToFirstChunkSeries = MetricSeries.histogram(operationTimeToFirstChunk, secondsBoundaries, "s")
const tokensSeries = MetricSeries.counter(tokens)
const costUsdSeries = MetricSeries.counter(costUsd)
const costUnavailableSeries = MetricSeries.counter(costUnavailable)
const timeToFirstChunkSeries = MetricSeries.histogram(timeToFirstChunk, secondsBoundaries)
const outputTokensPerSecondSeries = MetricSeries.histogram(outputTokensPerSecond, outputTokensPerSecondBoundaries)
const callsSeries = MetricSeries.counter(calls)

export { Enabled } from "./TelemetryEnabled.js"

/** How a span names a provider tool: its `type`, else its one key, with its `name`; no other field reaches a span. */
const providerToolName = (tool: Readonly<Record<string, unknown>>): string => {
  const type = tool["type"]
  const kind = typeof type === "string" ? type : Object.keys(tool)[0] ?? "unknown"
  const held = tool[kind]
  const name = typeof held === "object" && held !== null ? (held as { readonly name?: unknown }).name : undefined
  return typeof name === "string" ? `${kind}:${name}` : kind
}

const requestAttributes = (providerName: string, request: CallRequest.ProviderRequest): Record<string, unknown> => {
  const attributes: Record<string, unknown> = {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": providerName,
    "gen_ai.system": providerName,
    "gen_ai.request.model": request.model,
    // Every call streams (model/gen-ai/spans.yaml: required iff the request is streaming).
    "gen_ai.request.stream": true
  }
  if (request.seed !== undefined) attributes["gen_ai.request.seed"] = request.seed
  // A requested output is JSON, whichever way the provider is asked for it (`gen_ai.output.type`).
  if (request.output !== undefined) attributes["gen_ai.output.type"] = "json"
  if (request.maxTokens !== undefined) attributes["gen_ai.request.max_tokens"] = request.maxTokens
  if (request.temperature !== undefined) attributes["gen_ai.request.temperature"] = request.temperature
  if (request.topP !== undefined) attributes["gen_ai.request.top_p"] = request.topP
  if (request.stopSequences !== undefined) attributes["gen_ai.request.stop_sequences"] = request.stopSequences
  if (request.tools !== undefined && request.tools.length > 0) {
    attributes["gen_ai.request.tools"] = request.tools.map((tool) => tool.name)
  }
  if (request.providerTools !== undefined && request.providerTools.length > 0) {
    attributes["effect_llm_stream.request.provider_tools"] = request.providerTools.map(providerToolName)
  }
  const parts = MessageParts.summarizeParts(request.messages)
  if (parts.length > 0) attributes["effect_llm_stream.request.parts"] = parts
  return attributes
}

/** What the observer of one call reads when the call starts: the call, and the fiber's clock, context and settings. */
interface CallStart {
  readonly provider: CallResponseChunk.Name
  /** Its `gen_ai.provider.name` (`ProviderName.of`). */
  readonly providerName: string
  readonly request: CallRequest.ProviderRequest
  readonly basis: CallBasis.Basis | undefined
  readonly clock: Clock.Clock
  readonly startedAt: number
  readonly captureContent: boolean
  readonly priceTable: Option.Option<PriceTable.Service>
  /** The call's context: the metrics are updated in it (its registry and attributes), whichever fiber ends it. */
  readonly context: Context.Context<never>
  readonly series: MetricSeries.Models
  readonly timing: boolean
  /** The server the call's request went to, once the HTTP stage told it (`ServerAddress`). */
  server: ServerAddress.ServerAddress | undefined
}

/** Records a call that ended on its span (with its spend, estimated when the call was cut) and in the metrics. */
const onCallEnd = (
  call: CallStart,
  span: Tracer.Span | undefined,
  firstChunkAt: number | undefined,
  accumulator: Accumulator.Accumulator,
  outcome: StreamEnding.Outcome<ProviderError.ProviderError>,
  exit: Exit.Exit<unknown, unknown>
): Effect.Effect<void> => {
  const { basis, clock, priceTable, provider, request } = call
  const cut = outcome._tag !== "Completed"
  const { inputTokens, outputTokens } = accumulator.usage
  // The spend is only on the span: without one, nothing is estimated.
  const estimates = span !== undefined && (cut || inputTokens === undefined || outputTokens === undefined)
  const estimated = estimates ? basis ?? SpendSpan.basisOf(provider, request) : undefined
  // The cost of the response the same stream accumulates to, exactly, or why it has none; without a table, only the
  // charge a host stated (it needs none).
  const { costExtras: { statedCost } } = accumulator
  const cost = Option.isSome(priceTable)
    ? CallResponse.fromAccumulator(accumulator, priceTable.value, { spendBasis: basis, cut }).costResult
    : statedCost === undefined || accumulator.provider === undefined
    ? undefined
    : Result.succeed(Cost.stated(accumulator.provider, accumulator.pricingModel ?? "", statedCost))
  return Effect.map(
    Effect.andThen(transformedWarning(provider, accumulator.inputTransformations), estimated?.ready ?? Effect.void),
    () =>
      finish(span, {
        call,
        response: accumulator.fields(),
        costInUsd: cost?._tag === "Success" ? cost.success.usd : undefined,
        costStated: cost?._tag === "Success" && cost.success.breakdown.stated !== undefined,
        costUnavailable: cost?._tag === "Failure" ? cost.failure : undefined,
        spend: SpendSpan.spendOf(accumulator, priceTable, estimated, cut),
        outcome,
        exit,
        firstChunkAt,
        endedAt: clock.currentTimeMillisUnsafe()
      })
  )
}

/** Warns once, at a call's end, that the provider changed its input before the model read it (state lost). */
const transformedWarning = (
  provider: string,
  entries: ReadonlyArray<StreamEvent.InputTransformation> | undefined
): Effect.Effect<void> =>
  entries === undefined || entries.length === 0 ? Effect.void : Effect.logWarning(
    `${provider} changed the request's input before the model read it (${transformationsText(entries)}): ` +
      "the conversation lost that state"
  )

/** The entries as `kind path` texts, control characters left out (the provider sent them). */
const transformationsText = (entries: ReadonlyArray<StreamEvent.InputTransformation>): string =>
  ErrorReport.loggable(entries.map((entry) => `${entry.kind} ${entry.path}`).join(", "), 512)

/** Watches one call's stream: the time of its first chunk, then its end (`onCallEnd`), under its span if any. */
const observerOf = (
  call: CallStart,
  span: Tracer.Span | undefined
): StreamEnding.Observer<ProviderError.ProviderError> => {
  let firstChunkAt: number | undefined
  return {
    onFirst: () => {
      firstChunkAt = call.clock.currentTimeMillisUnsafe()
    },
    // The span is one more view of the stream's ending and its fold, recorded before the span ends.
    onEnd: (accumulator, outcome, exit) => onCallEnd(call, span, firstChunkAt, accumulator, outcome, exit),
    around: aroundCall(call, span),
    // The fold keeps the text only when something reads it: the span's content (`CaptureContent`), or the
    // spend the span estimates from what arrived when a call ends without its usage.
    keepsText: call.captureContent || span !== undefined
  }
}

/**
 * Starts the `chat {model}` span of a call, with the request's attributes (and its messages, with `captureContent`).
 */
const callSpan = (call: CallStart): Effect.Effect<Tracer.Span> =>
  Effect.map(
    Effect.makeSpan(`chat ${call.request.model}`, {
      kind: "client",
      attributes: requestAttributes(call.providerName, call.request)
    }),
    (span) => {
      if (call.captureContent) {
        // Parts are recorded by kind and size: file bytes never go into a span.
        const system = ContentMessages.systemInstructions(call.request)
        if (system !== undefined) span.attribute("gen_ai.system_instructions", system)
        span.attribute("gen_ai.input.messages", ContentMessages.inputMessages(call.request))
      }
      return span
    }
  )

/**
 * The attribute that names the conversation a span belongs to (`gen_ai.conversation.id`, OpenTelemetry's GenAI
 * conventions, model/gen-ai/registry.yaml): `ChatEndpoint` sets it to the chat's id on every span of its answers.
 *
 * @since 0.7.0
 * @category Constants
 */
export const conversationId = "gen_ai.conversation.id"

/**
 * The stream with every span made while it runs (its calls', tools', steps', and those of what they call) carrying
 * `gen_ai.conversation.id`: the chat's id, so that a trace backend groups a conversation's requests, its pauses and
 * continuations included. It leaves no other attribute of the spans. It changes the context around every pull; where
 * one effect runs the stream (or forks the fiber that does), `Effect.annotateSpans(conversationId, id)` on that effect
 * gives the same once.
 *
 * @example
 * ```ts
 * import { LanguageModel, Message, Telemetry } from "effect-llm-stream"
 *
 * const steps = Telemetry.inConversation(LanguageModel.runTools({ messages: [Message.user("Hi")] }), "chat-1")
 * ```
 *
 * @since 0.7.0
 * @category Instrumentation
 */
export const inConversation = <A, E, R>(self: Stream.Stream<A, E, R>, id: string): Stream.Stream<A, E, R> =>
  CachedContext.updatingStream(self, (context) =>
    Context.add(context, References.TracerSpanAnnotations, {
      ...Context.get(context, References.TracerSpanAnnotations),
      [conversationId]: id
    }))

/**
 * Runs a call's stream in a `chat {model}` span and records its metrics. Every provider's `LanguageModel` applies
 * it to each call; it is exported for streams built by hand (a provider client used directly). `telemetryName` is the
 * provider's `gen_ai.provider.name` where its layer names one (an OpenAI-compatible host's row, an Azure AI Inference
 * endpoint's `azure.ai.inference`); by default the conventions' name of a provider of the library
 * (`providerNames`), else `provider` itself.
 *
 * @since 0.1.0
 * @category Instrumentation
 */
export const instrument = (
  provider: CallResponseChunk.Name,
  request: CallRequest.ProviderRequest,
  basis?: CallBasis.Basis | undefined,
  series: MetricSeries.Models = new MetricSeries.Models(),
  telemetryName?: string | undefined
) =>
<C extends CallResponseChunk.Common, R>(
  self: Stream.Stream<C, ProviderError.ProviderError, R>
): Stream.Stream<C, ProviderError.ProviderError, R> =>
  instrumented(self, { provider, telemetryName }, request, basis, series, undefined)

/**
 * `instrument`, `basis` told to the observers around the stream as it starts (`CallBasis.tell`): the model layer's
 * call in one stage, where `CallBasis.record` would add one.
 *
 * @internal
 */
export const instrumentCall = (
  provider: CallResponseChunk.Name,
  request: CallRequest.ProviderRequest,
  basis: CallBasis.Basis,
  series: MetricSeries.Models,
  telemetryName: string | undefined
) =>
<C extends CallResponseChunk.Common, R>(
  self: Stream.Stream<C, ProviderError.ProviderError, R>
): Stream.Stream<C, ProviderError.ProviderError, R> =>
  instrumented(self, { provider, telemetryName }, request, basis, series, basis)

/** A call's provider, and its `gen_ai.provider.name` where its layer names one. */
interface Named {
  readonly provider: CallResponseChunk.Name
  readonly telemetryName: string | undefined
}

const instrumented = <C extends CallResponseChunk.Common, R>(
  self: Stream.Stream<C, ProviderError.ProviderError, R>,
  { provider, telemetryName }: Named,
  request: CallRequest.ProviderRequest,
  basis: CallBasis.Basis | undefined,
  series: MetricSeries.Models,
  /** The basis told to the observers around the stream as it starts, if the call is to tell it here. */
  told: CallBasis.Basis | undefined
): Stream.Stream<C, ProviderError.ProviderError, R> =>
  // One stage: the span, the time to the first chunk and the fold that the span and metrics read.
  StreamEnding.observeWith(
    self,
    Effect.withFiber((fiber) => {
      if (told !== undefined) CallBasis.tell(told, fiber)
      if (!fiber.getRef(Enabled)) return Effect.succeed(undefined)
      const clock = fiber.getRef(Clock.Clock)
      const call: CallStart = {
        provider,
        providerName: ProviderName.of(provider, telemetryName),
        request,
        basis,
        clock,
        startedAt: clock.currentTimeMillisUnsafe(),
        captureContent: fiber.getRef(CaptureContent),
        priceTable: Context.getOption(fiber.context, PriceTable.Provided),
        context: fiber.context,
        series,
        timing: fiber.getRef(References.TracerTimingEnabled),
        server: undefined
      }
      if (!spansWanted(fiber)) return Effect.succeed(observerOf(call, undefined))
      return Effect.map(callSpan(call), (span) => observerOf(call, span))
    }),
    // Always upstream of the call's consumer, whatever it is: chunks go on as the network delivered them (no pull
    // per chunk), and the span counts every piece the call handed on.
    { wholePieces: true }
  )

/** Runs a call's effects under `span`, with a listener that keeps the server its request goes to. */
const aroundCall = (call: CallStart, span: Tracer.Span | undefined) => {
  const listener = (url: string) => {
    call.server = ServerAddress.ofUrl(url)
  }
  return CachedContext.updating((context) => {
    const heard = Context.add(context, ServerAddress.Listener, listener)
    return span === undefined ? heard : Context.add(heard, Tracer.ParentSpan, span)
  })
}

/** What the span and the metrics record of a call that ended. */
interface Ended {
  readonly call: CallStart
  readonly response: Accumulator.Fields
  /** The call's cost, when a price table was provided and the model has a price. */
  readonly costInUsd: number | undefined
  /** Whether the cost is the charge the host stated (`Cost.stated`), not the table's price. */
  readonly costStated: boolean
  /** Why the call has no cost, when a price table was provided. */
  readonly costUnavailable: Cost.CostUnavailable | undefined
  /** What it is billed for: its usage and cost as reported, or estimated (the cost only as `costInUsd`). */
  readonly spend: SpendSpan.SpendRecord
  readonly outcome: StreamEnding.Outcome<ProviderError.ProviderError>
  readonly exit: Exit.Exit<unknown, unknown>
  readonly firstChunkAt: number | undefined
  readonly endedAt: number
}

const finish = (span: Tracer.Span | undefined, ended: Ended): void => {
  const { costInUsd, firstChunkAt, outcome, response } = ended
  const { provider, request, series, startedAt } = ended.call
  const failure = failureTag(outcome)
  const firstChunkMs = firstChunkAt === undefined ? undefined : firstChunkAt - startedAt
  if (span !== undefined) {
    record(span, ended, firstChunkMs, failure)
    SpendSpan.record(span, ended.spend, costInUsd)
    if (span.status._tag !== "Ended") {
      span.end(ended.call.timing ? ended.call.clock.currentTimeNanosUnsafe() : BigInt(0), ended.exit)
    }
  }
  // Metrics are updated in place, with the call's context: one step for all of them.
  ownMetrics(series.of({ provider, model: response.model ?? request.model }), ended, failure)
  conventionMetrics(series.of(conventionAttributes(ended)), ended, failure)
}

/** The counts the token metric shows (`Usage.views`), with their `token_type`. */
const tokenTypes = /* @__PURE__ */ Usage.shownIn("telemetry")

/** The library's own metrics of a call, by `provider` and `model`. */
const ownMetrics = (series: MetricSeries.ModelSeries, ended: Ended, failure: string | undefined): void => {
  const { costInUsd, endedAt, firstChunkAt, response } = ended
  const { context, startedAt } = ended.call
  // Each count the table names a `token_type` for (`Usage.views`).
  for (const [count, type] of tokenTypes) {
    const tokens = Usage.countOf(response.usage, count)
    if (tokens !== undefined && tokens !== 0) {
      series.update(tokensSeries, tokens, context, { name: "token_type", value: type })
    }
  }
  const outputTokens = response.usage.outputTokens
  if (costInUsd !== undefined) series.update(costUsdSeries, costInUsd, context)
  const unpriced = ended.costUnavailable?.reason
  if (unpriced !== undefined) series.update(costUnavailableSeries, 1, context, { name: "reason", value: unpriced })
  if (firstChunkAt !== undefined) series.update(timeToFirstChunkSeries, (firstChunkAt - startedAt) / 1000, context)
  const seconds = firstChunkAt === undefined ? undefined : (endedAt - firstChunkAt) / 1000
  if (outputTokens !== undefined && seconds !== undefined && seconds > 0) {
    series.update(outputTokensPerSecondSeries, outputTokens / seconds, context)
  }
  series.update(callsSeries, 1, context, { name: "outcome", value: failure ?? "success" })
}

/** The attributes the conventions read a call's metrics by: operation, provider, models and server. */
const conventionAttributes = (ended: Ended): Record<string, string> => {
  const { providerName, request, server } = ended.call
  const attributes: Record<string, string> = {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": providerName,
    "gen_ai.request.model": request.model
  }
  if (ended.response.model !== undefined) attributes["gen_ai.response.model"] = ended.response.model
  if (server !== undefined) {
    attributes["server.address"] = server.address
    attributes["server.port"] = String(server.port)
  }
  return attributes
}

/** The metrics the OpenTelemetry GenAI conventions define, of a call. */
const conventionMetrics = (series: MetricSeries.ModelSeries, ended: Ended, failure: string | undefined): void => {
  const { endedAt, firstChunkAt } = ended
  const { context, startedAt } = ended.call
  const { inputTokens, outputTokens } = ended.response.usage
  if (inputTokens !== undefined) {
    series.update(tokenUsageSeries, inputTokens, context, { name: "gen_ai.token.type", value: "input" })
  }
  if (outputTokens !== undefined) {
    series.update(tokenUsageSeries, outputTokens, context, { name: "gen_ai.token.type", value: "output" })
  }
  const error = failure === undefined ? undefined : { name: "error.type", value: failure }
  series.update(operationDurationSeries, (endedAt - startedAt) / 1000, context, error)
  if (firstChunkAt !== undefined) {
    series.update(operationTimeToFirstChunkSeries, (firstChunkAt - startedAt) / 1000, context)
  }
}

/** The response's attributes on the span: the response the stream accumulates to, its cost or why it has none. */
const record = (
  span: Tracer.Span,
  ended: Ended,
  firstChunkMs: number | undefined,
  failure: string | undefined
): void => {
  const { costInUsd, costStated, costUnavailable, response } = ended
  const { captureContent, server } = ended.call
  const { usage } = response
  const set = (key: string, value: unknown) => {
    if (value !== undefined) span.attribute(key, value)
  }
  set("gen_ai.response.id", response.id)
  set("gen_ai.response.model", response.model)
  if (response.finishReasons.length > 0) {
    set("gen_ai.response.finish_reasons", response.finishReasons)
    set("effect_llm_stream.common_finish_reasons", response.commonFinishReasons)
  }
  set("gen_ai.usage.input_tokens", usage.inputTokens)
  set("gen_ai.usage.output_tokens", usage.outputTokens)
  set("gen_ai.usage.cache_read.input_tokens", usage.cachedTokens)
  set("gen_ai.usage.cache_creation.input_tokens", usage.cacheWriteTokens)
  set("gen_ai.usage.reasoning.output_tokens", usage.reasoningTokens)
  set("effect_llm_stream.chunk_count", response.chunkCount)
  if (response.inputTransformations !== undefined && response.inputTransformations.length > 0) {
    set("effect_llm_stream.input_transformations", transformationsText(response.inputTransformations))
  }
  set("effect_llm_stream.time_to_first_chunk_ms", firstChunkMs)
  set("gen_ai.response.time_to_first_chunk", firstChunkMs === undefined ? undefined : firstChunkMs / 1000)
  set("server.address", server?.address)
  set("server.port", server?.port)
  if (captureContent) {
    set(
      "gen_ai.output.messages",
      ContentMessages.outputMessages({
        content: response.content,
        reasoning: response.reasoning,
        toolCalls: response.toolCallRecords.map((record) => record.call),
        finishReason: response.finishReasons[0]
      })
    )
  }
  set("effect_llm_stream.cost_usd", costInUsd)
  if (costInUsd !== undefined) {
    // The cost as the conventions' proposal names it (open-telemetry/semantic-conventions-genai#443): the charge the
    // provider stated (`provider`), else priced here from the price table (`local`), in US dollars.
    set("gen_ai.usage.cost.amount", costInUsd)
    set("gen_ai.usage.cost.currency", "USD")
    set("gen_ai.usage.cost.source", costStated ? "provider" : "local")
  }
  set("effect_llm_stream.cost_unavailable.reason", costUnavailable?.reason)
  set("effect_llm_stream.cost_unavailable.message", costUnavailable?.message)
  if (failure !== undefined) set("error.type", failure)
}

/** The tag of the error a stream failed with (`interrupted` or `defect` when there is none). */
const failureTag = (outcome: StreamEnding.Outcome<ProviderError.ProviderError>): string | undefined => {
  switch (outcome._tag) {
    case "Completed":
      return undefined
    case "Failed":
      return outcome.error._tag
    case "Interrupted":
      return "interrupted"
    case "Died":
      return "defect"
  }
}
