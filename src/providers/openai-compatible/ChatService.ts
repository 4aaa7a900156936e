/**
 * A Chat Completions client: how a host (OpenAI, or a compatible host's row: Groq, Azure, DeepSeek, ...) is reached,
 * and one call streamed from request encoding through HTTP to decoded chunks.
 *
 * @internal
 */
import { identity } from "effect/Function"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type * as Secrets from "../../core/http/Secrets.js"
import * as StreamResponse from "../../core/http/StreamResponse.js"
import type * as Provider from "../../core/Provider.js"
import type * as ProviderError from "../../core/ProviderError.js"
import * as CallRequest from "../../core/request/CallRequest.js"
import type * as ChatChunk from "./ChatChunk.js"
import * as ChatDecoder from "./ChatDecoder.js"
import * as ChatErrors from "./ChatErrors.js"
import type * as ChatFinishReasons from "./ChatFinishReasons.js"
import * as ChatOutput from "./ChatOutput.js"
import * as ChatRequest from "./ChatRequest.js"

/** How a host is reached and what it expects. */
export interface Endpoint extends ChatRequest.BodyOptions {
  readonly provider: Provider.Name
  /** The request for a call, before the body is set (URL, auth headers, query parameters). */
  readonly request: (request: CallRequest.ProviderRequest) => HttpClientRequest.HttpClientRequest
  readonly maxEventSize?: number | undefined
  readonly timeouts?: StreamResponse.Timeouts | undefined
  /** The client's secrets, removed from every error. */
  readonly secrets: Secrets.Secrets
  /** How the host sends a structured output on each model. */
  readonly output: ChatOutput.Policy
  /** What an answer is whose stream ended with no choice saying why it finished (default `other`). */
  readonly unsaid?: ChatFinishReasons.Unsaid | undefined
}

/** Options every OpenAI-compatible layer accepts. */
export interface ClientOptions {
  /** Adjusts the HTTP client (retries, proxies, extra headers); applied to every call. */
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
  /** The largest server-sent event accepted, in characters (default 8 MiB). */
  readonly maxEventSize?: number | undefined
  /**
   * Time to the response (`firstByte`, default 2 minutes), between body pieces (`idle`, 10 minutes), to the first
   * content (`firstContent`, 10 minutes) and for the whole stream (`total`, no deadline by default).
   */
  readonly timeouts?: StreamResponse.Timeouts | undefined
}

/** A Chat Completions chunk of any host. */
type Chunk = ChatChunk.ChatCompletionsChunk

/** Streams one call: request encoding, HTTP, SSE framing and chunk decoding. */
export const streamChunks = <C extends Chunk, R extends CallRequest.ProviderRequest = CallRequest.ProviderRequest>(
  client: HttpClient.HttpClient,
  endpoint: Endpoint,
  decodeChunk: (json: unknown, request: R) => Result.Result<C, Schema.SchemaError>
) =>
(request: R): Stream.Stream<C, ProviderError.ProviderError> =>
  CallRequest.streamEncoded(
    endpoint.provider,
    () =>
      Result.flatMap(ChatOutput.plan(request, endpoint.output), (planned) =>
        ChatRequest.encodeRequest(planned, endpoint)),
    (body) =>
      StreamResponse.streamResponse(
        {
          provider: endpoint.provider,
          client,
          request: endpoint.request(request),
          body,
          parseErrorBody: ChatErrors.parseErrorBody,
          contentType: "text/event-stream",
          secrets: endpoint.secrets,
          timeouts: endpoint.timeouts
        },
        () =>
          ChatDecoder.bodyDecoder(
            endpoint.provider,
            (json) =>
              decodeChunk(json, request),
            endpoint.maxEventSize,
            endpoint.unsaid
          )
      ),
    request.model
  )

/** Applies the user's transform to a client. */
export const transformed = (client: HttpClient.HttpClient, options: ClientOptions): HttpClient.HttpClient =>
  (options.transformClient ?? identity)(client)

/** Sets a bearer token when a key is configured. */
export const withBearer =
  (apiKey: Redacted.Redacted | undefined) =>
  (request: HttpClientRequest.HttpClientRequest): HttpClientRequest.HttpClientRequest =>
    apiKey === undefined
      ? request
      : HttpClientRequest.setHeader(request, "authorization", `Bearer ${Redacted.value(apiKey)}`)

/** Joins a base URL and a path without doubling or dropping the slash. */
export const joinUrl = (base: string, path: string): string => `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`

/** Accept header for event streams. */
export const acceptEventStream = HttpClientRequest.setHeader("accept", "text/event-stream")
