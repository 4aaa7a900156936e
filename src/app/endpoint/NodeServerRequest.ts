/**
 * A Node request as the router's `HttpServerRequest`: its method, URL, headers and cookies read from Node's own
 * request, and its body left there for the chat route to read as Node hands it on (`UIServing.readRequest`). The rest
 * of `HttpServerRequest` (the body as text, JSON, a stream, multipart; `modify`) goes through the same request as a
 * Web `Request`, made when first asked (with `Readable.toWeb`: a web stream per body, which reading a chat request
 * that way costs several times over; `npm run bench -- serving`).
 *
 * @internal
 */
import * as Cookies from "effect/http/Cookies"
import * as Headers from "effect/http/Headers"
import * as HttpIncomingMessage from "effect/http/HttpIncomingMessage"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as UrlParams from "effect/http/UrlParams"
import * as Option from "effect/Option"
import * as WebBacked from "../../core/http/WebBacked.js"
import type * as UIServing from "../ui/UIServing.js"

/**
 * What a Node handler needs of a Node `http.IncomingMessage` (which has it all): no type of `node:http` in this
 * package's declarations, so that a program without `@types/node` type-checks.
 *
 * @since 0.5.0
 * @category Serving
 */
export interface NodeIncomingMessage extends UIServing.NodeRequest {
  readonly method?: string | undefined
  readonly url?: string | undefined
  readonly rawHeaders: ReadonlyArray<string>
  /** The connection: the peer's address (`remoteAddress`, what a route sees as the request's). */
  readonly socket?: { readonly remoteAddress?: string | undefined } | null | undefined
}

/** Makes a Node request's body a Web stream (`Readable.toWeb`). */
export type ToWeb = (req: NodeIncomingMessage) => ReadableStream<Uint8Array>

/** A Node request as a Web `Request`: its body streamed, `signal` aborting it. */
const webRequest = (toWeb: ToWeb, req: NodeIncomingMessage, url: URL, signal: AbortSignal): Request => {
  const headers = new globalThis.Headers()
  for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) {
    headers.append(req.rawHeaders[index]!, req.rawHeaders[index + 1]!)
  }
  const method = req.method ?? "GET"
  const body = method !== "GET" && method !== "HEAD" ? toWeb(req) : undefined
  return new Request(url, {
    method,
    headers,
    signal,
    ...(body === undefined ? {} : { body, duplex: "half" })
  } as RequestInit)
}

/** A header name as HTTP has it (a token), and a value with no character that would end the line. */
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const unsafeValue = /[\0\r\n]/

/**
 * The headers of `rawHeaders` as a Web `Headers` reads them: names lowercase, a header given more than once its
 * values joined with `", "`; a name or value a Web `Headers` refuses throws, as it would (Node's own parser refuses
 * them first, but a handler can be given any request).
 */
const headersOf = (rawHeaders: ReadonlyArray<string>): Headers.Headers => {
  const record: Record<string, string> = {}
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const raw = rawHeaders[index]!
    const value = rawHeaders[index + 1]!.replace(/^[\t ]+|[\t ]+$/g, "")
    if (!headerName.test(raw) || unsafeValue.test(value)) throw new TypeError("a header no HTTP request has")
    const name = raw.toLowerCase()
    record[name] = record[name] === undefined ? value : `${record[name]}, ${value}`
  }
  return Headers.fromRecordUnsafe(record)
}

/**
 * A Node request as an `HttpServerRequest`. Its URL is read as a Web `Request` reads it (`new URL`, relative to
 * `http://localhost`), its headers as a Web `Headers` would take them: a URL or a header that cannot be read throws,
 * for the handler to answer 400. Its remote address is the connection's peer (as under Effect's own Node server),
 * which `HttpMiddleware.xForwardedHeaders` replaces with the client's when that peer is a trusted proxy.
 */
export class NodeServerRequest extends WebBacked.WebBacked<HttpServerRequest.HttpServerRequest>
  implements HttpServerRequest.HttpServerRequest
{
  readonly [HttpServerRequest.TypeId]: typeof HttpServerRequest.TypeId = HttpServerRequest.TypeId
  readonly [HttpIncomingMessage.TypeId]: typeof HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly source: NodeIncomingMessage
  readonly url: string
  readonly originalUrl: string
  readonly method: string
  readonly headers: Headers.Headers
  readonly remoteAddress: Option.Option<string>
  readonly protocol: "http" | "https" | undefined = undefined
  readonly #toWeb: ToWeb
  readonly #parsed: URL
  /** Aborts the Web request's body, made with it; `#gone` when the client went away before it was made. */
  #aborted: AbortController | undefined = undefined
  #gone = false
  #web: HttpServerRequest.HttpServerRequest | undefined = undefined
  #cookies: Readonly<Record<string, string>> | undefined = undefined

  constructor(source: NodeIncomingMessage, toWeb: ToWeb) {
    super()
    this.source = source
    this.#toWeb = toWeb
    this.#parsed = new URL(source.url ?? "/", "http://localhost")
    this.originalUrl = this.#parsed.href
    this.url = this.#parsed.pathname + this.#parsed.search
    this.method = (source.method ?? "GET").toUpperCase()
    this.headers = headersOf(source.rawHeaders)
    this.remoteAddress = Option.fromNullishOr(source.socket?.remoteAddress)
  }

  /** The connection's peer: the remote address, which no proxy rule has replaced on this request. */
  get peerAddress(): Option.Option<string> {
    return this.remoteAddress
  }

  /** The client went away: a body read through the Web request is aborted. */
  abort(): void {
    this.#gone = true
    this.#aborted?.abort()
  }

  /** The same request as a Web one, for everything read through it. */
  get web(): HttpServerRequest.HttpServerRequest {
    if (this.#web !== undefined) return this.#web
    const aborted = this.#aborted = new AbortController()
    if (this.#gone) aborted.abort()
    return this.#web = HttpServerRequest.fromWeb(webRequest(this.#toWeb, this.source, this.#parsed, aborted.signal))
  }

  get cookies(): Readonly<Record<string, string>> {
    return this.#cookies ??= Cookies.parseHeader(this.headers["cookie"] ?? "")
  }

  get multipart() {
    return this.web.multipart
  }

  get multipartStream() {
    return this.web.multipartStream
  }

  get upgrade() {
    return this.web.upgrade
  }

  upgradeWith(options: { readonly headers?: Headers.Input | undefined }) {
    return this.web.upgradeWith(options)
  }

  /** The request changed, as a Web one that keeps this one's addresses unless `options` gives others. */
  modify(options: Parameters<HttpServerRequest.HttpServerRequest["modify"]>[0]): HttpServerRequest.HttpServerRequest {
    return this.web.modify({ remoteAddress: this.remoteAddress, peerAddress: this.peerAddress, ...options })
  }

  toJSON(): unknown {
    return HttpIncomingMessage.inspect(this, {
      _id: "HttpServerRequest",
      method: this.method,
      url: UrlParams.redactUrl(this.originalUrl)
    })
  }
}

/**
 * The Node request under `request`, whose body is read as Node hands it on: this handler's, or
 * `@effect/platform-node`'s (its `source` is the `IncomingMessage` too); a Web request's `source` has no events.
 */
export const nodeSource = (request: HttpServerRequest.HttpServerRequest): UIServing.NodeRequest | undefined => {
  const source = (request as { readonly source?: unknown }).source as UIServing.NodeRequest | null | undefined
  return typeof source?.on === "function" && typeof source.off === "function" ? source : undefined
}
