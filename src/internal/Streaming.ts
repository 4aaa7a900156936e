/**
 * The HTTP side of every provider: send the request, turn an error status into a `ProviderError`, and
 * hand the body bytes to the provider's body decoder, in one synchronous stage.
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
import * as ProviderError from "../ProviderError.js"
import * as Body from "./Body.js"
import * as BodyDecoder from "./BodyDecoder.js"
import * as ContentEncoding from "./ContentEncoding.js"
import * as Secrets from "./Secrets.js"
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
/**
 * What actually went wrong under an error: the message of the deepest `cause` (fetch wraps
 * `connect ECONNREFUSED 127.0.0.1:9` in a `TypeError: fetch failed`), and of every error of an
 * `AggregateError` (one per address tried).
 */
export const causeMessage = (cause: unknown): string | undefined => {
  let deepest: string | undefined
  for (let current = cause, depth = 0; current instanceof Error && depth < 16; depth++) {
    if (current instanceof AggregateError && current.errors.length > 0) {
      const messages = current.errors.map(causeMessage).filter((message) => message !== undefined)
      if (messages.length > 0) return [...new Set(messages)].join("; ")
    }
    if (current.message !== "") deepest = current.message
    current = current.cause
  }
  return deepest
}

export const transportError = (
  provider: string,
  request: HttpClientRequest.HttpClientRequest,
  error: HttpClientError.HttpClientError
): ProviderError.TransportError => {
  const message = causeMessage(error.cause)
  const cause = message === undefined ? "" : `: ${message}`
  let where = request.url
  try {
    const url = new URL(request.url)
    where = `${url.origin}${url.pathname}`
  } catch {
    // a relative or invalid URL is reported as it is
  }
  const reason = error.reason._tag
  const requestSide = reason === "TransportError" || reason === "EncodeError" || reason === "InvalidUrlError"
  return new ProviderError.TransportError({
    provider,
    message: requestSide
      ? `${provider}: could not send the request to ${where} (${reason})${cause}`
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
  readonly firstByte?: Duration.Input | undefined
  readonly idle?: Duration.Input | undefined
}

/** Generous defaults that end a hung connection without cutting legitimate long silences short. */
export const defaultTimeouts = { firstByte: Duration.minutes(2), idle: Duration.minutes(10) } as const

const timeoutError = (provider: string, kind: "first-byte" | "idle", duration: Duration.Input) =>
  new ProviderError.TransportError({
    provider,
    timeout: kind,
    message: kind === "first-byte"
      ? `${provider}: no response within ${
        Duration.format(Duration.fromInputUnsafe(duration))
      }; raise timeouts.firstByte if the provider is slow to start`
      : `${provider}: the stream was silent for ${
        Duration.format(Duration.fromInputUnsafe(duration))
      }; raise timeouts.idle for providers with long pauses`
  })

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

/**
 * The error for a successful status whose body is not the expected stream: a JSON error body (a proxy's,
 * or a provider's with status 200) is mapped as the same body with its error status would be; anything
 * else is a `MalformedPayloadError` naming the status, the content type and the first bytes.
 */
const unexpectedBody = (
  provider: string,
  response: HttpClientResponse.HttpClientResponse,
  expected: string,
  text: string,
  parseErrorBody: (text: string, headers: Readonly<Record<string, string | undefined>>) => ErrorBody
): ProviderError.ProviderError => {
  const trimmed = text.trim()
  const headers = response.headers
  if (trimmed.startsWith("{") && parseJson(trimmed) !== invalidJson) {
    const body = parseErrorBody(trimmed, headers)
    if (body.message !== undefined || body.errorType !== undefined) {
      return ProviderError.fromReport({
        provider,
        status: body.status,
        message: body.message,
        errorType: body.errorType,
        requestId: requestIdOf(headers),
        retryAfterMillis: ProviderError.retryAfterMillisFromHeaders(headers),
        shouldRetry: ProviderError.shouldRetryFromHeaders(headers)
      })
    }
  }
  const contentType = headers["content-type"]
  const excerpt = trimmed.slice(0, 200).replace(/\s+/g, " ")
  return new ProviderError.MalformedPayloadError({
    provider,
    status: response.status,
    message: `${provider}: expected an event stream (${expected}) but the response (HTTP ${response.status}) is ${
      contentType === undefined ? "without a content type" : contentType
    }; it begins: ${excerpt === "" ? "(empty)" : excerpt}`,
    raw: ProviderError.truncateRaw(trimmed)
  })
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
    readonly parseErrorBody: (text: string, headers: Readonly<Record<string, string | undefined>>) => ErrorBody
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
        onIdle: () => timeoutError(provider, "idle", idle),
        onError: (cause) => {
          const message = causeMessage(cause)
          return new ProviderError.TransportError({
            provider,
            message: `${provider}: the connection failed while reading the response${
              message === undefined ? "" : `: ${message}`
            }`
          })
        },
        fallback: response.stream.pipe(
          Stream.mapError((error) => transportError(provider, request, error)),
          Stream.timeoutOrElse({ duration: idle, orElse: () => Stream.fail(timeoutError(provider, "idle", idle)) })
        )
      }),
      idle
    )
  const failWith = (
    bytes: Stream.Stream<Uint8Array, ProviderError.ProviderError>,
    error: (text: string) => ProviderError.ProviderError
  ) => Stream.fromEffect(Effect.flatMap(readPrefix(bytes), (text) => Effect.fail(error(text))))
  return HttpClient.withScope(client).execute(request).pipe(
    Effect.updateService(Headers.CurrentRedactedNames, (names) => [...names, ...secretHeaderNames]),
    Effect.mapError((
      error: HttpClientError.HttpClientError | ProviderError.ProviderError
    ): ProviderError.ProviderError =>
      HttpClientError.isHttpClientError(error) ? transportError(provider, request, error) : error
    ),
    Effect.timeoutOrElse({
      duration: firstByte,
      orElse: () => Effect.fail(timeoutError(provider, "first-byte", firstByte))
    }),
    Effect.map((response): Stream.Stream<A, ProviderError.ProviderError> => {
      const bytes = bodyOf(response)
      const parse = (text: string) => parseErrorBody(text, response.headers)
      if (response.status < 200 || response.status >= 300) {
        return failWith(bytes, (text) => statusError(provider, response, text, parse))
      }
      const unexpected = (text: string) => unexpectedBody(provider, response, contentType, text, parseErrorBody)
      const mediaType = mediaTypeOf(response.headers["content-type"])
      if (mediaType === undefined) return body(response, sniffed(bytes, unexpected))
      return mediaType === contentType ? body(response, bytes) : failWith(bytes, unexpected)
    }),
    Stream.unwrap,
    Stream.mapError((error) => secrets === undefined ? error : secrets.scrubError(error))
  )
}

