/**
 * A form answered with values it does not take, on a page whose state is `ChatPage.kept` (the `ai` package's own
 * `AbstractChat` with `DefaultChatTransport`, what `useChat` runs, in Node) talking to `ChatEndpoint` over HTTP on
 * 127.0.0.1, with an MCP server's `deploy` (`support/mcp/ModernServer.mjs`, official SDK 2.x) asking to confirm in a
 * form: the server refuses the answer and asks the form again in a stream that ends in its sentence (`FormAskedAgain`:
 * the part back to `approval-requested`), which the page keeps (in the tab's storage too), so that the person answers
 * again, on the same page or after a reload; the answer that fits goes through, and the tool runs once, with it. The
 * page's own taking back of a 400 (`ChatPage.state`) stays for the 400s that remain (an answer of another kind than
 * asked, a reason over its bound, a form the stored answer no longer holds).
 */
import { assert, describe, it } from "@effect/vitest"
import { AbstractChat, DefaultChatTransport, lastAssistantMessageIsCompleteWithApprovalResponses } from "ai"
import type { UIMessage } from "ai"
import { Effect, Layer } from "effect"
import { ChatEndpoint, ChatPage, Mcp } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"

const usage = { inputTokens: 1000, outputTokens: 50 }
const told = "Your answer does not match what the form asks for in \"confirm\"."

/**
 * `ChatEndpoint` with an MCP server's tools (the server's for the scope), its model scripted to call `deploy` then
 * answer, on a free port: its URL, and the requests the MCP server got.
 */
const served = Effect.gen(function*() {
  const mcp = yield* Effect.acquireRelease(
    Effect.promise(() => ModernServer.startHttp()),
    (server) => Effect.promise(() => server.close())
  )
  const tools = yield* Mcp.tools({ transport: { http: { url: mcp.url } }, elicitation: "approval" })
  const model = TestKit.scripted([
    { toolCalls: [{ name: "deploy", arguments: { env: "teal" } }], usage },
    { text: "Deployed.", usage }
  ], { provider: "openai" })
  const { url } = yield* EndpointApp.viaNode(ChatEndpoint.layer({ tools, log: false }).pipe(Layer.provide(model)))
  return { url, requests: mcp.requests }
}).pipe(Effect.provide(FetchHttpClient.layer))

/** A tab's storage (`sessionStorage`), outliving the page. */
const storage = () => {
  const held = new Map<string, string>()
  return {
    getItem: (key: string) => held.get(key) ?? null,
    setItem: (key: string, value: string) => held.set(key, value)
  }
}

/**
 * A page on `url`: the `ai` client on `ChatPage.kept` in `keeping`, sending approvals on by itself, its session in
 * `fetch`'s cookie jar; `settle` waits until the request `act` starts is over (ready or in error).
 */
const open = (url: string, keeping: ChatPage.Keeping, fetch: typeof globalThis.fetch) => {
  let posts = 0
  const send = ((input: RequestInfo | URL, init?: RequestInit) => (posts++, fetch(input, init))) as typeof fetch
  const state = ChatPage.kept<UIMessage>(() => {}, keeping)
  const chat = new (class extends AbstractChat<UIMessage> {})({
    id: keeping.key,
    state,
    transport: new DefaultChatTransport({ api: `${url}/api/chat`, fetch: send }),
    sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses
  })
  const settle = async (act: () => unknown) => {
    const before = posts
    await act()
    while (posts === before || chat.status === "submitted" || chat.status === "streaming") {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
  return { chat, state, settle }
}

/** What the page asks now (`ChatPage.pending` of the last message's parts): each one's kind, sentence and id. */
const asking = (messages: ReadonlyArray<UIMessage>) =>
  (messages.at(-1)?.parts ?? []).flatMap((part) => {
    const pending = ChatPage.pending(part)
    return pending === undefined ? [] : [[pending._tag, pending.text, pending.approvalId] as const]
  })

/** The `deploy` part of the last message: its state and approval. */
const deployPart = (messages: ReadonlyArray<UIMessage>) =>
  (messages.at(-1)?.parts ?? []).find((part: any) => part.toolName === "deploy" || part.type === "tool-deploy") as any

/** A value as JSON keeps it (the tab's storage). */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value))

/** The answers to `deploy`'s form in each call of it the MCP server got (`undefined`: none, the form asked). */
const deploys = (requests: ReadonlyArray<any>) =>
  requests.filter((request) => request.body?.params?.name === "deploy").map((request) =>
    request.body.params.inputResponses
  )

