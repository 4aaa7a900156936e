/**
 * The Anthropic client: Messages streaming over `{baseUrl}/v1/messages` with an `x-api-key`.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { identity } from "effect/Function"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import type * as Stream from "effect/Stream"
import * as Secrets from "../../core/http/Secrets.js"
import * as StreamResponse from "../../core/http/StreamResponse.js"
import type * as ProviderError from "../../core/ProviderError.js"
import * as CallRequest from "../../core/request/CallRequest.js"
import * as Conversation from "../../core/request/Conversation.js"
import * as AnthropicBlocks from "./AnthropicBlocks.js"
import type * as AnthropicChunk from "./AnthropicChunk.js"
import * as AnthropicDecoder from "./AnthropicDecoder.js"
import * as AnthropicErrors from "./AnthropicErrors.js"
import * as AnthropicModels from "./AnthropicModels.js"
import * as AnthropicParts from "./AnthropicParts.js"
import * as AnthropicRequest from "./AnthropicRequest.js"

/**
 * A streaming request: a `LanguageModel.Request` for a named model, plus raw body fields in `extraBody`
 * (`thinking`, `metadata`, `top_k`, `mcp_servers`, ...).
 *
 * @since 0.1.0
 * @category Models
 */
export interface StreamRequest extends CallRequest.ProviderRequest {}

/**
 * The Anthropic client service.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly stream: (
    request: StreamRequest
  ) => Stream.Stream<AnthropicChunk.AnthropicCallResponseChunk, ProviderError.ProviderError>
}

/**
 * How the client reaches Anthropic.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  readonly apiKey?: Redacted.Redacted | undefined
  /** Defaults to `https://api.anthropic.com`. */
  readonly baseUrl?: string | undefined
  /** The `anthropic-version` header; defaults to `2023-06-01`. */
  readonly apiVersion?: string | undefined
  /** Beta features, sent as the `anthropic-beta` header. */
  readonly betas?: ReadonlyArray<string> | undefined
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
  /** The largest server-sent event accepted, in characters (default 8 MiB). */
  readonly maxEventSize?: number | undefined
  /**
   * Time to the response (`firstByte`, default 2 minutes), between body pieces (`idle`, 10 minutes), to the first
   * content (`firstContent`, 10 minutes) and for the whole stream (`total`, no deadline by default).
   */
  readonly timeouts?: StreamResponse.Timeouts | undefined
  /**
   * Sends `anthropic-dangerous-direct-browser-access: true`, without which the API refuses cross-origin
   * calls from a browser (as the official SDK's option of the same name). A key in a browser is readable by
   * anyone who loads the page: call through a proxy of your own instead (`baseUrl`), or with short-lived keys.
   */
  readonly dangerouslyAllowBrowser?: boolean | undefined
}

/**
 * The default API base URL.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultBaseUrl: string = "https://api.anthropic.com"

/** The request's body for the Messages API: its model's plan (`AnthropicModels`), then encoded. */
const encode = (request: StreamRequest) => Result.flatMap(AnthropicModels.plan(request), AnthropicRequest.encodeRequest)

/**
 * The Messages API's streaming request, with the key, the version and the betas of `options`, and the Files API's
 * where the body sends a file by its id (`AnthropicParts.filesBeta`).
 */
const messagesRequest = (url: string, options: Options, body: Readonly<Record<string, unknown>>) => {
  const betas = AnthropicParts.sendsFiles(body) && options.betas?.includes(AnthropicParts.filesBeta) !== true
    ? [...(options.betas ?? []), AnthropicParts.filesBeta]
    : options.betas
  return HttpClientRequest.post(url).pipe(
    HttpClientRequest.setHeaders({
      accept: "text/event-stream",
      "anthropic-version": options.apiVersion ?? "2023-06-01",
      ...(options.apiKey === undefined ? {} : { "x-api-key": Redacted.value(options.apiKey) }),
      ...(options.dangerouslyAllowBrowser === true ? { "anthropic-dangerous-direct-browser-access": "true" } : {}),
      ...(betas !== undefined && betas.length > 0 ? { "anthropic-beta": betas.join(",") } : {})
    })
  )
}

/**
 * Makes the client service, over the `HttpClient` in context.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (httpClient) => {
    const client = (options.transformClient ?? identity)(httpClient)
    const url = `${(options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, "")}/v1/messages`
    const secrets = new Secrets.Secrets([options.apiKey])
    const post = (body: Record<string, unknown>) =>
      StreamResponse.streamResponse(
        {
          provider: "anthropic",
          client,
          request: messagesRequest(url, options, body),
          body,
          parseErrorBody: AnthropicErrors.parseErrorBody,
          contentType: "text/event-stream",
          secrets,
          timeouts: options.timeouts
        },
        () => AnthropicDecoder.bodyDecoder(options.maxEventSize)
      )
    // What a model of its own turns refused: sent again as another provider's (`unreadableTurns`).
    const refused = new Conversation.Refused(AnthropicBlocks.turn, AnthropicRequest.rules)
    return {
      stream: (request) =>
        Conversation.streamEncoded("anthropic", refused, request, encode, (body, again) => again(post(body), post))
    }
  })
