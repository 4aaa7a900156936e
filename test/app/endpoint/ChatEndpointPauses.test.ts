/**
 * Pauses that compose on the UI message stream, through the `ai` package's chat client (`EndpointClient`:
 * `AbstractChat` with `DefaultChatTransport`, sending by itself with
 * `lastAssistantMessageIsCompleteWithApprovalResponses`) against `ChatEndpoint`: an MCP tool (official SDK 2.x,
 * `support/mcp/ModernServer.mjs`) approved first (`needsApproval: "auto"`) that then asks for input in a form; a
 * budget question and an approval in one answer, in either order, each asked once, the cap holding.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint, Mcp, StreamStore } from "effect-llm-stream"
import type { TestKit } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as ApprovalApp from "../../support/ApprovalApp.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"
import * as Stores from "../../support/Stores.js"

let http: Awaited<ReturnType<typeof ModernServer.startHttp>>

beforeAll(async () => {
  http = await ModernServer.startHttp()
})

afterAll(async () => {
  await http.close()
})

/** Settles as `chat.settle` does, or after 3 s if the client sent nothing. */
const settled = (chat: EndpointApp.EndpointClient, request: () => unknown) =>
  Promise.race([chat.settle(request), new Promise<void>((resolve) => setTimeout(resolve, 3000))])

const deployCalls = () => http.requests.filter((request) => request.body?.params?.name === "deploy")

/**
 * Two `ChatEndpoint` instances sharing `stores` and a signing key, each with its own connection to the server and its
 * own scripted model (the first calls `deploy` with `calls`, the second says "Done."): the `ai` client's chat is
 * asked by the first and answered by the second.
 */
const instances = (stores: readonly [StreamStore.Service, StreamStore.Service], calls: Array<string>) =>
  Effect.gen(function*() {
    const instance = (store: StreamStore.Service, turn: TestKit.Turn) =>
      Effect.flatMap(
        Mcp.tools({ transport: { http: { url: http.url } }, elicitation: "approval" }),
        (tools) =>
          EndpointApp.viaWebHandler(
            ChatEndpoint.layer({ tools }).pipe(
              Layer.provide(EndpointApp.scripted([turn], "openai", [])),
              Layer.provide(ApprovalApp.shared(store))
            )
          )
      )
    const toolCalls = calls.map((env) => ({ name: "deploy", arguments: { env } }))
    const [first, second] = [yield* instance(stores[0], { toolCalls }), yield* instance(stores[1], { text: "Done." })]
    let served = first
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      const now = served
      served = second
      return now.fetch(input, init)
    }) as typeof globalThis.fetch
    return new EndpointApp.EndpointClient({ url: "http://localhost", fetch }, `chat-${calls.join("-")}`)
  })

/** The parts of the answer (the last message) waiting for an answer. */
const waiting = (chat: EndpointApp.EndpointClient) =>
  chat.messages.at(-1)!.parts.filter((part: any) => part.state === "approval-requested") as Array<any>

/** Answers each of `parts` with `answer`: nothing is sent until the last, which the client sends by itself. */
const answerEach = (
  chat: EndpointApp.EndpointClient,
  parts: Array<any>,
  answer: () => { approved: boolean; reason?: string }
) =>
  Effect.gen(function*() {
    const posts = chat.posts.length
    for (const part of parts.slice(0, -1)) {
      yield* Effect.promise(async () => chat.addToolApprovalResponse({ id: part.approval.id, ...answer() }))
      assert.strictEqual(chat.posts.length, posts, "a pause of the step waits: nothing sent")
    }
    const last = parts.at(-1)
    yield* Effect.promise(() =>
      settled(chat, () => chat.addToolApprovalResponse({ id: last.approval.id, ...answer() }))
    )
    assert.strictEqual(chat.posts.length, posts + 1, "sent by the client itself")
  })

