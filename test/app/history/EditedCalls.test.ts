/**
 * An approval that edits the call's input, on the UI message stream, through the `ai` package's own chat client
 * (`NodeChat`: `AbstractChat` with `DefaultChatTransport`) against an app over loopback HTTP that reads each body with
 * `toMessages` and passes the approvals to `runTools`, one of them with an edited input from its own page. The model
 * (OpenAI's Chat Completions, replayed) calls `delete_file` three times in one step: one approved edited, one approved
 * as made, one denied. The client's part of the edited call ends `output-available` with the input it ran with, its
 * approval kept; the next request from that history, and the same history stored as JSON and sent again to an
 * instance started afresh with the same key, are accepted, and each request the model gets shows the call as it ran.
 * A part whose input the browser changed (the edited one back to the model's, to another, an unedited one), or an
 * edit whose model's input the browser changed, is a 400 as before. With Gemini, whose first call of a turn comes
 * signed, the history tells the model the edited call as the loop told it (its signature in place, the other call as
 * it came).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Schema } from "effect"
import { LanguageModel, Message, OpenAI, StreamStore, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as ApprovalApp from "../../support/ApprovalApp.js"
import * as ChatServer from "../../support/ChatServer.js"
import * as GeminiSteps from "../../support/GeminiSteps.js"
import { NodeChat } from "../../support/NodeChat.js"

const secret = Redacted.make("a-test-secret-of-at-least-32-characters!")

const line = (value: object) => `data: ${JSON.stringify(value)}\n\n`
const chunk = (delta: object, finish: string | null = null) =>
  line({
    id: "chatcmpl-1",
    object: "chat.completion.chunk",
    created: 1,
    model: "gpt-4o-mini",
    choices: [{ index: 0, delta, finish_reason: finish }]
  })

/** Three calls of `delete_file` in one step: `/a`, `/b` and `/c`. */
const threeCalls = [
  chunk({ role: "assistant", content: null }),
  chunk({
    tool_calls: ["a", "b", "c"].map((path, index) => ({
      index,
      id: `call_${path}`,
      type: "function",
      function: { name: "delete_file", arguments: JSON.stringify({ path: `/${path}` }) }
    }))
  }),
  chunk({}, "tool_calls"),
  "data: [DONE]\n\n"
].join("")

/** The model: asked to delete, the three calls; after tool results, "Done."; else "Hello.". */
const answer = (body: any): string => {
  const last = body.messages.at(-1)
  if (last?.role === "user" && String(last.content).includes("delete")) return threeCalls
  return ApprovalApp.text(last?.role === "tool" ? "Done." : "Hello.")
}

/** OpenAI's Chat Completions at `baseUrl` (a replay server). */
const openAi = (baseUrl: string) =>
  OpenAI.model("gpt-4o-mini").pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make("test-key"), baseUrl })),
    Layer.provide(FetchHttpClient.layer)
  )

/**
 * An instance of the app with `tools` and `model` (shared across instances, as what a tool ran for is): the approvals
 * `toMessages` read, each of a call in `edits` given the input the app's page edited it to.
 */
const instance = (
  model: Layer.Layer<LanguageModel.LanguageModel>,
  tools: ReadonlyArray<Tool.Handled<any, any>>,
  edits: ReadonlyMap<string, unknown>
) =>
  Effect.gen(function*() {
    const layers = yield* Layer.build(
      model.pipe(
        Layer.merge(StreamStore.layerMemory()),
        Layer.merge(Layer.orDie(UIMessageStream.layerSigning({ secret })))
      )
    )
    const edited = (approval: Tool.ToolApproval) =>
      approval.approved && edits.has(approval.toolCallId)
        ? Message.toolApproval({
          toolCallId: approval.toolCallId,
          approved: true,
          approvalId: approval.approvalId,
          input: edits.get(approval.toolCallId)
        })
        : approval
    const chat = (body: string) =>
      UIMessageStream.toMessages(body).pipe(
        Effect.flatMap((request) =>
          LanguageModel.runTools({ messages: [...request.messages, ...request.approvals.map(edited)], tools }).pipe(
            UIMessageStream.fromSteps({ messageId: request.responseMessageId, lastStep: request.lastStep }),
            UIMessageStream.toResponse()
          )
        ),
        Effect.catchTag(
          "InvalidRequestError",
          (error) => Effect.succeed(Response.json({ error: error.message }, { status: 400 }))
        ),
        Effect.provide(layers)
      )
    return yield* ChatServer.listen(chat)
  })

