/**
 * `ChatEndpoint` in a real browser: headless Chromium (Debian's `chromium`, driven by `playwright-core`) loads a
 * page whose `AbstractChat` (with `DefaultChatTransport`, what `useChat` runs) talks to a Node server built with
 * `ChatEndpoint.serveNode`, the page served by routes of the app's own on the same router. The browser keeps the
 * session cookie the endpoint sets: a tool that needs approval is approved (the handler runs once), then denied
 * (nothing runs, the model is told); an answer is stopped midway (the server's `onFinish` hears `Stopped`); a page
 * reloaded midway resumes the answer and shows it whole. A page on another origin of the same site (another port of
 * 127.0.0.1, the endpoint answering its CORS) keeps the session with `credentials: "include"`; without, its
 * continuation is a 401 naming the session cookie. Skipped, with the reason in its name, where Chromium is
 * not installed.
 */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Layer, Stream } from "effect"
import { ChatEndpoint, LanguageModel } from "effect-llm-stream"
import { HttpRouter, HttpServerResponse } from "effect/http"
import * as Esbuild from "esbuild"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { chromium } from "playwright-core"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as TestPaths from "../../support/TestPaths.js"

const executablePath = "/usr/bin/chromium"
const installed = Fs.existsSync(executablePath)

const args = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

const html = `<!doctype html><meta charset="utf-8"><div id="messages"></div>
<form id="form"><input id="input"><button id="send">Send</button></form><button id="stop">Stop</button>
<p id="status"></p><p id="error"></p><script type="module" src="/app.js"></script>`

