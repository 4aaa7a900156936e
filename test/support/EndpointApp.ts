/**
 * A chat server built from `ChatEndpoint.layer`, for tests: a scripted offline model of any provider
 * (`TestKit.scripted`) whose every request the loop sends is recorded, the endpoint's log lines collected (Effect's
 * logger), served every way the module offers: `toWebHandler` (a client's `fetch` calls the handler), `toNodeHandler`
 * (on a Node server of the test's own) and `serveNode` (a Node server on 127.0.0.1, a free port). `EndpointClient` is the `ai` package's own chat client
 * (`NodeChat`: `AbstractChat` with `DefaultChatTransport`, what `useChat` runs) in Node, with a cookie jar, so its
 * session holds across requests as a browser's does.
 */
import { Deferred, Effect, Fiber, Layer, Logger, References, Schema } from "effect"
import type { Scope } from "effect"
import { ChatEndpoint, LanguageModel, Tool } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import type { HttpRouter } from "effect/http"
import * as Http from "node:http"
import type * as Net from "node:net"
import * as NodeHandler from "../../src/app/endpoint/NodeHandler.js"
import * as ProviderTestKits from "../../src/providers/ProviderTestKits.js"
import * as BodyPieces from "../../src/testkit/BodyPieces.js"
import * as ScriptedAnswers from "../../src/testkit/ScriptedAnswers.js"
import * as ScriptTurns from "../../src/testkit/ScriptTurns.js"
import * as TestKitRecording from "../../src/testkit/TestKitRecording.js"
import { NodeChat } from "./NodeChat.js"

/** A line the endpoint logged: its level, text and annotations. */
export interface LogLine {
  readonly level: string
  readonly message: string
  readonly annotations: Readonly<Record<string, unknown>>
}

/** A logger collecting into `lines`, as a layer (every level). */
export const collecting = (lines: Array<LogLine>): Layer.Layer<never> =>
  Layer.merge(
    Logger.layer([
      Logger.make(({ fiber, logLevel, message }) => {
        lines.push({
          level: logLevel,
          message: (Array.isArray(message) ? message : [message]).map(String).join(" "),
          annotations: { ...fiber.getRef(References.CurrentLogAnnotations) }
        })
      })
    ]),
    Layer.succeed(References.MinimumLogLevel, "All")
  )

/** A model layer whose every request is pushed to `requests`. */
export const recorded = (
  model: Layer.Layer<LanguageModel.LanguageModel>,
  requests: Array<LanguageModel.Request>
): Layer.Layer<LanguageModel.LanguageModel> =>
  Layer.effect(
    LanguageModel.LanguageModel,
    Effect.map(LanguageModel.LanguageModel, (service) =>
      LanguageModel.LanguageModel.of({
        ...service,
        stream: (input) => {
          requests.push(typeof input === "string" ? { messages: [] } : input)
          return service.stream(input)
        }
      }))
  ).pipe(Layer.provide(model))

/** The tool that needs approval: deletes a path (records it), after `delayMs` (a tool a stop can catch running). */
export const deleteFile = (deleted: Array<string>, delayMs = 0) =>
  Tool.handle(
    Tool.make("delete_file", { description: "Deletes a file", parameters: Schema.Struct({ path: Schema.String }) }),
    ({ path }) => {
      const deletes = Effect.sync(() => deleted.push(path))
      return Effect.as(delayMs === 0 ? deletes : Effect.delay(deletes, delayMs), { deleted: path })
    },
    { needsApproval: true }
  )

/** The tool that runs at once: the weather in a city. */
export const weather = Tool.handle(
  Tool.make("get_weather", { description: "The weather", parameters: Schema.Struct({ city: Schema.String }) }),
  ({ city }) => Effect.succeed(`18°C in ${city}`)
)

/** A server: its URL, and how to fetch from it (with or without a network). */
export interface Served {
  readonly url: string
  readonly fetch: typeof globalThis.fetch
}

