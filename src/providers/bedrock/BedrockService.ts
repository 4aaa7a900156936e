/**
 * The Bedrock client: ConverseStream over `{baseUrl}/model/{modelId}/converse-stream`, signed with SigV4
 * after every user transform of the request, or with a Bedrock API key as a bearer token.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { identity } from "effect/Function"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as RequestChecks from "../../core/http/RequestChecks.js"
import * as Secrets from "../../core/http/Secrets.js"
import * as StreamResponse from "../../core/http/StreamResponse.js"
import * as ProviderError from "../../core/ProviderError.js"
import * as CallRequest from "../../core/request/CallRequest.js"
import * as Conversation from "../../core/request/Conversation.js"
import * as BedrockBlocks from "./BedrockBlocks.js"
import type * as BedrockChunk from "./BedrockChunk.js"
import * as BedrockDecoder from "./BedrockDecoder.js"
import * as BedrockErrors from "./BedrockErrors.js"
import * as BedrockModels from "./BedrockModels.js"
import * as BedrockRequest from "./BedrockRequest.js"
import * as BedrockSign from "./BedrockSign.js"

/**
 * A streaming request: a `LanguageModel.Request` for a model id (or inference profile id or ARN), plus
 * raw body fields in `extraBody` (`additionalModelRequestFields`, `guardrailConfig`, ...).
 *
 * @since 0.1.0
 * @category Models
 */
export interface StreamRequest extends CallRequest.ProviderRequest {
  /**
   * The model behind a `model` that does not name it (an application inference profile, a Provisioned Throughput, a
   * prompt router's ARN: `BedrockModels.namesNoModel`), as the price table lists it (`us.anthropic.claude-…`): the
   * request is encoded for its family, and the call priced as it; `model` is what the URL names.
   *
   * @since 0.7.0
   */
  readonly baseModel?: string | undefined
}

/**
 * The Bedrock client service.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly stream: (
    request: StreamRequest
  ) => Stream.Stream<BedrockChunk.BedrockCallResponseChunk, ProviderError.ProviderError>
}

/**
 * How the client reaches Bedrock.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  readonly region: string
  /**
   * Static credentials, or an effect that yields them for every call (so that rotating credentials,
   * the AWS default provider chain or a cache can be plugged in). Requests are signed with SigV4.
   */
  readonly credentials?: BedrockSign.Credentials | Effect.Effect<BedrockSign.Credentials, unknown> | undefined
  /** A Bedrock API key (`AWS_BEARER_TOKEN_BEDROCK`), sent as `Authorization: Bearer`; no signing then. */
  readonly apiKey?: Redacted.Redacted | undefined
  /** Defaults to `https://bedrock-runtime.{region}.amazonaws.com`. */
  readonly baseUrl?: string | undefined
  /** Adjusts the HTTP client; runs before signing, so it cannot break the signature. */
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
  /** The largest event-stream frame accepted, in bytes (default 16 MiB). */
  readonly maxFrameSize?: number | undefined
  /**
   * Time to the response (`firstByte`, default 2 minutes), between body pieces (`idle`, 10 minutes), to the first
   * content (`firstContent`, 10 minutes) and for the whole stream (`total`, no deadline by default).
   */
  readonly timeouts?: StreamResponse.Timeouts | undefined
  /** The signing clock, for tests; defaults to now. */
  readonly clock?: (() => Date) | undefined
}

/**
 * Whether `region` is a region name (`us-east-1`, `us-gov-west-1`): letters, digits and dashes only, since it
 * becomes part of the host the credentials are sent to.
 */
export const isRegion: (region: string) => boolean = RequestChecks.isHostLabel

/**
 * The secrets to keep out of errors: the API key and static credentials now; credentials obtained per call
 * are added as they are resolved.
 */
const secretsOf = (options: Options): Secrets.Secrets =>
  new Secrets.Secrets(
    options.credentials === undefined || Effect.isEffect(options.credentials)
      ? [options.apiKey]
      : [options.apiKey, options.credentials.secretAccessKey, options.credentials.sessionToken]
  )

/**
 * Signs each request with SigV4, with credentials resolved per call (and checked as configured ones are:
 * a line break cannot be sent).
 */
