/**
 * A form's values that do not fit it, on an unchanged `useChat` page: the `ai` package's own chat client
 * (`AbstractChat` with a plain state and `DefaultChatTransport`, what `useChat` runs; no `ChatPage` state) against
 * `ChatEndpoint` over HTTP on 127.0.0.1, with an MCP server's `deploy` (`support/mcp/ModernServer.mjs`, official SDK
 * 2.x) asking to confirm in a form (`confirm`, a boolean). The server answers values the form does not take with a
 * stream that asks the form again (the part back to `approval-requested`, the same approval id and form) and ends in
 * its sentence (`chat.error.message`, `chat.status` `error`): nothing run, no model call, nothing sent on by itself.
 * The next, fitting answer goes through once; a reload (the page's messages, or the stored answer resumed) shows the
 * form.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Logger, References } from "effect"
import { ChatEndpoint, Mcp } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as FormAskedAgain from "../../../src/app/endpoint/FormAskedAgain.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"

const told = "Your answer does not match what the form asks for in \"confirm\"."

/**
 * `ChatEndpoint` over HTTP with the MCP server's tools (no approval before the form), its model calling `deploy` for
 * each of `envs` then answering: a page on it, the bodies the model was sent, and the answers each `deploy` got.
 */
const served = (envs: ReadonlyArray<string>, log = false) =>
  Effect.gen(function*() {
    const mcp = yield* Effect.acquireRelease(
      Effect.promise(() => ModernServer.startHttp()),
      (server) => Effect.promise(() => server.close())
    )
    const tools = yield* Mcp.tools({
      transport: { http: { url: mcp.url } },
      elicitation: "approval",
      needsApproval: false
    })
    const bodies: Array<any> = []
    const calls = envs.map((env) => ({ name: "deploy", arguments: { env } }))
    const model = EndpointApp.scriptedOnWire([{ toolCalls: calls }, { text: "Deployed." }], "openai", bodies)
    const app = yield* EndpointApp.viaNode(ChatEndpoint.layer({ tools, log }).pipe(Layer.provide(model)))
    const id = `asked-again-${Math.random().toString(36).slice(2)}`
    const page = (fetch = EndpointApp.withCookies(app.fetch)) => new EndpointApp.EndpointClient(app, id, fetch)
    // The answers `deploy` was sent (a call without one asked its form).
    const answers = () =>
      mcp.requests.flatMap((request: any) =>
        request.body?.params?.name === "deploy" && request.body.params.inputResponses !== undefined
          ? [[request.body.params.arguments.env, request.body.params.inputResponses.confirm.content]]
          : []
      )
    return { page, bodies, answers }
  }).pipe(Effect.provide(FetchHttpClient.layer))

/** The `deploy` parts of the last message, as JSON keeps them. */
const forms = (chat: EndpointApp.EndpointClient): Array<any> =>
  JSON.parse(JSON.stringify(chat.messages.at(-1)?.parts.filter((part) => part.type === "tool-deploy") ?? []))

/** Answers each form of `chat` with its values in `values` (in the parts' order), the last answer sending them. */
const answer = (chat: EndpointApp.EndpointClient, values: ReadonlyArray<unknown>) =>
  Effect.promise(async () => {
    const ids = forms(chat).map((part) => part.approval.id)
    for (const [at, id] of ids.slice(0, -1).entries()) {
      await chat.addToolApprovalResponse({ id, approved: true, reason: JSON.stringify(values[at]) })
    }
    await chat.settle(() =>
      chat.addToolApprovalResponse({ id: ids.at(-1)!, approved: true, reason: JSON.stringify(values.at(-1)) })
    )
  })

/** The page asked to deploy: the forms it shows, each asking. */
const asked = (chat: EndpointApp.EndpointClient) =>
  Effect.gen(function*() {
    yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "Deploy" })))
    const shown = forms(chat)
    assert.deepStrictEqual(shown.map((part) => [part.state, part.approval.descriptor.elicitation.message]), [
      ...shown.map((part) => ["approval-requested", `Deploy to ${part.input.env}?`])
    ])
    return shown
  })

/** Values that do not fit: the forms asked again as first asked, the sentence told, nothing run, sent or asked. */
const refused = (chat: EndpointApp.EndpointClient, shown: Array<any>, app: { bodies: Array<any>; answers: any }) =>
  Effect.gen(function*() {
    assert.deepStrictEqual([chat.status, chat.error?.message], ["error", told])
    assert.deepStrictEqual(forms(chat), shown)
    const posts = chat.posts.length
    yield* Effect.sleep("200 millis")
    assert.deepStrictEqual([chat.posts.length, chat.status], [posts, "error"], "nothing sent on by itself")
    assert.deepStrictEqual([app.answers(), app.bodies.length], [[], 1], "nothing run, no model call")
  })