/** `app` through `ChatEndpoint.toWebHandler`: its handler called in process (disposed with the scope). */
export const viaWebHandler = <E>(
  app: Layer.Layer<never, E, HttpRouter.HttpRouter>
): Effect.Effect<Served, unknown, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.tryPromise(() => ChatEndpoint.toWebHandler(app)),
      ({ dispose }) => Effect.promise(dispose)
    ),
    ({ handler }) => ({
      url: "http://localhost",
      fetch:
        ((input: RequestInfo | URL, init?: RequestInit) => handler(new Request(input, init))) as typeof globalThis.fetch
    })
  )

/** `app` through `ChatEndpoint.serveNode` on a free port of 127.0.0.1 (stopped with the scope). */
export const viaNode = <E>(
  app: Layer.Layer<never, E, HttpRouter.HttpRouter>
): Effect.Effect<Served, E | ChatEndpoint.ServeError, Scope.Scope> =>
  Effect.gen(function*() {
    const listening = yield* Deferred.make<string>()
    const server = yield* Effect.forkScoped(
      ChatEndpoint.serveNode(app, { port: 0, onListen: (url) => Deferred.succeed(listening, url) })
    )
    const url = yield* Deferred.await(listening).pipe(
      Effect.raceFirst(Effect.flatMap(Fiber.join(server), () => Effect.never))
    )
    return { url, fetch: globalThis.fetch }
  })

/** A Node server on 127.0.0.1 answering with `handler` (closed with the scope). */
const listeningWith = (handler: Http.RequestListener): Effect.Effect<Served, never, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.callback<Http.Server>((resume) => {
        const server = Http.createServer(handler)
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
      }),
      (server) =>
        Effect.callback<void>((resume) => {
          server.close(() => resume(Effect.void))
          server.closeAllConnections()
        })
    ),
    (server) => ({ url: `http://127.0.0.1:${(server.address() as Net.AddressInfo).port}`, fetch: globalThis.fetch })
  )

/** The app answered by `toNodeHandler` (`@effect/platform-node`'s handler) on a Node server of the test's own. */
export const viaNodeHandler = <E>(
  app: Layer.Layer<never, E, HttpRouter.HttpRouter>
): Effect.Effect<Served, unknown, Scope.Scope> =>
  Effect.flatMap(
    Effect.acquireRelease(
      Effect.tryPromise(() => ChatEndpoint.toNodeHandler(app)),
      ({ dispose }) => Effect.promise(dispose)
    ),
    ({ handler }) => listeningWith(handler as Http.RequestListener)
  )

/** The same where `@effect/platform-node` is not installed: the Node handler bridges to the routes' Web handler. */
export const viaNodeBridge = <E>(
  app: Layer.Layer<never, E, HttpRouter.HttpRouter>
): Effect.Effect<Served, unknown, Scope.Scope> =>
  Effect.flatMap(
    Effect.flatMap(Effect.scope, (scope) => NodeHandler.build(app, scope, () => Promise.resolve(undefined))),
    (handler) => listeningWith(handler as Http.RequestListener)
  )

/** Every way of serving, by name. */
export const servings = [
  ["toWebHandler", viaWebHandler],
  ["serveNode", viaNode],
  ["toNodeHandler", viaNodeHandler],
  ["toNodeHandler without @effect/platform-node", viaNodeBridge]
] as const

/** A cookie jar: what the server set, sent back (a browser's session). */
export const withCookies = (fetch: typeof globalThis.fetch): typeof globalThis.fetch & { cookie: string } => {
  const jar = Object.assign(
    (async (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers)
      if (jar.cookie !== "") headers.set("cookie", jar.cookie)
      const response = await fetch(input, { ...init, headers })
      const set = response.headers.get("set-cookie")
      if (set !== null) jar.cookie = set.split(";")[0]!
      return response
    }) as typeof globalThis.fetch,
    { cookie: "" }
  )
  return jar
}

/** The `ai` package's chat client on `served`'s `/api/chat`, its session in `fetch`'s cookie jar. */
export class EndpointClient extends NodeChat {
  readonly fetch: ReturnType<typeof withCookies>

