/**
 * `live=sse` for `DurableStreams`: the chunks from an offset as Server-Sent Events, each `event: data` (a JSON array,
 * the text, or base64 for bytes) followed by its `event: control` (`streamNextOffset`, `streamCursor`, `upToDate`,
 * `streamClosed` at the end). The response ends with the stream, or after a long-poll timeout with nothing new, or
 * when a read fails or finds an answer stored anew under its name (the client goes on from its last offset).
 *
 * @internal
 */
import type * as Cause from "effect/Cause"
import * as Data from "effect/Data"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Base64 from "effect/encoding/Base64"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type * as StreamStore from "../store/StreamStore.js"
import * as StreamHeaders from "./DurableStreamHeaders.js"
import * as Kinds from "./DurableStreamKinds.js"
import * as Offsets from "./DurableStreamOffsets.js"
import * as Reads from "./DurableStreamReads.js"

const encoder = new TextEncoder()

/** Whether a stream of `kind` is sent base64 (neither JSON nor text). */
const isBinary = (kind: Kinds.Kind) => !kind.json && !Kinds.mediaType(kind.contentType).startsWith("text/")

/**
 * One event: its `data:` lines (a line break in the data starts another `data:` line: no injected event), each
 * `data:` then the line as the reference server writes it, a space between only before a line that starts with one
 * (a reader drops the first space after the colon: the line's own is kept).
 */
const event = (name: string, data: string) =>
  `event: ${name}\n${
    data.split(/\r\n|\r|\n/).map((line) => line.startsWith(" ") ? `data: ${line}` : `data:${line}`).join("\n")
  }\n\n`

const dataOf = (kind: Kinds.Kind, chunks: ReadonlyArray<StreamStore.StoredChunk>) => {
  const body = Kinds.bodyOf(kind, chunks)
  return isBinary(kind) ? Base64.encode(body) : new TextDecoder().decode(body)
}

/** The events of one page read of a stream of `line`: its data (if any), then its control. */
const eventsOf = (kind: Kinds.Kind, line: Offsets.Line, read: Reads.Page, cursor: string) => {
  const control = {
    streamNextOffset: Offsets.offsetOf(line, read.next),
    ...(read.closed ? { streamClosed: true } : { streamCursor: cursor }),
    ...(read.upToDate ? { upToDate: true } : {})
  }
  const data = read.chunks.length === 0 ? "" : event("data", dataOf(kind, read.chunks))
  return encoder.encode(data + event("control", JSON.stringify(control)))
}

/** A later page's read found its answer stored anew under its name (a chat's next answer): the response ends. */
class Replaced extends Data.TaggedError("DurableStreamReplaced") {}

/**
 * The SSE response of `first`, the page read from its offset before the response began, then of the pages after it
 * of the stream of `line`. Where `sameLine` is given (an answer's, told once each later page's read started), a page
 * whose stream was stored anew under its name ends the response there, none of its chunks sent: the client asks again
 * from its last offset, of the stream before (a 410). A read that fails after the response began ends it (told to
 * `onBreak`, which logs it): the client reads on from its last offset, as after a long-poll's end.
 */
export const response = (
  store: StreamStore.Service,
  name: string,
  owner: string,
  kind: Kinds.Kind,
  line: Offsets.Line,
  first: Reads.Page,
  options: {
    readonly timeout: Duration.Duration
    readonly cursor: string
    readonly headers: Record<string, string>
    readonly sameLine?: Effect.Effect<boolean, StreamStore.StreamStoreError | StreamStore.StreamNotFound> | undefined
    readonly onBreak: (cause: Cause.Cause<unknown>) => Effect.Effect<void>
  }
): HttpServerResponse.HttpServerResponse => {
  const { cursor, sameLine, timeout } = options
  const started = sameLine === undefined
    ? undefined
    : Effect.flatMap(sameLine, (same) => same ? Effect.void : Effect.fail(new Replaced()))
  const later = Stream.paginate(
    first.next,
    (from) =>
      Reads.page(store, name, owner, from, { wait: timeout, started }).pipe(
        Effect.map((read) => {
          const idle = read.chunks.length === 0 && !read.closed
          const pages = idle ? [] : [eventsOf(kind, line, read, cursor)]
          return [pages, read.closed || idle ? Option.none() : Option.some(read.next)] as const
        }),
        Effect.catchTag("DurableStreamReplaced", () => Effect.succeed([[], Option.none<number>()] as const))
      )
  )
  const body = Stream.concat(Stream.succeed(eventsOf(kind, line, first, cursor)), first.closed ? Stream.empty : later)
  const ended = Stream.catchCause(body, (cause) => Stream.drain(Stream.fromEffect(options.onBreak(cause))))
  return HttpServerResponse.stream(ended, {
    contentType: "text/event-stream",
    headers: {
      ...options.headers,
      "cache-control": StreamHeaders.sseCacheControl,
      ...(isBinary(kind) ? { "stream-sse-data-encoding": "base64" } : {})
    }
  })
}