const signing = (
  client: HttpClient.HttpClient,
  options: Options,
  credentials: NonNullable<Options["credentials"]>,
  secrets: Secrets.Secrets
) =>
  HttpClient.mapRequestEffect(
    client,
    (request) =>
      Effect.flatMap(BedrockSign.resolveCredentials(credentials), (resolved) => {
        secrets.add(resolved.secretAccessKey)
        secrets.add(resolved.sessionToken)
        const broken = RequestChecks.optionWithLineBreak(resolved)
        if (broken !== undefined) {
          return Effect.fail(
            new ProviderError.AuthenticationError({
              provider: "bedrock",
              message:
                `bedrock: the resolved AWS credentials' ${broken} holds a line break (CR or LF) or a NUL, which cannot be sent: nothing was sent`
            })
          )
        }
        return BedrockSign.sign(request, {
          region: options.region,
          credentials: resolved,
          date: options.clock?.() ?? new Date()
        })
      })
  )

/** Sends the API key as `Authorization: Bearer`, when there is one. */
const bearer = (client: HttpClient.HttpClient, apiKey: Redacted.Redacted | undefined): HttpClient.HttpClient =>
  apiKey === undefined
    ? client
    : HttpClient.mapRequest(client, HttpClientRequest.setHeader("authorization", `Bearer ${Redacted.value(apiKey)}`))

/**
 * Why no call can be sent with these options, if so: a bearer token with a line break or another character no header
 * carries (fetch would fail it as a connection error, retried), or a region that is not a region name (it would put
 * another host in the URL).
 */
const unsendable = (options: Options): ProviderError.InvalidRequestError | undefined => {
  const problem = options.apiKey === undefined
    ? undefined
    : RequestChecks.headerProblem("authorization", Redacted.value(options.apiKey), "apiKey, the Bedrock API key")
  if (problem !== undefined) {
    return new ProviderError.InvalidRequestError({ provider: "bedrock", message: `bedrock: ${problem}` })
  }
  if (options.baseUrl === undefined && !isRegion(options.region)) {
    return new ProviderError.InvalidRequestError({
      provider: "bedrock",
      message: `bedrock: the region ${
        JSON.stringify(options.region)
      } is not a region name (us-east-1, eu-central-1, ...): nothing was sent`
    })
  }
  return undefined
}

/**
 * The request's body for Converse: its model's plan (`BedrockModels`), then encoded, both for the model behind it
 * (`baseModel`, when the URL's model does not name it).
 */
const encode = (request: StreamRequest) =>
  Result.flatMap(
    BedrockModels.plan(request.baseModel === undefined ? request : { ...request, model: request.baseModel }),
    BedrockRequest.encodeRequest
  )

/** Streams one request: encodes it, posts it to `converse-stream`, decodes the event stream. */
const stream = <E extends HttpClientError.HttpClientError | ProviderError.ProviderError>(
  client: HttpClient.HttpClient.With<E>,
  options: Options,
  secrets: Secrets.Secrets
) => {
  const base = (options.baseUrl ?? `https://bedrock-runtime.${options.region}.amazonaws.com`).replace(/\/+$/, "")
  // What a model of its own turns refused (another Claude model's signature, blank text): sent again as another
  // provider's (`unreadableTurns`).
  const refused = new Conversation.Refused(BedrockBlocks.turn, BedrockRequest.rules)
  return (request: StreamRequest) => {
    const post = (body: Record<string, unknown>) =>
      StreamResponse.streamResponse(
        {
          provider: "bedrock",
          client,
          request: HttpClientRequest.post(`${base}/model/${encodeURIComponent(request.model)}/converse-stream`)
            .pipe(HttpClientRequest.setHeader("accept", "application/vnd.amazon.eventstream")),
          body,
          parseErrorBody: BedrockErrors.parseErrorBody,
          contentType: "application/vnd.amazon.eventstream",
          secrets,
          timeouts: options.timeouts
        },
        (response) => {
          const requestId = response.headers["x-amzn-requestid"]
          const context = {
            modelId: request.model,
            baseModel: request.baseModel,
            requestId: requestId === "" ? undefined : requestId
          }
          return BedrockDecoder.bodyDecoder(context, options.maxFrameSize)
        }
      )
    return Conversation.streamEncoded("bedrock", refused, request, encode, (body, again) => again(post(body), post))
  }
}

/**
 * Makes the client service, over the `HttpClient` in context.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (httpClient) => {
    const transformed = (options.transformClient ?? identity)(httpClient)
    const error = unsendable(options)
    if (error !== undefined) return { stream: () => Stream.fail(error) }
    const secrets = secretsOf(options)
    // Authentication is the last step, after every user transform of the request.
    return {
      stream: options.credentials !== undefined && options.apiKey === undefined
        ? stream(signing(transformed, options, options.credentials, secrets), options, secrets)
        : stream(bearer(transformed, options.apiKey), options, secrets)
    }
  })
