/**
 * The chat command's page (examples/chat/full-page.ts, built as `npm run build` builds it) in headless Chromium, on a
 * `ChatEndpoint` whose tool is an MCP server's (`support/mcp/ModernServer.mjs`, built with the official SDK): its
 * `deploy` asks the user to confirm in a form. The page shows the form as fields (`ChatPage.pending`: the form's
 * message, a checkbox labelled by the schema's description), and what the person fills in goes back as the answer:
 * the tool server gets it, and the answer goes on with its result. Skipped, with the reason in its name, where
 * Chromium is not installed.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Layer, Scope } from "effect"
import { ChatEndpoint, Mcp } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import { FetchHttpClient, HttpRouter, HttpServerResponse } from "effect/http"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { chromium } from "playwright-core"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"
import * as TestPaths from "../../support/TestPaths.js"

const executablePath = "/usr/bin/chromium"
const installed = Fs.existsSync(executablePath)
const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

const scope = Effect.runSync(Scope.make())
let http: Awaited<ReturnType<typeof ModernServer.startHttp>>

beforeAll(async () => {
  http = await ModernServer.startHttp()
})

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await http?.close()
})

/** The page's HTML and its script, as the chat command serves them (the script built first). */
const page = () => {
  const built = ChildProcess.spawnSync(process.execPath, [Path.join(TestPaths.root, "scripts", "build-page.mjs")], {
    encoding: "utf8"
  })
  assert.strictEqual(built.status, 0, built.stderr)
  const html = Fs.readFileSync(Path.join(TestPaths.root, "examples", "chat", "page.html"), "utf8")
  return {
    html: html.replace("<!-- models -->", `<option value="offline">offline</option>`),
    script: Fs.readFileSync(Path.join(TestPaths.root, "dist", "chat", "page.js"), "utf8")
  }
}

/** The endpoint with the MCP server's tools and the page, on a free port of 127.0.0.1: its URL. */
const serve = Effect.gen(function*() {
  const tools = yield* Mcp.tools({
    transport: { http: { url: http.url } },
    elicitation: "approval",
    needsApproval: false
  })
  const { html, script } = page()
  const app = Layer.mergeAll(
    ChatEndpoint.layer({ models: { offline: TestKit.auto({ provider: "openai" }) }, tools }),
    HttpRouter.add("GET", "/", HttpServerResponse.html(html)),
    HttpRouter.add("GET", "/page.js", HttpServerResponse.text(script, { contentType: "text/javascript" }))
  )
  const url = yield* Deferred.make<string>()
  yield* Effect.forkScoped(
    ChatEndpoint.serveNode(app, { port: 0, onListen: (listening) => Deferred.succeed(url, listening) })
  )
  return yield* Deferred.await(url)
}).pipe(Effect.provide(FetchHttpClient.layer), Scope.provide(scope))

describe("the chat page: a tool's form", () => {
  it.skipIf(!installed)(
    "in headless Chromium: shown as fields, filled in, its values reach the tool server",
    async () => {
      const url = await Effect.runPromise(serve)
      const browser = await chromium.launch({ executablePath, headless: true, args })
      try {
        const tab = await browser.newPage()
        const errors: Array<string> = []
        tab.on("pageerror", (error) => errors.push(error.message))
        await tab.goto(url)
        await tab.waitForFunction(() => document.getElementById("status")!.textContent === "ready")
        await tab.fill("#input", "Please deploy")
        await tab.click("#send")
        const form = tab.locator(".message.assistant form")
        await form.waitFor({ timeout: 20_000 })
        // The form's own message, and its one property as a checkbox labelled by its description.
        assert.strictEqual(await form.locator(".asked").textContent(), "Deploy to example?")
        assert.strictEqual(await form.locator("label").textContent(), "Deploy now? ")
        await form.locator("input[name=confirm][type=checkbox]").check()
        await form.locator("button:text('Send')").click()
        await tab.locator(".message.assistant").getByText("deployed to example").waitFor({ timeout: 20_000 })
        assert.deepStrictEqual(errors, [])
      } finally {
        await browser.close()
      }
    },
    90_000
  )

  it.skipIf(installed)(`in headless Chromium (skipped: Chromium is not installed at ${executablePath})`, () => {})
})
