/**
 * Pieces every provider's layers share: configuration read from the environment, and the
 * `LanguageModel` over a provider client.
 *
 * @internal
 */
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type * as Stream from "effect/Stream"
import type * as CallResponseChunk from "../call/CallResponseChunk.js"
import * as CallBasis from "../estimate/CallBasis.js"
import * as OutputCap from "../estimate/OutputCap.js"
import * as NodeClient from "../http/NodeClient.js"
import * as RequestChecks from "../http/RequestChecks.js"
import type * as Provider from "../Provider.js"
import * as ProviderProfile from "../provider/ProviderProfile.js"
import * as ProviderError from "../ProviderError.js"
import * as CallRequest from "../request/CallRequest.js"
import * as Conversation from "../request/Conversation.js"
import * as SpendLimitGuard from "../spend/SpendLimitGuard.js"
import * as MetricSeries from "../telemetry/MetricSeries.js"
import * as Telemetry from "../telemetry/Telemetry.js"
import * as LanguageModel from "./ModelService.js"

/** A configuration failure with `message`, for a variable that is not set or not valid. */
export const invalid = (message: string): Config.Config<never> =>
  Config.fail(new ConfigProvider.SourceError({ message }))

/**
 * A secret read from the environment variable `name`, required: a missing one fails with a message that names it
 * and says how to pass a key instead (`publicModule` is the provider's, `OpenAI`).
 */
export const requiredSecret = (name: string, publicModule: string): Config.Config<Redacted.Redacted> =>
  Config.Redacted(name).pipe(
    Config.orElse(() =>
      invalid(
        `${name} is not set: set it to your API key, or pass a key with ${publicModule}.layer({ apiKey: Redacted.make(key) }) (for a server that takes no key, ${publicModule}.layerConfig({ apiKey: Config.succeed(undefined) }))`
      )
    )
  )

/** A string read from the environment variable `name`, required: a missing one fails with `message`. */
export const requiredString = (name: string, message: string): Config.Config<string> =>
  Config.String(name).pipe(Config.orElse(() => invalid(message)))

/** What went wrong reading a configuration, in one line. */
const describe = (error: Config.ConfigError): string => {
  const cause = error.cause
  if (cause._tag === "SourceError") return cause.message
  const [expected = "an invalid value"] = cause.message.split("\n")
  const issue = cause.issue
  return issue._tag === "Pointer" && issue.path.length > 0
    ? `${issue.path.join(".")} is not set or not valid (${expected.trim()})`
    : `the configuration is not valid (${expected.trim()})`
}

/**
 * A layer's configuration read from `config`; a failure is a `ConfigurationError` naming the variable (Effect's
 * `ConfigError` is not an `Error`, and prints as `[object Object]` from a rejected promise).
 */
export const configured = <A>(
  provider: Provider.Name,
  config: Config.Config<A>
): Effect.Effect<A, ProviderError.ConfigurationError> =>
  Effect.mapError(
    config,
    (error) => new ProviderError.ConfigurationError({ provider, message: `${provider}: ${describe(error)}` })
  )

/**
 * The client made from `options`, once they are known to be sendable: an option holding a line break, or a URL
 * with a user name or password, fails with a `ConfigurationError` naming it (never quoting it).
 */
export const checked = <O extends object, A, R>(
  provider: Provider.Name,
  options: O,
  make: (options: O) => Effect.Effect<A, never, R>
): Effect.Effect<A, ProviderError.ConfigurationError, R> => {
  const option = RequestChecks.optionWithLineBreak(options)
  if (option !== undefined) return Effect.fail(RequestChecks.lineBreakError(provider, option))
  const url = RequestChecks.optionWithUserinfo(options)
  return url === undefined ? make(options) : Effect.fail(RequestChecks.userinfoError(provider, url))
}

/** An optional secret read from the environment variable `name`. */
export const optionalSecret = (name: string): Config.Config<Redacted.Redacted | undefined> =>
  Config.option(Config.Redacted(name)).pipe(Config.map(Option.getOrUndefined))

/** An optional string read from the environment variable `name`. */
export const optionalString = (name: string): Config.Config<string | undefined> =>
  Config.option(Config.String(name)).pipe(Config.map(Option.getOrUndefined))

/**
 * The request a call sends: the model's defaults, the call's own settings over them (raw body fields merged), its
 * conversation as every API takes it (`rules`: `Conversation.everyApi`, and the API's rows that change it), the
 * model's name.
 */
