/**
 * The HTTP exchange of every provider: send the request, turn an error status (or a body that is not the
 * expected stream) into a `ProviderError`, and hand the body's bytes, decoded and batched, to the
 * provider's body decoder.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import { identity } from "effect/Function"
import * as Headers from "effect/http/Headers"
import type * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import * as BodyDecoder from "../framing/BodyDecoder.js"
import * as ProviderError from "../ProviderError.js"
import * as StreamStart from "../stream/StreamStart.js"
import * as Body from "./Body.js"
import * as ContentEncoding from "./ContentEncoding.js"
import * as FetchGuard from "./FetchGuard.js"
import * as HttpErrors from "./HttpErrors.js"
import * as JsonBody from "./JsonBody.js"
import * as NodeBody from "./NodeBody.js"
import * as Redirects from "./Redirects.js"
import * as RequestChecks from "./RequestChecks.js"
import type * as Secrets from "./Secrets.js"
import * as ServerAddress from "./ServerAddress.js"
import * as StreamRetry from "./StreamRetry.js"

/**
 * The redacted header names in context with the credential ones (`HttpErrors.credentialHeaderNames`) added, so
 * that spans and logs never hold them; each list is extended once.
 */
const withSecretHeaderNames = (() => {
  const extended = new WeakMap<ReadonlyArray<string | RegExp>, ReadonlyArray<string | RegExp>>()
  return (names: ReadonlyArray<string | RegExp>): ReadonlyArray<string | RegExp> => {
    let merged = extended.get(names)
    if (merged === undefined) {
      merged = [...names, ...HttpErrors.credentialHeaderNames]
      extended.set(names, merged)
    }
    return merged
  }
})()

/** A request's context with the credential headers redacted (`withSecretHeaderNames`). */
const redactingSecrets = <R>(context: Context.Context<R>): Context.Context<R> =>
  Context.add(
    context,
    Headers.CurrentRedactedNames,
    withSecretHeaderNames(Context.get(context, Headers.CurrentRedactedNames))
  )

/** `redactingSecrets`, and the client's span and trace headers left out (`Tracer.DisablePropagation`). */
const untraced = <R>(context: Context.Context<R>): Context.Context<R> =>
  Context.add(redactingSecrets(context), Tracer.DisablePropagation, true)

/**
 * How long a call may wait: for the response to begin (`firstByte`), between two pieces of its body (`idle`), for
 * its first content (`firstContent`: keep-alives and metadata do not count) and for the whole stream (`total`, no
 * deadline by default). Each ends the stream with a `TransportError` whose `timeout` says which.
 */
export interface Timeouts {
  readonly firstByte?: Duration.Input | undefined
  readonly idle?: Duration.Input | undefined
  readonly firstContent?: Duration.Input | undefined
  readonly total?: Duration.Input | undefined
}

/** Generous defaults that end a hung connection without cutting legitimate long silences short. */
const defaultTimeouts = {
  firstByte: Duration.minutes(2),
  idle: Duration.minutes(10),
  firstContent: Duration.minutes(10)
} as const

/**
 * A body neither web nor Node (an in-memory client's) under the same timeouts as `Body.fromWebBody`: each pull waits
 * at most the idle timeout, or less when the deadline comes first.
 */
const withTimeouts = (
  stream: Stream.Stream<Uint8Array, ProviderError.ProviderError>,
  idleMillis: number,
  onIdle: () => ProviderError.ProviderError,
  deadline: Body.Deadline<ProviderError.ProviderError>
): Stream.Stream<Uint8Array, ProviderError.ProviderError> =>
  Stream.transformPull(stream, (upstream) =>
    Effect.sync(() => {
      const idle: Body.Wait<ProviderError.ProviderError> = [idleMillis, onIdle]
      return Effect.suspend(() => {
        const [wait, onTimeout] = Body.nextWait(idle, deadline)
        return wait === 0
          ? Effect.fail(onTimeout())
          : Effect.timeoutOrElse(upstream, { duration: Duration.millis(wait), orElse: () => Effect.fail(onTimeout()) })
      })
    }))

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
 * Whether a body's first bytes show it is not a stream (a JSON object or array, an HTML page): no stream begins so,
 * an SSE line with a field's name or a colon, an event-stream frame with its length's first byte (0 below 16 MiB).
 */
const looksLikeDocument = (piece: Uint8Array): boolean | undefined => {
  for (const byte of piece) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue
    return byte === 0x7b || byte === 0x5b || byte === 0x3c
  }
  return undefined
}

