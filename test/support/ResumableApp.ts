/**
 * A chat server with resumable streams, as an application writes it, for tests: an instance is a `node:http`
 * server with its own connection to the store (in memory, or a Redis several instances share) and a model over
 * a replay server. Routes: `POST /chat/:id` starts a generation (`UIMessageStream.resumable`), `GET
 * /chat/:id/stream?after=k` resumes it (`UIMessageStream.resumeResponse`: 204 for an unknown or expired id),
 * `POST /chat/:id/stop` stops it on whichever instance runs it. Every ending the instance's generations report
 * through `CallStream.onEnd` is kept. A request's `x-user` header is its owner (an app's session user). The
 * client side reads with the `ai` package's own parser.
 */
import {
  parseJsonEventStream,
  readUIMessageStream,
  type UIMessage,
  type UIMessageChunk,
  uiMessageChunkSchema
} from "ai"
import { Effect, Layer, Redacted, Stream } from "effect"
import type { Scope } from "effect"
import { CallStream, LanguageModel, OpenAI, StreamStore, UIMessageStream } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as Http from "node:http"

/**
 * An OpenAI Chat Completions body of `words` text deltas (`w0 `, `w1 `, ...), one event per piece; `endless`:
 * without its end (the replay server then sends the last delta again and again, a generation that goes on).
 */
export const chatBody = (
  words: number,
  endless = false
): { readonly body: string; readonly cuts: ReadonlyArray<number> } => {
  const head = `"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini"`
  const events = [
    `{${head},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}`,
    ...Array.from(
      { length: words },
      (_, i) => `{${head},"choices":[{"index":0,"delta":{"content":"w${i} "},"finish_reason":null}]}`
    ),
    `{${head},"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}`,
    `{${head},"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":${words},"total_tokens":${words + 5}}}`,
    "[DONE]"
  ].slice(0, endless ? words + 1 : undefined).map((data) => `data: ${data}\n\n`)
  const cuts: Array<number> = []
  let offset = 0
  for (const event of events.slice(0, -1)) cuts.push(offset += event.length)
  return { body: events.join(""), cuts }
}

/** The text `chatBody(words)` generates. */
export const chatText = (words: number): string => Array.from({ length: words }, (_, i) => `w${i} `).join("")

/** One server instance. */
export interface Instance {
  readonly url: string
  /** The endings its generations reported through `CallStream.onEnd`. */
  readonly endings: Array<CallStream.Ending>
}

/**
 * The request's route, and its owner: the `x-user` header stands for the user id an app takes from its session
 * (no header: an app without sessions, whose stream ids are bearer secrets).
 */
const route = (request: Http.IncomingMessage) => {
  const url = new URL(request.url ?? "/", "http://localhost")
  const [, chat, id, action] = url.pathname.split("/")
  const user = request.headers["x-user"]
  const owner = typeof user === "string" ? user : undefined
  return { chat, id: decodeURIComponent(id ?? ""), action, after: url.searchParams.get("after"), owner }
}

/** The status a route answers a store's refusal with. */
export const statusOf = (error: StreamStore.StreamStoreError | StreamStore.StreamNotFound): number =>
  error._tag === "StreamNotFound"
    ? 404
    : error.reason === "AlreadyExists"
    ? 409
    : error.reason === "InvalidId"
    ? 400
    : 503

/**
 * How an instance writes its answers: as a Web `Response` (`toResponse`, `resumeResponse`) copied to Node's response,
 * or straight to Node's response (`toNodeResponse`, as docs/ui.md's Node server does: a stored stream's reader then
 * hands each chunk to the response as it is appended).
 */
export type Serving = "web" | "node"

