/**
 * The HTTP side of every provider: send the request, turn an error status into a `ProviderError`, and
 * hand the body bytes to the provider's framing and decoding. Also the decoding stage shared by all
 * providers: events in, chunks out, with terminator and truncation handling.
 *
 * @internal
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Cause from "effect/Cause"
import type * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as ProviderError from "../ProviderError.js"
import * as Body from "./Body.js"
import * as Sse from "./Sse.js"
import * as Transducer from "./Transducer.js"

/** Header names that carry secrets; they are redacted from spans and logs. */
export const secretHeaderNames: ReadonlyArray<string> = [
  "authorization",
  "x-api-key",
  "api-key",
  "x-amz-security-token"
]

const requestIdHeaders = ["x-request-id", "request-id", "x-amzn-requestid", "apim-request-id"]

/** @internal */
export const requestIdOf = (headers: Readonly<Record<string, string | undefined>>): string | undefined => {
  for (const name of requestIdHeaders) {
    const value = headers[name]
    if (value !== undefined && value !== "") return value
  }
  return undefined
}

/** What a provider reads out of an error body: its message and error type. */
export interface ErrorBody {
  readonly message?: string | undefined
  readonly errorType?: string | undefined
  /** A status the body names itself (Groq's `status_code`). */
  readonly status?: number | undefined
}

/** @internal */
export const transportError = (
  provider: string,
  request: HttpClientRequest.HttpClientRequest,
  error: HttpClientError.HttpClientError
): ProviderError.TransportError => {
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ""
  let where = request.url
  try {
    const url = new URL(request.url)
    where = `${url.origin}${url.pathname}`
  } catch {
    // a relative or invalid URL is reported as it is
  }
  return new ProviderError.TransportError({
    provider,
    message: error._tag === "RequestError"
      ? `${provider}: could not send the request to ${where} (${error.reason})${cause}`
      : `${provider}: the connection failed while reading the response from ${where}${cause}`
  })
}

/** Builds the `ProviderError` for a response with an error status. */
export const statusError = (
  provider: string,
  response: HttpClientResponse.HttpClientResponse,
  bodyText: string,
  parseBody: (text: string) => ErrorBody
): ProviderError.ProviderError => {
  const body = parseBody(bodyText)
  const headers = response.headers
  return ProviderError.fromReport({
    provider,
    status: response.status,
    message: body.message ?? (bodyText.trim() === "" ? undefined : ProviderError.truncateRaw(bodyText.trim())),
    errorType: body.errorType,
    requestId: requestIdOf(headers),
    retryAfterMillis: ProviderError.retryAfterMillisFromHeaders(headers),
    shouldRetry: ProviderError.shouldRetryFromHeaders(headers)
  })
}

/**
 * How long a call may wait: for the response to begin (`firstByte`) and between two pieces of its body
 * (`idle`). Each ends the stream with a `TransportError` whose `timeout` says which.
 */
export interface Timeouts {
  readonly firstByte?: Duration.DurationInput | undefined
  readonly idle?: Duration.DurationInput | undefined
}

/** Generous defaults that end a hung connection without cutting legitimate long silences short. */
export const defaultTimeouts = { firstByte: Duration.minutes(2), idle: Duration.minutes(10) } as const

const timeoutError = (provider: string, kind: "first-byte" | "idle", duration: Duration.DurationInput) =>
  new ProviderError.TransportError({
    provider,
    timeout: kind,
    message: kind === "first-byte"
      ? `${provider}: no response within ${
        Duration.format(duration)
      }; raise timeouts.firstByte if the provider is slow to start`
      : `${provider}: the stream was silent for ${
        Duration.format(duration)
      }; raise timeouts.idle for providers with long pauses`
  })

const isHttpClientError = (error: unknown): error is HttpClientError.HttpClientError =>
  typeof error === "object" && error !== null && "_tag" in error &&
  (error._tag === "RequestError" || error._tag === "ResponseError")

/**
 * Sends `request` and streams what `body` makes of a successful response. The connection lives as long
 * as the stream: it is closed when the stream ends, fails or is interrupted. An error status becomes a
 * `ProviderError` built from the error body.
 */
export const streamResponse = <A>(
  options: {
    readonly provider: string
    readonly client: HttpClient.HttpClient.With<HttpClientError.HttpClientError | ProviderError.ProviderError>
    readonly request: HttpClientRequest.HttpClientRequest
    readonly parseErrorBody: (text: string, headers: Readonly<Record<string, string | undefined>>) => ErrorBody
    readonly timeouts?: Timeouts | undefined
  },
  body: (
    response: HttpClientResponse.HttpClientResponse,
    bytes: Stream.Stream<Uint8Array, ProviderError.ProviderError>
  ) => Stream.Stream<A, ProviderError.ProviderError>
): Stream.Stream<A, ProviderError.ProviderError> => {
  const { client, parseErrorBody, provider, request } = options
  const firstByte = options.timeouts?.firstByte ?? defaultTimeouts.firstByte
  const idle = options.timeouts?.idle ?? defaultTimeouts.idle
  return HttpClient.withScope(client).execute(request).pipe(
    Effect.locallyWith(Headers.currentRedactedNames, (names) => [...names, ...secretHeaderNames]),
    Effect.mapError((error) => isHttpClientError(error) ? transportError(provider, request, error) : error),
    Effect.timeoutFail({ duration: firstByte, onTimeout: () => timeoutError(provider, "first-byte", firstByte) }),
    Effect.flatMap((response) =>
      response.status >= 200 && response.status < 300
        ? Effect.succeed(
          body(
            response,
            Body.stream(response, {
              idle: Duration.decode(idle),
              onIdle: () => timeoutError(provider, "idle", idle),
              onError: (cause) =>
                new ProviderError.TransportError({
                  provider,
                  message: `${provider}: the connection failed while reading the response${
                    cause instanceof Error ? `: ${cause.message}` : ""
                  }`
                }),
              fallback: response.stream.pipe(
                Stream.mapError((error) => transportError(provider, request, error)),
                Stream.timeoutFailCause(() => Cause.fail(timeoutError(provider, "idle", idle)), idle)
              )
            })
          )
        )
        : response.text.pipe(
          Effect.orElseSucceed(() => ""),
          Effect.flatMap((text) =>
            Effect.fail(statusError(provider, response, text, (text) => parseErrorBody(text, response.headers)))
          )
        )
    ),
    Stream.unwrapScoped
  )
}

