/**
 * A local HTTP server that replays recorded provider responses over real HTTP on 127.0.0.1.
 *
 * Each scenario gets its own base URL (`http://127.0.0.1:<port>/s/<id>`); any request under it is
 * answered with the scenario's status, headers and body, written in the given pieces (so the client
 * sees arbitrary byte boundaries), with optional delays and a dropped connection on demand. Requests
 * are recorded for assertions. Node.js only (it listens with `node:http`); from the
 * `effect-llm-stream/testing` entry point.
 *
 * @example
 * ```ts
 * import { CallStream, LanguageModel, OpenAI } from "effect-llm-stream"
 * import { ReplayServer } from "effect-llm-stream/testing"
 * import { Effect, Layer, Redacted } from "effect"
 * import { FetchHttpClient } from "effect/http"
 *
 * const body = [
 *   `data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}`,
 *   "data: [DONE]",
 *   ""
 * ].join("\n\n")
 *
 * const program = Effect.gen(function*() {
 *   const server = yield* ReplayServer.make
 *   const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body, cuts: [7, 50] })
 *   const model = OpenAI.model("gpt-6-luna").pipe(
 *     Layer.provide(OpenAI.layer({ apiKey: Redacted.make("test"), baseUrl })),
 *     Layer.provide(FetchHttpClient.layer)
 *   )
 *   const response = yield* CallStream.accumulate(LanguageModel.stream("Hello")).pipe(Effect.provide(model))
 *   return response.content // "Hi"
 * }).pipe(Effect.scoped)
 * ```
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"
import type * as Net from "node:net"
import * as ProviderTestKits from "../providers/ProviderTestKits.js"
import * as BodyPieces from "./BodyPieces.js"
import * as ReplaySamples from "./ReplaySamples.js"
import * as ScriptedAnswers from "./ScriptedAnswers.js"
import * as ScriptTurns from "./ScriptTurns.js"
import type * as TestKitScripted from "./TestKitScripted.js"

export { splitAt } from "./BodyPieces.js"
export { type Sample, samples } from "./ReplaySamples.js"

/**
 * One canned response: status, headers, body and how it is written.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Scenario {
  readonly status?: number | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly body: Uint8Array | string
  /** Byte offsets where the body is cut into separate writes (default: one write). */
  readonly cuts?: ReadonlyArray<number> | undefined
  /** Milliseconds to wait before each piece after the first. */
  readonly delayMs?: number | undefined
  /** Milliseconds to wait before sending the status line and headers. */
  readonly headerDelayMs?: number | undefined
  /** Destroys the connection after this many body bytes (a network failure, not a clean end). */
  readonly dropAfterBytes?: number | undefined
  /** Never ends: after the body, the last piece is sent again and again until the client hangs up. */
  readonly endless?: boolean | undefined
}

/**
 * A scenario, or the scenario for a request.
 *
 * @since 0.3.0
 * @category Models
 */
export type ScenarioInput = Scenario | ((request: RecordedRequest) => Scenario)

/**
 * A request the server received.
 *
 * @since 0.2.0
 * @category Models
 */
export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string | Array<string> | undefined>>
  readonly body: string
}

/**
 * A running replay server.
 *
 * @since 0.2.0
 * @category Models
 */
export interface ReplayServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  /**
   * Registers a scenario and returns its base URL. Given several, the n-th request gets the n-th
   * scenario (and later requests the last one): a conversation of several calls. A scenario may also be a
   * function of the request it answers (its method, path and query, headers and body): a server that
   * serves what the request asks for, such as the events after a sequence number.
   */
  readonly serve: (scenario: ScenarioInput | ReadonlyArray<ScenarioInput>) => string
  /** The requests received for the scenario with this base URL. */
  readonly requests: (baseUrl: string) => ReadonlyArray<RecordedRequest>
  /** How many responses to this base URL have been closed (finished or dropped by either side). */
  readonly closedConnections: (baseUrl: string) => number
  /** How many responses to this base URL were closed before they were completely sent. */
  readonly abortedResponses: (baseUrl: string) => number
  /** How many TCP connections to the server are open now. */
  readonly openConnections: () => Promise<number>
  /**
   * How many of the TCP connections that carried a request to this base URL are still open (a connection
   * a client opened but sent nothing on, such as a pool's spare, is not one of them).
   *
   * @since 0.3.0
   */
  readonly openRequestConnections: (baseUrl: string) => number
}