/** Each `deploy` approved (`needsApproval: "auto"`), then its form answered: every answer sent by the client. */
const approvalThenForm = (stores: readonly [StreamStore.Service, StreamStore.Service], envs: Array<string>) =>
  Effect.gen(function*() {
    const chat = yield* instances(stores, envs)
    yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "Deploy" })))
    const approvals = waiting(chat)
    assert.deepStrictEqual(approvals.map((part) => part.approval.descriptor?.elicitation), envs.map(() => undefined))
    const before = deployCalls().length
    // Answered one by one: the client sends once every pause of the step has its answer.
    yield* answerEach(chat, approvals, () => ({ approved: true }))
    assert.strictEqual(chat.posts.length, 2)
    assert.strictEqual(deployCalls().length, before + envs.length)
    const forms = waiting(chat)
    assert.deepStrictEqual(
      forms.map((part) => part.approval.descriptor.elicitation.message),
      envs.map((env) => `Deploy to ${env}?`)
    )
    // A reload at the forms' pause, read from the store: the whole message, not the approvals' continuation alone.
    const reloaded = new EndpointApp.EndpointClient({ url: "http://localhost", fetch: chat.fetch }, chat.id, chat.fetch)
    reloaded.messages = structuredClone(chat.messages.slice(0, 1))
    yield* Effect.promise(() => reloaded.settle(() => reloaded.resumeStream()))
    assert.deepStrictEqual(reloaded.messages, chat.messages)
    yield* answerEach(chat, forms, () => ({ approved: true, reason: JSON.stringify({ confirm: true }) }))
    assert.strictEqual(chat.posts.length, 3, "the client sent the forms' answers by itself, in one request")
    assert.deepStrictEqual(chat.toolParts.map((part) => part.output), envs.map((env) => `deployed to ${env}`))
    assert.include(chat.text, "Done.")
    for (const call of deployCalls().slice(before + envs.length)) {
      assert.deepStrictEqual(call.body.params.inputResponses, {
        confirm: { action: "accept", content: { confirm: true } }
      })
    }
    // Nothing asked for a step of its own: the calls and their answers are one step, the text the next.
    assert.deepStrictEqual(
      chat.messages.at(-1)!.parts.map((part: any) => part.type === "step-start" ? "step" : part.type),
      ["step", ...envs.map(() => "tool-deploy"), "step", "text"]
    )
  })

