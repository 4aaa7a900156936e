/**
 * `npm run example:chat`: a chat in the browser, served by an Effect server (`effect/http` on Node) in the
 * AI SDK's UI message stream protocol, so the page is the `ai` package's own chat client (see page.ts).
 *
 * - `POST /api/chat`: the body `useChat` sends, read up to 8 MiB (a larger one is a 413, never buffered) and
 *   decoded by `UIMessageStream.toMessages` (a malformed one is a 400 naming the field), streamed from the model with `UIMessageStream.fromStream` and served with
 *   `toHttpServerResponse`. When the page stops (or the tab closes), the model call is stopped at once and
 *   `CallStream.onEnd` saves the answer as it was sent: `Interrupted`, with its text, usage and cost.
 * - `GET /api/saved`: the answers saved so far.
 * - `GET /` and `/app.js`: the page, its script bundled with esbuild when the server starts.
 *
 * Requests for another host than `localhost` or `127.0.0.1` are refused (403): a page of another site cannot
 * reach the server through DNS rebinding. The model is built before the server listens.
 *
 * Offline by default: the model is OpenAI's API played by the bundled replay server on 127.0.0.1, which
 * streams a canned answer word by word. With `OPENAI_API_KEY` set, it calls OpenAI (`gpt-4o-mini`); the key
 * stays on the server, and nothing of the provider's request or headers reaches the browser.
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { ByteSize, Context, Effect, Layer, Option, Redacted } from "effect"
import { CallStream, LanguageModel, OpenAI, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient, HttpIncomingMessage, HttpRouter, HttpServer, HttpServerResponse } from "effect/http"
import * as Esbuild from "esbuild"
import { createServer } from "node:http"
import * as Path from "node:path"

/** The most a request body may have. */
const maxBody = ByteSize.megabytes(8)

/** An answer as it was saved when its stream ended. */
export interface Saved {
  readonly ending: CallStream.Ending["_tag"]
  readonly text: string
  readonly outputTokens: number | undefined
  /** The cost in USD, an exact decimal string. */
  readonly cost: string | undefined
}

const page = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>effect-llm-stream chat</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }
  .message { margin: .75rem 0; padding: .5rem .75rem; border-radius: .5rem; background: #f3f3f3; }
  .message.user { background: #dbeafe; }
  .reasoning { color: #666; font-style: italic; }
  .meta { color: #666; }
  form { display: flex; gap: .5rem; }
  #input { flex: 1; }
</style>
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
    return OpenAI.model("gpt-4o-mini").pipe(
      Layer.provide(OpenAI.layer({ apiKey: Redacted.make(key) })),
      Layer.provide(FetchHttpClient.layer)
    )
  }
  const replay = yield* ReplayServer.make
  const baseUrl = replay.serve((request) => cannedAnswer(questionOf(request.body)))
  return OpenAI.model("gpt-4o-mini").pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make("offline"), baseUrl })),
    Layer.provide(FetchHttpClient.layer)
  )
}))

/** The routes, with the answers they save in `saved`. */
const routes = (saved: Array<Saved>) =>
  HttpRouter.use((router) =>
    Effect.gen(function*() {
      const llm = yield* LanguageModel.LanguageModel
      const script = yield* bundle
      yield* router.add("GET", "/", HttpServerResponse.html(page))
      yield* router.add("GET", "/app.js", HttpServerResponse.text(script, { contentType: "text/javascript" }))
      yield* router.add("GET", "/api/saved", Effect.sync(() => HttpServerResponse.jsonUnsafe(saved)))
      yield* router.add("POST", "/api/chat", (request) =>
        Effect.gen(function*() {
          // Only for this machine's own names: a page of another site cannot reach it by DNS rebinding.
          const given = `http://${request.headers["host"]}`
          const host = URL.canParse(given) ? new URL(given).hostname : ""
          if (host !== "localhost" && host !== "127.0.0.1") {
            return HttpServerResponse.jsonUnsafe({ error: `not served for the host ${host}` }, { status: 403 })
          }
          // The body is read up to 8 MiB, never buffered past it (a larger one is a 413).
          const body = yield* request.text.pipe(Effect.provideService(HttpIncomingMessage.MaxBodySize, maxBody))
          const { messages } = yield* UIMessageStream.toMessages(body)
          return yield* LanguageModel.stream({ messages }).pipe(
            // Saved as sent: when the page stops, the ending is Interrupted with exactly what it was sent.
            CallStream.onEnd((ending) =>
              Effect.sync(() => {
                saved.push({
                  ending: ending._tag,
                  text: ending.response.content,
                  outputTokens: ending.response.usage.outputTokens,
                  cost: Option.getOrUndefined(ending.response.cost)?.toJSON().total
                })
              })
            ),
            UIMessageStream.fromStream(),
            UIMessageStream.toHttpServerResponse()
          )
        }).pipe(
          Effect.provideService(LanguageModel.LanguageModel, llm),
          Effect.catchTag("InvalidRequestError", (error) =>
            Effect.succeed(HttpServerResponse.jsonUnsafe({ error: error.message }, { status: 400 }))),
          Effect.catchTag("HttpServerError", () =>
            Effect.succeed(
              HttpServerResponse.jsonUnsafe({ error: "the body is over 8 MiB, or could not be read" }, { status: 413 })
            ))
        ))
    })
  )

/**
 * The chat server on `port` (0: any free port), serving with `model`. Its `HttpServer` (for the address) and
 * the answers it saved.
 */
export const server = (options: { readonly port?: number | undefined } = {}) =>
  Effect.gen(function*() {
    const saved: Array<Saved> = []
    // The model is built first, the server listens after: a model that cannot be built ends the program before
    // anything listens.
    const built = yield* Layer.build(model)
    const context = yield* Layer.build(
      HttpRouter.serve(routes(saved), { disableLogger: true, disableListenLog: true }).pipe(
        Layer.provide(Layer.succeedContext(built)),
        Layer.provideMerge(NodeHttpServer.layer(createServer, { port: options.port ?? 0, host: "127.0.0.1" }))
      )
    )
    const address = Context.get(context, HttpServer.HttpServer).address
    return { url: HttpServer.formatAddress(address), saved }
  })

if (import.meta.url === `file://${process.argv[1]}`) {
  Effect.gen(function*() {
    const { url } = yield* server({ port: Number(process.env["PORT"] ?? 3000) })
    yield* Effect.log(`chat example on ${url}${process.env["OPENAI_API_KEY"] ? "" : " (offline: replayed answers)"}`)
    return yield* Effect.never
  }).pipe(Effect.scoped, NodeRuntime.runMain)
}
