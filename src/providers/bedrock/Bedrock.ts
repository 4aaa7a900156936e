/**
 * Amazon Bedrock ConverseStream.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import type * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import * as ProviderLayers from "../../core/model/ModelLayers.js"
import type * as LanguageModel from "../../core/model/ModelService.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as Models from "../../data/models.js"
import * as AnthropicRequest from "../anthropic/AnthropicRequest.js"
import { BedrockCallResponseChunk } from "./BedrockChunk.js"
import * as BedrockDecoder from "./BedrockDecoder.js"
import * as BedrockProfile from "./BedrockProfile.js"
import * as BedrockService from "./BedrockService.js"
import { make, type Options, type Service } from "./BedrockService.js"
import { type Credentials } from "./BedrockSign.js"

export {
  ContentBlockDeltaEvent,
  ContentBlockStart,
  ContentBlockStartEvent,
  ContentBlockStopEvent,
  ConverseStreamOutput,
  MessageStartEvent,
  MessageStopEvent,
  MetadataEvent,
  TokenUsage
} from "./BedrockSchemas.js"

export { toCommonFinishReason } from "./BedrockFinishReasons.js"

export { normaliseUsage } from "./BedrockUsage.js"

export { BedrockCallResponseChunk } from "./BedrockChunk.js"

/**
 * Decodes the JSON payload of one `event` frame of type `eventType` into a chunk of the model and request
 * in `context` (what Bedrock's stream does not say itself).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const decodeChunk: (
  eventType: string,
  payload: unknown,
  context: {
    readonly modelId: string
    readonly baseModel?: string | undefined
    readonly requestId?: string | undefined
  }
) => Result.Result<BedrockCallResponseChunk, Schema.SchemaError> = BedrockDecoder.decodeChunk

export type { Credentials } from "./BedrockSign.js"

export { make } from "./BedrockService.js"
export type { Options, Service, StreamRequest } from "./BedrockService.js"

/**
 * @since 0.1.0
 * @category Context
 */
export class BedrockClient extends Context.Service<BedrockClient, Service>()("effect-llm-stream/BedrockClient") {}

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options): Layer.Layer<BedrockClient, never, HttpClient.HttpClient> =>
  Layer.effect(BedrockClient, make(options))

/** The static AWS credentials in the environment, when both the key id and the secret key are set. */
const staticCredentials: Config.Config<Credentials | undefined> = Config.all({
  accessKeyId: ProviderLayers.optionalString("AWS_ACCESS_KEY_ID"),
  secretAccessKey: ProviderLayers.optionalSecret("AWS_SECRET_ACCESS_KEY"),
  sessionToken: ProviderLayers.optionalSecret("AWS_SESSION_TOKEN")
}).pipe(
  Config.map(({ accessKeyId, secretAccessKey, sessionToken }) =>
    accessKeyId === undefined || secretAccessKey === undefined
      ? undefined
      : { accessKeyId, secretAccessKey, sessionToken }
  )
)

/** The region from `AWS_REGION` (or `AWS_DEFAULT_REGION`), checked to be a region name. */
const regionConfig = (region: Config.Config<string> | undefined): Config.Config<string> =>
  (region ?? Config.String("AWS_REGION").pipe(
    Config.orElse(() =>
      ProviderLayers.requiredString(
        "AWS_DEFAULT_REGION",
        "AWS_REGION is not set: set it to the region of your Bedrock models (us-east-1, eu-central-1, ...), or pass one with Bedrock.layerConfig({ region: Config.succeed(\"us-east-1\") })"
      )
    )
  )).pipe(Config.flatMap((name) =>
    BedrockService.isRegion(name)
      ? Config.succeed(name)
      : ProviderLayers.invalid(
        `the AWS region ${JSON.stringify(name)} is not a region name (us-east-1, eu-central-1, ...)`
      )
  ))

