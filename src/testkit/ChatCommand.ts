/**
 * `npx effect-llm-stream chat`: a complete chat page on `ChatEndpoint`, on 127.0.0.1. The page (examples/chat/
 * page.html, its script prebuilt by `npm run build` into dist/chat/page.js) sends with Send, stops with Stop,
 * resumes after a reload, asks before the `save_note` tool runs (Approve, Deny), and shows each answer's model,
 * cost in dollars and why a bound cut it; its `<select>` picks among the endpoint's `models`: the real providers
 * whose key is set (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`), else two offline models that answer from the request
 * (`TestKit.auto`: a call of the tool the question names, else `get_time`, then text quoting its result).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as HttpRouter from "effect/http/HttpRouter"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Url from "node:url"
import * as ChatEndpoint from "../app/endpoint/ChatEndpoint.js"
import type * as LanguageModel from "../app/LanguageModel.js"
import * as Tool from "../core/Tool.js"
import * as Anthropic from "../providers/anthropic/Anthropic.js"
import * as OpenAIResponses from "../providers/openai-responses/OpenAIResponses.js"
import * as TestKitScripted from "./TestKitScripted.js"

/** What `chat` is told: where to listen, the budget of one answer, and where to say it listens. */
export interface Options {
  readonly port: number
  readonly budget: string | undefined
  readonly onListen: (url: string, models: ReadonlyArray<string>) => Effect.Effect<void>
}

type Models = Record<string, Layer.Layer<LanguageModel.LanguageModel, unknown>>

/** The real providers, each served when its key is set in the environment. */
const real: ReadonlyArray<readonly [key: string, id: string, model: () => Models[string]]> = [
  ["OPENAI_API_KEY", "gpt-6-luna", () => OpenAIResponses.layerModel("gpt-6-luna")],
  ["ANTHROPIC_API_KEY", "claude-sonnet-4-6", () => Anthropic.layerModel("claude-sonnet-4-6")]
]

/** The models of the picker: the real ones whose key is set, else two offline ones. */
export const modelsOf = (environment: Readonly<Record<string, string | undefined>>): Models => {
  const keyed = real.filter(([key]) => (environment[key] ?? "") !== "")
  if (keyed.length > 0) return Object.fromEntries(keyed.map(([, id, model]) => [id, model()]))
  return {
    "offline-openai": TestKitScripted.auto({ provider: "openai", delayMs: 30 }),
    "offline-anthropic": TestKitScripted.auto({ provider: "anthropic", delayMs: 30 })
  }
}

/** The tools: one that runs at once, one that asks the user first. */
const toolsOf = (notes: Array<string>) =>
  [
    Tool.handle(
      Tool.make("get_time", { description: "The time on the server", parameters: Schema.Struct({}) }),
      () => Effect.sync(() => new Date().toISOString())
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
const pageOf = (ids: ReadonlyArray<string>) =>
  Effect.try({
    try: () => {
      const root = packageRoot()
      const options = ids.map((id) => `<option value="${escaped(id)}">${escaped(id)}</option>`).join("")
      const html = Fs.readFileSync(Path.join(root, "examples", "chat", "page.html"), "utf8")
      return {
        html: html.replace("<!-- models -->", options),
        script: Fs.readFileSync(Path.join(root, "dist", "chat", "page.js"), "utf8")
      }
    },
    catch: (error) => new Error(`the page is not there (${(error as Error).message}): run npm run build`)
  })

/** The chat page and its endpoint on 127.0.0.1, until the program is stopped. */
export const chat = (options: Options) =>
  Effect.gen(function*() {
    const models = modelsOf(process.env)
    const ids = Object.keys(models)
    const page = yield* pageOf(ids)
    const app = Layer.mergeAll(
      ChatEndpoint.layer({
        models,
        tools: toolsOf([]),
        system: "You are a helpful assistant. Ask before saving a note.",
        ...(options.budget === undefined ? {} : { budget: { usd: options.budget } }),
        allowedHosts: ["localhost", "127.0.0.1"]
      }),
      HttpRouter.add("GET", "/", HttpServerResponse.html(page.html)),
      HttpRouter.add("GET", "/page.js", HttpServerResponse.text(page.script, { contentType: "text/javascript" }))
    )
    return yield* ChatEndpoint.serveNode(app, {
      port: options.port,
      host: "127.0.0.1",
      onListen: (url) => options.onListen(url, ids)
    })
  })