/** The failure of an SSE event larger than the bound. */
const eventTooLarge = (provider: string, error: Sse.EventTooLargeError): ProviderError.MalformedPayloadError =>
  new ProviderError.MalformedPayloadError({
    provider,
    message: `${provider}: ${error.message}; raise maxEventSize if this provider legitimately sends such events`,
    raw: error.excerpt
  })

/** SSE framing of a response body, with an oversized event reported as a malformed payload. */
export const sseFramer = (provider: string, maxEventSize: number | undefined): BodyDecoder.Framer<Sse.Event> => {
  const parser = new Sse.Parser(maxEventSize)
  return {
    push: (piece, out) => {
      const error = parser.push(piece, out)
      return error === undefined ? undefined : eventTooLarge(provider, error)
    },
    end: (out) => {
      const error = parser.end(out)
      return error === undefined ? undefined : eventTooLarge(provider, error)
    }
  }
}

/** The body decoder of an SSE provider. */
export const sseBody = <C>(
  provider: string,
  maxEventSize: number | undefined,
  decoder: BodyDecoder.EventDecoder<Sse.Event, C>
): BodyDecoder.BodyDecoder<C> => BodyDecoder.make(provider, sseFramer(provider, maxEventSize), decoder)

/**
 * Decodes a response body with a fresh `BodyDecoder`, one network piece at a time in a single
 * synchronous stage: the stream ends at the end-of-stream marker (without waiting for the connection to
 * close) and fails after emitting every chunk before a failure.
 */
export const decodeBody = <C>(makeDecoder: () => BodyDecoder.BodyDecoder<C>) =>
  Transducer.transduce<Uint8Array, C, ProviderError.ProviderError>(() => {
    const decoder = makeDecoder()
    const step = (out: Array<C>, status: BodyDecoder.Status): Transducer.Step<C, ProviderError.ProviderError> =>
      status === undefined
        ? { out, next: "continue" }
        : status === BodyDecoder.complete
        ? { out, next: "done" }
        : { out, next: "fail", error: status }
    return {
      push: (pieces) => {
        const out: Array<C> = []
        for (const piece of pieces) {
          const status = decoder.push(piece, out)
          if (status !== undefined) return step(out, status)
        }
        return step(out, undefined)
      },
      end: () => {
        const out: Array<C> = []
        return step(out, decoder.end(out))
      }
    }
  })

/** A malformed-payload failure for an event whose text could not be decoded. */
export const malformed = (provider: string, what: string, raw: string): BodyDecoder.Failure =>
  new BodyDecoder.Failure(
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
