/**
 * The chat example in a real browser: headless Chromium (Debian's `chromium`, driven by `playwright-core`)
 * loads the page the Effect server (`ChatEndpoint`) serves, sends a message, sees the answer stream in through the
 * `ai` package's own chat client, and presses stop. The server stops the model call and saves the answer as it
 * was sent: `Stopped` (the page shows its cost and that it was stopped), its text the text the page shows (the page may not have rendered the last deltas
 * in flight when it aborted, so what it shows is a prefix of what was saved), and short of the whole answer.
 * Skipped, with the reason in its name, where Chromium is not installed.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Fs from "node:fs"
import * as Http from "node:http"
import * as Os from "node:os"
import * as Path from "node:path"
import { chromium } from "playwright-core"
import * as ChatServer from "../../../examples/chat/server.js"

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

describe("the chat example", () => {
  const name = "in headless Chromium: a message streams in, stop stops the call, the answer is saved as shown"
  it.live.skipIf(!installed)(name, () =>
    Effect.gen(function*() {
      const { saved, url } = yield* ChatServer.server()
      const profile = Fs.mkdtempSync(Path.join(Os.tmpdir(), "chat-example-"))
      const context = yield* Effect.acquireRelease(
        Effect.promise(() => chromium.launchPersistentContext(profile, { executablePath, headless: true, args })),
        (context) =>
          Effect.promise(() => context.close()).pipe(
            Effect.andThen(Effect.sync(() => Fs.rmSync(profile, { recursive: true, force: true })))
          )
      )
      const shown = yield* Effect.promise(async () => {
        const page = await context.newPage()
        await page.goto(url)
        await page.fill("#input", "Tell me about stopping")
        await page.click("#send")
        // The answer streams in: wait for a few words of it, then stop.
        await page.waitForFunction(
          () => {
            const texts = document.querySelectorAll(".message.assistant .text")
            return texts.length > 0 && texts[texts.length - 1]!.textContent!.split(" ").length >= 8
          },
          undefined,
          { timeout: 15_000 }
        )
        await page.click("#stop")
        await page.waitForFunction(() => document.getElementById("status")!.textContent === "ready", undefined, {
          timeout: 5_000
        })
        // The stopped answer says what it cost and why it ended.
        const meta = await page.locator(".message.assistant .meta").textContent({ timeout: 5_000 })
        assert.match(meta ?? "", /\$0\.\d+ · stopped$/)
        const assistant = await page.locator(".message.assistant .text").allTextContents()
        const user = await page.locator(".message.user .text").allTextContents()
        return { assistant: assistant.join(""), user: user.join("") }
      })
      assert.strictEqual(shown.user, "Tell me about stopping")
      assert.match(shown.assistant, /^You asked: “Tell me about stopping”\. Here is/)
      // The server saw the stop: one answer, saved as Interrupted, as the page shows it.
      for (let waited = 0; saved.length === 0 && waited < 2_000; waited += 20) yield* Effect.sleep("20 millis")
      assert.strictEqual(saved.length, 1)
      assert.strictEqual(saved[0]!.ending, "Stopped")
      assert.isTrue(saved[0]!.text.startsWith(shown.assistant), `${saved[0]!.text} / ${shown.assistant}`)
      assert.isBelow(saved[0]!.text.split(" ").length, shown.assistant.split(" ").length + 10)
      assert.notInclude(saved[0]!.text, "compare what you saw")
    }), 60_000)

  it.skipIf(installed)(`in headless Chromium (skipped: Chromium is not installed at ${executablePath})`, () => {})
})

describe("the chat example's server, without a browser", () => {
  it.live(
    "refuses another host on every route (DNS rebinding), a cross-site POST, a body over 8 MiB before buffering it; a malformed one is a 400",
    () =>
      Effect.gen(function*() {
        const { url } = yield* ChatServer.server()
        const post = (body: string, headers: Record<string, string> = {}) =>
          Effect.promise(() =>
            fetch(`${url}/api/chat`, { method: "POST", body, headers }).then(async (response) => ({
              status: response.status,
              error: await response.text()
            }))
          )
        const rebound = (path: string, method: string) =>
          Effect.promise(() =>
            new Promise<number>((resolve) => {
              const { hostname, port } = new URL(url)
              Http.request({ host: hostname, port, path, method, headers: { host: `evil.example:${port}` } }, (
                response
              ) => {
                response.resume()
                resolve(response.statusCode!)
              }).end(method === "POST" ? "{}" : undefined)
            })
          )
        // Every route, not only the chat's: the saved answers and the page too.
        assert.strictEqual(yield* rebound("/api/chat", "POST"), 403)
        assert.strictEqual(yield* rebound("/api/saved", "GET"), 403)
        assert.strictEqual(yield* rebound("/", "GET"), 403)
        // A page of another site cannot make the browser start an answer.
        const crossSite = yield* post(JSON.stringify({ id: "c", messages: [] }), { "sec-fetch-site": "cross-site" })
        assert.strictEqual(crossSite.status, 403)
        assert.strictEqual((yield* post("x".repeat(8 * 1024 * 1024 + 1))).status, 413)
        const malformed = yield* post("{not json")
        assert.strictEqual(malformed.status, 400)
      }).pipe(Effect.scoped),
    30_000
  )
})
