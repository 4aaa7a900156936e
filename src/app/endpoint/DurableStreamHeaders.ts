/**
 * The headers `DurableStreams` answers a read with, and its conditional reads: a table of rules (`rules`), each with
 * what the route does and where the protocol says so (PROTOCOL.md of durable-streams/durable-streams, read at
 * 82f9963a; RFC 9110 for `If-None-Match`). A newly learned rule of a read's headers is a row here.
 *
 * @internal
 */
/** A row of the table: what the route does, and where the protocol asks it. */
export interface Rule {
  readonly does: string
  readonly source: string
}

/** The rules of a read's headers, by name. */
export const rules = {
  nextOffset: {
    does: "Stream-Next-Offset on every read (200, 204, HEAD): the offset after what it holds, the asked one if none",
    source: "PROTOCOL.md 5.6 Response Headers (on 200), 5.7 Response Headers (on 204), 5.5"
  },
  offsetGone: {
    does: "410 for an offset of a stream stored before under the name (another generation: DurableStreamOffsets), " +
      "its data no longer served (the client reads again from -1); 400 for an offset of no shape this server issues",
    source: "PROTOCOL.md 5.6 Response Codes (410: before the earliest retained position; 400: malformed), 8 Offsets"
  },
  upToDate: {
    does: "Stream-Up-To-Date: true unless the page was cut at its most chunks, and on every long-poll 204",
    source: "PROTOCOL.md 5.6 Response Headers (on 200), 5.7 Response Headers (on 204)"
  },
  closed: {
    does: "Stream-Closed: true where the read reaches the end of an ended stream, never on a page before it",
    source: "PROTOCOL.md 5.6 Response Headers (on 200), 5.7 Stream Closure Behavior in Long-poll Mode"
  },
  cursor: {
    does: "Stream-Cursor on every long-poll (200, 204): the 20 s interval from the protocol's epoch, past the client's",
    source: "PROTOCOL.md 5.7 Response Headers, 10.1 Server-Generated Cursors"
  },
  noStore: {
    does: "Cache-Control: no-store on a read and a HEAD: a stream is its owner's (user-specific data)",
    source: "PROTOCOL.md 12.7 Browser Security Headers, 5.5 Caching Guidance, 10.1 (private streams)"
  },
  sseNoCache: {
    does: "Cache-Control: no-cache on an SSE response",
    source: "conformance suite 0.3.6, 'should have correct SSE headers (no Content-Length, proper Cache-Control)'"
  },
  etag: {
    does: "ETag \"<stream>:<start>:<end>\" on a 200 read: the stream's store id (DurableStreamNames) and generation, " +
      "the offset asked (-1 when none), its Stream-Next-Offset; none for offset=now",
    source: "PROTOCOL.md 5.6 Response Headers (on 200), 10.1 ETag Usage"
  },
  etagClosed: {
    does: "the ETag ends in :c where the read reaches the end of an ended stream (closing it changes the tag)",
    source: "PROTOCOL.md 10.1 ETag and Stream Closure; the reference server 0.3.7's ':c'"
  },
  notModified: {
    does: "304, no body, for an If-None-Match naming the read's ETag (any in its list, weak or strong, or *)",
    source: "PROTOCOL.md 10.1 ETag Usage; RFC 9110 13.1.2 (a list, weak comparison, '*')"
  },
  security: {
    does: "X-Content-Type-Options: nosniff and Cross-Origin-Resource-Policy: cross-origin on every response",
    source: "PROTOCOL.md 12.7 Browser Security Headers"
  }
} as const satisfies Record<string, Rule>

/** The protocol's headers of a read ending at the offset `next` (`nextOffset`, `upToDate`, `closed`, `noStore`). */
export const readHeaders = (next: string, read: { readonly closed: boolean; readonly upToDate: boolean }) => ({
  "stream-next-offset": next,
  ...(read.upToDate ? { "stream-up-to-date": "true" } : {}),
  ...(read.closed ? { "stream-closed": "true" } : {}),
  "cache-control": "no-store"
})

/** `sseNoCache`. */
export const sseCacheControl = "no-cache"

/** `security`: what every response carries. */
export const security = { "x-content-type-options": "nosniff", "cross-origin-resource-policy": "cross-origin" }

/** `cursor`: the current interval, past the client's (so that a CDN never serves one twice). */
export const cursorOf = (given: string | undefined) => {
  const now = Math.floor(Date.now() / 20_000)
  const client = given === undefined ? Number.NaN : Number(given)
  return String(Number.isSafeInteger(client) && client >= now ? client + 1 : now)
}

/**
 * `etag` and `etagClosed`: the tag of the read of the stream `id` (a store id: no `:`, `"` or `,`) from `start` (the
 * offset as asked: `-1` or one this server issued) to the offset `next`.
 */
export const etagOf = (id: string, start: string, next: string, closed: boolean): string =>
  `"${id}:${start}:${next}${closed ? ":c" : ""}"`

/** `notModified`: whether an `If-None-Match` header names `etag` (weakly: `W/` aside) or is `*`. */
export const notModified = (ifNoneMatch: string | undefined, etag: string): boolean =>
  ifNoneMatch !== undefined &&
  ifNoneMatch.split(",").some((tag) => {
    const trimmed = tag.trim()
    return trimmed === "*" || trimmed.replace(/^W\//, "") === etag
  })