  constructor(served: Served, id: string, fetch = withCookies(served.fetch)) {
    super(served.url, id, fetch)
    this.fetch = fetch
  }
}

/** The scripted model of `provider` answering `turns`, its requests recorded. */
export const scripted = (
  turns: ReadonlyArray<TestKit.Turn>,
  provider: TestKit.ScriptedProvider,
  requests: Array<LanguageModel.Request>,
  delayMs = 0
) => recorded(TestKit.scripted(turns, { provider, delayMs }), requests)

/** The six wires a scripted model answers on: each API's own, and one OpenAI-compatible host. */
export const scriptedWires: ReadonlyArray<TestKit.ScriptedProvider> = [
  "openai",
  "openai-responses",
  "anthropic",
  "google",
  "bedrock",
  "groq"
]

/**
 * The scripted model of `provider` answering `turns`, as `TestKit.scripted` makes it, the body of every request
 * that reached its (in-memory) wire pushed to `bodies`: a call refused before it was sent is not there. `opening`, when
 * given, is the body the first request is answered with instead (a recorded or hand-made stream of the provider's).
 */
export const scriptedOnWire = (
  turns: ReadonlyArray<TestKit.Turn>,
  provider: TestKit.ScriptedProvider,
  bodies: Array<any>,
  delayMs = 0,
  opening?: Uint8Array
): Layer.Layer<LanguageModel.LanguageModel> => {
  const kit = ProviderTestKits.scriptedKitOf(provider)
  const wire = kit.testKit.wire
  return Layer.suspend(() => {
    const answer = ScriptedAnswers.answerer({ turns: ScriptTurns.turnsOf(turns, "scriptedOnWire") })
    return TestKitRecording.providerModel(kit.provider, wire, wire.defaultModel, undefined).pipe(
      Layer.provide(TestKitRecording.answeringClient((request) => {
        bodies.push(JSON.parse(request.body))
        if (opening !== undefined && bodies.length === 1) {
          return { status: 200, headers: { "content-type": wire.contentType }, pieces: [opening] }
        }
        const answered = answer(provider, request)
        return {
          status: answered.status,
          headers: answered.headers,
          pieces: BodyPieces.splitAt(answered.body, answered.cuts)
        }
      }, delayMs))
    )
  })
}

/** The parts of a served `message` with the approval of each `delete_file` call whose path `paths` holds approved. */
export const approvingDeletes = (message: any, paths?: ReadonlyArray<string>): Array<unknown> =>
  message.parts.map((part: any) =>
    part.type === "tool-delete_file" && (paths === undefined || paths.includes(part.input.path))
      ? { ...part, state: "approval-responded", approval: { ...part.approval, approved: true } }
      : part
  )

/**
 * The chat body the `ai` client sends on approving the calls of `chat`'s last message (each `delete_file`): the
 * continuation, and that message as approved (what the page's Stop sends as its `assistantMessage`).
 */
export const continuation = (chat: EndpointClient) => {
  const message = chat.messages.at(-1)!
  const answered = { ...message, parts: approvingDeletes(message) }
  return {
    answered,
    body: { id: chat.id, messages: [...chat.messages.slice(0, -1), answered], trigger: "submit-message" }
  }
}

/** `body` POSTed to the chat route by `chat`'s page (its cookies): the status and the text answered. */
export const postChat = (chat: EndpointClient, body: unknown) =>
  Effect.promise(async () => {
    const response = await chat.fetch("http://localhost/api/chat", { method: "POST", body: JSON.stringify(body) })
    return { status: response.status, text: await response.text() }
  })

/**
 * Waits (up to 10 s) until `done()` holds: what a server does once an answer's stored stream is settled (its
 * `onFinish`) comes a moment after the client has it all, and later still on a loaded machine.
 */
export const eventually = (done: () => boolean, what: () => string): Effect.Effect<void> =>
  Effect.gen(function*() {
    for (let waited = 0; !done() && waited < 10_000; waited += 20) yield* Effect.sleep("20 millis")
    if (!done()) return yield* Effect.die(new Error(`not within 10 s: ${what()}`))
  })