/**
 * A body without a content type, or with the stream's: a stream unless its first bytes show a document, which is
 * then read and reported as an unexpected response instead of being framed (a proxy's JSON error or page sent as
 * `text/event-stream` was no event at all, and so a truncated stream).
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

/** What `streamResponse` is given: the client, the request, how to read an error body, the stream's media type. */
export interface Options<E> {
  readonly provider: string
  readonly client: HttpClient.HttpClient.With<E>
  readonly request: HttpClientRequest.HttpClientRequest
  /** The request's JSON body, written here for every provider (`JsonBody`); none for a `GET`. */
  readonly body?: Record<string, unknown> | undefined
  readonly parseErrorBody: HttpErrors.ErrorBodyParser
  /** The media type of the stream: `text/event-stream`, `application/vnd.amazon.eventstream`. */
  readonly contentType: string
  readonly secrets?: Secrets.Secrets | undefined
  readonly timeouts?: Timeouts | undefined
}

/** Makes the decoder of a successful response's body, fresh for each response: a provider's framing and events. */
type DecoderOf<A> = (response: HttpClientResponse.HttpClientResponse) => BodyDecoder.BodyDecoder<A>

/** What every error of a call goes through: the client's secrets taken out (`identity` without secrets). */
type Scrub = (error: ProviderError.ProviderError) => ProviderError.ProviderError

/** The timeouts of one call, with the defaults filled in. */
interface Limits {
  readonly firstContent: Duration.Duration
  readonly firstContentMillis: number
  readonly firstByte: Duration.Duration
  readonly firstByteMillis: number
  readonly firstByteKind: "first-byte" | "first-content"
  readonly idle: Duration.Duration
  readonly idleMillis: number
  readonly total: Duration.Input | undefined
}

const limitsOf = (timeouts: Timeouts | undefined): Limits => {
  const firstContent = Duration.fromInputUnsafe(timeouts?.firstContent ?? defaultTimeouts.firstContent)
  // The first content cannot come before the response: the wait for it is bounded by both.
  const firstByteAsked = Duration.fromInputUnsafe(timeouts?.firstByte ?? defaultTimeouts.firstByte)
  const firstByteFirst = !Duration.isLessThan(firstContent, firstByteAsked)
  const idle = Duration.fromInputUnsafe(timeouts?.idle ?? defaultTimeouts.idle)
  return {
    firstContent,
    firstContentMillis: Duration.toMillis(firstContent),
    firstByte: firstByteFirst ? firstByteAsked : firstContent,
    firstByteMillis: Duration.toMillis(firstByteFirst ? firstByteAsked : firstContent),
    firstByteKind: firstByteFirst ? "first-byte" : "first-content",
    idle,
    idleMillis: Duration.toMillis(idle),
    total: timeouts?.total
  }
}

/** The limits of a call given no timeouts (most are), made once rather than per call. */
const defaultLimits = limitsOf(undefined)

/**
 * The header `name` of `response`: read from the web response under it when there is one (`web`), for Effect's
 * `response.headers` copies every header, a web response's sorted, each time it is read.
 */
const headerOf = (
  response: HttpClientResponse.HttpClientResponse,
  web: Response | undefined,
  name: string
): string | undefined => web === undefined ? response.headers[name] : web.headers.get(name) ?? undefined

/**
 * Reads the body of `response` (`web`'s when it is a web response) as decoded, batched bytes, under the idle timeout
 * and `deadline`.
 */
const bodyBytes = (
  provider: string,
  request: HttpClientRequest.HttpClientRequest,
  response: HttpClientResponse.HttpClientResponse,
  web: Response | undefined,
  limits: Limits,
  deadline: Body.Deadline<ProviderError.ProviderError>,
  cut: () => void
): Stream.Stream<Uint8Array, ProviderError.ProviderError> => {
  const { idle, idleMillis } = limits
  const onIdle = () => HttpErrors.timeoutError(provider, "idle", idle)
  const read: Body.ReadOptions<ProviderError.ProviderError> = {
    idle,
    deadline,
    onIdle,
    onCut: cut,
    onError: (cause) => {
      const message = HttpErrors.causeMessage(cause)
      return new ProviderError.TransportError({
        provider,
        message: `${provider}: the connection failed while reading the response${
          message === undefined ? "" : `: ${message}`
        }`
      })
    }
  }
  const body = web?.body ?? undefined
  const node = body === undefined ? NodeBody.nodeBody(response) : undefined
  const bytes = body !== undefined
    ? Body.fromWebBody(body, read)
    : node !== undefined
    ? NodeBody.fromNodeBody(response, node, read)
    : response.stream.pipe(
      Stream.mapError((error) => HttpErrors.transportError(provider, request, error)),
      (stream) => withTimeouts(stream, idleMillis, onIdle, deadline)
    )
  const encoding = headerOf(response, web, "content-encoding")
  return ContentEncoding.decode(provider, encoding, body !== undefined, bytes, idle, deadline)
}

