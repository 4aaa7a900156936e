/**
 * Resumes the SSE response of an MCP request that breaks off before it ends (MCP 2025-11-25 and 2025-06-18,
 * basic/transports, "Resumability and Redelivery"): where the server gave its events ids, a GET to the endpoint with
 * `Last-Event-ID` (and the session) brings the events after that one, on the same stream. `effect/ai/McpClient`'s
 * transport reads a POST's SSE response itself and drops the events' ids (effect 4.1.0, `McpClient.http`: "retry
 * directives and event IDs are ignored"); this sits under it, in its HTTP client, so that the body it reads is the
 * POST's complete events, then the resumed ones. MCP 2026-07-28 streams are not resumable (its
 * basic/transports/streamable-http): its requests are left as they are.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Sse from "effect/encoding/Sse"
import * as HttpBody from "effect/http/HttpBody"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Stream from "effect/Stream"
import * as McpBounds from "./McpBounds.js"

/** How a broken stream is resumed (`McpBounds.resume`): the official TypeScript SDK's defaults. */
const bounds = McpBounds.resume

/** An event id that may go back as `Last-Event-ID`: visible ASCII and spaces, at most 1,024 characters. */
const usableId = /^[\x20-\x7e]{1,1024}$/

/** `id`, where it may go back as `Last-Event-ID` (`usableId`); else `undefined`, as an empty id forgets the last. */
export const resumableId = (id: string | undefined): string | undefined =>
  id !== undefined && usableId.test(id) ? id : undefined

const LF = 10
const CR = 13

const mediaType = (response: HttpClientResponse.HttpClientResponse): string | undefined =>
  response.headers["content-type"]?.split(";")[0]?.trim().toLowerCase()

/**
 * The complete events of a body's text as it arrives: the text up to its last blank line goes on, the rest is held
 * (a stream that breaks off loses only an event the server sends again). A held event over `limit` goes on as it is,
 * and the stream can no longer be resumed (`whole` false): the transport's own bound refuses it. Only each new piece
 * is read, and the held pieces are joined once, when their event is complete: a server sending one large event in
 * small pieces would otherwise have the held text copied again for every piece, time quadratic in the event's size.
 */
const completeEvents = (limit: number) => {
  let held: Array<string> = []
  let heldLength = 0
  let lineStart = true
  let afterCR = false
  const state = { whole: true }
  const take = (text: string): string => {
    // Positions in the held text followed by `text`; `cut`, the end of its complete events (0: none).
    const start = heldLength
    let cut = 0
    for (let i = 0; i < text.length; i++) {
      const at = start + i
      const code = text.charCodeAt(i)
      if (afterCR && code === LF) {
        // The LF of a CRLF: part of the line ending just seen.
        afterCR = false
        if (cut === at) cut = at + 1
        continue
      }
      afterCR = code === CR
      if (code === CR || code === LF) {
        if (lineStart) cut = at + 1
        lineStart = true
      } else lineStart = false
    }
    let complete = ""
    if (cut === 0) {
      held.push(text)
      heldLength += text.length
    } else {
      complete = held.join("") + text.slice(0, cut - start)
      const rest = text.slice(cut - start)
      held = [rest]
      heldLength = rest.length
    }
    if (heldLength <= limit) return complete
    state.whole = false
    const all = complete + held.join("")
    held = []
    heldLength = 0
    return all
  }
  return { take, state }
}

/**
 * The value of the last `id` field among the lines of `text` (complete events), or `undefined` without one. It sets
 * the last event id whether or not its event is dispatched (WHATWG HTML, "Interpreting an event stream"): an event of
 * an id alone (no data) names where to resume, which effect's parser keeps to itself; an empty id forgets it.
 */
const lastIdField = (text: string): string | undefined => {
  let found: string | undefined
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line !== "id" && !line.startsWith("id:")) continue
    const value = line.length <= 3 ? "" : line.slice(line.charCodeAt(3) === 32 ? 4 : 3)
    if (!value.includes("\u0000")) found = value
  }
  return found
}

/** The GET that resumes `request`'s stream after the event `id`, in the session the response named. */
const resumeRequest = (
  request: HttpClientRequest.HttpClientRequest,
  response: HttpClientResponse.HttpClientResponse,
  id: string
): HttpClientRequest.HttpClientRequest => {
  const session = response.headers["mcp-session-id"] ?? request.headers["mcp-session-id"]
  return request.pipe(
    HttpClientRequest.setMethod("GET"),
    HttpClientRequest.setBody(HttpBody.empty),
    HttpClientRequest.removeHeader("content-type"),
    HttpClientRequest.removeHeader("content-length"),
    HttpClientRequest.setHeaders({
      accept: "text/event-stream",
      "last-event-id": id,
      ...(session === undefined ? {} : { "mcp-session-id": session })
    })
  )
}

type Body = Stream.Stream<Uint8Array, HttpClientError.HttpClientError>

/**
 * The body of `get`'s response, an SSE stream, after the server's `retry` (within `McpBounds.resume.minRetry` and
 * `maxRetry`) or the SDK's backoff (`McpBounds.reconnectDelay`); a failed GET (an error, another status or type) is
 * tried again up to `bounds.maxFailures` in a row, then `undefined`.
 */
