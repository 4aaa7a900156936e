/**
 * The chat command's page (examples/chat/full-page.ts, built as `npm run build` builds it) in headless Chromium, on a
 * `ChatEndpoint` whose tool is an MCP server's (`support/mcp/ModernServer.mjs`, built with the official SDK): its
 * `deploy` asks the user to confirm in a form. The page shows the form as fields (`ChatPage.pending`: the form's
 * message, a checkbox labelled by the schema's description), and what the person fills in goes back as the answer:
 * the tool server gets it, and the answer goes on with its result. Skipped, with the reason in its name, where
 * Chromium is not installed.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Scope } from "effect"
import { Mcp } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
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

describe("the chat page: a tool's form", () => {
  it.skipIf(!installed)(
    "in headless Chromium: shown as fields, filled in, its values reach the tool server",
    async () => {
      const url = await Effect.runPromise(serve)
      await ChatCommandPage.onPage(url, "Please deploy", async (tab) => {
        const form = tab.locator(".message.assistant form")
        await form.waitFor({ timeout: 20_000 })
        // The form's own message, and its one property as a checkbox labelled by its description.
        assert.strictEqual(await form.locator(".asked").textContent(), "Deploy to example?")
        assert.strictEqual(await form.locator("label").textContent(), "Deploy now? ")
        await form.locator("input[name=confirm][type=checkbox]").check()
        await form.locator("button:text('Send')").click()
        await tab.locator(".message.assistant").getByText("deployed to example").waitFor({ timeout: 20_000 })
      })
    },
    90_000
  )

  it.skipIf(installed)(`in headless Chromium (skipped: Chromium is not installed at ${executablePath})`, () => {})
})