/** What a provider's decoder makes of one event. */
export type Decoded<C> = C | typeof skip | typeof done | Failure

/** The event carries nothing for the user (keep-alive, unknown event type). */
export const skip: unique symbol = Symbol.for("effect-llm-stream/internal/skip")

/** The event is the provider's end-of-stream marker. */
export const done: unique symbol = Symbol.for("effect-llm-stream/internal/done")

/** The event is an error: the stream fails with it after the chunks before it. */
export class Failure {
  constructor(readonly error: ProviderError.ProviderError) {}
}

/** A provider's event decoder, fresh for each stream. */
export interface EventDecoder<Ev, C> {
  readonly decode: (event: Ev) => Decoded<C>
  /**
   * Whether the stream is complete after the chunk just decoded, for providers whose end-of-stream
   * marker is itself a chunk (Anthropic's `message_stop`) or a state (Bedrock's `messageStop` followed by
   * `metadata`). Without it, only a `done` result ends the stream.
   */
  readonly complete?: (() => boolean) | undefined
}

/**
 * Decodes events into chunks: skips keep-alives, ends at the terminator (without waiting for the
 * connection to close), fails on an error event after the chunks before it, and reports a body that
 * ends before its terminator as a truncated stream.
 */
export const decodeEvents = <Ev, C>(provider: string, makeDecoder: () => EventDecoder<Ev, C>) =>
  Transducer.transduce<Ev, C, ProviderError.ProviderError>(() => {
    const decoder = makeDecoder()
    const complete = decoder.complete
    return {
      push: (events: Chunk.Chunk<Ev>) => {
        const out: Array<C> = []
        for (const event of events) {
          const result = decoder.decode(event)
          if (result === skip) continue
          if (result === done) return { out, next: "done" }
          if (result instanceof Failure) return { out, next: "fail", error: result.error }
          out.push(result)
          if (complete !== undefined && complete()) return { out, next: "done" }
        }
        return { out, next: "continue" }
      },
      end: () => ({
        out: [],
        next: "fail",
        error: new ProviderError.TruncatedStreamError({
          provider,
          message: `${provider}: the response ended before the end-of-stream marker; the output is incomplete`
        })
      })
    }
  })

/** Streams one SSE call: HTTP, framing and event decoding. */
export const streamSse = <C>(options: {
  readonly provider: string
  readonly client: HttpClient.HttpClient
  readonly request: HttpClientRequest.HttpClientRequest
  readonly parseErrorBody: (text: string) => ErrorBody
  readonly maxEventSize?: number | undefined
  readonly timeouts?: Timeouts | undefined
  readonly decoder: () => EventDecoder<Sse.Event, C>
}): Stream.Stream<C, ProviderError.ProviderError> =>
  streamResponse(options, (_, bytes) =>
    bytes.pipe(
      sseEvents(options.provider, options.maxEventSize),
      decodeEvents(options.provider, options.decoder)
    ))

/** Server-sent events of a response body, with an oversized event reported as a malformed payload. */
export const sseEvents = (provider: string, maxEventSize: number | undefined) =>
<R>(
  bytes: Stream.Stream<Uint8Array, ProviderError.ProviderError, R>
): Stream.Stream<Sse.Event, ProviderError.ProviderError, R> =>
  bytes.pipe(
    Sse.decode({ maxEventSize }),
    Stream.mapError((error) =>
      error instanceof Sse.EventTooLargeError
        ? new ProviderError.MalformedPayloadError({
          provider,
          message: `${provider}: ${error.message}; raise maxEventSize if this provider legitimately sends such events`,
          raw: error.excerpt
        })
        : error
    )
  )

/** A malformed-payload failure for an event whose text could not be decoded. */
export const malformed = (provider: string, what: string, raw: string): Failure =>
  new Failure(
    new ProviderError.MalformedPayloadError({
      provider,
      message: `${provider}: ${what}`,
      raw: ProviderError.truncateRaw(raw)
    })
  )

/** What `parseJson` returns for text that is not JSON. */
export const invalidJson: unique symbol = Symbol.for("effect-llm-stream/internal/invalidJson")

/** Parses JSON, or returns `invalidJson` (without allocating a wrapper per value on the hot path). */
export const parseJson = (text: string): unknown | typeof invalidJson => {
  try {
    return JSON.parse(text)
  } catch {
    return invalidJson
  }
}