const reconnect = (
  client: HttpClient.HttpClient,
  get: HttpClientRequest.HttpClientRequest,
  retry: number | undefined,
  failures = 0
): Effect.Effect<Body | undefined> =>
  Effect.sleep(McpBounds.reconnectDelay(retry, failures)).pipe(
    Effect.andThen(client.execute(get)),
    Effect.map((resumed) =>
      resumed.status >= 200 && resumed.status < 300 && mediaType(resumed) === "text/event-stream"
        ? resumed.stream
        : undefined
    ),
    Effect.orElseSucceed(() => undefined),
    Effect.flatMap((body) =>
      body !== undefined || failures + 1 >= bounds.maxFailures
        ? Effect.succeed(body)
        : reconnect(client, get, retry, failures + 1)
    )
  )

/**
 * The texts a body is read as, bytes again: each passed `pass` where it is complete events (the rest of a stream past
 * its bound goes on as it came), empty ones dropped.
 */
const passedOn =
  (pass: (text: string) => Effect.Effect<string>) =>
  <E>(texts: Stream.Stream<{ readonly text: string; readonly complete: boolean }, E>): Stream.Stream<Uint8Array, E> => {
    const encoder = new TextEncoder()
    return texts.pipe(
      Stream.filter(({ text }) => text !== ""),
      Stream.mapEffect(({ complete, text }) => complete ? pass(text) : Effect.succeed(text)),
      Stream.filter((text) => text !== ""),
      Stream.map((text) => encoder.encode(text))
    )
  }

/**
 * The body of `response`, an SSE stream: its complete events, then, when it ends or breaks off after an event with an
 * id, the events a GET with `Last-Event-ID` brings (`bounds`: the server's `retry` waited for where it gave one).
 * When no resumption brings a stream, it ends as the last one did, and the transport fails as it always has.
 */
const resumedBody = (
  client: HttpClient.HttpClient,
  request: HttpClientRequest.HttpClientRequest,
  response: HttpClientResponse.HttpClientResponse,
  maxBytes: number,
  through: Through
): Body =>
  Stream.suspend(() => {
    let id: string | undefined
    let retry: number | undefined
    let whole = true
    const parser = Sse.makeParser((event) => {
      if (event._tag === "Retry") retry = Duration.toMillis(event.duration)
    }, { maxEventSize: maxBytes })
    const pass = through(request)
    const read = (body: Body) =>
      Stream.suspend(() => {
        const decoder = new TextDecoder()
        const events = completeEvents(maxBytes)
        return body.pipe(
          Stream.map((bytes) => {
            const text = events.take(decoder.decode(bytes, { stream: true }))
            if (!events.state.whole || (text !== "" && parser.feed(text) !== undefined)) whole = false
            const field = text === "" ? undefined : lastIdField(text)
            if (field !== undefined) id = resumableId(field)
            return { text, complete: whole }
          }),
          passedOn(pass)
        )
      })
    const next = (
      dropped: HttpClientError.HttpClientError | undefined,
      resumes: number
    ): Body => {
      const ending = dropped === undefined ? Stream.empty : Stream.fail(dropped)
      const lastId = id
      if (!whole || lastId === undefined || resumes >= bounds.maxResumes) return ending
      return Stream.unwrap(
        Effect.map(
          reconnect(client, resumeRequest(request, response, lastId), retry),
          (body) => body === undefined ? ending : follow(body, resumes + 1)
        )
      )
    }
    const follow = (
      body: Body,
      resumes: number
    ): Body => {
      let dropped: HttpClientError.HttpClientError | undefined
      return Stream.concat(
        Stream.catch(read(body), (error) => {
          dropped = error
          return Stream.empty
        }),
        Stream.suspend(() => next(dropped, resumes))
      )
    }
    return follow(response.stream, 0)
  })

/** What a POST's complete events pass through before the transport reads them (`McpAsked.inEvents`). */
export type Through = (request: HttpClientRequest.HttpClientRequest) => (text: string) => Effect.Effect<string>

/**
 * `client`, with the SSE response of each POST of a revision before 2026-07-28 resumed where it breaks off
 * (`resumedBody`), its complete events passed `through`; the resuming GETs go through `client` too (its headers,
 * redirects and spans). A stream read to its end is one the transport did not stop reading: it has not had its
 * response yet.
 */
export const resumable = (
  client: HttpClient.HttpClient,
  maxBytes: number,
  through: Through = () => Effect.succeed
): HttpClient.HttpClient =>
  HttpClient.transform(
    client,
    (effect, request) =>
      Effect.map(
        effect,
        (response): HttpClientResponse.HttpClientResponse =>
          request.method !== "POST" || request.headers["mcp-protocol-version"] === "2026-07-28" ||
            response.status < 200 || response.status >= 300 || mediaType(response) !== "text/event-stream"
            ? response
            // The response as it is, but for its body (its getters read the original through the prototype).
            : Object.create(response, { stream: { value: resumedBody(client, request, response, maxBytes, through) } })
      )
  )
