/**
 * URL-mode elicitation on the views a browser reads, against the official SDK 1.x server of the URL tests
 * (`support/mcp/UrlServer.mjs`, its `deploy` failing with -32042 until the user has been to the page it names): on the
 * UI message stream read by the `ai` client's chat (`ChatEndpoint`), the part keeps the URL in its descriptor and
 * `ChatPage.pending` words it as a `Link` showing the URL and its host; accepted with no values, the call is made
 * again and its output shown. On AG-UI read by `HttpAgent`, the interrupt's message and metadata show the URL and its
 * host and its `responseSchema` takes no content; resumed, the call is made again. An answer carrying values, on
 * either, is refused by the tool, the server not called again.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Layer, Scope } from "effect"
import { ChatEndpoint, ChatPage, Mcp, StreamStore } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as AgUiApp from "../../support/AgUiApp.js"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as ApprovalApp from "../../support/ApprovalApp.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as UrlServer from "../../support/mcp/UrlServer.mjs"
import * as Stores from "../../support/Stores.js"

const scope = Effect.runSync(Scope.make())
const token = "url-views-token"
let legacy: Awaited<ReturnType<typeof UrlServer.startLegacy>>
let tools: ReadonlyArray<Mcp.McpTool>

beforeAll(async () => {
  legacy = await UrlServer.startLegacy(token)
  tools = await Effect.runPromise(
    Mcp.tools({
      transport: { http: { url: legacy.url, headers: { authorization: `Bearer ${token}` } } },
      elicitation: "approval",
      include: ["deploy"],
      needsApproval: false
    }).pipe(Scope.provide(scope), Effect.provide(FetchHttpClient.layer))
  )
})

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await legacy.close()
})

const deploys = () => legacy.state.calls.filter((name) => name === "deploy").length

describe("URL-mode elicitation on the UI message stream", () => {
  it.live("the ai client's part shows the URL and its host; accepted with no values, the call made again", () =>
    Effect.gen(function*() {
      legacy.state.visited.clear()
      const store = yield* Stores.storeOf(StreamStore.layerMemory())
      const turns = [{ toolCalls: [{ name: "deploy", arguments: { env: "qa" } }] }, { text: "Done." }]
      const served = yield* EndpointApp.viaWebHandler(
        ChatEndpoint.layer({ tools }).pipe(
          Layer.provide(EndpointApp.scripted(turns, "openai", [])),
          Layer.provide(ApprovalApp.shared(store))
        )
      )
      const chat = new EndpointApp.EndpointClient(served, "chat-url")
      yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "Deploy" })))
      const part = chat.toolParts[0]
      assert.strictEqual(part.state, "approval-requested")
      const asked = ChatPage.pending(part)!
      assert.strictEqual(asked._tag, "Link")
      if (asked._tag !== "Link") return
      assert.strictEqual(asked.host, "files.example.com")
      assert.match(asked.href, /^https:\/\/files\.example\.com\/connect\?elicitation=/)
      assert.strictEqual(asked.text, `Connect your Example Files account. Open ${asked.href} (files.example.com)?`)
      assert.deepStrictEqual(asked.schema, { type: "object", properties: {}, additionalProperties: false })
      const before = deploys()
      yield* Effect.promise(() => legacy.visit(asked.href))
      yield* Effect.promise(() =>
        chat.settle(() => chat.addToolApprovalResponse({ id: asked.approvalId, approved: true, reason: "{}" }))
      )
      assert.strictEqual(chat.toolParts[0].output, "deployed to qa")
      assert.include(chat.text, "Done.")
      assert.strictEqual(deploys(), before + 1)
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

describe("URL-mode elicitation on AG-UI", () => {
  const resolved = (interruptId: string, payload: unknown) => ({
    resume: [{ interruptId, status: "resolved" as const, payload }]
  })
  const resultOf = (run: AgUiClient.AgentRun) =>
    (run.events.find((event) => event.type === "TOOL_CALL_RESULT") as any)?.content

  it.live("the interrupt shows the URL and its host, takes no content; resumed, the call made again", () =>
    Effect.gen(function*() {
      legacy.state.visited.clear()
      const app = yield* AgUiApp.make({ tools })
      const agent = AgUiClient.agentOf(app.url, "thread-url")
      agent.addMessage({ id: "u1", role: "user", content: "deploy to eu" })
      const run = yield* AgUiClient.run(agent)
      const interrupt = (run.events.at(-1) as any).outcome.interrupts[0]
      const { url, host } = interrupt.metadata
      assert.deepStrictEqual(interrupt.metadata, { toolName: "deploy", input: { env: "eu" }, url, host })
      assert.strictEqual(host, "files.example.com")
      assert.include(interrupt.message, `Open ${url} (files.example.com)?`)
      assert.deepStrictEqual(interrupt.responseSchema, { type: "object", properties: {}, additionalProperties: false })
      const before = deploys()
      // Values the page does not ask for: refused by the tool, the server not called again.
      const other = AgUiClient.agentOf(app.url, "thread-url-values")
      other.addMessage({ id: "u1", role: "user", content: "deploy to us" })
      const asked = (((yield* AgUiClient.run(other)).events.at(-1)) as any).outcome.interrupts[0]
      const values = yield* AgUiClient.run(other, resolved(asked.id, { approved: true, content: { token: "x" } }))
      assert.notInclude(String(resultOf(values)), "deployed")
      assert.strictEqual(deploys(), before + 1)
      yield* Effect.promise(() => legacy.visit(url))
      const resumed = yield* AgUiClient.run(agent, resolved(interrupt.id, { approved: true, content: {} }))
      assert.strictEqual(resultOf(resumed), "deployed to eu")
      assert.strictEqual(deploys(), before + 2)
    }).pipe(Effect.scoped))
})
