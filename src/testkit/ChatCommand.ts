/**
 * `npx effect-llm-stream chat`: a complete chat page on `ChatEndpoint`, on 127.0.0.1. The page (examples/chat/
 * page.html, its script prebuilt by `npm run build` into dist/chat/page.js) sends with Send, stops with Stop,
 * keeps the tab's conversation and resumes the answer under way after a reload, asks before the `save_note` tool
 * runs (its name and arguments; Approve, Deny), asks the budget's question with both amounts, and shows each
 * answer's model, cost in dollars and why it ended; its `<select>` picks among the endpoint's `models`: the real
 * providers whose key is set (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`), else two offline models that answer from the
 * request (`TestKit.auto`: a call of the tool the question names, else `get_time`, then text quoting its result),
 * paced `delayMs` apart so that Stop and a reload can be tried. A POST from a page of another origin (another port
 * of 127.0.0.1 included) is refused (403).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as HttpRouter from "effect/http/HttpRouter"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Url from "node:url"
import * as ChatEndpoint from "../app/endpoint/ChatEndpoint.js"
import * as EndpointGuards from "../app/endpoint/EndpointGuards.js"
import type * as LanguageModel from "../app/LanguageModel.js"
import * as Tool from "../core/Tool.js"
import * as Anthropic from "../providers/anthropic/Anthropic.js"
import * as OpenAIResponses from "../providers/openai-responses/OpenAIResponses.js"
import * as TestKitScripted from "./TestKitScripted.js"

/**
 * What `chat` is told: where to listen, the budget of one answer (and where it asks before going on), how far apart
 * the offline models' deltas come, and where to say it listens.
 */
export interface Options {
  readonly port: number
  readonly budget: string | undefined
  readonly askAt?: number | undefined
  /** Milliseconds between two deltas of an offline answer. */
  readonly delayMs: number
  readonly onListen: (url: string, models: ReadonlyArray<string>) => Effect.Effect<void>
}

type Models = Record<string, Layer.Layer<LanguageModel.LanguageModel, unknown>>

/** The real providers, each served when its key is set in the environment. */
const real: ReadonlyArray<readonly [key: string, id: string, model: () => Models[string]]> = [
  ["OPENAI_API_KEY", "gpt-6-luna", () => OpenAIResponses.layerModel("gpt-6-luna")],
  ["ANTHROPIC_API_KEY", "claude-sonnet-4-6", () => Anthropic.layerModel("claude-sonnet-4-6")]
]

/** The models of the picker: the real ones whose key is set, else two offline ones, `delayMs` between deltas. */
export const modelsOf = (environment: Readonly<Record<string, string | undefined>>, delayMs: number): Models => {
  const keyed = real.filter(([key]) => (environment[key] ?? "") !== "")
  if (keyed.length > 0) return Object.fromEntries(keyed.map(([, id, model]) => [id, model()]))
  return {
    "offline-openai": TestKitScripted.auto({ provider: "openai", delayMs }),
    "offline-anthropic": TestKitScripted.auto({ provider: "anthropic", delayMs })
  }
}

/** What the page says the models can do: the offline ones' tools, and the budget when one is set. */
const offersOf = (offline: boolean, options: Options): string => {
  const models = offline
    ? "No key is set: two offline models answer, word by word. Ask the time and get_time runs at once; ask to " +
      "save_note something and you are asked first, with the note."
    : "Ask to save_note something and you are asked first, with the note."
  const budget = options.budget !== undefined
    ? `Each answer may cost $${options.budget}${
      options.askAt === undefined
        ? ""
        : `; past ${Math.round(options.askAt * 1000) / 10} % of it you are asked whether to go on`
    }.`
    : offline
    ? "Start it with --budget 0.00005 and an answer stops at its budget, saying so; with --budget 0.0001 " +
      "--ask-at 0.2 you are asked first whether to go on, with what it spent."
    : ""
  const stop = "Stop an answer, or reload while one streams: the conversation stays and the answer goes on."
  return `<p id="offers">${escaped([models, stop, budget].filter(Boolean).join(" "))}</p>`
}

/** What a POST from a page of another origin is told. */
const crossOrigin = "This chat takes messages only from its own page: a page of another origin (another port " +
  "included) cannot send them."

