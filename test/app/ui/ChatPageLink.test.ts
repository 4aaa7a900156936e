/**
 * The chat command's page (examples/chat/full-page.ts, built as `npm run build` builds it) in headless Chromium, on a
 * `ChatEndpoint` whose tool is an MCP server's (`support/mcp/UrlServer.mjs`, built with the official SDK 1.x): its
 * `deploy` fails with -32042 until the user has been to the page it names. The page shows the question with the URL
 * whole and its host (`ChatPage.pending`'s `Link`), fetches nothing of it before the person chooses to open it, and
 * "Done" (once they went there) has the call made again: the answer goes on with its result. Skipped, with the
 * reason in its name, where Chromium is not installed.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Scope } from "effect"
import { Mcp } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as ChatCommandPage from "../../support/ChatCommandPage.js"
import { executablePath, installed } from "../../support/ChatCommandPage.js"
import * as UrlServer from "../../support/mcp/UrlServer.mjs"

const scope = Effect.runSync(Scope.make())
const token = "chat-page-link-token"
let legacy: Awaited<ReturnType<typeof UrlServer.startLegacy>>

beforeAll(async () => {
  legacy = await UrlServer.startLegacy(token)
})

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await legacy?.close()
})

/** The endpoint with the MCP server's `deploy` and the page, on a free port of 127.0.0.1: its URL. */
const serve = Effect.gen(function*() {
  const tools = yield* Mcp.tools({
    transport: { http: { url: legacy.url, headers: { authorization: `Bearer ${token}` } } },
    elicitation: "approval",
    include: ["deploy"],
    needsApproval: false
  })
  return yield* ChatCommandPage.serve(tools)
}).pipe(Effect.provide(FetchHttpClient.layer), Scope.provide(scope))

describe("the chat page: a page a tool asks the person to open", () => {
  it.skipIf(!installed)(
    "in headless Chromium: the URL shown whole with its host, nothing fetched; done, the call made again",
    async () => {
      const url = await Effect.runPromise(serve)
      await ChatCommandPage.onPage(url, "Please deploy", async (tab) => {
        const fetched: Array<string> = []
        tab.on("request", (request) => {
          if (request.url().includes("files.example.com")) fetched.push(request.url())
        })
        const asked = tab.locator(".message.assistant div:has(code.url)")
        await asked.waitFor({ timeout: 20_000 })
        const href = (await asked.locator("code.url").textContent())!
        assert.match(href, /^https:\/\/files\.example\.com\/connect\?elicitation=/)
        assert.strictEqual(
          await asked.locator(".asked").textContent(),
          `Connect your Example Files account. Open ${href} (files.example.com)?`
        )
        assert.strictEqual(await asked.locator("button").first().textContent(), "Open files.example.com")
        // Shown as text, never a link: nothing of it fetched before the person chooses to open it.
        assert.strictEqual(await tab.locator(".message.assistant a").count(), 0)
        assert.deepStrictEqual(fetched, [])
        await legacy.visit(href)
        await asked.locator("button:text('Done')").click()
        await tab.locator(".message.assistant").getByText("deployed to").first().waitFor({ timeout: 20_000 })
        assert.deepStrictEqual(fetched, [])
      })
    },
    90_000
  )

  it.skipIf(installed)(`in headless Chromium (skipped: Chromium is not installed at ${executablePath})`, () => {})
})
