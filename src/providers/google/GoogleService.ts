/**
 * The Google client: `streamGenerateContent?alt=sse` on the Gemini API
 * (`{baseUrl}/models/{model}:streamGenerateContent`, the key in `x-goog-api-key`, never in the URL) and on Vertex AI
 * (`https://{location}-aiplatform.googleapis.com/{v1|v1beta1}/projects/{project}/locations/{location}/publishers/google/models/{model}:streamGenerateContent`,
 * `aiplatform.googleapis.com` for the `global` location, a bearer token; or express mode with an API key and no
 * project).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { identity } from "effect/Function"
import * as HttpClient from "effect/http/HttpClient"
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
import * as GoogleAnswer from "./GoogleAnswer.js"
import * as GoogleBlocks from "./GoogleBlocks.js"
import type * as GoogleChunk from "./GoogleChunk.js"
import * as GoogleDecoder from "./GoogleDecoder.js"
import * as GoogleErrors from "./GoogleErrors.js"
import * as GoogleModels from "./GoogleModels.js"
import * as GoogleRequest from "./GoogleRequest.js"

/**
 * A streaming request: a `LanguageModel.Request` for a named model, plus raw body fields in `extraBody`
 * (`cachedContent`, `safetySettings`, `tools: [{ googleSearch: {} }]`, `generationConfig` fields, ...).
 *
 * @since 0.3.0
 * @category Models
 */
export interface StreamRequest extends CallRequest.ProviderRequest {}

/**
 * The Google client service.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Service {
  readonly stream: (
    request: StreamRequest
  ) => Stream.Stream<GoogleChunk.GoogleCallResponseChunk, ProviderError.ProviderError>
}

/** What every Google client takes besides its credentials and address. */
export interface ClientOptions {
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
  /** The largest server-sent event accepted, in characters (default 8 MiB). */
  readonly maxEventSize?: number | undefined
  /** Time to the response and between body pieces (defaults: 2 minutes and 10 minutes). */
  readonly timeouts?: StreamResponse.Timeouts | undefined
  /**
   * Whether an answer Gemini ends with `finishReason: "CONTINUATION"` (the request's token limit reached, the
   * answer not complete) is continued by the same request sent again with its `continuationToken`, up to 32
   * requests, as `@google/genai` does by default (default `true`; each request is billed, and the usage reported is
   * their sum). `false`: the answer ends there, its finish reason `length`.
   */
  readonly automaticContinuation?: boolean | undefined
}

/**
 * How the client reaches the Gemini API.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Options extends ClientOptions {
  /** Sent as the `x-goog-api-key` header. */
  readonly apiKey?: Redacted.Redacted | undefined
  /** The API's base URL, with its version; defaults to `https://generativelanguage.googleapis.com/v1beta`. */
  readonly baseUrl?: string | undefined
}

/**
 * The default Gemini API base URL, with its version.
 *
 * @since 0.3.0
 * @category Constants
 */
export const defaultBaseUrl: string = "https://generativelanguage.googleapis.com/v1beta"

/**
 * An access token and when it expires (milliseconds since the epoch), as a Vertex `auth` effect yields it.
 *
 * @since 0.3.0
 * @category Models
 */
export interface AccessToken {
  readonly token: Redacted.Redacted
  readonly expiresAt?: number | undefined
}

/**
 * How the client reaches Vertex AI.
 *
 * @since 0.3.0
 * @category Models
 */
export interface VertexOptions extends ClientOptions {
  /** The Google Cloud project (not needed in express mode). */
  readonly project?: string | undefined
  /** `us-central1`, `europe-west4`, ..., or `global` (the default). */
  readonly location?: string | undefined
  /** A fixed OAuth access token (`gcloud auth print-access-token`), sent as `Authorization: Bearer`. */
  readonly accessToken?: Redacted.Redacted | undefined
  /**
   * An effect that yields an access token (and when it expires), run before the first call and again a
   * minute before the token expires (every call when it does not say); see docs/google.md for Application
   * Default Credentials with `google-auth-library`.
   */
  readonly auth?: Effect.Effect<Redacted.Redacted | AccessToken, unknown> | undefined
  /** Express mode: an API key instead of a project and a token, sent as `x-goog-api-key`. */
  readonly apiKey?: Redacted.Redacted | undefined
  /** `v1` (the default) or `v1beta1`. */
  readonly apiVersion?: string | undefined
  /** The base URL up to and including the version (a private endpoint, a proxy). */
  readonly baseUrl?: string | undefined
}