const post = (url: string, body: unknown) =>
  Effect.promise(async () => {
    const response = await fetch(`${url}/api/chat`, { method: "POST", body: JSON.stringify(body) })
    return { status: response.status, text: await response.text() }
  })

/** The arguments of each call of the assistant turn in a Chat Completions request, by call id. */
const callsTold = (request: any): Record<string, unknown> =>
  Object.fromEntries(
    request.messages.flatMap((message: any) =>
      (message.tool_calls ?? []).map((call: any) => [call.id, JSON.parse(call.function.arguments)])
    )
  )

const ranAsTold = { call_a: { path: "/a-safe" }, call_b: { path: "/b" }, call_c: { path: "/c" } }

/** A body of `messages` and a new user message, as the client sends one. */
const bodyOf = (id: string, messages: ReadonlyArray<any>, text: string) => ({
  id,
  trigger: "submit-message",
  messages: [...messages, { id: `user-${text}`, role: "user", parts: [{ type: "text", text }] }]
})

describe("an approval that edits the call's input, on the UI message stream", () => {
  it.live(
    "the ai client shows the input it ran with; its history, live and stored, is taken",
    () =>
      Effect.gen(function*() {
        const replay = yield* ReplayServer.make
        const modelUrl = replay.serve((request) => ({
          headers: { "content-type": "text/event-stream" },
          body: answer(JSON.parse(request.body))
        }))
        const modelRequests = () => replay.requests(modelUrl).map((request) => JSON.parse(request.body))
        const deleted: Array<string> = []
        const tools = [ApprovalApp.deleteFile(deleted)]
        const url = yield* instance(openAi(modelUrl), tools, new Map([["call_a", { path: "/a-safe" }]]))
        const chat = new NodeChat(url)
        yield* Effect.promise(() => chat.sendMessage({ text: "delete three" }))
        const [a, b, c] = chat.toolParts
        yield* Effect.promise(async () => {
          await chat.addToolApprovalResponse({ id: a.approval.id, approved: true })
          await chat.addToolApprovalResponse({ id: b.approval.id, approved: true })
          await chat.settle(() => chat.addToolApprovalResponse({ id: c.approval.id, approved: false }))
        })
        assert.strictEqual(chat.error, undefined)
        assert.deepStrictEqual(deleted, ["/a-safe", "/b"])
        const shown = chat.toolParts.map((part) => [part.toolCallId, part.state, part.input, part.output])
        assert.deepStrictEqual(shown, [
          ["call_a", "output-available", { path: "/a-safe" }, { deleted: "/a-safe" }],
          ["call_b", "output-available", { path: "/b" }, { deleted: "/b" }],
          ["call_c", "output-denied", { path: "/c" }, undefined]
        ])
        const approval = chat.toolParts[0].approval
        assert.deepStrictEqual([approval.id, approval.approved], [a.approval.id, true])
        assert.strictEqual(chat.text, "Done.")
        // The next request: taken, the model told the call as it ran.
        yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "hi" })))
        assert.strictEqual(chat.error, undefined)
        assert.strictEqual(chat.text, "Hello.")
        const requests = modelRequests()
        assert.strictEqual(requests.length, 3)
        for (const request of requests.slice(1)) assert.deepStrictEqual(callsTold(request), ranAsTold)
        assert.deepStrictEqual(deleted, ["/a-safe", "/b"])

        // Stored as JSON, sent again to an instance started afresh (the same key, a new store).
        const stored: Array<any> = JSON.parse(JSON.stringify(chat.messages))
        const restarted = yield* instance(openAi(modelUrl), tools, new Map())
        const again = yield* post(restarted, bodyOf(chat.id, stored, "again"))
        assert.strictEqual(again.status, 200, again.text)
        assert.deepStrictEqual(callsTold(modelRequests()[3]), ranAsTold)
        assert.deepStrictEqual(deleted, ["/a-safe", "/b"])

        // The browser cannot claim an edit the server did not make, nor change the one it made.
        const changed = (change: (message: any) => void) => {
          const messages = structuredClone(stored)
          change(messages[1])
          return post(restarted, bodyOf(chat.id, messages, "again"))
        }
        const partOf = (message: any, id: string) => message.parts.find((part: any) => part.toolCallId === id)
        const refusals = yield* Effect.forEach([
          (message: any) => void (partOf(message, "call_a").input = { path: "/a" }),
          (message: any) => void (partOf(message, "call_a").input = { path: "/etc" }),
          (message: any) => void (partOf(message, "call_b").input = { path: "/etc" }),
          (message: any) => void (message.metadata["effect-llm-stream/edits"].call_a = { path: "/etc" }),
          (message: any) => void (message.metadata["effect-llm-stream/edits"] = { call_b: { path: "/b" } })
        ], changed)
        assert.deepStrictEqual(refusals.map(({ status }) => status), [400, 400, 400, 400, 400])
        const notRan = (id: string) => `the input of tool call \\"${id}\\" is not one this server ran it with`
        const expected = [notRan("call_a"), notRan("call_a"), "that this server did not serve", notRan("call_a")]
        expected.push(notRan("call_b"))
        refusals.forEach(({ text }, at) => assert.include(text, expected[at]))
        assert.strictEqual(modelRequests().length, 4)
      }).pipe(Effect.scoped),
    30_000
  )

  it.live(
    "Gemini: the history tells the model the edited call as the loop told it, its signature in place",
    () =>
      Effect.gen(function*() {
        const replay = yield* ReplayServer.make
        // Two refunds in one turn, the first signed (Gemini signs the first call of a turn); then "Refunded."; "Hello.".
        const modelUrl = replay.serve((request) => {
          const last = JSON.parse(request.body).contents.at(-1)
          const parts = last.parts[0].text === "refund two"
            ? [
              { functionCall: { name: "refund", args: { order: "A-1", usd: 500 } }, thoughtSignature: "c2lnLTE=" },
              { functionCall: { name: "refund", args: { order: "B-2", usd: 7 } } }
            ]
            : [{ text: last.parts[0].functionResponse === undefined ? "Hello." : "Refunded." }]
          return {
            headers: { "content-type": "text/event-stream" },
            body: `data: ${
              JSON.stringify({
                candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }],
                usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
                modelVersion: "gemini-2.5-flash"
              })
            }\r\n\r\n`
          }
        })
        const ran: Array<string> = []
        const refund = Tool.handle(
          Tool.make("refund", { parameters: Schema.Struct({ order: Schema.String, usd: Schema.Number }) }),
          ({ order, usd }) => Effect.sync(() => (ran.push(`${order} $${usd}`), `refunded ${order} ($${usd})`)),
          { needsApproval: true }
        )
        const edits = new Map<string, unknown>()
        const url = yield* instance(GeminiSteps.model(modelUrl), [refund], edits)
        const chat = new NodeChat(url)
        yield* Effect.promise(() => chat.sendMessage({ text: "refund two" }))
        const [first, second] = chat.toolParts
        edits.set(first.toolCallId, { order: "A-1", usd: 5 })
        yield* Effect.promise(async () => {
          await chat.addToolApprovalResponse({ id: first.approval.id, approved: true })
          await chat.settle(() => chat.addToolApprovalResponse({ id: second.approval.id, approved: true }))
        })
        assert.deepStrictEqual(ran, ["A-1 $5", "B-2 $7"])
        assert.deepStrictEqual(chat.toolParts.map((part) => [part.state, part.input]), [
          ["output-available", { order: "A-1", usd: 5 }],
          ["output-available", { order: "B-2", usd: 7 }]
        ])
        yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "hi" })))
        assert.strictEqual(chat.error, undefined)
        assert.strictEqual(chat.text, "Hello.")
        // The model's turn as the loop told it after running the calls, and as the history tells it next.
        const [, ranTold, historyTold] = replay.requests(modelUrl).map((request) => GeminiSteps.contents(request)[1])
        assert.deepStrictEqual(ranTold.parts, [
          {
            functionCall: { name: "refund", args: { order: "A-1", usd: 5 } },
            thoughtSignature: "skip_thought_signature_validator"
          },
          { functionCall: { name: "refund", args: { order: "B-2", usd: 7 } } }
        ])
        assert.deepStrictEqual(historyTold, ranTold)
      }).pipe(Effect.scoped),
    30_000
  )
})