describe("ChatEndpoint: an approval then a form", () => {
  it.live("each asked in the step of its call; the ai client sends both answers by itself; the tool runs", () =>
    Effect.gen(function*() {
      const store = yield* Stores.storeOf(StreamStore.layerMemory())
      yield* approvalThenForm([store, store], ["blue"])
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("two calls of one step: both approvals, then both forms, each answered in one request", () =>
    Effect.gen(function*() {
      const store = yield* Stores.storeOf(StreamStore.layerMemory())
      yield* approvalThenForm([store, store], ["green", "red"])
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

describe("ChatEndpoint: an approval then a form, under a budget", () => {
  it.live("the form's answer goes on: the request that asked it, with no step of its own, signed what was spent", () =>
    Effect.gen(function*() {
      const tools = yield* Mcp.tools({ transport: { http: { url: http.url } }, elicitation: "approval" })
      const usage = { inputTokens: 1000, outputTokens: 50 }
      const served = yield* EndpointApp.viaWebHandler(
        ChatEndpoint.layer({ tools, budget: { usd: "1" } }).pipe(
          Layer.provide(EndpointApp.scripted(
            [{ toolCalls: [{ name: "deploy", arguments: { env: "teal" } }], usage }, { text: "Done.", usage }],
            "openai",
            []
          ))
        )
      )
      const chat = new EndpointApp.EndpointClient(served, "chat-budget-form")
      yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "Deploy" })))
      yield* answerEach(chat, waiting(chat), () => ({ approved: true }))
      const [form] = waiting(chat)
      assert.strictEqual(form?.approval.descriptor.elicitation.message, "Deploy to teal?")
      yield* answerEach(chat, [form], () => ({ approved: true, reason: JSON.stringify({ confirm: true }) }))
      assert.isUndefined(chat.error, "the form's answer is taken")
      assert.deepStrictEqual(chat.toolParts.map((part) => part.output), ["deployed to teal"])
      assert.include(chat.text, "Done.")
      assert.strictEqual(chat.metadata.cost, "0.00036", "both steps, once each")
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

Stores.describeRedis("ChatEndpoint: an approval then a form, on any instance", (twoStores) => {
  it.live("asked by one instance, each answer taken by another", () =>
    Effect.gen(function*() {
      yield* approvalThenForm(yield* twoStores("1 minute"), ["amber"])
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

Stores.describeDurableStreams("ChatEndpoint: an approval then a form, on any instance", (twoStores) => {
  it.live("asked by one instance, each answer taken by another", () =>
    Effect.gen(function*() {
      yield* approvalThenForm(yield* twoStores("1 minute"), ["amber"])
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

/** A chat on an endpoint with `weather`, `delete_file` and a budget asking at `askAt`; its first message sent. */
const budgetedChat = (
  turns: ReadonlyArray<TestKit.Turn>,
  deleted: Array<string>,
  askAt: number,
  text: string,
  usd = "1"
) =>
  Effect.gen(function*() {
    const served = yield* EndpointApp.viaWebHandler(
      ChatEndpoint.layer({
        tools: [EndpointApp.weather, EndpointApp.deleteFile(deleted)],
        budget: { usd, askAt }
      }).pipe(Layer.provide(EndpointApp.scripted(turns, "openai", [])))
    )
    const chat = new EndpointApp.EndpointClient(served, `chat-${askAt}`)
    yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text })))
    return chat
  })

/** Approves the one part waiting, once `is` says it is the one expected: the client sends the answer by itself. */
const approveWaiting = (chat: EndpointApp.EndpointClient, is: (part: any) => boolean) =>
  Effect.gen(function*() {
    const [part] = waiting(chat)
    assert.isTrue(part !== undefined && is(part), JSON.stringify(part))
    const posts = chat.posts.length
    yield* Effect.promise(() =>
      settled(chat, () => chat.addToolApprovalResponse({ id: part.approval.id, approved: true }))
    )
    assert.strictEqual(chat.posts.length, posts + 1, "sent by the client itself")
  })

const isQuestion = (part: any) => part.toolName === "budget_question"
const isDelete = (part: any) => part.type === "tool-delete_file"

describe("ChatEndpoint: pauses of one answer, through the ai client", () => {
  it.live("a budget question then an approval: each asked once, each answer sent by the client itself", () =>
    Effect.gen(function*() {
      const deleted: Array<string> = []
      const chat = yield* budgetedChat(
        [
          {
            toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }],
            usage: { inputTokens: 1000, outputTokens: 50 }
          },
          { toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/c" } }] },
          { text: "Deleted." }
        ],
        deleted,
        0.0001,
        "Weather, then delete"
      )
      yield* approveWaiting(chat, isQuestion)
      yield* approveWaiting(chat, isDelete)
      // The question answered once holds for the whole answer: not asked again after the approval.
      assert.deepStrictEqual(waiting(chat), [])
      assert.deepStrictEqual(deleted, ["/tmp/c"])
      assert.include(chat.text, "Deleted.")
    }).pipe(Effect.scoped))

  it.live("an approval then a budget question: the question asked in the call's step, sent by itself", () =>
    Effect.gen(function*() {
      const deleted: Array<string> = []
      const chat = yield* budgetedChat(
        [
          {
            toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/d" } }],
            usage: { inputTokens: 10, outputTokens: 5 }
          },
          { text: "Deleted.", usage: { inputTokens: 1000, outputTokens: 50 } }
        ],
        deleted,
        0.000001,
        "Delete d"
      )
      yield* approveWaiting(chat, isDelete)
      assert.deepStrictEqual(deleted, ["/tmp/d"])
      yield* approveWaiting(chat, isQuestion)
      assert.include(chat.text, "Deleted.")
    }).pipe(Effect.scoped))

  it.live("a budget question answered continue, then an approval: the cap still stops the answer, unasked", () =>
    Effect.gen(function*() {
      const deleted: Array<string> = []
      // Each step spends $0.00018: past askAt after the first; the third crosses the $0.0005 cap.
      const usage = { inputTokens: 1000, outputTokens: 50 }
      const chat = yield* budgetedChat(
        [
          { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }], usage },
          { toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/e" } }], usage },
          { text: "Deleted.", usage }
        ],
        deleted,
        0.01,
        "Weather, then delete e",
        "0.0005"
      )
      yield* approveWaiting(chat, isQuestion)
      yield* approveWaiting(chat, isDelete)
      assert.deepStrictEqual(waiting(chat), [], "not asked again")
      assert.deepStrictEqual(deleted, ["/tmp/e"])
      assert.strictEqual(chat.metadata.stopReason, "budget")
    }).pipe(Effect.scoped))
})
