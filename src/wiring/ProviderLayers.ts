/**
 * Pieces every provider's layers share: configuration read from the environment, and the
 * `LanguageModel` over a provider client.
 *
 * @internal
 */
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type * as Stream from "effect/Stream"
import type * as CallResponseChunk from "../CallResponseChunk.js"
import * as CallRequest from "../internal/request/CallRequest.js"
import * as LanguageModel from "../LanguageModel.js"
import type * as Provider from "../Provider.js"
import type * as ProviderError from "../ProviderError.js"
import * as Telemetry from "../Telemetry.js"

/**
 * A secret read from the environment variable `name`, required: a missing one is a `ConfigError` that
 * names it (and says how to call a server that takes no key), not a request sent without credentials.
 */
export const requiredSecret = (name: string): Config.Config<Redacted.Redacted> =>
  Config.Redacted(name).pipe(
    Config.orElse(() =>
      Config.fail(
        new ConfigProvider.SourceError({
          message:
            `${name} is not set: set it to the API key, or pass the key explicitly (for a server that takes no key, apiKey: Config.succeed(undefined))`
        })
      )
    )
  )

/** An optional secret read from the environment variable `name`. */
export const optionalSecret = (name: string): Config.Config<Redacted.Redacted | undefined> =>
  Config.option(Config.Redacted(name)).pipe(Config.map(Option.getOrUndefined))

/** An optional string read from the environment variable `name`. */
export const optionalString = (name: string): Config.Config<string | undefined> =>
  Config.option(Config.String(name)).pipe(Config.map(Option.getOrUndefined))

/**
 * A `LanguageModel` layer over a provider client whose `stream` takes a request with a model name. Each
 * call runs in the GenAI span of `Telemetry.instrument` (the one span of the call; providers only
 * annotate it).
 */
export const languageModel = <
  I,
  S extends {
    readonly stream: (
      request: CallRequest.ProviderRequest & D
    ) => Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError>
  },
  D extends object
>(
  tag: Context.Key<I, S>,
  provider: Provider.Provider,
  name: string,
  defaults: D,
  baseModel?: string | undefined
): Layer.Layer<LanguageModel.LanguageModel, never, I> =>
  Layer.effect(
    LanguageModel.LanguageModel,
    Effect.map(tag, (client) =>
      LanguageModel.LanguageModel.of({
        provider,
        model: name,
        baseModel,
        stream: (input) => {
          const given = CallRequest.fromInput(input)
          // A request's raw body fields add to the model's, field by field, rather than replace them all.
          const modelBody = (defaults as { readonly extraBody?: Readonly<Record<string, unknown>> }).extraBody
          const extraBody = modelBody === undefined || given.extraBody === undefined
            ? given.extraBody ?? modelBody
            : { ...modelBody, ...given.extraBody }
          const request = {
            ...defaults,
            ...given,
            ...(extraBody === undefined ? {} : { extraBody }),
            model: name
          }
          return client.stream(request).pipe(Telemetry.instrument(provider, request))
        }
      }))
  )
