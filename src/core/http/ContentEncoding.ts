/**
 * Response content encodings. Requests ask for `identity`; a server that compresses anyway is decoded here with
 * the web `DecompressionStream` when its client did not already do it (fetch does, keeping the header; undici and
 * node:http do not). An encoding that cannot be decoded is a typed error. (Node's fetch before undici 7, Node 22's,
 * can leave a corrupt body of some 64 KiB unended once it has all arrived: only `timeouts.idle` ends that call. It is
 * not refused for it: a server compressing anyway, as a recording replayed with its headers does, is decoded.)
 *
 * @internal
 */
import type * as Arr from "effect/Array"
import type * as Duration from "effect/Duration"
import * as Stream from "effect/Stream"
import * as BodyDecoder from "../framing/BodyDecoder.js"
import * as ProviderError from "../ProviderError.js"
import * as Body from "./Body.js"
import * as HttpErrors from "./HttpErrors.js"

/** The most compressed bytes given to the decompressor at once. */
const maxCompressedPiece = 4 * 1024

/** Pieces as slices of at most `maxCompressedPiece` bytes (no copy; a batch of small pieces as it is). */
const slices = (pieces: Arr.NonEmptyReadonlyArray<Uint8Array>): Arr.NonEmptyReadonlyArray<Uint8Array> => {
  if (pieces.every((piece) => piece.length <= maxCompressedPiece)) return pieces
  const out: Array<Uint8Array> = []
  for (const piece of pieces) {
    if (piece.length <= maxCompressedPiece) out.push(piece)
    else {for (let at = 0; at < piece.length; at += maxCompressedPiece) {
        out.push(piece.subarray(at, at + maxCompressedPiece))
      }}
  }
  // Each piece gives one slice or more: `out` is not empty.
  return out as unknown as Arr.NonEmptyReadonlyArray<Uint8Array>
}

/** What fetch implementations decode on their own. */
const decodedByFetch: ReadonlySet<string> = new Set(["gzip", "x-gzip", "deflate", "br"])

/** `DecompressionStream` formats by content coding; `br` only where the runtime supports it. */
const formats: Readonly<Record<string, ReadonlyArray<string>>> = {
  "gzip": ["gzip"],
  "x-gzip": ["gzip"],
  "deflate": ["deflate"],
  "br": ["brotli", "br"]
}

const supportedFormat = (coding: string): string | undefined => {
  if (typeof DecompressionStream === "undefined") return undefined
  for (const format of formats[coding] ?? []) {
    try {
      new DecompressionStream(format as CompressionFormat)
      return format
    } catch {
      // not supported by this runtime
    }
  }
  return undefined
}

/**
 * What a decompressor's failure says, after a colon (Node's is a `TypeError` without a message, zlib's own under its
 * `cause`: "incorrect header check"); when nothing says anything, that the body is not what its encoding says.
 */
const detailOf = (cause: unknown): string => {
  const message = cause instanceof Error ? HttpErrors.causeMessage(cause) : String(cause)
  return message === undefined || message.trim() === "" ? " (it is not what its encoding says)" : `: ${message}`
}

/**
 * Whether a decompressor failed because its input ended inside the compressed data (Node's zlib, `Z_BUF_ERROR`:
 * "unexpected end of file"): a body the server cut short, a truncated response as under fetch, which decodes what
 * it has and ends there.
 */
const endedInside = (cause: unknown): boolean =>
  typeof cause === "object" && cause !== null && (cause as { readonly code?: unknown }).code === "Z_BUF_ERROR"

/** The decoded body (`bytes` as they are when not encoded or already decoded); a typed error for an unknown coding. */
export const decode = (
  provider: string,
  contentEncoding: string | undefined,
  decodedByClient: boolean,
  bytes: Stream.Stream<Uint8Array, ProviderError.ProviderError>,
  idle: Duration.Duration,
  deadline?: Body.Deadline<ProviderError.ProviderError> | undefined
): Stream.Stream<Uint8Array, ProviderError.ProviderError> => {
  const coding = contentEncoding?.trim().toLowerCase() ?? ""
  if (coding === "" || coding === "identity") return bytes
  if (decodedByClient && decodedByFetch.has(coding)) return bytes
  const format = supportedFormat(coding)
  if (format === undefined) {
    return Stream.fail(
      new ProviderError.MalformedPayloadError({
        provider,
        message:
          `${provider}: the response is compressed with "${contentEncoding}", which this client cannot decode (the request asked for identity); use a client or proxy that does not compress event streams`,
        raw: ""
      })
    )
  }
  // The decompressor writes out all a piece decodes to at once: fed pieces of at most 4 KiB, what it holds at a
  // time stays bounded (deflate expands at most about 1,000 times) however the server compresses; the framing
  // after it bounds each event.
  const decompressed = Stream.toReadableStream(Stream.mapArray(bytes, slices)).pipeThrough(
    new DecompressionStream(format as CompressionFormat) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>
  )
  return Body.fromWebBody(decompressed, {
    idle,
    deadline,
    onIdle: () => HttpErrors.timeoutError(provider, "idle", idle),
    onError: (cause) =>
      ProviderError.isProviderError(cause)
        ? cause
        : endedInside(cause)
        ? BodyDecoder.truncated(provider)
        : new ProviderError.MalformedPayloadError({
          provider,
          message: `${provider}: the ${coding}-encoded response could not be decompressed${detailOf(cause)}`,
          raw: ""
        })
  })
}
