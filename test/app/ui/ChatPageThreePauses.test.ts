/**
 * The three kinds of pause of one answer on the chat command's page (examples/chat/full-page.ts) in headless Chromium
 * (`support/ChatCommandPage.ts`), on a `ChatEndpoint` with a budget asking early and an MCP server's tool
 * (`support/mcp/ModernServer.mjs`, official SDK 2.x) approved first, then asking for input in a form: the person
 * approves with the page's button, reloads (the page keeps its conversation in `sessionStorage` as JSON), fills in the
 * form, reloads, goes on past the budget's question, each shown whole after each reload (the tool and its arguments,
 * the form's fields, both amounts), and the total under the answer never goes down. Skipped, with the reason in its
 * name, where Chromium is not installed.
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Exit, Scope } from "effect"
import { Mcp } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import type { Page } from "playwright-core"
import { executablePath, installed, onPage, serve } from "../../support/ChatCommandPage.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"

/**
 * An MCP server's tools (approved first) for the scope, and the page on an endpoint with them under a $1 budget asking
 * at $0.000001: the page's URL and the requests the server got.
 */
const served = Effect.gen(function*() {
  const http = yield* Effect.acquireRelease(
    Effect.promise(() => ModernServer.startHttp()),
    (server) => Effect.promise(() => server.close())
  )
  const tools = yield* Mcp.tools({ transport: { http: { url: http.url } }, elicitation: "approval" })
  return { url: yield* serve(tools, { usd: "1", askAt: 0.000001 }), requests: http.requests }
}).pipe(Effect.provide(FetchHttpClient.layer))

/** What the answer asks now, once the page shows it: its sentence. */
const asked = async (tab: Page) => {
  const question = tab.locator(".message.assistant .asked")
  await question.waitFor({ timeout: 20_000 })
  return await question.textContent()
}

/** The tab reloaded: it shows the conversation it kept and resumes the answer; ready again. */
const reload = async (tab: Page) => {
  await tab.reload()
  await tab.waitForFunction(() => document.getElementById("status")!.textContent === "ready")
}

/** The total under the answer, in dollars, as its footer shows it (`offline · $0.0001`). */
const total = async (tab: Page) => {
  const footer = await tab.locator(".message.assistant .meta").last().textContent()
  const amount = /\$([\d.]+)/.exec(footer ?? "")?.[1]
  assert.isDefined(amount, `a total under the answer: ${footer}`)
  return amount!
}

/** `totals` in order, none less than the one before. */
const neverDown = (totals: ReadonlyArray<string>) =>
  totals.slice(1).forEach((now, at) =>
    assert.isFalse(
      BigDecimal.isLessThan(BigDecimal.fromStringUnsafe(now), BigDecimal.fromStringUnsafe(totals[at]!)),
      `went down: ${totals.join(", ")}`
    )
  )

/** The page past its first pause (the call's approval), reloaded before each answer: the totals its footer showed. */
const answeredAfterReloads = async (tab: Page) => {
  assert.strictEqual(await asked(tab), "Run deploy (env: \"example\")?")
  const totals = [await total(tab)]
  await reload(tab)
  assert.strictEqual(await asked(tab), "Run deploy (env: \"example\")?")
  await tab.locator(".message.assistant button:text('Approve')").click()
  const form = tab.locator(".message.assistant form")
  await form.waitFor({ timeout: 20_000 })
  await reload(tab)
  assert.strictEqual(await form.locator(".asked").textContent(), "Deploy to example?")
  totals.push(await total(tab))
  await form.locator("input[name=confirm][type=checkbox]").check()
  await form.locator("button:text('Send')").click()
  await tab.locator(".message.assistant").getByText(/budget: go on\?$/).waitFor({ timeout: 20_000 })
  await reload(tab)
  totals.push(await total(tab))
  // Both amounts: what the answer spent (the total under it) and its budget.
  assert.strictEqual(await asked(tab), `This answer has spent $${totals.at(-1)} of its $1 budget: go on?`)
  await tab.locator(".message.assistant button:text('Go on')").click()
  await tab.locator(".message.assistant .asked").waitFor({ state: "detached", timeout: 20_000 })
  await tab.waitForFunction(() => document.getElementById("status")!.textContent === "ready")
  await tab.locator(".message.assistant").getByText("deployed to example").waitFor({ timeout: 20_000 })
  totals.push(await total(tab))
  return totals
}

describe("the chat page: an approval, its tool's form, then the budget's question", () => {
  it.skipIf(!installed)(
    "in headless Chromium, reloaded before each answer: each shown whole, answered with its buttons; totals grow",
    async () => {
      const scope = Effect.runSync(Scope.make())
      try {
        const { requests, url } = await Effect.runPromise(Scope.provide(served, scope))
        await onPage(url, "Please deploy", async (tab) => {
          const totals = await answeredAfterReloads(tab)
          neverDown(totals)
          const [first, last] = [totals[0]!, totals.at(-1)!].map(BigDecimal.fromStringUnsafe)
          assert.isTrue(BigDecimal.isGreaterThan(last!, first!), `the last request counted: ${totals.join(", ")}`)
        })
        const deploys = requests.filter((request) => request.body?.params?.name === "deploy")
        assert.deepStrictEqual(deploys.map((request) => request.body.params.inputResponses), [undefined, {
          confirm: { action: "accept", content: { confirm: true } }
        }])
      } finally {
        await Effect.runPromise(Scope.close(scope, Exit.void))
      }
    },
    120_000
  )

  it.skipIf(installed)(`in headless Chromium (skipped: Chromium is not installed at ${executablePath})`, () => {})
})
