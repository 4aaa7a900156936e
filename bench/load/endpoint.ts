/**
 * This library's chat server in one call serving the load benchmark's answers (mode `endpoint`): `ChatEndpoint.layer`
 * (the tool loop with no tools, `fromSteps`, `resumable` on `StreamStore.layerMemory`, the signed history, the
 * redaction) with the app's owner, over OpenAI's client (and the mode's HTTP client, as the other modes), answered by its Node handler
 * (`ChatEndpoint.toNodeHandler`, what `serveNode` answers with). The router's path is `/chat`: the clients'
 * `POST /chat/:id` is its `POST /chat` (the chat's id is in the body). Clients do not drop: the endpoint's resume
 * replays from the start, as `useChat` expects. `LOAD_HANDLER=platform`: answered by `@effect/platform-node`'s
 * `NodeHttpServer.makeHandler` over the same routes instead (the platform's handler, measured against the library's
 * own in bench/RESULTS.md, "Borrowing the platform"). A build without `toNodeHandler` (`BENCH_LIBRARY`, before it existed) is
 * answered as its `serveNode` answered: a Web `Request` for `toWebHandler`, its `Response` written by `toNodeResponse`.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as HttpRouter from "effect/http/HttpRouter"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import type * as Http from "node:http"
import * as NodeStream from "node:stream"
import type { Contestant, Options } from "./contestant.js"
import * as HttpClientChoice from "./httpclient.js"

/** A Node request as a Web `Request` for `path`, as `serveNode` made it before the Node handler. */
const webRequest = (request: Http.IncomingMessage, path: string, signal: AbortSignal): Request => {
  const headers = new Headers()
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    headers.append(request.rawHeaders[index]!, request.rawHeaders[index + 1]!)
  }
  return new Request(new URL(path, "http://localhost"), {
    method: request.method ?? "POST",
    headers,
    signal,
    body: NodeStream.Readable.toWeb(request) as ReadableStream<Uint8Array>,
    duplex: "half"
  } as RequestInit)
}

/** Whose requests these are: a real server derives it from its session. */
const owner = "load-user"

/** The library's modules the server uses: from the package's root, or (`LOAD_IMPORTS=subpaths`) their subpaths. */
const imported = async () => {
  if (process.env.LOAD_IMPORTS !== "subpaths") return import("../../src/index.js")
  const [ChatEndpoint, OpenAI, StreamStore, UIMessageStream] = await Promise.all([
    import("../../src/app/endpoint/ChatEndpoint.js"),
    import("../../src/providers/openai/OpenAI.js"),
    import("../../src/app/store/StreamStore.js"),
    import("../../src/app/ui/UIMessageStream.js")
  ])
  return { ChatEndpoint, OpenAI, StreamStore, UIMessageStream }
}

/** `@effect/platform-node`'s request listener of the routes of `layer`, built as `toNodeHandler` builds them. */
const platformHandler = async <E>(layer: Layer.Layer<never, E, HttpRouter.HttpRouter>) => {
  const NodeHttpServer = await import("@effect/platform-node/NodeHttpServer")
  const scope = Scope.makeUnsafe()
  const handler = await Effect.runPromise(Effect.gen(function*() {
    const context = yield* Layer.buildWithScope(Layer.provideMerge(layer, HttpRouter.layer), scope)
    const app = Context.get(context, HttpRouter.HttpRouter).asHttpEffect()
    return yield* (NodeHttpServer.makeHandler(app as any, { scope }) as Effect.Effect<unknown>).pipe(
      Effect.provideContext(context)
    )
  }))
  return { handler: handler as (request: Http.IncomingMessage, response: Http.ServerResponse) => void }
}

export const make = async (options: Options): Promise<Contestant> => {
  const { ChatEndpoint, OpenAI, StreamStore, UIMessageStream } = await imported()
  const model = await HttpClientChoice.model(OpenAI, options)
  const endpoint = ChatEndpoint.layer({ path: "/chat", owner: () => Effect.succeed(owner), log: false }).pipe(
    // One owner stands for every browser here: its share of the store is the whole store.
    Layer.provide(Layer.merge(model, StreamStore.layerMemory({ ttl: "2 minutes", maxStreamsPerOwner: 10_000 })))
  )
  // The older build, by what it lacks (its type is this one's).
  if ((ChatEndpoint as { readonly toNodeHandler?: unknown }).toNodeHandler === undefined) {
    const { handler } = await ChatEndpoint.toWebHandler(endpoint)
    return {
      answer: async (_id, request, response) => {
        const aborted = new AbortController()
        response.once("close", () => aborted.abort())
        const answered = await handler(webRequest(request, "/chat", aborted.signal))
        await Effect.runPromise(UIMessageStream.toNodeResponse(answered, response))
      }
    }
  }
  const { handler } = process.env.LOAD_HANDLER === "platform"
    ? await platformHandler(endpoint)
    : await ChatEndpoint.toNodeHandler(endpoint)
  return {
    answer: (_id, request, response) =>
      new Promise((resolve) => {
        request.url = "/chat"
        response.once("close", () => resolve())
        handler(request, response)
      })
  }
}