/** An instance on `store`, generating with a model at `modelUrl` (an OpenAI-compatible replay). */
export const instance = (
  store: StreamStore.Service,
  modelUrl: string,
  serving: Serving = "web"
): Effect.Effect<Instance, never, Scope.Scope> =>
  Effect.gen(function*() {
    const endings: Array<CallStream.Ending> = []
    // The model's layer is built once, for the instance's lifetime, as a server's runtime would: generations
    // outlive the requests that start them.
    const model = yield* Layer.build(
      OpenAI.model("gpt-4o-mini").pipe(
        Layer.provide(OpenAI.layer({ apiKey: Redacted.make("test-key"), baseUrl: modelUrl })),
        Layer.provide(FetchHttpClient.layer)
      )
    )
    const run = <A>(effect: Effect.Effect<A, never, LanguageModel.LanguageModel>) =>
      Effect.runPromise(
        effect.pipe(Effect.provide(model), Effect.provideService(StreamStore.StreamStore, store))
      )
    /** A generation started under `id` and `owner`: the stream to serve now. */
    const generate = (id: string, owner: string | undefined) =>
      LanguageModel.stream("Say the words").pipe(
        CallStream.onEnd((ending) => Effect.sync(() => endings.push(ending))),
        UIMessageStream.fromStream({ messageId: owner === undefined ? `message-${id}` : `message-${owner}-${id}` }),
        UIMessageStream.resumable({ streamId: id, owner })
      )
    const refusal = (error: StreamStore.StreamStoreError | StreamStore.StreamNotFound) =>
      Response.json({ error: error.message }, { status: statusOf(error) })
    const handle = (request: Http.IncomingMessage): Effect.Effect<Response, never, LanguageModel.LanguageModel> => {
      const { action, after, id, owner } = route(request)
      if (request.method === "POST" && action === undefined) {
        return generate(id, owner).pipe(
          Effect.flatMap(UIMessageStream.toResponse()),
          Effect.catch((error) => Effect.succeed(refusal(error)))
        )
      }
      if (request.method === "GET" && action === "stream") {
        return UIMessageStream.resumeResponse(id, { after: after === null ? undefined : Number(after), owner })
      }
      if (request.method === "POST" && action === "stop") {
        return UIMessageStream.stop(id, { owner }).pipe(
          Effect.as(new Response(null, { status: 204 })),
          Effect.catch((error) => Effect.succeed(new Response(null, { status: statusOf(error) })))
        )
      }
      return Effect.succeed(new Response(null, { status: 404 }))
    }
    /** The generation and the resume written straight to Node's response; the rest as the Web handler answers. */
    const handleNode = (
      request: Http.IncomingMessage,
      response: Http.ServerResponse
    ): Effect.Effect<void, never, LanguageModel.LanguageModel> => {
      const { action, after, id, owner } = route(request)
      const write = (answer: Response) => UIMessageStream.toNodeResponse(answer, response)
      if (request.method === "POST" && action === undefined) {
        return generate(id, owner).pipe(
          Effect.flatMap(UIMessageStream.toNodeResponse(response)),
          Effect.catch((error) => write(refusal(error)))
        )
      }
      if (request.method === "GET" && action === "stream") {
        return UIMessageStream.resume(id, { after: after === null ? undefined : Number(after), owner }).pipe(
          Effect.flatMap(UIMessageStream.toNodeResponse(response)),
          Effect.catch((error) =>
            write(error._tag === "StreamNotFound" ? new Response(null, { status: 204 }) : refusal(error))
          )
        )
      }
      return Effect.flatMap(handle(request), write)
    }
    const server = Http.createServer(async (request, response) => {
      if (serving === "node") return run(handleNode(request, response))
      const answer = await run(handle(request))
      response.writeHead(answer.status, Object.fromEntries(answer.headers))
      if (answer.body === null) return void response.end()
      const reader = answer.body.getReader()
      response.on("close", () => void reader.cancel().catch(() => {}))
      try {
        while (true) {
          const { done, value } = await reader.read()
          if (done) break
          response.write(value)
        }
        response.end()
      } catch {
        response.destroy()
      }
    })
    yield* Effect.acquireRelease(
      Effect.callback<void>((resume) => void server.listen(0, "127.0.0.1", () => resume(Effect.void))),
      () =>
        Effect.callback<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    )
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    return { url: `http://127.0.0.1:${port}`, endings }
  })

/**
 * Reads a UI message stream response with the `ai` package's parser: every chunk, or the first `limit` ones
 * and then a disconnect (the body cancelled, as a closed tab or a dropped connection); into `chunks` as they
 * arrive.
 */
export const readChunks = async (
  response: Response,
  limit?: number,
  chunks: Array<UIMessageChunk> = []
): Promise<Array<UIMessageChunk>> => {
  const reader = parseJsonEventStream({ stream: response.body!, schema: uiMessageChunkSchema }).getReader()
  while (limit === undefined || chunks.length < limit) {
    const { done, value } = await reader.read()
    if (done) return chunks
    if (!value.success) throw value.error
    chunks.push(value.value)
  }
  await reader.cancel()
  return chunks
}

/** The message the `ai` package's client builds from chunks (what `useChat` shows). */
export const messageOf = async (chunks: ReadonlyArray<UIMessageChunk>): Promise<UIMessage | undefined> => {
  let message: UIMessage | undefined
  for await (const snapshot of readUIMessageStream({ stream: Stream.toReadableStream(Stream.fromIterable(chunks)) })) {
    message = snapshot
  }
  return message
}

/** The text of a message. */
export const textOf = (message: UIMessage | undefined): string =>
  (message?.parts ?? []).flatMap((part) => part.type === "text" ? [part.text] : []).join("")

export { until } from "./Until.js"
