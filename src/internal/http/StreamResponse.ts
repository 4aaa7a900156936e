/**
 * The HTTP exchange of every provider: send the request, turn an error status (or a body that is not the
 * expected stream) into a `ProviderError`, and hand the body's bytes, decoded and batched, to the
 * provider's body decoder.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Stream from "effect/Stream"
import * as ProviderError from "../../ProviderError.js"
import * as Body from "./Body.js"
import * as ContentEncoding from "./ContentEncoding.js"
import * as HttpErrors from "./HttpErrors.js"
import type * as Secrets from "./Secrets.js"

/** Header names that carry secrets; they are redacted from spans and logs. */
const secretHeaderNames: ReadonlyArray<string> = [
  "authorization",
  "x-api-key",
  "x-goog-api-key",
  "api-key",
  "x-amz-security-token"
]

/** The redacted header names in context with the secret ones added; each list is extended once. */
const withSecretHeaderNames = (() => {
  const extended = new WeakMap<ReadonlyArray<string | RegExp>, ReadonlyArray<string | RegExp>>()
  return (names: ReadonlyArray<string | RegExp>): ReadonlyArray<string | RegExp> => {
    let merged = extended.get(names)
    if (merged === undefined) {
      merged = [...names, ...secretHeaderNames]
      extended.set(names, merged)
    }
    return merged
  }
})()

/**
 * How long a call may wait: for the response to begin (`firstByte`) and between two pieces of its body
 * (`idle`). Each ends the stream with a `TransportError` whose `timeout` says which.
 */
export interface Timeouts {
  readonly firstByte?: Duration.Input | undefined
  readonly idle?: Duration.Input | undefined
}

/** Generous defaults that end a hung connection without cutting legitimate long silences short. */
const defaultTimeouts = { firstByte: Duration.minutes(2), idle: Duration.minutes(10) } as const

/** The most of a body read to report an error or an unexpected response: error bodies are small. */
const maxErrorBodyBytes = 64 * 1024

/** The first `maxErrorBodyBytes` of a body as text; a body that breaks off gives what arrived. */
const readPrefix = (bytes: Stream.Stream<Uint8Array, ProviderError.ProviderError>): Effect.Effect<string> =>
  Effect.suspend(() => {
    const decoder = new TextDecoder()
    let text = ""
    let size = 0
    return bytes.pipe(
      Stream.takeUntil((piece) => (size += piece.length) >= maxErrorBodyBytes),
      Stream.runForEach((piece) => Effect.sync(() => (text += decoder.decode(piece, { stream: true })))),
      Effect.ignore,
      Effect.map(() => text + decoder.decode())
    )
  })

const mediaTypeOf = (contentType: string | undefined): string | undefined => {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase()
  return mediaType === "" ? undefined : mediaType
}

/** Whether a body's first bytes show it is not a stream (a JSON object or array, an HTML page). */
const looksLikeDocument = (piece: Uint8Array): boolean | undefined => {
  for (const byte of piece) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue
    return byte === 0x7b || byte === 0x5b || byte === 0x3c
  }
  return undefined
}

/**
 * A body without a content type: a stream unless its first bytes show a document, which is then read and
 * reported as an unexpected response instead of being framed.
 */
const sniffed = (
  bytes: Stream.Stream<Uint8Array, ProviderError.ProviderError>,
  onDocument: (text: string) => ProviderError.ProviderError
): Stream.Stream<Uint8Array, ProviderError.ProviderError> =>
  Stream.transformPull(bytes, (upstream) =>
    Effect.sync(() => {
      let decided = false
      return Effect.flatMap(upstream, (pieces) => {
        if (decided) return Effect.succeed(pieces)
        const verdict = looksLikeDocument(pieces[0])
        if (verdict === undefined) return Effect.succeed(pieces)
        decided = true
        if (!verdict) return Effect.succeed(pieces)
        return readPrefix(Stream.concat(Stream.fromArray(pieces), Stream.fromPull(Effect.succeed(upstream)))).pipe(
          Effect.flatMap((text) => Effect.fail(onDocument(text)))
        )
      })
    }))

/**
 * Sends `request` and streams what `body` makes of a successful response. The connection lives as long
 * as the stream: it is closed when the stream ends, fails or is interrupted. The request asks for an
 * uncompressed body (a compressed one is decoded); an error status becomes a `ProviderError` built from
 * the error body, and so does a successful status whose body is not the expected stream (`contentType`);
 * error bodies are read up to 64 KiB. Every secret the client holds is removed from every error.
 */