/** Refuses (403) a POST from a page of another origin than the server's own host and port. */
const sameOrigin = Layer.effectDiscard(Effect.gen(function*() {
  const router = yield* HttpRouter.HttpRouter
  yield* router.addGlobalMiddleware((effect) =>
    Effect.flatMap(
      HttpServerRequest.HttpServerRequest,
      (request) =>
        request.method === "POST" && EndpointGuards.isCrossOrigin(request)
          ? Effect.succeed(HttpServerResponse.jsonUnsafe({ error: crossOrigin }, { status: 403 }))
          : effect
    )
  )
}))

/** What `get_time` says beside the time, for the offline models to quote word by word: what to try on the page. */
const paced = "This answer comes word by word, as a model streams one: press Stop to end it where it is (it says " +
  "what it cost), or reload the page while it streams: the conversation stays and the answer goes on from the " +
  "server. Ask to save_note something and you are asked first, with the note itself."

/** The tools: one that runs at once, one that asks the user first. */
const toolsOf = (notes: Array<string>) =>
  [
    Tool.handle(
      Tool.make("get_time", { description: "The time on the server", parameters: Schema.Struct({}) }),
      () => Effect.sync(() => `${new Date().toISOString()}. ${paced}`)
    ),
    Tool.handle(
      Tool.make("save_note", { description: "Saves a note", parameters: Schema.Struct({ text: Schema.String }) }),
      ({ text }) => Effect.sync(() => `saved (${notes.push(text)} notes)`),
      { needsApproval: true }
    )
  ] as const

/** The package's folder: where examples/ and dist/ are, from src/testkit/ or dist/testkit/. */
const packageRoot = (): string => {
  let dir = Path.dirname(Url.fileURLToPath(import.meta.url))
  while (!Fs.existsSync(Path.join(dir, "examples", "chat", "page.html")) && Path.dirname(dir) !== dir) {
    dir = Path.dirname(dir)
  }
  return dir
}

const escaped = (text: string) => text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`)

/** The page and its script, read once; a script not built yet is a failure saying so. */
const pageOf = (ids: ReadonlyArray<string>, offers: string) =>
  Effect.try({
    try: () => {
      const root = packageRoot()
      const options = ids.map((id) => `<option value="${escaped(id)}">${escaped(id)}</option>`).join("")
      const html = Fs.readFileSync(Path.join(root, "examples", "chat", "page.html"), "utf8")
      return {
        html: html.replace("<!-- models -->", options).replace("<!-- offers -->", offers),
        script: Fs.readFileSync(Path.join(root, "dist", "chat", "page.js"), "utf8")
      }
    },
    catch: (error) => new Error(`the page is not there (${(error as Error).message}): run npm run build`)
  })

/** The chat page and its endpoint on 127.0.0.1, until the program is stopped; a mistake in the options is told first. */
export const chat = (options: Options) =>
  Effect.gen(function*() {
    const models = modelsOf(process.env, options.delayMs)
    const ids = Object.keys(models)
    const endpoint = ChatEndpoint.layer({
      models,
      tools: toolsOf([]),
      system: "You are a helpful assistant. Ask before saving a note.",
      ...(options.budget === undefined
        ? {}
        : { budget: { usd: options.budget, ...(options.askAt === undefined ? {} : { askAt: options.askAt }) } }),
      allowedHosts: ["localhost", "127.0.0.1"]
    })
    // The page is read once the endpoint's options are checked: a bad --budget is told before a missing build.
    const page = Layer.unwrap(Effect.map(pageOf(ids, offersOf(ids[0]!.startsWith("offline-"), options)), (page) =>
      Layer.mergeAll(
        HttpRouter.add("GET", "/", HttpServerResponse.html(page.html)),
        HttpRouter.add("GET", "/page.js", HttpServerResponse.text(page.script, { contentType: "text/javascript" }))
      )))
    return yield* ChatEndpoint.serveNode(Layer.mergeAll(page, sameOrigin).pipe(Layer.provideMerge(endpoint)), {
      port: options.port,
      host: "127.0.0.1",
      onListen: (url) =>
        options.onListen(url, ids)
    })
  })
