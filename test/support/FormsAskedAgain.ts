/**
 * A form's values that do not fit it, on the `ai` package's own chat client (`EndpointClient`: `AbstractChat` with a
 * plain state, what `useChat` runs), shared by the tests of `ChatEndpoint` and of a hand-built server
 * (`UIMessageStream.askAgain`): an MCP server's `deploy` (`support/mcp/ModernServer.mjs`, official SDK 2.x) asking to
 * confirm in a form (`confirm`, a boolean), a scripted model calling it, and what the page shows at each turn.
 */
import { assert } from "@effect/vitest"
import { Effect } from "effect"
import { Mcp } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as EndpointApp from "./EndpointApp.js"
import * as ModernServer from "./mcp/ModernServer.mjs"

/** What the person is told of a `confirm` that is not a boolean. */
export const told = "Your answer does not match what the form asks for in \"confirm\"."

/** What a test sees of the server: the bodies its model was sent, and the answers each `deploy` got. */
export interface Seen {
  readonly bodies: Array<any>
  readonly answers: () => Array<unknown>
}

/**
 * The MCP server's tools (no approval before the form; closed with the scope), a model calling `deploy` for each of
 * `envs` then answering "Deployed.", the bodies it was sent, and the answers each `deploy` got.
 */
export const deploying = (envs: ReadonlyArray<string>) =>
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
    // The answers `deploy` was sent (a call without one asked its form).
    const answers = () =>
      mcp.requests.flatMap((request: any) =>
        request.body?.params?.name === "deploy" && request.body.params.inputResponses !== undefined
          ? [[request.body.params.arguments.env, request.body.params.inputResponses.confirm.content]]
          : []
      )
    return { tools, model, bodies, answers }
  }).pipe(Effect.provide(FetchHttpClient.layer))

/** The `deploy` parts of the last message, as JSON keeps them. */
export const forms = (chat: EndpointApp.EndpointClient): Array<any> =>
  JSON.parse(JSON.stringify(chat.messages.at(-1)?.parts.filter((part) => part.type === "tool-deploy") ?? []))

/** Answers each form of `chat` with its values in `values` (in the parts' order), the last answer sending them. */
export const answer = (chat: EndpointApp.EndpointClient, values: ReadonlyArray<unknown>) =>
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
export const asked = (chat: EndpointApp.EndpointClient) =>
  Effect.gen(function*() {
    yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "Deploy" })))
    const shown = forms(chat)
    assert.deepStrictEqual(shown.map((part) => [part.state, part.approval.descriptor.elicitation.message]), [
      ...shown.map((part) => ["approval-requested", `Deploy to ${part.input.env}?`])
    ])
    return shown
  })

/** Values that do not fit: the forms asked again as first asked, the sentence told, nothing run, sent or asked. */
export const refused = (chat: EndpointApp.EndpointClient, shown: Array<any>, seen: Seen) =>
  Effect.gen(function*() {
    assert.deepStrictEqual([chat.status, chat.error?.message], ["error", told])
    assert.deepStrictEqual(forms(chat), shown)
    const posts = chat.posts.length
    yield* Effect.sleep("200 millis")
    assert.deepStrictEqual([chat.posts.length, chat.status], [posts, "error"], "nothing sent on by itself")
    assert.deepStrictEqual([seen.answers(), seen.bodies.length], [[], 1], "nothing run, no model call")
  })

/** The forms answered as they ask: each tool run once with its values, the answer ended. */
export const completed = (chat: EndpointApp.EndpointClient, seen: Seen, envs: Array<string>) =>
  Effect.gen(function*() {
    yield* answer(chat, envs.map(() => ({ confirm: true })))
    assert.deepStrictEqual([chat.status, chat.error], ["ready", undefined])
    assert.deepStrictEqual(forms(chat).map((part) => [part.state, part.output]), [
      ...envs.map((env) => ["output-available", `deployed to ${env}`])
    ])
    assert.include(chat.text, "Deployed.")
    assert.deepStrictEqual(seen.answers(), envs.map((env) => [env, { confirm: true }]))
    assert.strictEqual(seen.bodies.length, 2)
  })
