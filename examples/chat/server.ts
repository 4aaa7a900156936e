/**
 * `npm run example:chat`: a chat in the browser, served by `ChatEndpoint` (its routes on `effect/http`'s router,
 * on Node with `serveNode`), so the page is the `ai` package's own chat client (see page.ts).
 *
 * - `POST /api/chat`, `GET /api/chat/:id/stream`, `POST /api/chat/:id/stop`: the endpoint's routes. Each answer
 *   is stored as it is made (a reload resumes it), stopped by the page's stop button wherever it runs, limited per
 *   browser session (a signed `HttpOnly` cookie the endpoint sets) to $0.01 a day, per client address to $0.05 a
 *   day (a client that drops its cookie is still limited), for everyone to $1 a day, and to $0.005 an answer;
 *   `onFinish` saves each answer as it was sent: `Done` (and why), `Stopped`, `Dropped` or `Failed`, with its
 *   text, tokens and cost.
 * - `GET /api/saved`: the answers saved for this session (no other session's).
 * - `GET /` and `/app.js`: the page, its script bundled with esbuild when the server starts.
 *
 * Every route is served for `localhost` and `127.0.0.1` only (`allowedHosts`): a page of another site cannot
 * reach the server through DNS rebinding. The model and the routes are built before the server listens.
 *
 * Offline by default: the model is OpenAI's API played by the bundled replay server on 127.0.0.1, which
 * streams a canned answer word by word. With `OPENAI_API_KEY` set, it calls OpenAI (`gpt-4o-mini`); the key
 * stays on the server, and nothing of the provider's request or headers reaches the browser.
 */
import { Deferred, Effect, Fiber, Layer, Option, Redacted } from "effect"
import { ChatEndpoint, LanguageModel, Main, OpenAI, SpendLimit } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient, HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import * as Esbuild from "esbuild"
import * as Fs from "node:fs"
import * as Path from "node:path"

/** An answer as it was saved when it ended. */
export interface Saved {
  /** Whose answer it was: the browser session's owner. */
  readonly owner: string
  /** How it ended: `Done`, `Stopped`, `Dropped` or `Failed`. */
  readonly ending: ChatEndpoint.Ending["_tag"]
  readonly text: string
  readonly outputTokens: number | undefined
  /** The cost in USD, an exact decimal string. */
  readonly cost: string | undefined
}

/** The styles of the page `npx effect-llm-stream chat` serves (page.html), shared. */
const style = /<style>[\s\S]*?<\/style>/.exec(Fs.readFileSync(Path.join(import.meta.dirname, "page.html"), "utf8"))![0]