const script = Effect.promise(() =>
  Esbuild.build({
    entryPoints: [Path.join(TestPaths.test, "support", "pages", "endpoint-page.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "silent"
  })
).pipe(Effect.map((result) => result.outputFiles[0]!.text))

// Held midway (see `heldMidway`), so that it is stopped and reloaded midway however loaded the machine is.
const story = Array.from({ length: 1500 }, (_, index) => `w${index}`).join(" ")

const turns = [
  { toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/a" } }] },
  { text: "Done." },
  { toolCalls: [{ name: "delete_file", arguments: { path: "/etc" } }] },
  { text: "I left /etc alone." },
  { text: story },
  { text: story }
]

/**
 * The model whose answers to requests `held` (by index) stop after their first `after` characters of text until
 * `release` opens their gate: an answer is stopped or reloaded midway however slowly the machine runs.
 */
const heldMidway = (
  model: Layer.Layer<LanguageModel.LanguageModel>,
  held: ReadonlyMap<number, Deferred.Deferred<void>>,
  after: number
): Layer.Layer<LanguageModel.LanguageModel> =>
  Layer.effect(
    LanguageModel.LanguageModel,
    Effect.map(LanguageModel.LanguageModel, (service) => {
      let requests = 0
      return LanguageModel.LanguageModel.of({
        ...service,
        stream: (input) => {
          const gate = held.get(requests++)
          if (gate === undefined) return service.stream(input)
          let sent = 0
          return service.stream(input).pipe(Stream.mapEffect((chunk) => {
            const before = sent
            sent += chunk.content.length
            return before < after && sent >= after ? Effect.as(Deferred.await(gate), chunk) : Effect.succeed(chunk)
          }))
        }
      })
    })
  ).pipe(Layer.provide(model))

/** A tab of headless Chromium on a profile of its own, closed (and the profile removed) with the scope. */
const newTab = Effect.gen(function*() {
  const profile = Fs.mkdtempSync(Path.join(Os.tmpdir(), "endpoint-page-"))
  const context = yield* Effect.acquireRelease(
    Effect.promise(() => chromium.launchPersistentContext(profile, { executablePath, headless: true, args })),
    (context) =>
      Effect.promise(() => context.close()).pipe(
        Effect.andThen(Effect.sync(() => Fs.rmSync(profile, { recursive: true, force: true })))
      )
  )
  return yield* Effect.promise(() => context.newPage())
})

/** The text of the page's last assistant message. */
const lastText = () => {
  const messages = document.querySelectorAll(".message.assistant")
  return messages[messages.length - 1]?.textContent ?? ""
}

describe("the chat endpoint in the browser", () => {
  const name = "in headless Chromium: approve, deny, stop midway, reload midway and resume"
  it.live.skipIf(!installed)(name, () =>
    Effect.gen(function*() {
      const deleted: Array<string> = []
      const requests: Array<LanguageModel.Request> = []
      const endings: Array<ChatEndpoint.Finished> = []
      const code = yield* script
      // The stories (the fifth and sixth requests) stop after 200 characters until the test lets them go on.
      const stopGate = yield* Deferred.make<void>()
      const reloadGate = yield* Deferred.make<void>()
      const gates = new Map([[4, stopGate], [5, reloadGate]])
      const page = Layer.mergeAll(
        HttpRouter.add("GET", "/", HttpServerResponse.html(html)),
        HttpRouter.add("GET", "/app.js", HttpServerResponse.text(code, { contentType: "text/javascript" }))
      )
      const app = Layer.merge(
        ChatEndpoint.layer({
          tools: [EndpointApp.deleteFile(deleted)],
          allowedHosts: ["127.0.0.1"],
          onFinish: (finished) => Effect.sync(() => endings.push(finished))
        }),
        page
      ).pipe(Layer.provide(heldMidway(EndpointApp.scripted(turns, "anthropic", requests, 1), gates, 200)))
      const served = yield* EndpointApp.viaNode(app)
      const tab = yield* newTab
      // One ending per answer: approval asked, approved, asked, denied, stopped, reloaded.
      const ended = (count: number) =>
        EndpointApp.eventually(
          () => endings.length >= count,
          () => endings.map((finished) => finished.ending._tag).join(", ")
        )
      const ready = () => tab.waitForFunction(() => document.getElementById("status")!.textContent === "ready")
      const ask = (text: string) =>
        Effect.promise(async () => {
          await tab.fill("#input", text)
          await tab.click("#send")
        })
      const streamed = (length: number) =>
        Effect.promise(() => tab.waitForFunction((length) => lastText().length > length, length, { timeout: 15_000 }))
      yield* Effect.promise(() => tab.addInitScript(`globalThis.lastText = ${lastText.toString()}`))
      yield* Effect.promise(() => tab.goto(`${served.url}/#browser-chat`))
      yield* Effect.promise(ready)
      // Approved: the handler runs once, and the answer goes on.
      yield* ask("please delete /tmp/a")
      yield* Effect.promise(() => tab.click("button.approve", { timeout: 15_000 }))
      yield* Effect.promise(() => tab.waitForSelector(".tool.output-available", { timeout: 15_000 }))
      yield* Effect.promise(ready)
      assert.deepStrictEqual(deleted, ["/tmp/a"])
      assert.include(yield* Effect.promise(() => tab.evaluate(lastText)), "Done.")
      // Denied: nothing runs, and the model is told why.
      yield* ask("please delete /etc")
      yield* Effect.promise(() => tab.click("button.deny", { timeout: 15_000 }))
      yield* Effect.promise(() => tab.waitForSelector(".tool.output-denied", { timeout: 15_000 }))
      yield* Effect.promise(ready)
      assert.deepStrictEqual(deleted, ["/tmp/a"])
      assert.match((requests[3]!.messages.at(-1) as any).content, /not that one/)
      // Stopped midway (the story held after 200 characters, never let go): the server stops the answer, and says
      // what was sent.
      yield* ask("tell me a story")
      yield* streamed(150)
      yield* Effect.promise(() => tab.click("#stop"))
      yield* Effect.promise(ready)
      yield* ended(5)
      const stopped = endings.at(-1)!
      assert.strictEqual(stopped.chatId, "browser-chat")
      assert.strictEqual(stopped.ending._tag, "Stopped")
      const sent = stopped.ending.steps.at(-1)!.response.content
      assert.isAtLeast(sent.length, 150)
      assert.isBelow(sent.length, story.length)
      assert.isTrue(story.startsWith(sent))
      // Reloaded midway (held after 200 characters, let go once the reloaded page shows the part sent): the page
      // resumes the answer, replayed from its start, and shows it whole.
      yield* ask("tell me another story")
      yield* streamed(150)
      yield* Effect.promise(() => tab.reload())
      yield* streamed(150)
      assert.isBelow((yield* Effect.promise(() => tab.evaluate(lastText))).length, story.length)
      yield* Deferred.succeed(reloadGate, undefined)
      yield* Effect.promise(() => tab.waitForFunction((whole) => lastText() === whole, story, { timeout: 20_000 }))
      yield* ended(6)
      assert.strictEqual(endings.at(-1)!.ending._tag, "Done")
    }).pipe(Effect.scoped), 90_000)

  const crossOrigin = "a page on another origin of the same site: its continuation goes on with credentials: " +
    "\"include\", and without is a 401 naming the session cookie"
  it.live.skipIf(!installed)(crossOrigin, () =>
    Effect.gen(function*() {
      const code = yield* script
      // The page on one port of 127.0.0.1, the endpoint on another: two origins of one site.
      const page = yield* EndpointApp.viaNode(Layer.mergeAll(
        HttpRouter.add("GET", "/", HttpServerResponse.html(html)),
        HttpRouter.add("GET", "/app.js", HttpServerResponse.text(code, { contentType: "text/javascript" }))
      ))
      const deleted: Array<string> = []
      // Both chats ask; the one refused never reaches the model again.
      const ask = { toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/a" } }] }
      const turns = [ask, ask, { text: "Done." }]
      const api = yield* EndpointApp.viaNode(
        Layer.merge(
          ChatEndpoint.layer({ tools: [EndpointApp.deleteFile(deleted)], log: false }),
          HttpRouter.cors({ allowedOrigins: [page.url], credentials: true })
        ).pipe(Layer.provide(EndpointApp.scripted(turns, "openai", [])))
      )
      const tab = yield* newTab
      const approved = (query: string, chatId: string) =>
        Effect.promise(async () => {
          await tab.goto(`${page.url}/?api=${encodeURIComponent(api.url)}${query}#${chatId}`)
          await tab.fill("#input", "please delete /tmp/a")
          await tab.click("#send")
          await tab.click("button.approve", { timeout: 15_000 })
          // Ended: the tool ran and the answer is ready, or the chat shows its error.
          await tab.waitForFunction(
            () =>
              document.getElementById("error")!.textContent !== "" ||
              (document.getElementById("status")!.textContent === "ready" &&
                document.querySelector(".tool.output-available") !== null),
            undefined,
            { timeout: 15_000 }
          )
          return tab.evaluate(() => document.getElementById("error")!.textContent ?? "")
        })
      // Without credentials, the cookie is neither kept nor sent: the continuation is refused, naming it.
      const refused = yield* approved("", "without-cookie")
      assert.include(refused, "without its session cookie (chat_session)")
      assert.include(refused, "credentials: \"include\"")
      assert.deepStrictEqual(deleted, [])
      // With credentials: "include", the session holds across origins: the approval runs.
      assert.strictEqual(yield* approved("&credentials=include", "with-cookie"), "")
      assert.deepStrictEqual(deleted, ["/tmp/a"])
    }).pipe(Effect.scoped), 60_000)

  it.skipIf(installed)(`in headless Chromium (skipped: Chromium is not installed at ${executablePath})`, () => {})
})