/** The host of a Vertex AI location. */
export const vertexHost = (location: string): string =>
  location === "global" ? "aiplatform.googleapis.com" : `${location}-aiplatform.googleapis.com`

const trim = (url: string) => url.replace(/\/+$/, "")

/** The model's resource path on the Gemini API: `models/{model}`, or a path given whole (`tunedModels/...`). */
const geminiPath = (model: string): string => (model.includes("/") ? model : `models/${model}`)

/** The model's resource path on Vertex AI. */
const vertexPath = (options: VertexOptions, model: string): string => {
  if (model.startsWith("projects/")) return model
  const resource = model.includes("/") ? model : `publishers/google/models/${model}`
  if (options.project === undefined) return resource
  return `projects/${options.project}/locations/${options.location ?? "global"}/${resource}`
}

/** A bearer token from `auth`, kept until a minute before it expires. */
const tokenSource = (
  auth: Effect.Effect<Redacted.Redacted | AccessToken, unknown>
): Effect.Effect<Redacted.Redacted, ProviderError.ProviderError> => {
  let kept: AccessToken | undefined
  return Effect.suspend(() => {
    if (kept?.expiresAt !== undefined && kept.expiresAt - 60_000 > Date.now()) return Effect.succeed(kept.token)
    return auth.pipe(
      Effect.mapError((cause) =>
        new ProviderError.AuthenticationError({
          provider: "google-vertex",
          message: `google-vertex: could not get an access token: ${
            cause instanceof Error ? cause.message : String(cause)
          }`
        })
      ),
      Effect.map((got) => {
        kept = Redacted.isRedacted(got) ? { token: got } : got
        return kept.token
      })
    )
  })
}

/** The request's body for Gemini on `host`: its model's plan (`GoogleModels`), then encoded. */
const encoderOf = (host: GoogleDecoder.Host) => (request: StreamRequest) =>
  Result.flatMap(GoogleModels.plan(request), (planned) => GoogleRequest.encodeRequest(planned, host))

/** Where and how Gemini is asked: the host, its client and options, a model's URL, the request's headers. */
interface Endpoint {
  readonly host: GoogleDecoder.Host
  readonly client: HttpClient.HttpClient
  readonly options: ClientOptions & { readonly secrets: Secrets.Secrets }
  readonly url: (model: string) => string
  readonly headers: Effect.Effect<Readonly<Record<string, string>>, ProviderError.ProviderError>
}

const serve = (endpoint: Endpoint): Service => {
  // What a model of its own turns refused (a thought signature it cannot read): sent again as another provider's
  // (`unreadableTurns`).
  const refused = new Conversation.Refused(GoogleBlocks.turn, GoogleRequest.rules)
  const encode = encoderOf(endpoint.host)
  return {
    stream: (request) =>
      Conversation.streamEncoded(
        endpoint.host,
        refused,
        request,
        encode,
        (body, again) => continued(endpoint, endpoint.url(request.model), body, again)
      )
  }
}

/**
 * One answer over as many requests as it takes: the request (sent again as `again` says when it is refused for turns
 * Gemini cannot read), then, while Gemini ends one with `CONTINUATION` or one drops after a checkpoint, the same
 * request with the `continuationToken` it gave (`GoogleAnswer.Answer`), their chunks one stream.
 */
