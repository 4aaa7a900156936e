/**
 * The HTTP client a model layer asks its provider with on Node when it is given none: `node:http` (and `node:https`)
 * over keep-alive agents of its own, each request's body written whole, each response's body left to
 * the library's reader of Node bodies (`NodeBody`). Where there is no Node (a browser, an edge runtime, Deno, Bun),
 * there is no such client and `layerModel` asks with fetch.
 *
 * Why not fetch on Node: fetch hands a body on through web streams, a promise per network piece, and a served answer
 * is a piece per model delta: serving the same answers, a server asking with fetch spends 1.6 times the CPU of a
 * hand-written fetch proxy, with node:http 1.2 times (bench/RESULTS.md). Why not `@effect/platform-node`'s client: it
 * is an optional peer, which a default cannot count on; it is still the client to give `layerModel` for what this one
 * does not send (streamed and form bodies, upgrades).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as HttpIncomingMessage from "effect/http/HttpIncomingMessage"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { pipeArguments } from "effect/Pipeable"
import type * as NodeBody from "./NodeBody.js"
import * as WebBacked from "./WebBacked.js"

/** What the client uses of `node:http` and `node:https` (so that the library's types never name Node's). */
interface NodeHttp {
  readonly Agent: new(options: { readonly keepAlive: boolean; readonly timeout: number }) => Agent
  request(url: URL, options: {
    readonly agent: Agent
    readonly method: string
    readonly headers: Headers.Headers
  }): OutgoingRequest
}

/** A Node agent: its pool of connections, opaque here. */
type Agent = object

interface OutgoingRequest {
  on(event: "response", listener: (response: IncomingMessage) => void): unknown
  on(event: "error", listener: (error: unknown) => void): unknown
  off(event: "response", listener: (response: IncomingMessage) => void): unknown
  off(event: "error", listener: (error: unknown) => void): unknown
  end(body?: Uint8Array | string): unknown
  destroy(): unknown
}

/** A response's head, and its body as `NodeBody` reads it. */
interface IncomingMessage extends NodeBody.NodeReadable {
  readonly statusCode?: number | undefined
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  readonly socket?: { readonly remoteAddress?: string | undefined } | null | undefined
}

interface Builtins {
  readonly http: NodeHttp
  readonly https: NodeHttp
  /** `Readable.toWeb`, for the accessors the library does not read with `NodeBody`. */
  readonly toWeb: (readable: IncomingMessage) => ReadableStream<Uint8Array>
}

/** Node's modules, on Node only: Bun and Deno have their own fetch, and their `node:http` is a layer over it. */
const builtins = (): Builtins | undefined => {
  const process = (globalThis as {
    readonly process?: {
      readonly versions?: Readonly<Record<string, string | undefined>>
      readonly getBuiltinModule?: (name: string) => any
    }
  }).process
  const load = process?.getBuiltinModule
  if (process?.versions?.["node"] === undefined || process.versions["bun"] !== undefined) return undefined
  if ("Deno" in globalThis || typeof load !== "function") return undefined
  return { http: load("node:http"), https: load("node:https"), toWeb: load("node:stream").Readable.toWeb }
}

const ignore = (): void => undefined

/** A request whose body this client does not send (a stream, form data). */
const unsupported = (request: HttpClientRequest.HttpClientRequest) =>
  new HttpClientError.HttpClientError({
    reason: new HttpClientError.EncodeError({
      request,
      description: `the default Node client sends whole bodies only (this one is ${request.body._tag}): ` +
        "give the model layer an HTTP client, such as NodeHttpClient.layerNodeHttp"
    })
  })

