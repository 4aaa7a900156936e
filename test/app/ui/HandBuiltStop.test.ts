/**
 * A Stop naming what it stops on a server built by hand from `UIMessageStream` on `effect/http`'s `HttpRouter` (no
 * `ChatEndpoint`): `toMessages`, `runTools`, `fromSteps`, `resumable` given the `chat` request, and a stop route handing
 * its body to `UIMessageStream.stop(chatId, { owner, body })`. The page is the `ai` package's chat client. A Stop whose
 * body is the page's assistant message (the AI SDK's stop pattern), reaching the server before the continuation that
 * approval sends, stops it as it starts: no tool run, no model called. One reaching it after its continuation ended
 * stops no later answer. A Stop naming the person's message (`messageId`) stops the answer to it so too. A body that
 * is not that JSON is a 400.
 */
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Layer, Redacted } from "effect"
import { LanguageModel, StreamStore, UIMessageStream } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import * as EndpointApp from "../../support/EndpointApp.js"

/** Whose requests these are (an app's session). */
const owner = "user-1"

/** What a failure of a route is answered with: 400 for a request the library refused, else 503. */
const refused = (error: { readonly _tag: string; readonly message: string }) =>
  Effect.succeed(HttpServerResponse.text(error.message, { status: error._tag === "InvalidRequestError" ? 400 : 503 }))

/** `POST /api/chat`: the chat request read, its tool loop served resumably under the chat's id, given the request. */
const chatRoute = (tools: ReadonlyArray<ReturnType<typeof EndpointApp.deleteFile>>) =>
  HttpRouter.add(
    "POST",
    "/api/chat",
    Effect.gen(function*() {
      const body = yield* Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => request.text)
      const chat = yield* UIMessageStream.toMessages(body, { binding: { owner } })
      const stream = yield* LanguageModel.runTools({ messages: [...chat.messages, ...chat.approvals], tools }).pipe(
        UIMessageStream.fromSteps({
          ...(chat.responseMessageId === undefined ? {} : { messageId: chat.responseMessageId }),
          tools,
          binding: chat.binding,
          lastStep: chat.lastStep,
          approvals: chat.approvals
        }),
        UIMessageStream.resumable({ streamId: chat.id ?? StreamStore.newId(), owner, chat })
      )
      return yield* UIMessageStream.toHttpServerResponse(stream)
    }).pipe(Effect.catch(refused))
  )

/** `POST /api/chat/:id/stop`: the stop, its body as the page sent it; 204, or 400 for a body that is not its JSON. */
const stopRoute = HttpRouter.add(
  "POST",
  "/api/chat/:id/stop",
  Effect.gen(function*() {
    const chatId = (yield* HttpRouter.params)["id"] ?? ""
    const body = yield* Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => request.text)
    yield* UIMessageStream.stop(chatId, { owner, body })
    return HttpServerResponse.empty({ status: 204 })
  }).pipe(Effect.catch(refused))
)

/** The hand-built server on one memory store, its model's requests pushed to `requests`, the tool's deletes to `deleted`. */
const served = (deleted: Array<string>, requests: Array<LanguageModel.Request>) =>
  Effect.gen(function*() {
    const services = yield* Layer.build(Layer.mergeAll(
      EndpointApp.recorded(TestKit.auto({ provider: "openai" }), requests),
      StreamStore.layerMemory(),
      UIMessageStream.layerSigning({ secret: Redacted.make("a secret of this server alone, 32+ bytes long") })
    ))
    const { dispose, handler } = HttpRouter.toWebHandler(
      Layer.mergeAll(chatRoute([EndpointApp.deleteFile(deleted)]), stopRoute),
      { disableLogger: true }
    )
    yield* Effect.addFinalizer(() => Effect.promise(dispose))
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
      handler(new Request(input, init), services as Context.Context<any>)) as typeof globalThis.fetch
    return { url: "http://localhost", fetch }
  })

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

/** The page's stop with `body` (JSON, or text as it is): the status answered. */
const stop = (tab: EndpointApp.EndpointClient, body: unknown) =>
  wait(() =>
    tab.fetch(`http://localhost/api/chat/${tab.id}/stop`, {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body)
    })
  ).pipe(Effect.map((response) => response.status))