/**
 * Deterministic pseudo-random cut offsets giving pieces of 1..maxPiece bytes.
 *
 * @since 0.2.0
 * @category Cuts
 */
export const randomCuts = (length: number, seed: number, maxPiece: number): Array<number> => {
  let state = seed >>> 0 || 1
  const next = () => {
    state ^= state << 13
    state >>>= 0
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    return state
  }
  const cuts: Array<number> = []
  let position = 0
  for (;;) {
    position += 1 + (next() % maxPiece)
    if (position >= length) return cuts
    cuts.push(position)
  }
}

const encoder = new TextEncoder()

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

const respond = async (scenario: Scenario, response: Http.ServerResponse, socket: Net.Socket) => {
  const body = typeof scenario.body === "string" ? encoder.encode(scenario.body) : scenario.body
  if (scenario.headerDelayMs !== undefined) await sleep(scenario.headerDelayMs)
  if (socket.destroyed) return
  response.writeHead(scenario.status ?? 200, { ...scenario.headers })
  response.flushHeaders()
  const pieces = BodyPieces.splitAt(body, scenario.cuts ?? [])
  let written = 0
  for (let index = 0; index < pieces.length; index++) {
    if (socket.destroyed) return
    if (index > 0 && scenario.delayMs !== undefined) await sleep(scenario.delayMs)
    let piece = pieces[index]!
    const drop = scenario.dropAfterBytes !== undefined && written + piece.length >= scenario.dropAfterBytes
    if (drop) piece = piece.subarray(0, scenario.dropAfterBytes! - written)
    if (piece.length > 0) {
      await new Promise<void>((resolve) => response.write(piece, () => resolve()))
    }
    written += piece.length
    if (drop) {
      await sleep(5)
      socket.destroy()
      return
    }
    if (index < pieces.length - 1) await new Promise<void>((resolve) => setImmediate(resolve))
  }
  while (scenario.endless === true && !socket.destroyed) {
    await sleep(scenario.delayMs ?? 1)
    await new Promise<void>((resolve) => response.write(pieces[pieces.length - 1]!, () => resolve()))
  }
  // A connection gone is not ended: `end` marks the response finished (`writableFinished`) at once, and its `close`,
  // which may come after, would count a dropped response as sent whole.
  if (!socket.destroyed) response.end()
}

/**
 * How a server started with `listen` keeps what it receives.
 *
 * @since 0.4.0
 * @category Models
 */
export interface ListenOptions {
  /**
   * Whether the requests are kept for `requests` (default `true`, what a test asserts on); a long-running server
   * (the bin's) keeps none, so that its memory does not grow with what it is sent.
   */
  readonly record?: boolean | undefined
  /** The most bytes a request body may have; a larger one is answered 413, and not kept (default: no limit). */
  readonly maxRequestBytes?: number | undefined
}

/** What one server keeps: its scenarios, and what it received and answered under each scenario's id. */
interface State {
  readonly scenarios: Map<string, ReadonlyArray<ScenarioInput>>
  readonly recorded: Map<string, Array<RecordedRequest>>
  readonly closed: Map<string, number>
  readonly aborted: Map<string, number>
  readonly sockets: Map<string, Set<Net.Socket>>
  readonly counts: Map<string, number>
  readonly watched: WeakSet<Net.Socket>
  nextId: number
}

const count = (counts: Map<string, number>, id: string): void => {
  counts.set(id, (counts.get(id) ?? 0) + 1)
}

/** Keeps the socket among the scenario's; a closed connection is forgotten (one listener per connection). */
const keepSocket = (state: State, id: string, socket: Net.Socket): void => {
  state.sockets.set(id, (state.sockets.get(id) ?? new Set()).add(socket))
  if (state.watched.has(socket)) return
  // A long-running server keeps only the connections still open, whatever they carried.
  state.watched.add(socket)
  socket.once("close", () => {
    for (const open of state.sockets.values()) open.delete(socket)
  })
}

