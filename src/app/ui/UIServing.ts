/**
 * Serving the UI message stream from Node's own `http` server, and reading a request's body with a cap.
 *
 * @since 0.4.0
 */
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as Stream from "effect/Stream"
import * as Provider from "../../core/Provider.js"
import * as ProviderError from "../../core/ProviderError.js"
import type * as UIChunk from "../protocol/UIChunk.js"
import * as SseWriter from "./SseWriter.js"
import * as UIHead from "./UIHead.js"

/**
 * What `toNodeResponse` needs of a Node `http.ServerResponse`: no type of `node:http` in this package's declarations,
 * so that a program without `@types/node` type-checks.
 *
 * @since 0.4.0
 * @category Node
 */
export interface NodeResponse extends SseWriter.NodeResponse {}

/**
 * What `readRequest` needs of a Node `http.IncomingMessage` (which has it all).
 *
 * @since 0.4.0
 * @category Node
 */
export interface NodeRequest {
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  /** Whether the body was read to its end already (by another reader). */
  readonly readableEnded?: boolean | undefined
  on(event: "data", listener: (chunk: Uint8Array | string) => void): unknown
  on(event: "end" | "close", listener: () => void): unknown
  on(event: "error", listener: (error: Error) => void): unknown
  off(event: "data", listener: (chunk: Uint8Array | string) => void): unknown
  off(event: "end" | "close", listener: () => void): unknown
  off(event: "error", listener: (error: Error) => void): unknown
}

const isResponse = (value: unknown): value is Response => typeof Response !== "undefined" && value instanceof Response

/**
 * Writes a UI message stream (or any Web `Response`) to a Node `http.ServerResponse`, as `toResponse` serves it. The
 * stream is pulled only as fast as the client reads (the next batch once the socket took the last); a client that
 * goes away interrupts it at once. The Effect ends when the response has ended or the client has gone, and never
 * fails: run it for each request with the context of your layers (docs/ui.md, "A complete Node server").
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { LanguageModel, UIMessageStream } from "effect-llm-stream"
 * import type * as Http from "node:http"
 *
 * const answer = (prompt: string, res: Http.ServerResponse) =>
 *   LanguageModel.stream(prompt).pipe(UIMessageStream.fromStream(), UIMessageStream.toNodeResponse(res))
 *
 * // A Web Response too: an error as JSON.
 * const refuse = (res: Http.ServerResponse) =>
 *   UIMessageStream.toNodeResponse(Response.json({ error: "not found" }, { status: 404 }), res)
 * ```
 *
 * @since 0.4.0
 * @category Node
 */
export const toNodeResponse: {
  (res: NodeResponse, init?: ResponseInit): <E = never, R = never>(
    self: Stream.Stream<UIChunk.Chunk, E, R> | Response
  ) => Effect.Effect<void, never, R>
  <E = never, R = never>(
    self: Stream.Stream<UIChunk.Chunk, E, R> | Response,
    res: NodeResponse,
    init?: ResponseInit
  ): Effect.Effect<void, never, R>
} = /* @__PURE__ */ dual(
  (args) => Stream.isStream(args[0]) || isResponse(args[0]),
  <E, R>(
    self: Stream.Stream<UIChunk.Chunk, E, R> | Response,
    res: NodeResponse,
    init?: ResponseInit
  ): Effect.Effect<void, never, R> => SseWriter.toNode(self, res, init, UIHead.uiWire)
)

/**
 * The options of `readRequest`.
 *
 * @since 0.4.0
 * @category Requests
 */
export interface ReadRequestOptions {
  /** The most bytes the body may have (default `defaultMaxBytes`, 8 MiB); past it, a 413. */
  readonly maxBytes?: number | undefined
}

/**
 * The body size `readRequest` takes by default: 8 MiB (a long conversation with a few images as `data:` URLs).
 *
 * @since 0.4.0
 * @category Requests
 */
export const defaultMaxBytes = 8 * 1024 * 1024

const bodyError = (status: number, message: string) =>
  new ProviderError.InvalidRequestError({ provider: Provider.browser, message, parameter: "body", status })

const tooLarge = (maxBytes: number) =>
  bodyError(413, `the request body is over ${maxBytes} bytes (readRequest's maxBytes)`)