const page = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>effect-llm-stream chat</title>
${style}
<div id="messages"></div>
<form id="form"><input id="input" placeholder="Ask something" autofocus><button id="send">Send</button><button id="stop" type="button">Stop</button></form>
<p>Status: <span id="status"></span> <span id="error"></span></p>
<script type="module" src="/app.js"></script>
</html>`

/** The page's script, bundled for the browser. */
const bundle = Effect.promise(() =>
  Esbuild.build({
    entryPoints: [Path.join(import.meta.dirname, "page.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    logLevel: "silent"
  })
).pipe(Effect.map((result) => result.outputFiles[0]!.text))

const words = `Here is a streamed answer, written word by word so that you can watch it arrive and stop it
whenever you like. When you press stop, the browser aborts its request, the server stops reading the model
at once, and the answer is saved exactly as far as it was sent to you, with the tokens it used and what they
cost. Nothing more is generated or billed after that. This canned answer is long on purpose: it gives you time
to press the button before the end, and to compare what you saw with what the server saved.`.split(/\s+/)

/** A Chat Completions stream (what OpenAI's API sends) answering `question` with the canned text. */
const cannedAnswer = (question: string): ReplayServer.Scenario => {
  const base = { id: "chatcmpl-example", object: "chat.completion.chunk", created: 1, model: "gpt-4o-mini" }
  const choice = (delta: object, finish: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, finish_reason: finish }]
  })
  const text = [`You asked: “${question.slice(0, 200)}”.`, ...words]
  const events = [
    choice({ role: "assistant", content: "" }),
    ...text.map((word, index) => choice({ content: index === 0 ? word : ` ${word}` })),
    choice({}, "stop"),
    {
      ...base,
      choices: [],
      usage: { prompt_tokens: 20, completion_tokens: text.length, total_tokens: 20 + text.length }
    }
  ].map((event) => `data: ${JSON.stringify(event)}\n\n`).concat("data: [DONE]\n\n")
  const encoder = new TextEncoder()
  const cuts: Array<number> = []
  let offset = 0
  for (const event of events) cuts.push(offset += encoder.encode(event).length)
  return { headers: { "content-type": "text/event-stream" }, body: events.join(""), cuts, delayMs: 40 }
}

/** The last user message's text of a Chat Completions request body. */
const questionOf = (body: string): string => {
  try {
    const messages = (JSON.parse(body) as { messages?: Array<{ role: string; content: unknown }> }).messages ?? []
    const last = messages.filter((message) => message.role === "user").at(-1)?.content
    return typeof last === "string" ? last : JSON.stringify(last ?? "")
  } catch {
    return ""
  }
}

/** The model: OpenAI when `OPENAI_API_KEY` is set, else OpenAI's API played by the replay server. */
export const model: Layer.Layer<LanguageModel.LanguageModel> = Layer.unwrap(Effect.gen(function*() {
  const key = process.env["OPENAI_API_KEY"]
  if (key !== undefined && key !== "") {
    return OpenAI.model("gpt-6-luna").pipe(
      Layer.provide(OpenAI.layer({ apiKey: Redacted.make(key) })),
      Layer.provide(FetchHttpClient.layer)
    )
  }
  const replay = yield* ReplayServer.make
  const baseUrl = replay.serve((request) => cannedAnswer(questionOf(request.body)))
  return OpenAI.model("gpt-6-luna").pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make("offline"), baseUrl })),
    Layer.provide(FetchHttpClient.layer)
  )
}))

/** What `onFinish` saves of an answer: its text as it was sent, its tokens and its cost. */
const savedOf = ({ ending, owner }: ChatEndpoint.Finished): Saved => ({
  owner,
  ending: ending._tag,
  text: ending.steps.map((step) => step.response.content).join(""),
  outputTokens: ending.spend.usage.outputTokens,
  cost: Option.getOrUndefined(ending.spend.cost)?.toJSON().total
})

/** The app: the chat's routes, the page's, and the answers saved for the asking session. */
const app = (saved: Array<Saved>, script: string) =>
  Layer.mergeAll(
    ChatEndpoint.layer({
      budget: { usd: "0.005" },
      // A session is not a person (a client that drops its cookie gets a new one): each answer must also fit the
      // limit of the client's address, which it cannot mint, and the whole server's.
      spendLimit: (session, { address }) => [
        { key: `session:${session}`, usd: "0.01", window: "1 day", label: "daily limit of your session" },
        { key: `address:${address ?? "unknown"}`, usd: "0.05", window: "1 day", label: "daily limit of your network" },
        { key: "everyone", usd: "1", window: "1 day", label: "daily limit of this server" }
      ],
      allowedHosts: ["localhost", "127.0.0.1"],
      onFinish: (finished) => Effect.sync(() => void saved.push(savedOf(finished)))
    }),
    HttpRouter.add("GET", "/", HttpServerResponse.html(page)),
    HttpRouter.add("GET", "/app.js", HttpServerResponse.text(script, { contentType: "text/javascript" })),
    HttpRouter.add("GET", "/api/saved", (request: HttpServerRequest.HttpServerRequest) =>
      Effect.map(ChatEndpoint.sessionOf(request), (session) =>
        HttpServerResponse.jsonUnsafe(saved.filter((answer) =>
          answer.owner === session
        ))))
  )

/**
 * The chat server on `port` (0: any free port) of 127.0.0.1, until the scope closes: its URL and the answers it
 * saved. The model and the routes are built first: a model that cannot be built ends the program before anything
 * listens.
 */
export const server = (options: { readonly port?: number | undefined } = {}) =>
  Effect.gen(function*() {
    const saved: Array<Saved> = []
    const script = yield* bundle
    const listening = yield* Deferred.make<string>()
    const serving = yield* ChatEndpoint.serveNode(app(saved, script), {
      port: options.port ?? 0,
      onListen: (url) => Deferred.succeed(listening, url)
    }).pipe(Effect.provide(Layer.merge(model, SpendLimit.layerMemory())), Effect.forkScoped)
    const url = yield* Deferred.await(listening).pipe(
      Effect.raceFirst(Effect.flatMap(Fiber.join(serving), () => Effect.never))
    )
    return { url, saved }
  })

if (import.meta.url === `file://${process.argv[1]}`) {
  Effect.gen(function*() {
    const { url } = yield* server({ port: Number(process.env["PORT"] ?? 3000) })
    yield* Effect.log(`chat example on ${url}${process.env["OPENAI_API_KEY"] ? "" : " (offline: replayed answers)"}`)
    return yield* Effect.never
  }).pipe(Effect.scoped, Main.runMain)
}
