/**
 * The approval flow of the `ai` package's own client in a real browser: headless Chromium (Debian's `chromium`,
 * driven by `playwright-core`) loads a page whose `AbstractChat` talks to an Effect server over loopback HTTP
 * (`ApprovalApp`). The model asks to delete a file: the page shows the `tool-approval-request`; "approve"
 * (`addToolApprovalResponse({ approved: true })`) runs the handler once and the answer goes on; "deny" runs
 * nothing and the model is told. Skipped, with the reason in its name, where Chromium is not installed.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Esbuild from "esbuild"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { chromium } from "playwright-core"
import * as ApprovalApp from "../../support/ApprovalApp.js"
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
<form id="form"><input id="input"><button id="send">Send</button></form><p id="status"></p>
<script type="module" src="/app.js"></script>`

const script = Effect.promise(() =>
  Esbuild.build({
    entryPoints: [Path.join(TestPaths.test, "support", "pages", "approval-page.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "silent"
  })
).pipe(Effect.map((result) => result.outputFiles[0]!.text))

describe("approvals in the browser", () => {
  const name = "in headless Chromium: approved, the handler runs once; denied, nothing runs and the model is told"
  it.live.skipIf(!installed)(name, () =>
    Effect.gen(function*() {
      const app = yield* ApprovalApp.make({ page: { html, script: yield* script } })
      const profile = Fs.mkdtempSync(Path.join(Os.tmpdir(), "approval-page-"))
      const context = yield* Effect.acquireRelease(
        Effect.promise(() => chromium.launchPersistentContext(profile, { executablePath, headless: true, args })),
        (context) =>
          Effect.promise(() => context.close()).pipe(
            Effect.andThen(Effect.sync(() => Fs.rmSync(profile, { recursive: true, force: true })))
          )
      )
      const page = yield* Effect.promise(() => context.newPage())
      const ask = (text: string) =>
        Effect.promise(async () => {
          await page.fill("#input", text)
          await page.click("#send")
          await page.waitForSelector("button.approve", { timeout: 15_000 })
        })
      const answered = (label: "approve" | "deny", state: string) =>
        Effect.promise(async () => {
          await page.click(`button.${label}`)
          await page.waitForSelector(`.tool.${state}`, { timeout: 15_000 })
          await page.waitForFunction(() => document.getElementById("status")!.textContent === "ready")
        })
      yield* Effect.promise(() => page.goto(app.url))
      yield* ask("please delete /etc/shadow")
      assert.include(yield* Effect.promise(() => page.textContent(".tool")), "approval-requested")
      assert.deepStrictEqual(app.deleted, [])
      yield* answered("approve", "output-available")
      assert.deepStrictEqual(app.deleted, ["/etc/shadow"])
      assert.include(yield* Effect.promise(() => page.textContent(".message.assistant")), "Done.")
      yield* ask("please delete /home")
      yield* answered("deny", "output-denied")
      assert.deepStrictEqual(app.deleted, ["/etc/shadow"])
      const told = app.modelRequests().at(-1).messages.at(-1)
      assert.strictEqual(told.role, "tool")
      assert.match(told.content, /denied.*not that one/)
    }), 60_000)

  it.skipIf(installed)(`in headless Chromium (skipped: Chromium is not installed at ${executablePath})`, () => {})
})
