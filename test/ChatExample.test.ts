/**
 * The chat example in a real browser: headless Chromium (Debian's `chromium`, driven by `playwright-core`)
 * loads the page the Effect server serves, sends a message, sees the answer stream in through the `ai`
 * package's own chat client, and presses stop. The server stops the model call and saves the answer as it
 * was sent: `Interrupted`, its text the text the page shows (the page may not have rendered the last deltas
 * in flight when it aborted, so what it shows is a prefix of what was saved), and short of the whole answer.
 * Skipped, with the reason in its name, where Chromium is not installed.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import type { CallStream, UIMessageStream } from "effect-llm-stream"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { chromium } from "playwright-core"
import * as NodeChat from "../examples/chat/node-http.js"
import * as ChatServer from "../examples/chat/server.js"

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
        const assistant = await page.locator(".message.assistant .text").allTextContents()
        const user = await page.locator(".message.user .text").allTextContents()
        return { assistant: assistant.join(""), user: user.join("") }
      })
      assert.strictEqual(shown.user, "Tell me about stopping")
      assert.match(shown.assistant, /^You asked: “Tell me about stopping”\. Here is/)
      // The server saw the stop: one answer, saved as Interrupted, as the page shows it.
      for (let waited = 0; saved.length === 0 && waited < 2_000; waited += 20) yield* Effect.sleep("20 millis")
      assert.strictEqual(saved.length, 1)
      assert.strictEqual(saved[0]!.ending, "Interrupted")
      assert.isTrue(saved[0]!.text.startsWith(shown.assistant), `${saved[0]!.text} / ${shown.assistant}`)
      assert.isBelow(saved[0]!.text.split(" ").length, shown.assistant.split(" ").length + 10)
      assert.notInclude(saved[0]!.text, "compare what you saw")
    }), 60_000)

  it.skipIf(installed)(`in headless Chromium (skipped: Chromium is not installed at ${executablePath})`, () => {})
})

describe("Node's own http server", () => {
  it.live("writes the UI message stream with backpressure; a client that aborts stops the call, saved as sent", () =>
    Effect.gen(function*() {
      const endings: Array<CallStream.Ending> = []
      const server = NodeChat.chatServer(ChatServer.model, (ending) => Effect.sync(() => endings.push(ending)))
      yield* Effect.acquireRelease(
        Effect.promise(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))),
        () =>
          Effect.promise(() =>
            new Promise<void>((resolve) => {
              server.close(() => resolve())
              server.closeAllConnections()
            })
          )
      )
      const { port } = server.address() as { port: number }
      const url = `http://127.0.0.1:${port}/api/chat`
      const body = { id: "c", messages: [{ id: "u", role: "user", parts: [{ type: "text", text: "hi" }] }] }
      const bad = yield* Effect.promise(() =>
        fetch(url, { method: "POST", body: JSON.stringify({ messages: [{ role: "user", parts: [{ type: "x" }] }] }) })
      )
      assert.strictEqual(bad.status, 400)
      assert.match((yield* Effect.promise(() => bad.json())).error, /messages\[0\]\.parts\[0\]\.type/)
      const received = yield* Effect.promise(async () => {
        const abort = new AbortController()
        const response = await fetch(url, { method: "POST", body: JSON.stringify(body), signal: abort.signal })
        assert.strictEqual(response.headers.get("x-vercel-ai-ui-message-stream"), "v1")
        const reader = response.body!.getReader()
        const decoder = new TextDecoder()
        let text = ""
        const deltas = () =>
          text.split("\n\n").flatMap((event) => {
            if (!event.startsWith("data: {")) return []
            const chunk = JSON.parse(event.slice(6)) as UIMessageStream.Chunk
            return chunk.type === "text-delta" ? [chunk.delta] : []
          })
        while (deltas().length < 5) {
          const { done, value } = await reader.read()
          if (done) break
          text += decoder.decode(value, { stream: true })
        }
        abort.abort()
        return deltas().join("")
      })
      for (let waited = 0; endings.length === 0 && waited < 1_000; waited += 10) yield* Effect.sleep("10 millis")
      assert.strictEqual(endings.length, 1)
      assert.strictEqual(endings[0]!._tag, "Interrupted")
      assert.isTrue(endings[0]!.response.content.startsWith(received))
      assert.isBelow(endings[0]!.response.content.length, received.length + 40)
    }))
})
