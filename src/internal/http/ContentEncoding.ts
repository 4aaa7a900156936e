/**
 * Response content encodings. Requests ask for `identity`; a server that compresses anyway is decoded
 * here when its client did not already do it: fetch decodes `gzip`, `deflate` and `br` itself (and keeps
 * the header), undici and node:http pass the compressed bytes through. Decoding uses the web
 * `DecompressionStream`, so the fetch path needs no Node built-in. An encoding that cannot be decoded is
 * a typed error, never compressed bytes handed to the framing.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Stream from "effect/Stream"
import * as ProviderError from "../../ProviderError.js"
import * as Body from "./Body.js"

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
 * The decoded body: `bytes` as they are for `identity` (or a coding the client already decoded), else
 * decompressed; a `MalformedPayloadError` for a coding that cannot be decoded.
 */
export const decode = (
  provider: string,
  contentEncoding: string | undefined,
  decodedByClient: boolean,
  bytes: Stream.Stream<Uint8Array, ProviderError.ProviderError>,
  idle: Duration.Duration
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
  const decompressed = Stream.toReadableStream(bytes).pipeThrough(
    new DecompressionStream(format as CompressionFormat) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>
  )
  return Body.fromWebBody(decompressed, {
    idle,
    onIdle: () =>
      new ProviderError.TransportError({
        provider,
        timeout: "idle",
        message: `${provider}: the stream was silent for ${Duration.format(idle)}; raise timeouts.idle`
      }),
    onError: (cause) =>
      ProviderError.isProviderError(cause) ? cause : new ProviderError.MalformedPayloadError({
        provider,
        message: `${provider}: the ${coding}-encoded response could not be decompressed: ${
          cause instanceof Error ? cause.message : String(cause)
        }`,
        raw: ""
      })
  })
}
