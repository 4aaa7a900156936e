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
import { ChatEndpoint } from "effect-llm-stream"
import * as UIFormAskedAgain from "../../../src/app/ui/UIFormAskedAgain.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as FormsAskedAgain from "../../support/FormsAskedAgain.js"

/**
 * `ChatEndpoint` over HTTP with the MCP server's tools (no approval before the form), its model calling `deploy` for
 * each of `envs` then answering: a page on it, the bodies the model was sent, and the answers each `deploy` got.
 */
const served = (envs: ReadonlyArray<string>, log = false) =>
  Effect.gen(function*() {
    const { answers, bodies, model, tools } = yield* FormsAskedAgain.deploying(envs)
    const app = yield* EndpointApp.viaNode(ChatEndpoint.layer({ tools, log }).pipe(Layer.provide(model)))
    const id = `asked-again-${Math.random().toString(36).slice(2)}`
    const page = (fetch = EndpointApp.withCookies(app.fetch)) => new EndpointApp.EndpointClient(app, id, fetch)
    return { page, bodies, answers }
  })

/**
 * A page of the endpoint calling `deploy` for each of `envs`, its forms answered with `values`, one of which does not
 * fit: refused as `refused` checks. The endpoint, the page and the forms as first asked.
 */
const misfitted = (envs: ReadonlyArray<string>, values: ReadonlyArray<unknown>, log = false) =>
  Effect.gen(function*() {
    const app = yield* served(envs, log)
    const chat = app.page()
    const shown = yield* FormsAskedAgain.asked(chat)
    assert.strictEqual(shown.length, envs.length)
    yield* FormsAskedAgain.answer(chat, values)
    yield* FormsAskedAgain.refused(chat, shown, app)
    return { app, chat, shown }
  })

describe("a form's values that do not fit it, on the ai client's own state", () => {
  it.live("asked again on the same page: its sentence, the form as asked; answered as it asks, it runs once", () =>
    Effect.gen(function*() {
      const { app, chat } = yield* misfitted(["teal"], [{ confirm: "yes" }])
      yield* FormsAskedAgain.completed(chat, app, ["teal"])
    }).pipe(Effect.scoped))

  it.live("a request answering two forms, one unfit: both asked again, neither run; both answered, both run", () =>
    Effect.gen(function*() {
      const { app, chat } = yield* misfitted(["teal", "blue"], [{ confirm: true }, {}])
      yield* FormsAskedAgain.completed(chat, app, ["teal", "blue"])
    }).pipe(Effect.scoped))

  it.live("after a reload: the saved messages, and the stored answer resumed, show the form; answered, it runs", () =>
    Effect.gen(function*() {
      const { app, chat, shown } = yield* misfitted(["teal"], [{ confirm: "yes" }])
      // The page's messages as it saved them (its `onFinish`), in a new page.
      const saved = app.page(chat.fetch)
      saved.messages = JSON.parse(JSON.stringify(chat.messages))
      assert.deepStrictEqual(FormsAskedAgain.forms(saved), shown)
      // The stored answer (`resume: true`): not the refusal, which is not stored; it ends asking.
      const resumed = app.page(chat.fetch)
      resumed.messages = JSON.parse(JSON.stringify(chat.messages.slice(0, -1)))
      yield* Effect.promise(() => resumed.settle(() => resumed.resumeStream()))
      assert.deepStrictEqual([resumed.status, FormsAskedAgain.forms(resumed)], ["ready", shown])
      yield* FormsAskedAgain.completed(resumed, app, ["teal"])
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
        `Warn chat POST /api/chat asked the form again (200): InvalidRequestError: ${FormsAskedAgain.told} [${chat.id}]`
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
      UIFormAskedAgain.askingAgain({ messageId: "m1", approvalIds: ids }, stored, FormsAskedAgain.told)
    assert.deepStrictEqual(again(["a2", "a1"]), [
      { type: "start", messageId: "m1" },
      request("a1", "c1"),
      request("a2", "c2"),
      { type: "error", errorText: FormsAskedAgain.told }
    ])
    // One the answer went on from (a step begun after it), one it never asked: the 400 stands.
    assert.isUndefined(again(["a0", "a1"]))
    assert.isUndefined(again(["a1", "a3"]))
    assert.isUndefined(again([]))
  })
})