const requestOf = <D extends object>(
  defaults: D,
  given: CallRequest.Request,
  name: string,
  rules: Conversation.Rules
) => {
  const modelBody = (defaults as { readonly extraBody?: Readonly<Record<string, unknown>> }).extraBody
  const extraBody = modelBody === undefined || given.extraBody === undefined
    ? given.extraBody ?? modelBody
    : { ...modelBody, ...given.extraBody }
  const request = { ...defaults, ...given, ...(extraBody === undefined ? {} : { extraBody }), model: name }
  return { ...request, messages: Conversation.sendable(given.messages, rules, "", request) }
}

/**
 * A `LanguageModel` layer over a provider client whose `stream` takes a request with a model name, with the
 * provider's profile (how its models' tokens are counted, their output limits). Each call runs in the one span of
 * `Telemetry.instrument`, under the client's `telemetryName` where it names one (a host's row); its conversation is
 * read by `rules` first (`Conversation.everyApi` unless the API has rows that change it).
 */
export const languageModel = <
  I,
  S extends {
    readonly stream: (
      request: CallRequest.ProviderRequest & D
    ) => Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError>
    readonly telemetryName?: string | undefined
  },
  D extends object
>(
  client: Effect.Effect<S, never, I>,
  profile: ProviderProfile.Profile,
  name: string,
  defaults: D,
  baseModel?: string | undefined,
  rules: Conversation.Rules = Conversation.everyApi
): Layer.Layer<LanguageModel.LanguageModel, never, I> =>
  Layer.effect(
    LanguageModel.LanguageModel,
    Effect.map(client, (service) => {
      const provider = profile.provider
      const { telemetryName } = service
      // What the spend estimates know of the model: the same for every call of the layer.
      const pricingModel = baseModel ?? name
      const facts = ProviderProfile.factsOf(profile, name, pricingModel)
      const series = new MetricSeries.Models() // Of the calls' metrics: made once per set of attributes.
      return LanguageModel.LanguageModel.of({
        provider,
        ...(telemetryName === undefined ? {} : { telemetryName }),
        model: name,
        baseModel,
        stream: (input) => {
          const given = CallRequest.fromInput(input)
          const request = requestOf(defaults, given, name, rules)
          // What the call's spend is estimated from, for the observers of its ending.
          const basis = new CallBasis.Basis(provider, name, pricingModel, facts, request)
          // A budget's room (runTools): the smaller of it and the request's own cap is sent.
          const fits = given.outputCap
          const cap = fits === undefined ? undefined : OutputCap.capFor(basis, request.maxTokens, fits)
          const capped = cap === undefined ? request : { ...request, maxTokens: cap }
          if (cap !== undefined && cap < (OutputCap.ownCap(basis, request.maxTokens) ?? Infinity)) {
            basis.bound = "budget"
          }
          // Without a spend limit the call starts at once: its span's stage tells the basis (one stage less).
          if (capped.spendLimit === undefined) {
            return service.stream(capped).pipe(Telemetry.instrumentCall(provider, capped, basis, series, telemetryName))
          }
          return CallBasis.record(
            basis,
            SpendLimitGuard.guarded(
              capped,
              basis,
              (sent) => service.stream(sent).pipe(Telemetry.instrument(provider, sent, basis, series, telemetryName))
            )
          )
        }
      })
    })
  )

/** The HTTP client a ready layer uses: the one provided, else on Node the library's own (`NodeClient`), else fetch. */
const givenOrDefault: Layer.Layer<HttpClient.HttpClient> = Layer.unwrap(
  Effect.map(
    Effect.serviceOption(HttpClient.HttpClient),
    (given) =>
      Option.isSome(given)
        ? Layer.succeed(HttpClient.HttpClient, given.value)
        : NodeClient.layer() ?? FetchHttpClient.layer
  )
)

/** A model layer ready to use: over its client layer and `givenOrDefault`, so that a program needs nothing else. */
export const ready = <I, E>(
  model: Layer.Layer<LanguageModel.LanguageModel, never, I>,
  client: Layer.Layer<I, E, HttpClient.HttpClient>
): Layer.Layer<LanguageModel.LanguageModel, E> => model.pipe(Layer.provide(client), Layer.provide(givenOrDefault))