const continued = (
  endpoint: Endpoint,
  url: string,
  body: Record<string, unknown>,
  again: Conversation.Retry<Record<string, unknown>>
): Stream.Stream<GoogleChunk.GoogleCallResponseChunk, ProviderError.ProviderError> =>
  Stream.suspend(() => {
    const { client, headers, host, options } = endpoint
    const answer = new GoogleAnswer.Answer(
      options.automaticContinuation === false ? 1 : GoogleAnswer.maxRequests
    )
    // The request the answer goes on from: the first, or the one sent again in its place.
    let asked = body
    const send = (sent: Record<string, unknown>) =>
      Stream.unwrap(Effect.map(headers, (values) =>
        StreamResponse.streamResponse(
          {
            provider: host,
            client,
            request: HttpClientRequest.post(url).pipe(
              HttpClientRequest.setUrlParam("alt", "sse"),
              HttpClientRequest.setHeader("accept", "text/event-stream"),
              HttpClientRequest.setHeaders(values)
            ),
            body: sent,
            parseErrorBody: GoogleErrors.parseErrorBody,
            contentType: "text/event-stream",
            secrets: options.secrets,
            timeouts: options.timeouts
          },
          // The tier that served the request, in a header only (ai.google.dev/gemini-api/docs/priority-inference):
          // `x-gemini-service-tier`, which `@ai-sdk/google` 4.0.116 reads when the usage leaves the tier out.
          (response) =>
            GoogleDecoder.bodyDecoder(host, options.maxEventSize, answer, response.headers["x-gemini-service-tier"])
        )))
    const sentAgain = (sent: Record<string, unknown>) => {
      asked = sent
      return send(sent)
    }
    const from = (sent: Record<string, unknown>, first: boolean): Stream.Stream<
      GoogleChunk.GoogleCallResponseChunk,
      ProviderError.ProviderError
    > =>
      Stream.concat(
        // A dropped request ends here when the answer goes on from its checkpoint, in the request after it.
        Stream.catchIf(
          first ? again(send(sent), sentAgain) : send(sent),
          (error) => dropped(error) && answer.resumesAfterDrop(),
          () => Stream.empty
        ),
        Stream.suspend(() => {
          const token = answer.next()
          return token === undefined ? Stream.empty : from({ ...asked, continuationToken: token }, false)
        })
      )
    return from(body, true)
  })

/** A stream that dropped: its body ended without a finish, or its connection broke or went silent. */
const dropped = (error: ProviderError.ProviderError): boolean =>
  error._tag === "TruncatedStreamError" || (error._tag === "TransportError" && error.timeout !== "total")

const keyHeaders = (apiKey: Redacted.Redacted | undefined) =>
  Effect.succeed(apiKey === undefined ? {} : { "x-goog-api-key": Redacted.value(apiKey) })

/**
 * The Gemini API client service, over the `HttpClient` in context.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (httpClient) => {
    const base = trim(options.baseUrl ?? defaultBaseUrl)
    return serve({
      host: "google",
      client: (options.transformClient ?? identity)(httpClient),
      options: { ...options, secrets: new Secrets.Secrets([options.apiKey]) },
      url: (model) => `${base}/${geminiPath(model)}:streamGenerateContent`,
      headers: keyHeaders(options.apiKey)
    })
  })

/**
 * The Vertex AI client service, over the `HttpClient` in context.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const makeVertex = (options: VertexOptions): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (httpClient): Service => {
    const location = options.location ?? "global"
    // A location that is not a location name would put another host in the URL: nothing is sent.
    if (options.baseUrl === undefined && !RequestChecks.isHostLabel(location)) {
      const error = new ProviderError.InvalidRequestError({
        provider: "google-vertex",
        message: `google-vertex: the location ${
          JSON.stringify(location)
        } is not a location name (global, us-central1, europe-west4, ...): nothing was sent`
      })
      return { stream: () => Stream.fail(error) }
    }
    const base = trim(options.baseUrl ?? `https://${vertexHost(location)}/${options.apiVersion ?? "v1"}`)
    const bearer = options.accessToken !== undefined
      ? Effect.succeed(options.accessToken)
      : options.auth === undefined
      ? undefined
      : tokenSource(options.auth)
    const secrets = new Secrets.Secrets([options.apiKey, options.accessToken])
    return serve({
      host: "google-vertex",
      client: (options.transformClient ?? identity)(httpClient),
      options: { ...options, secrets },
      url: (model) => `${base}/${vertexPath(options, model)}:streamGenerateContent`,
      headers: bearer === undefined ? keyHeaders(options.apiKey) : Effect.map(bearer, (token) => {
        // A token `auth` yields is a secret too: kept out of errors like the configured ones.
        secrets.add(token)
        return { authorization: `Bearer ${Redacted.value(token)}` }
      })
    })
  })