/** The forms answered as they ask: each tool run once with its values, the answer ended. */
const completed = (chat: EndpointApp.EndpointClient, app: { bodies: Array<any>; answers: any }, envs: Array<string>) =>
  Effect.gen(function*() {
    yield* answer(chat, envs.map(() => ({ confirm: true })))
    assert.deepStrictEqual([chat.status, chat.error], ["ready", undefined])
    assert.deepStrictEqual(forms(chat).map((part) => [part.state, part.output]), [
      ...envs.map((env) => ["output-available", `deployed to ${env}`])
    ])
    assert.include(chat.text, "Deployed.")
    assert.deepStrictEqual(app.answers(), envs.map((env) => [env, { confirm: true }]))
    assert.strictEqual(app.bodies.length, 2)
  })

/**
 * A page of the endpoint calling `deploy` for each of `envs`, its forms answered with `values`, one of which does not
 * fit: refused as `refused` checks. The endpoint, the page and the forms as first asked.
 */
const misfitted = (envs: ReadonlyArray<string>, values: ReadonlyArray<unknown>, log = false) =>
  Effect.gen(function*() {
    const app = yield* served(envs, log)
    const chat = app.page()
    const shown = yield* asked(chat)
    assert.strictEqual(shown.length, envs.length)
    yield* answer(chat, values)
    yield* refused(chat, shown, app)
    return { app, chat, shown }
  })

describe("a form's values that do not fit it, on the ai client's own state", () => {
  it.live("asked again on the same page: its sentence, the form as asked; answered as it asks, it runs once", () =>
    Effect.gen(function*() {
      const { app, chat } = yield* misfitted(["teal"], [{ confirm: "yes" }])
      yield* completed(chat, app, ["teal"])
    }).pipe(Effect.scoped))

  it.live("a request answering two forms, one unfit: both asked again, neither run; both answered, both run", () =>
    Effect.gen(function*() {
      const { app, chat } = yield* misfitted(["teal", "blue"], [{ confirm: true }, {}])
      yield* completed(chat, app, ["teal", "blue"])
    }).pipe(Effect.scoped))

  it.live("after a reload: the saved messages, and the stored answer resumed, show the form; answered, it runs", () =>
    Effect.gen(function*() {
      const { app, chat, shown } = yield* misfitted(["teal"], [{ confirm: "yes" }])
      // The page's messages as it saved them (its `onFinish`), in a new page.
      const saved = app.page(chat.fetch)
      saved.messages = JSON.parse(JSON.stringify(chat.messages))
      assert.deepStrictEqual(forms(saved), shown)
      // The stored answer (`resume: true`): not the refusal, which is not stored; it ends asking.
      const resumed = app.page(chat.fetch)
      resumed.messages = JSON.parse(JSON.stringify(chat.messages.slice(0, -1)))
      yield* Effect.promise(() => resumed.settle(() => resumed.resumeStream()))
      assert.deepStrictEqual([resumed.status, forms(resumed)], ["ready", shown])
      yield* completed(resumed, app, ["teal"])
    }).pipe(Effect.scoped))

  it.live("logged once, at Warning, as the form asked again (not as a 200 answered), with the chat's id", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      const logger = Logger.make(({ fiber, logLevel, message }) => {
        const chat = fiber.getRef(References.CurrentLogAnnotations)["chat.id"]
        lines.push(`${logLevel} ${[message].flat().join(" ")} [${chat}]`)
      })
      const { chat } = yield* misfitted(["teal"], [{ confirm: "yes" }], true).pipe(
        Effect.provide(Logger.layer([logger]))
      )
      assert.deepStrictEqual(lines.filter((line) => line.includes("chat POST")), [
        `Warn chat POST /api/chat asked the form again (200): InvalidRequestError: ${told} [${chat.id}]`
      ])
    }).pipe(Effect.scoped))

  it("asked again only when the stored answer waits on every interrupt the request answered", () => {
    const request = (approvalId: string, toolCallId: string) =>
      ({ type: "tool-approval-request", approvalId, toolCallId }) as const
    const stored = [
      { type: "start", messageId: "m1" },
      { type: "start-step" },
      request("a0", "c0"),
      {
        type: "start-step"
      },
      request("a1", "c1"),
      request("a2", "c2"),
      { type: "finish-step" }
    ] as const
    const again = (ids: Array<string>) =>
      FormAskedAgain.askingAgain({ messageId: "m1", approvalIds: ids }, stored, told)
    assert.deepStrictEqual(again(["a2", "a1"]), [
      { type: "start", messageId: "m1" },
      request("a1", "c1"),
      request("a2", "c2"),
      { type: "error", errorText: told }
    ])
    // One the answer went on from (a step begun after it), one it never asked: the 400 stands.
    assert.isUndefined(again(["a0", "a1"]))
    assert.isUndefined(again(["a1", "a3"]))
    assert.isUndefined(again([]))
  })
})