export const streamResponse = <A, E extends HttpClientError.HttpClientError | ProviderError.ProviderError>(
  options: {
    readonly provider: string
    readonly client: HttpClient.HttpClient.With<E>
    readonly request: HttpClientRequest.HttpClientRequest
    readonly parseErrorBody: HttpErrors.ErrorBodyParser
    /** The media type of the stream: `text/event-stream`, `application/vnd.amazon.eventstream`. */
    readonly contentType: string
    readonly secrets?: Secrets.Secrets | undefined
    readonly timeouts?: Timeouts | undefined
  },
  body: (
    response: HttpClientResponse.HttpClientResponse,
    bytes: Stream.Stream<Uint8Array, ProviderError.ProviderError>
  ) => Stream.Stream<A, ProviderError.ProviderError>
): Stream.Stream<A, ProviderError.ProviderError> => {
  const { client, contentType, parseErrorBody, provider, secrets } = options
  const request = HttpClientRequest.setHeader(options.request, "accept-encoding", "identity")
  const firstByte = options.timeouts?.firstByte ?? defaultTimeouts.firstByte
  const idle = Duration.fromInputUnsafe(options.timeouts?.idle ?? defaultTimeouts.idle)
  const bodyOf = (response: HttpClientResponse.HttpClientResponse) =>
    ContentEncoding.decode(
      provider,
      response.headers["content-encoding"],
      Body.webBody(response) !== undefined,
      Body.stream(response, {
        idle,
        onIdle: () => HttpErrors.timeoutError(provider, "idle", idle),
        onError: (cause) => {
          const message = HttpErrors.causeMessage(cause)
          return new ProviderError.TransportError({
            provider,
            message: `${provider}: the connection failed while reading the response${
              message === undefined ? "" : `: ${message}`
            }`
          })
        },
        fallback: () =>
          response.stream.pipe(
            Stream.mapError((error) => HttpErrors.transportError(provider, request, error)),
            Stream.timeoutOrElse({
              duration: idle,
              orElse: () => Stream.fail(HttpErrors.timeoutError(provider, "idle", idle))
            })
          )
      }),
      idle
    )
  const failWith = (
    bytes: Stream.Stream<Uint8Array, ProviderError.ProviderError>,
    error: (text: string) => ProviderError.ProviderError
  ) => Stream.fromEffect(Effect.flatMap(readPrefix(bytes), (text) => Effect.fail(error(text))))
  // The connection lives as long as the body's reader: reading it to its end, or cancelling the reader when the
  // stream stops early (Body), closes it; a call interrupted before its response aborts the request
  // (HttpClient). Not `HttpClient.withScope`: its abort on every call's end costs a `DOMException` each time.
  const exchange = client.execute(request).pipe(
    Effect.updateService(Headers.CurrentRedactedNames, withSecretHeaderNames),
    Effect.mapError((
      error: HttpClientError.HttpClientError | ProviderError.ProviderError
    ): ProviderError.ProviderError =>
      HttpClientError.isHttpClientError(error) ? HttpErrors.transportError(provider, request, error) : error
    ),
    Effect.timeoutOrElse({
      duration: firstByte,
      orElse: () => Effect.fail(HttpErrors.timeoutError(provider, "first-byte", firstByte))
    }),
    Effect.map((response): Stream.Stream<A, ProviderError.ProviderError> => {
      const bytes = bodyOf(response)
      const parse = (text: string) => parseErrorBody(text, response.headers)
      if (response.status < 200 || response.status >= 300) {
        return failWith(bytes, (text) => HttpErrors.statusError(provider, response, text, parse))
      }
      const unexpected = (text: string) =>
        HttpErrors.unexpectedBody(provider, response, contentType, text, parseErrorBody)
      const mediaType = mediaTypeOf(response.headers["content-type"])
      if (mediaType === undefined) return body(response, sniffed(bytes, unexpected))
      return mediaType === contentType ? body(response, bytes) : failWith(bytes, unexpected)
    }),
    Stream.unwrap
  )
  return secrets === undefined ? exchange : Stream.mapError(exchange, (error) => secrets.scrubError(error))
}
