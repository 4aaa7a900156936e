/**
 * The Responses API client of OpenAI (`{baseUrl}/responses`, bearer key), and the streaming of one call from
 * request encoding through HTTP to decoded chunks, which Azure's Responses client (`AzureResponses`) shares.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Result from "effect/Result"
import type * as Stream from "effect/Stream"
import * as CallIds from "../../core/fold/CallIds.js"
import * as Secrets from "../../core/http/Secrets.js"
import * as StreamResponse from "../../core/http/StreamResponse.js"
import type * as ProviderError from "../../core/ProviderError.js"
import * as Conversation from "../../core/request/Conversation.js"
import * as ChatService from "../openai-compatible/ChatService.js"
import * as OpenAIService from "../openai/OpenAIService.js"
import * as ResponsesBlocks from "./ResponsesBlocks.js"
import type * as ResponsesChunk from "./ResponsesChunk.js"
import * as ResponsesControls from "./ResponsesControls.js"
import * as ResponsesDecoder from "./ResponsesDecoder.js"
import * as ResponsesErrors from "./ResponsesErrors.js"
import * as ResponsesOutput from "./ResponsesOutput.js"
import * as ResponsesRequest from "./ResponsesRequest.js"
import * as ResponsesResume from "./ResponsesResume.js"

/**
 * A streaming request: a `LanguageModel.Request` for a named model, its Responses API options, and raw
 * body fields in `extraBody`.
 *
 * @since 0.2.0
 * @category Models
 */
export interface StreamRequest extends ResponsesRequest.ResponsesRequest {}

/**
 * The Responses API client service.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Service {
  readonly stream: (
    request: StreamRequest
  ) => Stream.Stream<ResponsesChunk.OpenAIResponsesCallResponseChunk, ProviderError.ProviderError>
}

/** How a Responses API host is reached. */
export interface Endpoint {
  readonly provider: "openai" | "azure"
  readonly url: string
  readonly authorize: (request: HttpClientRequest.HttpClientRequest) => HttpClientRequest.HttpClientRequest
  readonly secrets: Secrets.Secrets
  readonly controls: ResponsesControls.Host
}

/** Options every Responses API client takes. */
export interface ClientOptions extends ChatService.ClientOptions {
  /**
   * Resumes a dropped stream of a response created with `background: true` (opt-in): after a transport error,
   * a truncated body or an idle timeout, the stream goes on from the last event received, as one stream.
   */
  readonly resume?: ResponsesResume.ResumeOptions | undefined
}

/** The request's body for `host`: its output planned (`ResponsesOutput`), then encoded. */
const encode = (request: StreamRequest, host: ResponsesControls.Host) =>
  Result.flatMap(ResponsesOutput.plan(request), (planned) => ResponsesRequest.encodeRequest(planned, host))

/** Streams one call: encodes the request, posts it to the host, decodes the events (and resumes a dropped stream when asked). */
export const streamChunks = (client: HttpClient.HttpClient, endpoint: Endpoint, options: ClientOptions) => {
  // Turns another account or resource made, refused: sent as another provider's (`unreadableTurns`).
  const refused = new Conversation.Refused(ResponsesBlocks.turnOf(endpoint.controls.format), ResponsesRequest.rules)
  return (
    request: StreamRequest
  ): Stream.Stream<ResponsesChunk.OpenAIResponsesCallResponseChunk, ProviderError.ProviderError> => {
    const encodeFor = (asked: StreamRequest) => encode(asked, endpoint.controls)
    return Conversation.streamEncoded(endpoint.provider, refused, request, encodeFor, (body, again) => {
      const http = ChatService.transformed(client, options)
      // One response's call ids, across the bodies of a resumed stream.
      const ids = new CallIds.CallIds()
      const send = (httpRequest: HttpClientRequest.HttpClientRequest, body?: Record<string, unknown>) =>
        StreamResponse.streamResponse(
          {
            provider: endpoint.provider,
            client: http,
            request: httpRequest.pipe(ChatService.acceptEventStream, endpoint.authorize),
            body,
            parseErrorBody: ResponsesErrors.parseErrorBody,
            contentType: "text/event-stream",
            secrets: endpoint.secrets,
            timeouts: options.timeouts
          },
          () =>
            ResponsesDecoder.bodyDecoder(
              { provider: endpoint.provider, baseModel: request.baseModel },
              options.maxEventSize,
              ids
            )
        )
      const post = (body: Record<string, unknown>) => send(HttpClientRequest.post(endpoint.url), body)
      const created = again(post(body), post)
      if (options.resume === undefined) return created
      return ResponsesResume.resumable(created, {
        background: body["background"] === true,
        options: options.resume,
        // GET {url}/{id}?stream=true&starting_after={n}: the events after the n-th, of the same response.
        resume: (id, after) =>
          send(
            HttpClientRequest.get(`${endpoint.url}/${encodeURIComponent(id)}`).pipe(
              HttpClientRequest.setUrlParams({ stream: "true", starting_after: String(after) })
            )
          )
      })
    })
  }
}

/**
 * How the client reaches OpenAI, and whether it resumes dropped background streams (`resume`).
 *
 * @since 0.2.0
 * @category Models
 */
export interface Options extends OpenAIService.Options, ClientOptions {}

/**
 * Makes the client service, over the `HttpClient` in context.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (client) => ({
    stream: streamChunks(client, {
      provider: "openai",
      url: ChatService.joinUrl(options.baseUrl ?? OpenAIService.defaultBaseUrl, "responses"),
      secrets: new Secrets.Secrets([options.apiKey]),
      authorize: OpenAIService.authorize(options),
      controls: ResponsesControls.openai
    }, options)
  }))
