/**
 * The chat command's page (examples/chat/full-page.ts, built as `npm run build` builds it) in headless Chromium, on a
 * `ChatEndpoint` whose tool is an MCP server's (`support/mcp/ModernServer.mjs`, built with the official SDK): its
 * `deploy` asks the user to confirm in a form. The page shows the form as fields (`ChatPage.pending`: the form's
 * message, a checkbox labelled by the schema's description), and what the person fills in goes back as the answer:
 * the tool server gets it, and the answer goes on with its result. Values the form does not take (the answer changed on
 * its way, as a page that got the form wrong sends it) are refused with a 400 and its sentence, which the page shows,
 * asking the form again (across a reload too: `ChatPage.kept`). Skipped, with the reason in its name, where Chromium is
 * not installed.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Scope } from "effect"
import { Mcp } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import type { Locator, Page } from "playwright-core"
import * as ChatCommandPage from "../../support/ChatCommandPage.js"
import { executablePath, installed } from "../../support/ChatCommandPage.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"

const scope = Effect.runSync(Scope.make())
let http: Awaited<ReturnType<typeof ModernServer.startHttp>>

beforeAll(async () => {
  http = await ModernServer.startHttp()
})

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await http?.close()
})

/** The endpoint with the MCP server's tools and the page, on a free port of 127.0.0.1: its URL. */
const serve = Effect.gen(function*() {
  const tools = yield* Mcp.tools({
    transport: { http: { url: http.url } },
    elicitation: "approval",
    needsApproval: false
  })
  return yield* ChatCommandPage.serve(tools)
}).pipe(Effect.provide(FetchHttpClient.layer), Scope.provide(scope))

const told = "Your answer does not match what the form asks for in \"confirm\"."

/** A chat request's body with its form's answer (the approval's `reason`) changed to `{ confirm: "yes" }`. */
const misfit = (body: string | null): string => {
  const sent = JSON.parse(body ?? "{}")
  for (const part of sent.messages.at(-1).parts) {
    if (part.approval?.reason !== undefined) part.approval.reason = JSON.stringify({ confirm: "yes" })
  }
  return JSON.stringify(sent)
}

/**
 * Runs `test` on a tab of headless Chromium that asked the endpoint to deploy and shows the form the tool asks
 * (`form`), then waits for the tool's result on the page.
 */
const onForm = async (test: (tab: Page, form: Locator) => Promise<void>) => {
  const url = await Effect.runPromise(serve)
  await ChatCommandPage.onPage(url, "Please deploy", async (tab) => {
    const form = tab.locator(".message.assistant form")
    await form.waitFor({ timeout: 20_000 })
    await test(tab, form)
    await tab.locator(".message.assistant").getByText("deployed to example").waitFor({ timeout: 20_000 })
  })
}

/** The form filled in as a person does (its checkbox ticked) and sent. */
const confirmed = async (form: Locator) => {
  await form.locator("input[name=confirm][type=checkbox]").check()
  await form.locator("button:text('Send')").click()
}

describe("the chat page: a tool's form", () => {
  it.skipIf(!installed)(
    "in headless Chromium: shown as fields, filled in, its values reach the tool server",
    () =>
      onForm(async (_, form) => {
        // The form's own message, and its one property as a checkbox labelled by its description.
        assert.strictEqual(await form.locator(".asked").textContent(), "Deploy to example?")
        assert.strictEqual(await form.locator("label").textContent(), "Deploy now? ")
        await confirmed(form)
      }),
    90_000
  )

  it.skipIf(!installed)(
    "in headless Chromium: values the form does not take are refused, the form asked again, across a reload too",
    () =>
      onForm(async (tab, form) => {
        // The answer as a page that got the form wrong sends it: `confirm` as text, not a boolean.
        await tab.route("**/api/chat", (route) => route.continue({ postData: misfit(route.request().postData()) }), {
          times: 1
        })
        await confirmed(form)
        // The server's sentence shown.
        const status = (text: string) => document.getElementById("status")!.textContent === text
        await tab.waitForFunction(status, told, { timeout: 20_000 })
        // The form asked again, in the tab's storage too: a reload shows it, and it is answered as it asks.
        await form.waitFor({ timeout: 20_000 })
        await tab.reload()
        await tab.waitForFunction(status, "ready")
        assert.strictEqual(await form.locator(".asked").textContent(), "Deploy to example?")
        await confirmed(form)
      }),
    90_000
  )

  it.skipIf(installed)(`in headless Chromium (skipped: Chromium is not installed at ${executablePath})`, () => {})
})