const unreadable = (detail: string) => bodyError(400, `the request body could not be read: ${detail}`)

const declaredLength = (value: string | ReadonlyArray<string> | null | undefined): number | undefined => {
  const text = typeof value === "string" ? value : value?.[0]
  const length = text === undefined ? Number.NaN : Number(text)
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined
}

const readWeb = (request: Request, maxBytes: number): Effect.Effect<string, ProviderError.InvalidRequestError> => {
  if ((declaredLength(request.headers.get("content-length")) ?? 0) > maxBytes) return Effect.fail(tooLarge(maxBytes))
  if (request.body === null) return Effect.succeed("")
  if (request.bodyUsed) return Effect.fail(unreadable("it was read already"))
  return readPieces(request.body.getReader(), maxBytes)
}

/** Reads a Web body's pieces as text, up to `maxBytes`. */
const readPieces = Effect.fnUntraced(function*(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number) {
  const decoder = new TextDecoder()
  let text = ""
  let size = 0
  while (true) {
    const piece = yield* Effect.tryPromise({
      try: () => reader.read(),
      catch: (error) => unreadable(error instanceof Error ? error.message : String(error))
    })
    if (piece.done) return text + decoder.decode()
    size += piece.value.byteLength
    if (size > maxBytes) {
      void reader.cancel().catch(() => {})
      return yield* tooLarge(maxBytes)
    }
    text += decoder.decode(piece.value, { stream: true })
  }
})

const readNode = (request: NodeRequest, maxBytes: number): Effect.Effect<string, ProviderError.InvalidRequestError> =>
  Effect.callback<string, ProviderError.InvalidRequestError>((resume) => {
    if ((declaredLength(request.headers["content-length"]) ?? 0) > maxBytes) {
      return resume(Effect.fail(tooLarge(maxBytes)))
    }
    if (request.readableEnded === true) return resume(Effect.fail(unreadable("it was read already")))
    const decoder = new TextDecoder()
    let text = ""
    let size = 0
    const stop = () => {
      request.off("data", onData)
      request.off("end", onEnd)
      request.off("close", onClose)
      request.off("error", onError)
    }
    const settle = (read: Effect.Effect<string, ProviderError.InvalidRequestError>) => {
      stop()
      resume(read)
    }
    // Past the cap the body is no longer kept: the rest flows by unread, and the connection stays usable.
    const onData = (chunk: Uint8Array | string) => {
      const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk
      size += bytes.byteLength
      if (size > maxBytes) return settle(Effect.fail(tooLarge(maxBytes)))
      text += decoder.decode(bytes, { stream: true })
    }
    const onEnd = () => settle(Effect.succeed(text + decoder.decode()))
    const onClose = () => settle(Effect.fail(unreadable("the connection closed before its end")))
    const onError = (error: Error) => settle(Effect.fail(unreadable(error.message)))
    request.on("data", onData)
    request.on("end", onEnd)
    request.on("close", onClose)
    request.on("error", onError)
    return Effect.sync(stop)
  })

const isWebRequest = (request: Request | NodeRequest): request is Request =>
  typeof (request as Request).arrayBuffer === "function" && "bodyUsed" in request

/**
 * Reads a Web `Request`'s or a Node `http.IncomingMessage`'s body as text, refused past `maxBytes` (default 8 MiB)
 * before it is buffered: a declared `content-length` over it at once, else as soon as the bytes read pass it. Fails
 * with an `InvalidRequestError`, `status` 413 (400 for a body that cannot be read): answer it with that status.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { UIMessageStream } from "effect-llm-stream"
 *
 * const messagesOf = (request: Request) =>
 *   UIMessageStream.readRequest(request, { maxBytes: 1024 * 1024 }).pipe(Effect.flatMap(UIMessageStream.toMessages))
 * ```
 *
 * @since 0.4.0
 * @category Requests
 */
export const readRequest = (
  request: Request | NodeRequest,
  options: ReadRequestOptions = {}
): Effect.Effect<string, ProviderError.InvalidRequestError> => {
  const maxBytes = options.maxBytes ?? defaultMaxBytes
  return isWebRequest(request) ? readWeb(request, maxBytes) : readNode(request, maxBytes)
}
