/**
 * A durable run under a budget whose MCP tool (official SDK 2.x, `support/mcp/ModernServer.mjs`) is approved first
 * and then asks for input in a form at once, shown to the `ai` package's chat client (`AbstractChat` with
 * `DefaultChatTransport`): the app starts the run and serves its live view (`resumeResponse`), and hands each answer
 * the person gave in the client on to `approve` with the part's signed id. The fromSteps defect of f2ace1ba (a
 * request with no model step signed no spent fact, so the form's answer came back with a used one and was refused)
 * has no counterpart here: the run keeps its budget on the server, and each pause's id is signed anew.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Layer, ManagedRuntime, Schedule } from "effect"
import { DurableLoop, LanguageModel, Mcp, Message, StreamStore, UIMessageStream } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as DurableAgent from "../../support/DurableAgent.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"

let http: Awaited<ReturnType<typeof ModernServer.startHttp>>

beforeAll(async () => {
  http = await ModernServer.startHttp()
})

afterAll(async () => {
  await http.close()
})

/** Step 1 deploys to teal (`call_deploy`), step 2 says it is done. */
const model = DurableAgent.callThenAnswer("deploy", JSON.stringify({ env: "teal" }))

/** The parts of the answer waiting for an answer. */
const waiting = (chat: EndpointApp.EndpointClient) =>
  (chat.messages.at(-1)?.parts ?? []).filter((part: any) => part.state === "approval-requested") as Array<any>

/** Waits until the chat shows a part waiting for an answer, and gives it. */
const asked = (chat: EndpointApp.EndpointClient) =>
  Effect.gen(function*() {
    yield* EndpointApp.eventually(() => waiting(chat).length > 0, () => JSON.stringify(chat.messages.at(-1)))
    return waiting(chat)[0]
  })

describe("a durable run under a budget: a tool approved, then its form, in the ai chat client", () => {
  it.live(
    "both answers taken, the run ends with the tool's output and the model's answer",
    () =>
      Effect.gen(function*() {
        const tools = yield* Mcp.tools({ transport: { http: { url: http.url } }, elicitation: "approval" })
        const agent = LanguageModel.durableLoop("durable-form-chat", { tools, budget: { usd: "1" } })
        const runtime = ManagedRuntime.make(
          agent.layer.pipe(
            Layer.provideMerge(DurableLoop.layerMemory),
            Layer.provide(model),
            Layer.provideMerge(StreamStore.layerMemory())
          )
        )
        yield* Effect.addFinalizer(() => Effect.promise(() => runtime.dispose()))
        // The app: a new message starts the run, and its live view is served.
        const fetch = (async (_: RequestInfo | URL, init?: RequestInit) => {
          const body = JSON.parse(String(init?.body))
          const text = body.messages.at(-1).parts.find((part: any) => part.type === "text").text
          // Its view opens as the run starts: 204 until then.
          const view = Effect.filterOrFail(
            UIMessageStream.resumeResponse(body.id),
            (response) => response.status === 200
          )
          return runtime.runPromise(Effect.andThen(
            agent.run({ executionId: body.id, messages: [Message.user(text)] }, { discard: true }),
            Effect.retry(view, { schedule: Schedule.spaced("20 millis"), times: 250 })
          ))
        }) as typeof globalThis.fetch
        const chat = new EndpointApp.EndpointClient({ url: "http://localhost", fetch }, "chat-durable-form")
        const answer = (part: any, decision: DurableLoop.Decision) =>
          Effect.andThen(
            Effect.promise(async () => chat.addToolApprovalResponse({ id: part.approval.id, approved: true })),
            Effect.promise(() =>
              runtime.runPromise(agent.approve("chat-durable-form", part.toolCallId, {
                ...decision,
                approvalId: part.approval.id
              }))
            )
          )
        const settled = chat.settle(() => chat.sendMessage({ text: "Deploy" }))
        const approval = yield* asked(chat)
        assert.strictEqual(approval.toolCallId, "call_deploy")
        assert.isUndefined(approval.approval.descriptor, "the approval first")
        yield* answer(approval, { approved: true })
        const form = yield* asked(chat)
        assert.strictEqual(form.approval.descriptor?.elicitation?.message, "Deploy to teal?")
        assert.notStrictEqual(form.approval.id, approval.approval.id, "signed anew")
        yield* answer(form, { approved: true, content: { confirm: true } })
        yield* Effect.promise(() => settled)
        assert.isUndefined(chat.error, "the form's answer is taken")
        assert.deepStrictEqual(chat.toolParts.map((part) => [part.state, part.output]), [[
          "output-available",
          "deployed to teal"
        ]])
        assert.include(chat.text, "Done 2.")
        assert.strictEqual(chat.posts.length, 1, "the answers went to approve, nothing sent again")
        const done = yield* Effect.promise(() =>
          runtime.runPromise(agent.run({ executionId: "chat-durable-form", messages: [] }))
        )
        assert.strictEqual(done.reason, "stop")
      }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)),
    60_000
  )
})