/** The page sent "Deploy", approved the call and was asked the form; then answered it with `{ confirm: "yes" }`. */
const refused = (url: string, keeping: ChatPage.Keeping) =>
  Effect.promise(async () => {
    const cookies = EndpointApp.withCookies(globalThis.fetch)
    const page = open(url, keeping, cookies)
    await page.settle(() => page.chat.sendMessage({ text: "Deploy" }))
    await page.settle(() =>
      page.chat.addToolApprovalResponse({ id: asking(page.chat.messages)[0]![2], approved: true })
    )
    const [form] = asking(page.chat.messages)
    assert.deepStrictEqual(form?.slice(0, 2), ["Form", "Deploy to teal?"])
    const before = asJson(deployPart(page.chat.messages))
    const reason = JSON.stringify({ confirm: "yes" })
    await page.settle(() => page.chat.addToolApprovalResponse({ id: form![2], approved: true, reason }))
    return { page, before, cookies }
  })

/** The form answered as it asks on `page`: the answer goes through, the tool runs with it, the answer ends. */
const answeredAgain = (page: ReturnType<typeof open>) =>
  Effect.promise(async () => {
    const [form] = asking(page.chat.messages)
    assert.deepStrictEqual(form?.slice(0, 2), ["Form", "Deploy to teal?"])
    const reason = JSON.stringify({ confirm: true })
    await page.settle(() => page.chat.addToolApprovalResponse({ id: form![2], approved: true, reason }))
    assert.deepStrictEqual([page.chat.status, page.chat.error], ["ready", undefined])
    assert.deepStrictEqual(asking(page.chat.messages), [])
    const part = deployPart(page.chat.messages)
    assert.deepStrictEqual([part.state, part.output], ["output-available", "deployed to teal"])
  })

describe("ChatPage: an answer the server refused asks again", () => {
  for (const reload of [false, true]) {
    it.live(
      `a form's values that do not fit: its sentence, the form asked again${
        reload ? ", read back after a reload" : ""
      }; answered as it asks, it runs`,
      () =>
        Effect.gen(function*() {
          const { requests, url } = yield* served
          const keeping = { storage: storage(), key: `refused-form-${reload}` }
          const { before, cookies, page } = yield* refused(url, keeping)
          assert.strictEqual(page.chat.status, "error")
          assert.strictEqual(page.chat.error?.message, told)
          // Told in the stream that asks again (a 200), not by a 400.
          assert.strictEqual((page.chat.error as any)?.statusCode, undefined)
          // The part as it was before the answer: asking, its approval without an answer; so in the tab's storage.
          assert.deepStrictEqual(asJson(deployPart(page.chat.messages)), before)
          const kept = JSON.parse(keeping.storage.getItem(keeping.key)!)
          assert.deepStrictEqual(kept, { messages: asJson(page.chat.messages), answering: false })
          const answering = reload ? open(url, keeping, cookies) : page
          assert.deepStrictEqual(asJson(deployPart(answering.chat.messages)), before)
          yield* answeredAgain(answering)
          assert.deepStrictEqual(deploys(requests), [undefined, {
            confirm: { action: "accept", content: { confirm: true } }
          }])
        }).pipe(Effect.scoped)
    )
  }

  it("only a 400 to the request that answered takes its answers back; a request of a new message has none", () => {
    const asked = { type: "tool-deploy", toolCallId: "c1", state: "approval-requested", approval: { id: "a1" } }
    const answered = { ...asked, state: "approval-responded", approval: { id: "a1", approved: true, reason: "{}" } }
    const assistant = { id: "m2", role: "assistant", parts: [{ type: "text", text: "Deploying." }, answered] }
    const failed = (statusCode: number | undefined, messages: Array<any>) => {
      const state = ChatPage.state<any>(() => {})
      state.messages = messages
      state.status = "submitted"
      state.status = "error"
      state.error = Object.assign(new Error("refused"), statusCode === undefined ? {} : { statusCode })
      return state.messages
    }
    assert.deepStrictEqual(failed(400, [assistant])[0].parts[1], asked)
    // Not refused whole (a 500, a 409 of another answer under way, a connection lost): the answers stand.
    for (const statusCode of [500, 409, undefined]) assert.deepStrictEqual(failed(statusCode, [assistant]), [assistant])
    // A message sent after an answered part: that request answered nothing.
    const sent = [assistant, { id: "m3", role: "user", parts: [{ type: "text", text: "hi" }] }]
    assert.deepStrictEqual(failed(400, sent), sent)
  })
})
