// A chat server on Node's own `http`, as docs/ui.md shows it ("A complete Node server"): `npx tsx node-http.ts`.
// Each module from its own path: a package's root loads every module it has, which a server holds in memory whether
// it uses them or not (Effect's root 13 MB more, this library's 14 MB: docs/ui.md, "A server's memory").
import * as LanguageModel from "effect-llm-stream/LanguageModel"
import * as Main from "effect-llm-stream/Main"
import * as OpenAI from "effect-llm-stream/OpenAI"
import * as StreamStore from "effect-llm-stream/StreamStore"
import * as UIMessageStream from "effect-llm-stream/UIMessageStream"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"

// The model (its key from OPENAI_API_KEY, asked over node:http with its connections kept alive: a server's
// cheapest, "Node's HTTP client" below), and where answers are kept to be resumed: on Redis when REDIS_URL is set
// (every instance behind a load balancer), else in this process's memory.
const Live = Layer.mergeAll(
  OpenAI.layerModel("gpt-6-luna"),
  Layer.unwrap(Effect.map(
    Config.option(Config.Redacted("REDIS_URL")),
    Option.match({ onNone: () => StreamStore.layerMemory(), onSome: (url) => StreamStore.layerRedis({ url }) })
  ))
)

const answer = (res: Http.ServerResponse, status: number, error: string) =>
  UIMessageStream.toNodeResponse(Response.json({ error }, { status }), res)

// Who is asking: this browser's session, an unguessable id in an HttpOnly cookie (set on its first request). Every
// stream is stored under its owner, so another session cannot read, stop or take it, whatever chat id it sends.
// A client may send an id it made up: that is a session of its own, not a person (ChatEndpoint signs its sessions;
// a spend limit keyed by this id alone is renewed by dropping the cookie).
const ownerOf = (req: Http.IncomingMessage, res: Http.ServerResponse): string => {
  const session = /(?:^|;\s*)session=([\w-]{22})(?:;|$)/.exec(req.headers.cookie ?? "")?.[1]
  if (session !== undefined) return session
  const created = StreamStore.newId()
  res.setHeader("set-cookie", `session=${created}; HttpOnly; SameSite=Strict; Path=/`)
  return created
}

// POST /api/chat: the body read up to 8 MiB (else 413), decoded (else 400), the answer stored under the chat's id
// and its owner and streamed as fast as the browser reads it; the browser going away does not stop it (POST
// .../stop does).
const chat = (req: Http.IncomingMessage, res: Http.ServerResponse, owner: string) =>
  UIMessageStream.readRequest(req).pipe(
    Effect.flatMap(UIMessageStream.toMessages),
    Effect.flatMap((chat) =>
      LanguageModel.stream({ messages: chat.messages }).pipe(
        UIMessageStream.fromStream(),
        // Given the request: a Stop that reached the server first naming the message it answers stops it as it starts.
        UIMessageStream.resumable({ streamId: chat.id ?? StreamStore.newId(), owner, chat })
      )
    ),
    // Values that do not fit the form a tool asked with: the form asked again, from the chat's stored answer (a 200
    // stream ending in the sentence, so that useChat shows the form); any other refusal as it is, for its 400 below.
    Effect.catchTag("InvalidRequestError", UIMessageStream.askAgain({ owner })),
    Effect.flatMap(UIMessageStream.toNodeResponse(res)),
    Effect.catchTags({
      InvalidRequestError: (error) => answer(res, error.status ?? 400, error.message),
      StreamStoreError: (error) =>
        answer(res, error.reason === "AlreadyExists" ? 409 : error.reason === "InvalidId" ? 400 : 503, error.message)
    })
  )

// POST /api/chat/:id/stop: its body, as the page sends it ({ assistantMessage } or { messageId }), names the answer
// it is for, so that one not started yet stops as it starts; 400 for a body that is not that JSON, else 204.
const stop = (req: Http.IncomingMessage, res: Http.ServerResponse, chatId: string, owner: string) =>
  UIMessageStream.readRequest(req).pipe(
    Effect.flatMap((body) => UIMessageStream.stop(chatId, { owner, body })),
    Effect.as(204),
    Effect.catchTag("InvalidRequestError", (error) => Effect.succeed(error.status ?? 400)),
    Effect.orElseSucceed(() => 204),
    Effect.flatMap((status) => UIMessageStream.toNodeResponse(new Response(null, { status }), res))
  )

// Each request answered in its own fiber: a failure is that request's error answer, never the server's end. Only
// requests for this machine's own names are served (a page of another site cannot reach it by DNS rebinding).
const route = (req: Http.IncomingMessage, res: Http.ServerResponse) => {
  const host = URL.canParse(`http://${req.headers.host}`) ? new URL(`http://${req.headers.host}`).hostname : ""
  const resume = /^\/api\/chat\/([\w.~-]+)\/(stream|stop)$/.exec(req.url ?? "")
  const owner = ownerOf(req, res)
  const handled = host !== "localhost" && host !== "127.0.0.1"
    ? answer(res, 403, `not served for the host ${host}`)
    : req.method === "POST" && req.url === "/api/chat"
    ? chat(req, res, owner)
    : req.method === "GET" && resume?.[2] === "stream"
    ? Effect.flatMap(UIMessageStream.resumeResponse(resume[1]!, { owner }), UIMessageStream.toNodeResponse(res))
    : req.method === "POST" && resume?.[2] === "stop"
    ? stop(req, res, resume[1]!, owner)
    : answer(res, 404, "not found")
  return handled.pipe(Effect.catchCause(() => answer(res, 500, "An internal error occurred.")))
}

const main = Effect.gen(function*() {
  // The layers are built before the server listens: a missing key or a Redis that cannot be reached ends the
  // program here, its one line first (Main.runMain), exit code 1, and nothing listens.
  const run = Effect.runForkWith(yield* Effect.context<LanguageModel.LanguageModel>())
  const server = Http.createServer((req, res) => void run(route(req, res)))
  yield* Effect.acquireRelease(
    Effect.callback<void, Error>((resume) => {
      server.once("error", (error) => resume(Effect.fail(error)))
      server.listen(Number(process.env["PORT"] ?? 3000), "127.0.0.1", () => resume(Effect.void))
    }),
    () => Effect.callback<void>((resume) => void server.close(() => resume(Effect.void)))
  )
  yield* Console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  return yield* Effect.never
})

main.pipe(Effect.scoped, Effect.provide(Live), Main.runMain)
