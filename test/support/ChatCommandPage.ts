/**
 * The chat command's page (examples/chat/full-page.ts, built as `npm run build` builds it) served by a `ChatEndpoint`
 * of the test's own on a free port of 127.0.0.1, and a tab of headless Chromium (Debian's `chromium`, driven by
 * `playwright-core`) on it, where Chromium is installed.
 */
import { assert } from "@effect/vitest"
import { Deferred, Effect, Layer } from "effect"
import type { Tool } from "effect-llm-stream"
import { ChatEndpoint } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import { HttpRouter, HttpServerResponse } from "effect/http"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { chromium, type Page } from "playwright-core"
import * as TestPaths from "./TestPaths.js"

/** Where Debian installs Chromium, whether it is there, and how the tests launch it. */
export const executablePath = "/usr/bin/chromium"
export const installed = Fs.existsSync(executablePath)
export const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

/** The page's HTML and its script, as the chat command serves them (the script built first). */
export const page = () => {
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

/**
 * The page on an endpoint with `tools` (and a `budget`, when given) whose model is the offline one (`TestKit.auto`,
 * OpenAI's wire), served until the scope closes: its URL.
 */
export const serve = (
  tools: ReadonlyArray<Tool.Tool>,
  budget?: { readonly usd: string; readonly askAt?: number }
) =>
  Effect.gen(function*() {
    const { html, script } = page()
    const app = Layer.mergeAll(
      ChatEndpoint.layer({
        models: { offline: TestKit.auto({ provider: "openai" }) },
        tools,
        ...(budget === undefined ? {} : { budget })
      }),
      HttpRouter.add("GET", "/", HttpServerResponse.html(html)),
      HttpRouter.add("GET", "/page.js", HttpServerResponse.text(script, { contentType: "text/javascript" }))
    )
    const url = yield* Deferred.make<string>()
    yield* Effect.forkScoped(
      ChatEndpoint.serveNode(app, { port: 0, onListen: (listening) => Deferred.succeed(url, listening) })
    )
    return yield* Deferred.await(url)
  })

/**
 * Runs `test` on a tab of headless Chromium that opened the page at `url` and sent `text`; the page met no error, and
 * the browser is closed after.
 */
export const onPage = async (url: string, text: string, test: (tab: Page) => Promise<void>): Promise<void> => {
  const browser = await chromium.launch({ executablePath, headless: true, args })
  try {
    const tab = await browser.newPage()
    const errors: Array<string> = []
    tab.on("pageerror", (error) => errors.push(error.message))
    await tab.goto(url)
    await tab.waitForFunction(() => document.getElementById("status")!.textContent === "ready")
    await tab.fill("#input", text)
    await tab.click("#send")
    await test(tab)
    assert.deepStrictEqual(errors, [])
  } finally {
    await browser.close()
  }
}