/** Reads the start of a body and fails with the error `error` makes of it. */
const failWith = <A>(
  bytes: Stream.Stream<Uint8Array, ProviderError.ProviderError>,
  error: (text: string) => ProviderError.ProviderError,
  scrub: Scrub
): Stream.Stream<A, ProviderError.ProviderError> =>
  Stream.fromEffect(Effect.flatMap(readPrefix(bytes), (text) => Effect.fail(scrub(error(text)))))

/**
 * Streams what `decoderOf`'s decoder makes of a response with a successful status and the expected media type, else
 * fails with the error its status or body shows; every error through `scrub`. `startedAt` is when the request was
 * sent.
 */
const fromResponse = <A, E>(
  options: Options<E>,
  limits: Limits,
  decoderOf: DecoderOf<A>,
  scrub: Scrub,
  request: HttpClientRequest.HttpClientRequest,
  response: HttpClientResponse.HttpClientResponse,
  cut: () => void,
  startedAt: number
): Stream.Stream<A, ProviderError.ProviderError> => {
  const { contentType, parseErrorBody, provider } = options
  // Until an element carries content, every read of the body must also meet the first content's deadline
  // (counted from the request): a stream of keep-alives alone never goes idle.
  let firstContentAt: number | undefined = startedAt + limits.firstContentMillis
  const onDeadline = () => HttpErrors.timeoutError(provider, "first-content", limits.firstContent)
  const web = Body.webResponse(response)
  const bytes = bodyBytes(provider, request, response, web, limits, { at: () => firstContentAt, onDeadline }, cut)
  // The body's decoding looks at its start and takes the secrets out of its errors, in the one stage it is.
  const decoded = (bytes: Stream.Stream<Uint8Array, ProviderError.ProviderError>) =>
    BodyDecoder.decodeBody(() => decoderOf(response), {
      watch: (elements) => {
        if (!elements.some(StreamRetry.carriesContent)) return false
        firstContentAt = undefined
        return true
      },
      mapError: scrub
    })(bytes)
  // The redirect's body is read (up to 64 KiB, as an error body) so that every client releases the connection.
  if (response.status >= 300 && response.status < 400) {
    return failWith(bytes, () => Redirects.redirectError(provider, request, response), scrub)
  }
  if (response.status < 200) {
    return failWith(bytes, () => HttpErrors.informationalAnswer(provider, request, response.status), scrub)
  }
  if (response.status < 200 || response.status >= 300) {
    const parse = (text: string) => parseErrorBody(text, response.headers)
    return failWith(bytes, (text) => HttpErrors.statusError(provider, response, text, parse), scrub)
  }
  const unexpected = (text: string) => HttpErrors.unexpectedBody(provider, response, contentType, text, parseErrorBody)
  const mediaType = mediaTypeOf(headerOf(response, web, "content-type"))
  return mediaType === undefined || mediaType === contentType
    ? decoded(sniffed(bytes, unexpected))
    : failWith(bytes, unexpected, scrub)
}

/**
 * `self`, failing with `onTimeout()` when it has not ended within `millis` (it is then interrupted). One fiber is
 * forked and one timer set; `Effect.timeoutOrElse` races two fibers, one of them a `sleep`, for every request.
 */
const within = <A, E, R>(self: Effect.Effect<A, E, R>, millis: number, onTimeout: () => E): Effect.Effect<A, E, R> =>
  // A timer cannot wait 2^31 ms or more (Node fires it at once): so long a limit is none.
  millis >= 2 ** 31 - 1 ?
    self :
    Effect.flatMap(Effect.forkChild(self, { startImmediately: true }), (fiber) =>
      Effect.callback<A, E>((resume) => {
        const timer = setTimeout(() => resume(Effect.andThen(Fiber.interrupt(fiber), Effect.fail(onTimeout()))), millis)
        const stopObserving = fiber.addObserver((exit) => {
          clearTimeout(timer)
          resume(exit)
        })
        return Effect.suspend(() => {
          clearTimeout(timer)
          stopObserving()
          return Fiber.interrupt(fiber)
        })
      }))