/** Answers a request whose body was read, with the next response of the scenario `id`. */
const answer = (
  state: State,
  options: ListenOptions,
  id: string,
  request: Http.IncomingMessage,
  body: string,
  response: Http.ServerResponse
): void => {
  const sequence = state.scenarios.get(id)!
  const chosen = sequence[Math.min(state.counts.get(id) ?? 0, sequence.length - 1)]!
  count(state.counts, id)
  keepSocket(state, id, request.socket)
  const received: RecordedRequest = {
    method: request.method ?? "",
    path: request.url ?? "/",
    headers: request.headers,
    body
  }
  if (options.record !== false) state.recorded.get(id)!.push(received)
  const scenario = typeof chosen === "function" ? chosen(received) : chosen
  response.on("close", () => {
    count(state.closed, id)
    if (!response.writableFinished) count(state.aborted, id)
  })
  void respond(scenario, response, request.socket)
}

/** Reads a request's body (nothing past `maxRequestBytes`, answered 413) and answers it; 404 for no scenario. */
const handle =
  (state: State, options: ListenOptions) => (request: Http.IncomingMessage, response: Http.ServerResponse) => {
    const maxBytes = options.maxRequestBytes ?? Number.POSITIVE_INFINITY
    const id = /^\/s\/(\d+)(\/|$|\?)/.exec(request.url ?? "/")?.[1]
    const chunks: Array<Buffer> = []
    let size = 0
    request.on("data", (chunk: Buffer) => {
      size += chunk.length
      // Past the limit nothing more is kept: the rest of the body flows by, then a 413.
      if (size <= maxBytes) chunks.push(chunk)
      else chunks.length = 0
    })
    request.on("end", () => {
      if (id === undefined || !state.scenarios.has(id)) {
        response.writeHead(404, { "content-type": "text/plain" }).end("no such scenario")
      } else if (size > maxBytes) {
        response.writeHead(413, { "content-type": "text/plain" }).end(`the request body is over ${maxBytes} bytes`)
      } else {
        answer(state, options, id, request, Buffer.concat(chunks).toString("utf8"), response)
      }
    })
  }

/** The `ReplayServer` of a listening server. */
const replayOf = (state: State, server: Http.Server): ReplayServer => {
  const origin = `http://127.0.0.1:${(server.address() as Net.AddressInfo).port}`
  const idOf = (baseUrl: string) => /\/s\/(\d+)/.exec(baseUrl)?.[1] ?? ""
  return {
    origin,
    serve: (scenario) => {
      const id = String(state.nextId++)
      state.scenarios.set(id, Array.isArray(scenario) ? scenario : [scenario as ScenarioInput])
      state.recorded.set(id, [])
      return `${origin}/s/${id}`
    },
    requests: (baseUrl) => state.recorded.get(idOf(baseUrl)) ?? [],
    closedConnections: (baseUrl) => state.closed.get(idOf(baseUrl)) ?? 0,
    abortedResponses: (baseUrl) => state.aborted.get(idOf(baseUrl)) ?? 0,
    openConnections: () =>
      new Promise((resolve, reject) => server.getConnections((error, count) => error ? reject(error) : resolve(count))),
    openRequestConnections: (baseUrl) =>
      [...state.sockets.get(idOf(baseUrl)) ?? []].filter((socket) => !socket.destroyed).length
  }
}

/**
 * Starts a server on the given port of 127.0.0.1 (0: a free one), closed when the scope closes; fails with
 * the listening error (a port in use: `EADDRINUSE`).
 *
 * @since 0.3.0
 * @category Constructors
 */