describe("a hand-built server's Stop naming its continuation", () => {
  it.live(
    "the Stop first, then the continuation: stopped as it starts, no tool run, no model called",
    () =>
      Effect.gen(function*() {
        const deleted: Array<string> = []
        const requests: Array<LanguageModel.Request> = []
        const server = yield* served(deleted, requests)
        const tab = new EndpointApp.EndpointClient(server, `hand-${Math.random().toString(36).slice(2)}`)
        yield* wait(() => tab.settle(() => tab.sendMessage({ text: "please delete_file" })))
        assert.strictEqual(tab.error, undefined, String(tab.error))
        assert.strictEqual(tab.toolParts[0].state, "approval-requested")
        // The chat's answer is stored and ended: a Stop naming the chat alone would be that answer's. This one names the
        // approval, as the page's assistant message holds it answered.
        const { answered, body } = EndpointApp.continuation(tab)
        assert.strictEqual(yield* stop(tab, { assistantMessage: answered }), 204)
        const answer = yield* wait(async () => {
          const response = await tab.fetch(`${server.url}/api/chat`, { method: "POST", body: JSON.stringify(body) })
          return { status: response.status, text: await response.text() }
        })
        assert.strictEqual(answer.status, 200)
        assert.deepStrictEqual(
          answer.text.split("\n").filter((line) => line.startsWith("data:")),
          ["data: {\"type\":\"finish\",\"finishReason\":\"interrupted\"}", "data: {\"type\":\"abort\"}", "data: [DONE]"]
        )
        assert.deepStrictEqual(deleted, [])
        assert.strictEqual(requests.length, 1)
        // The chat's next message is answered as usual, and its approval runs its tool.
        yield* wait(() => tab.settle(() => tab.sendMessage({ text: "please delete_file" })))
        const next = tab.toolParts[0].approval.id as string
        yield* wait(() => tab.settle(() => tab.addToolApprovalResponse({ id: next, approved: true })))
        assert.strictEqual(tab.error, undefined, String(tab.error))
        assert.strictEqual(deleted.length, 1)
        assert.strictEqual(requests.length, 3)
      }).pipe(Effect.scoped),
    30_000
  )

  it.live(
    "a Stop naming the person's message, then that message: its answer stopped as it starts",
    () =>
      Effect.gen(function*() {
        const deleted: Array<string> = []
        const requests: Array<LanguageModel.Request> = []
        const server = yield* served(deleted, requests)
        const tab = new EndpointApp.EndpointClient(server, `message-${Math.random().toString(36).slice(2)}`)
        // The chat's first answer is stored (paused): a Stop naming the chat alone would be that answer's.
        yield* wait(() => tab.settle(() => tab.sendMessage({ text: "please delete_file" })))
        assert.strictEqual(requests.length, 1)
        const message = { id: "the-next-message", role: "user", parts: [{ type: "text", text: "please delete_file" }] }
        assert.strictEqual(yield* stop(tab, { messageId: message.id }), 204)
        const answer = yield* wait(async () => {
          const body = { id: tab.id, messages: [...tab.messages, message], trigger: "submit-message" }
          const response = await tab.fetch(`${server.url}/api/chat`, { method: "POST", body: JSON.stringify(body) })
          return { status: response.status, text: await response.text() }
        })
        assert.strictEqual(answer.status, 200)
        assert.deepStrictEqual(answer.text.split("\n").filter((line) => line.startsWith("data:")).slice(-2), [
          "data: {\"type\":\"abort\"}",
          "data: [DONE]"
        ])
        assert.strictEqual(requests.length, 1)
        assert.deepStrictEqual(deleted, [])
      }).pipe(Effect.scoped),
    30_000
  )

  it.live(
    "a Stop naming a continuation that ended stops no later answer; a body not its JSON is a 400",
    () =>
      Effect.gen(function*() {
        const deleted: Array<string> = []
        const requests: Array<LanguageModel.Request> = []
        const server = yield* served(deleted, requests)
        const tab = new EndpointApp.EndpointClient(server, `late-${Math.random().toString(36).slice(2)}`)
        yield* wait(() => tab.settle(() => tab.sendMessage({ text: "please delete_file" })))
        const { answered } = EndpointApp.continuation(tab)
        const asked = tab.toolParts[0].approval.id as string
        yield* wait(() => tab.settle(() => tab.addToolApprovalResponse({ id: asked, approved: true })))
        assert.strictEqual(tab.error, undefined, String(tab.error))
        assert.deepStrictEqual([deleted.length, requests.length], [1, 2])
        // Reaching the server after the continuation ended: it stops nothing later.
        assert.strictEqual(yield* stop(tab, { assistantMessage: answered }), 204)
        assert.strictEqual(yield* stop(tab, "{ not json"), 400)
        assert.strictEqual(yield* stop(tab, { assistantMessage: "a message" }), 400)
        yield* wait(() => tab.settle(() => tab.sendMessage({ text: "please delete_file" })))
        const next = tab.toolParts[0].approval.id as string
        yield* wait(() => tab.settle(() => tab.addToolApprovalResponse({ id: next, approved: true })))
        assert.strictEqual(tab.error, undefined, String(tab.error))
        assert.deepStrictEqual([deleted.length, requests.length], [2, 4])
      }).pipe(Effect.scoped),
    30_000
  )
})