/** Sends `request` and streams the response, failing when it does not begin within `firstByte`. */
const exchange = <A, E extends HttpClientError.HttpClientError | ProviderError.ProviderError>(
  options: Options<E>,
  limits: Limits,
  request: HttpClientRequest.HttpClientRequest,
  decoderOf: DecoderOf<A>,
  scrub: Scrub
): Stream.Stream<A, ProviderError.ProviderError> => {
  const { provider, secrets } = options
  const { firstByte, firstByteKind } = limits
  const execute = options.client.execute(request)
  const onTimeout = () => scrub(HttpErrors.timeoutError(provider, firstByteKind, firstByte))
  let startedAt = 0
  return Effect.withFiber((fiber) => {
    startedAt = Date.now()
    // The call's observer, if any, hears where the request goes (`server.address`, `server.port`).
    fiber.getRef(ServerAddress.Listener)?.(request.url)
    // Under Effect's native tracer, which exports nothing, the request goes without the client's span, and so
    // without a tracer of its own to take the secrets out of its spans' attributes.
    const traced = fiber.getRef(Tracer.Tracer) !== Tracer.nativeTracer
    // The connection lives as long as the body's reader (Body); not `HttpClient.withScope`, whose abort on every
    // call's end costs a `DOMException` each time. Under fetch the body is released with the scope (`FetchGuard`).
    const guarded = FetchGuard.guarded(execute, traced ? redactingSecrets : untraced)
    return traced && secrets !== undefined ? secrets.scrubbedSpans(guarded) : guarded
  }).pipe(
    Effect.mapError((error: HttpClientError.HttpClientError | ProviderError.ProviderError) =>
      scrub(HttpClientError.isHttpClientError(error) ? HttpErrors.transportError(provider, request, error) : error)
    ),
    (sent) => within(sent, limits.firstByteMillis, onTimeout),
    Effect.map(([response, cut]) => fromResponse(options, limits, decoderOf, scrub, request, response, cut, startedAt)),
    StreamStart.unwrapScoped
  )
}

/** `request` with `body` as its JSON text (`JsonBody`), or why the body cannot be written (a `BigInt`, a cycle). */
const withBody = (
  request: HttpClientRequest.HttpClientRequest,
  body: Record<string, unknown> | undefined
): HttpClientRequest.HttpClientRequest | string => {
  if (body === undefined) return request
  try {
    return HttpClientRequest.bodyText(request, JsonBody.write(body), "application/json")
  } catch (cause) {
    return `the request cannot be written as JSON (${
      cause instanceof Error ? cause.message : "a value JSON cannot hold"
    }): every value sent is a string, number, boolean, null, array or plain object`
  }
}

/**
 * Sends `request` and streams what `decoderOf`'s decoder makes of a successful response; an error status, or a body
 * that is not the expected stream (`contentType`), becomes a `ProviderError` built from the body. Every secret the
 * client holds is removed from every error: where each error is made, not by a stage after the stream (two Effect
 * steps in every pull).
 */
export const streamResponse = <A, E extends HttpClientError.HttpClientError | ProviderError.ProviderError>(
  options: Options<E>,
  decoderOf: DecoderOf<A>
): Stream.Stream<A, ProviderError.ProviderError> => {
  const { provider, secrets } = options
  const scrub: Scrub = secrets === undefined ? identity : (error) => secrets.scrubError(error)
  const written = withBody(HttpClientRequest.setHeader(options.request, "accept-encoding", "identity"), options.body)
  if (typeof written === "string") {
    return Stream.fail(scrub(new ProviderError.InvalidRequestError({ provider, message: `${provider}: ${written}` })))
  }
  const request = written
  const limits = options.timeouts === undefined ? defaultLimits : limitsOf(options.timeouts)
  // Nothing is sent that a client would reject as a connection error, or resolve to another path.
  const problem = RequestChecks.problem(request.url, request.headers)
  const checked = problem === undefined
    ? exchange(options, limits, request, decoderOf, scrub)
    : Stream.fail(scrub(new ProviderError.InvalidRequestError({ provider, message: `${provider}: ${problem}` })))
  const total = limits.total
  return total === undefined ? checked : Stream.interruptWhen(
    checked,
    Effect.flatMap(Effect.sleep(total), () => Effect.fail(scrub(HttpErrors.timeoutError(provider, "total", total))))
  )
}