/** Sends `request` and waits for its response's head. */
const send = (
  node: Builtins,
  agents: { readonly http: Agent; readonly https: Agent },
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  signal: AbortSignal
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> => {
  const body = request.body
  const whole = body._tag === "Empty"
    ? undefined
    : body._tag === "Uint8Array" || (body._tag === "Raw" && typeof body.body === "string")
    ? body.body as Uint8Array | string
    : null
  if (whole === null) return Effect.fail(unsupported(request))
  return Effect.callback((resume) => {
    const failed = (cause: unknown) =>
      resume(
        Effect.fail(
          new HttpClientError.HttpClientError({ reason: new HttpClientError.TransportError({ request, cause }) })
        )
      )
    if (signal.aborted) return failed(signal.reason)
    const secure = url.protocol === "https:"
    let outgoing: OutgoingRequest
    try {
      // Node throws at once for what it will not send (a header with a line break): a failure, not a defect.
      outgoing = (secure ? node.https : node.http).request(url, {
        agent: secure ? agents.https : agents.http,
        method: request.method,
        headers: request.headers
      })
    } catch (cause) {
      return failed(cause)
    }
    // Aborted once the response has begun (its reader interrupted, or the response dropped unread and collected):
    // the connection is closed. A listener of its own rather than Node's `signal` option, which also watches the
    // request's end with listeners of its own (2.7 kB of a one-delta answer's 163 allocated, 1.7 % of its start's CPU
    // in a profile: bench/RESULTS.md).
    signal.addEventListener("abort", () => outgoing.destroy(), { once: true })
    const onResponse = (incoming: IncomingMessage) => {
      outgoing.off("error", failed)
      // What breaks the connection from now on is the body's to tell (`NodeBody`), not an uncaught error.
      outgoing.on("error", ignore)
      resume(Effect.succeed(new NodeClientResponse(request, incoming, url, node.toWeb)))
    }
    outgoing.on("error", failed)
    outgoing.on("response", onResponse)
    outgoing.end(whole)
    return Effect.sync(() => {
      outgoing.off("response", onResponse)
      outgoing.on("error", ignore)
      outgoing.destroy()
    })
  })
}

/**
 * How long a kept-alive connection may stay unused before the client closes it: what Node's own global agent keeps
 * (`http.globalAgent`, Node 19 and later), near fetch's (undici's `keepAliveTimeout`, 4 s). A connection in use is not
 * timed by it (the library's read deadline is: `ReadTimer`).
 */
const idleMillis = 5_000

/**
 * The client on `node:http` and `node:https`, with keep-alive agents of its own; `undefined` where there is no Node.
 * The agents are not destroyed when the layer is released but left to the garbage collector with it: a response still
 * streamed after the layer that asked for it was released (a handler that provides its model per request and returns
 * a Web `Response` to be read later) reads to its end, as it does over fetch. An idle connection holds no process
 * open (Node's agent unrefs the sockets it keeps) and closes after `idleMillis` unused, or sooner if the provider
 * closes it, so that layers built per request leave no connections behind.
 */
export const layer = (): Layer.Layer<HttpClient.HttpClient> | undefined => {
  const node = builtins()
  if (node === undefined) return undefined
  return Layer.sync(HttpClient.HttpClient, () => {
    const options = { keepAlive: true, timeout: idleMillis }
    const agents = { http: new node.http.Agent(options), https: new node.https.Agent(options) }
    return HttpClient.make((request, url, signal) => send(node, agents, request, url, signal))
  })
}

/** Statuses whose response has no body (a Web `Response` refuses one). */
const bodiless = new Set([101, 204, 205, 304])

/**
 * A response of the Node client: its head from the `IncomingMessage` (`source`, where `NodeBody` reads the body from),
 * and the rest of its accessors (text, JSON, form data, cookies) through the same response as a Web one, made when
 * first asked.
 */
class NodeClientResponse extends WebBacked.WebBacked<HttpClientResponse.HttpClientResponse>
  implements HttpClientResponse.HttpClientResponse
{
  readonly [HttpIncomingMessage.TypeId]: typeof HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly [HttpClientResponse.TypeId]: typeof HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly request: HttpClientRequest.HttpClientRequest
  readonly source: IncomingMessage
  readonly url: string
  readonly #toWeb: Builtins["toWeb"]
  #headers: Headers.Headers | undefined = undefined
  #web: HttpClientResponse.HttpClientResponse | undefined = undefined

  constructor(
    request: HttpClientRequest.HttpClientRequest,
    source: IncomingMessage,
    url: URL,
    toWeb: Builtins["toWeb"]
  ) {
    super()
    this.request = request
    this.source = source
    this.url = url.href.split("#")[0]!
    this.#toWeb = toWeb
  }

  get status(): number {
    return this.source.statusCode ?? 0
  }

  /** The head's headers, made when first asked (a served answer asks for its content type and encoding). */
  get headers(): Headers.Headers {
    return this.#headers ??= Headers.fromInput(this.source.headers)
  }

  get remoteAddress(): Option.Option<string> {
    return Option.fromNullishOr(this.source.socket?.remoteAddress)
  }

  /** The same response as a Web `Response`, for the accessors below. */
  get web(): HttpClientResponse.HttpClientResponse {
    if (this.#web !== undefined) return this.#web
    const body = bodiless.has(this.status) ? null : this.#toWeb(this.source)
    const headers = new globalThis.Headers()
    for (const [name, value] of Object.entries(this.source.headers)) {
      if (typeof value === "string") headers.append(name, value)
      else if (value !== undefined) { for (const each of value) headers.append(name, each) }
    }
    return this.#web = HttpClientResponse.fromWeb(this.request, new Response(body, { status: this.status, headers }))
  }

  get cookies() {
    return this.web.cookies
  }

  get formData() {
    return this.web.formData
  }

  get upgrade(): HttpClientResponse.HttpClientResponse["upgrade"] {
    return Effect.fail(
      new HttpClientError.HttpClientError({
        reason: new HttpClientError.StatusCodeError({
          request: this.request,
          response: this,
          description: "the default Node client does not hand over the connection of an HTTP upgrade"
        })
      })
    )
  }

  toJSON(): unknown {
    return HttpIncomingMessage.inspect(this, {
      _id: "HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status
    })
  }

  pipe() {
    return pipeArguments(this, arguments)
  }
}