/**
 * A layer configured from `Config`. Without arguments it reads `AWS_REGION` (or `AWS_DEFAULT_REGION`),
 * then `AWS_BEARER_TOKEN_BEDROCK` (a Bedrock API key) if set, else `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY` and the optional `AWS_SESSION_TOKEN`; secrets are read as `Redacted`. Without
 * either kind of credentials, or without a region, it fails with a `ProviderError.ConfigurationError` naming
 * the variables.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (
  configs: {
    readonly region?: Config.Config<string> | undefined
    readonly apiKey?: Config.Config<Redacted.Redacted | undefined> | undefined
    readonly credentials?: Config.Config<Credentials | undefined> | undefined
    readonly baseUrl?: Config.Config<string | undefined> | undefined
  } & Omit<Options, "region" | "apiKey" | "credentials" | "baseUrl"> = {}
): Layer.Layer<BedrockClient, ProviderError.ConfigurationError, HttpClient.HttpClient> => {
  const { apiKey, baseUrl, credentials, region, ...rest } = configs
  return Layer.effect(
    BedrockClient,
    Effect.flatMap(
      ProviderLayers.configured(
        "bedrock",
        Config.all({
          region: regionConfig(region),
          apiKey: apiKey ?? ProviderLayers.optionalSecret("AWS_BEARER_TOKEN_BEDROCK"),
          credentials: credentials ?? staticCredentials,
          baseUrl: baseUrl ?? ProviderLayers.optionalString("BEDROCK_BASE_URL")
        }).pipe(Config.flatMap((config) =>
          // Neither kind of credentials in the environment is a configuration error, not an unsigned request.
          apiKey === undefined && credentials === undefined && config.apiKey === undefined &&
            config.credentials === undefined
            ? ProviderLayers.invalid(
              "no AWS credentials: set AWS_BEARER_TOKEN_BEDROCK (a Bedrock API key), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), or pass them with Bedrock.layer({ region, apiKey }) or Bedrock.layer({ region, credentials })"
            )
            : Config.succeed(config)
        ))
      ),
      (config) => ProviderLayers.checked("bedrock", { ...rest, ...config }, make)
    )
  )
}

/**
 * The Bedrock models the bundled price table knows (and prices), which `model` and `layerModel` complete;
 * any other name is taken too (a model newer than the table, a fine-tune).
 *
 * @example
 * ```ts
 * import { Bedrock } from "effect-llm-stream"
 *
 * const name: Bedrock.KnownModel = "amazon.nova-micro-v1:0"
 * const Model = Bedrock.layerModel(name)
 * ```
 *
 * @since 0.4.0
 * @category Models
 */
export type KnownModel = Models.BedrockModel

/**
 * The default settings of a Bedrock model layer, and `baseModel`: the model behind a `name` that does not name it.
 *
 * @since 0.7.0
 * @category Models
 */
export type ModelDefaults = LanguageModel.Settings & {
  /**
   * The model behind an ARN that does not name it: an application inference profile
   * (`arn:aws:bedrock:…:application-inference-profile/…`), a Provisioned Throughput (`…:provisioned-model/…`), a custom
   * model's deployment, a prompt router. Name it as the price table lists it: the inference profile the application
   * profile copies (`us.anthropic.claude-sonnet-4-5-20250929-v1:0`), else the foundation model's id. Requests are
   * encoded for its family (Claude's turns, caching and thinking) and the call is priced as it; the ARN is what the
   * URL names. Without it such an ARN is sent as a model of no known family (what every model on Converse takes:
   * tool results in turns of their own, no blank text of its own, no cache points, no reasoning setting) and its cost
   * is unknown (`Option.none()`), never a guess.
   */
  readonly baseModel?: KnownModel | (string & {}) | undefined
  readonly extraBody?: Readonly<Record<string, unknown>> | undefined
  /**
   * A Claude model's: sends a turn stopped on a policy and the user message that led to it in later requests, as they
   * came (default: left out, as on Anthropic's API: `Anthropic.ModelDefaults.keepRefusedTurns`). Since 0.7.0.
   */
  readonly keepRefusedTurns?: boolean | undefined
}

/**
 * A `LanguageModel` served by Bedrock with the given model id (`us.anthropic.claude-sonnet-4-...`,
 * `amazon.nova-micro-v1:0`, ...), inference profile or ARN, and default settings. An ARN that does not name its
 * model (an application inference profile, a Provisioned Throughput) takes `baseModel`.
 *
 * @example
 * ```ts
 * import { Bedrock } from "effect-llm-stream"
 *
 * const Model = Bedrock.model("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123", {
 *   baseModel: "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
 * })
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const model = (
  name: KnownModel | (string & {}),
  defaults: ModelDefaults = {}
): Layer.Layer<LanguageModel.LanguageModel, never, BedrockClient> => {
  // Claude's models on Bedrock take Claude's layer rules (its refused turns); other models every API's.
  const { rules, settings } = AnthropicRequest.claudeLayer(defaults)
  const claude = BedrockProfile.isClaude(defaults.baseModel ?? name)
  return ProviderLayers.languageModel(
    BedrockClient,
    BedrockProfile.profile,
    name,
    settings,
    defaults.baseModel,
    claude ? rules : undefined
  )
}

/**
 * A `LanguageModel` ready to use: `model(name, defaults)` over `layerConfig()` (`AWS_REGION`, and
 * `AWS_BEARER_TOKEN_BEDROCK` or `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`) and the HTTP client the layer is
 * given, else Node's or fetch; a missing variable fails it with a `ConfigurationError`.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { LanguageModel, Bedrock } from "effect-llm-stream"
 *
 * const program = LanguageModel.stream("Recommend a fantasy book").pipe(
 *   Stream.runForEach((chunk) => Effect.sync(() => process.stdout.write(chunk.content))),
 *   Effect.provide(Bedrock.layerModel("us.amazon.nova-micro-v1:0"))
 * )
 * ```
 *
 * @since 0.3.0
 * @category Layers
 */
export const layerModel = (
  name: KnownModel | (string & {}),
  defaults: ModelDefaults = {}
): Layer.Layer<LanguageModel.LanguageModel, ProviderError.ConfigurationError> =>
  ProviderLayers.ready(model(name, defaults), layerConfig())