export const listen = (port: number, options: ListenOptions = {}): Effect.Effect<ReplayServer, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.callback<{ readonly server: Http.Server; readonly replay: ReplayServer }, Error>((resume) => {
      const state: State = {
        scenarios: new Map(),
        recorded: new Map(),
        closed: new Map(),
        aborted: new Map(),
        sockets: new Map(),
        counts: new Map(),
        watched: new WeakSet(),
        nextId: 0
      }
      const server = Http.createServer(handle(state, options))
      const onError = (error: Error) => resume(Effect.fail(error))
      server.once("error", onError)
      server.listen(port, "127.0.0.1", () => {
        server.off("error", onError)
        resume(Effect.succeed({ server, replay: replayOf(state, server) }))
      })
    }),
    ({ server }) =>
      Effect.callback<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ replay }) => replay))

/**
 * Starts a server on a free port of 127.0.0.1, closed when the scope closes.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make: Effect.Effect<ReplayServer, never, Scope.Scope> = listen(0).pipe(Effect.orDie)

/**
 * Serves every shipped recording, each provider's under a base URL of its own, and returns the environment
 * that points the providers' `layerConfig` (and `layerModel`) at them: `OPENAI_BASE_URL`, `ANTHROPIC_BASE_URL`,
 * `GROQ_BASE_URL`, `AZURE_ENDPOINT`, `BEDROCK_BASE_URL`, `GEMINI_BASE_URL`, and each compatible host's by name
 * (`DEEPSEEK_BASE_URL`, `OLLAMA_BASE_URL`, ..., answered with the Chat Completions recording), with placeholder keys
 * and a region. A request gets the recording of its API by its path (OpenAI's `/chat/completions` or `/responses`),
 * whatever it asks.
 *
 * @since 0.3.0
 * @category Samples
 */
export const serveSamples = (
  server: ReplayServer,
  options: { readonly delayMs?: number | undefined } = {}
): Readonly<Record<string, string>> =>
  ReplaySamples.environment(
    server.serve,
    (group) => (request) => ReplaySamples.answer(group, request.path, options.delayMs ?? ReplaySamples.defaultDelayMs)
  )

/**
 * Serves the scripted model (as `npx effect-llm-stream replay --script` and `--auto` do): each provider's API
 * under a base URL of its own, as `serveSamples` does, each request answered in its API's wire format with the
 * next turn of `script` (the n-th request, to any provider, the n-th turn; after the last, the script starts
 * over), or with `"auto"` from the request itself (see `TestKit.auto`). Returns the environment that points the
 * providers' `layerConfig` at it; `onAnswer` hears one line per request (`openai /v1/chat/completions: turn 1 of
 * 2: text, a call of get_weather`). Throws at once, naming the field, for turns that are not valid.
 *
 * @example
 * ```ts
 * import { ReplayServer } from "effect-llm-stream/testing"
 * import { Effect } from "effect"
 *
 * const environment = Effect.map(ReplayServer.make, (server) =>
 *   ReplayServer.serveScripted(server, [
 *     { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
 *     { text: "It is 18°C in Paris." }
 *   ]))
 * ```
 *
 * @since 0.4.0
 * @category Samples
 */
export const serveScripted = (
  server: ReplayServer,
  script: ReadonlyArray<TestKitScripted.Turn> | { readonly turns: ReadonlyArray<TestKitScripted.Turn> } | "auto",
  options: {
    readonly delayMs?: number | undefined
    readonly onAnswer?: ((line: string) => void) | undefined
  } = {}
): Readonly<Record<string, string>> => {
  const answer = ScriptedAnswers.answerer(
    script === "auto" ? "auto" : { turns: ScriptTurns.turnsOf(script, "ReplayServer.serveScripted") }
  )
  return ReplaySamples.environment(server.serve, (group) => (request) => {
    const format = ReplaySamples.sampleOf(group, request.path)?.name
    if (format === undefined || !ProviderTestKits.isScripted(format)) {
      return ReplaySamples.notServed(group, request.path)
    }
    const answered = answer(format, request)
    options.onAnswer?.(`${group.name} ${request.path.replace(/^\/s\/\d+/, "").split("?")[0]}: ${answered.summary}`)
    return { ...answered, delayMs: options.delayMs ?? ReplaySamples.defaultDelayMs }
  })
}
