/**
 * A form's values that do not fit it, on a server built by hand on `node:http` from `UIMessageStream` (no
 * `ChatEndpoint`), as docs/ui.md's Node server is: `readRequest`, `toMessages` bound to the owner, `runTools` with an
 * MCP server's `deploy` (a form asking to confirm, `support/mcp/ModernServer.mjs`), `fromSteps`, `resumable` under the
 * chat's id and owner, `toNodeResponse`, and `UIMessageStream.askAgain` where it catches `InvalidRequestError`. The page
 * is the `ai` package's own chat client (`AbstractChat` with a plain state, what `useChat` runs). Values the form does
 * not take are answered with a stream that asks the form again, from the answer the store holds: the part back to
 * `approval-requested`, the sentence as `chat.error.message`, nothing claimed, run or stored; the next, fitting answer
 * runs the tool once. Another owner is not asked again, and a server that keeps no stored answer answers 400 as before.
 */
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Layer, Redacted, Stream } from "effect"
import { LanguageModel, type Mcp, StreamStore, UIMessageStream } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as Http from "node:http"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as FormsAskedAgain from "../../support/FormsAskedAgain.js"
import * as Listen from "../../support/Listen.js"
import * as Stores from "../../support/Stores.js"

/** What the chat route serves: the answer stored, or as it runs. */
type Served = Stream.Stream<UIMessageStream.Chunk, unknown, LanguageModel.LanguageModel>

/** A JSON error answer, as docs/ui.md's Node server gives it. */
const answerWith = (res: Http.ServerResponse, status: number, error: string) =>
  UIMessageStream.toNodeResponse(Response.json({ error }, { status }), res)

/**
 * `POST /api/chat` for `owner`: the tool loop served under the chat's id, stored (`resumable`) unless `stored` is false;
 * values that do not fit their form asked again (`askAgain`), any other refusal its 400 (413 past the cap).
 */
const chatRoute = (
  req: Http.IncomingMessage,
  res: Http.ServerResponse,
  owner: string,
  tools: ReadonlyArray<Mcp.McpTool>,
  stored: boolean
) =>
  UIMessageStream.readRequest(req).pipe(
    Effect.flatMap((body) => UIMessageStream.toMessages(body, { binding: { owner } })),
    Effect.flatMap((chat): Effect.Effect<Served, StreamStore.StreamStoreError, LanguageModel.LanguageModel> => {
      const steps = LanguageModel.runTools({ messages: [...chat.messages, ...chat.approvals], tools }).pipe(
        UIMessageStream.fromSteps({
          messageId: chat.responseMessageId,
          lastStep: chat.lastStep,
          binding: chat.binding,
          approvals: chat.approvals,
          tools
        })
      )
      return stored
        ? UIMessageStream.resumable(steps, { streamId: chat.id ?? StreamStore.newId(), owner, chat })
        : Effect.succeed(steps)
    }),
    Effect.catchTag("InvalidRequestError", UIMessageStream.askAgain({ owner })),
    Effect.flatMap(UIMessageStream.toNodeResponse(res)),
    Effect.catchTags({
      InvalidRequestError: (error) => answerWith(res, error.status ?? 400, error.message),
      StreamStoreError: (error) => answerWith(res, 503, error.message)
    })
  )

/**
 * The hand-built server on `store` (a memory store unless given), its model calling `deploy` for each of `envs`: a
 * page of `owner` (the `x-owner` header, an app's session) on it, each status it was answered with, the server's
 * services, and what its model and its tool were sent.
 */
const served = (envs: ReadonlyArray<string>, options: {
  readonly stored?: boolean
  readonly store?: Layer.Layer<never, StreamStore.StreamStoreError>
} = {}) =>
  Effect.gen(function*() {
    const { answers, bodies, model, tools } = yield* FormsAskedAgain.deploying(envs)
    const services = yield* Layer.build(Layer.mergeAll(
      model,
      options.store ?? StreamStore.layerMemory(),
      UIMessageStream.layerSigning({ secret: Redacted.make("a secret of this server alone, 32+ bytes long") }),
      FetchHttpClient.layer
    ))
    const run = Effect.runForkWith(services as Context.Context<LanguageModel.LanguageModel>)
    const url = yield* Listen.listen(Http.createServer((req, res) => {
      const owner = String(req.headers["x-owner"])
      const stream = /^\/api\/chat\/([\w.~-]+)\/stream$/.exec(req.url ?? "")?.[1]
      void run(
        req.method === "POST" && req.url === "/api/chat"
          ? chatRoute(req, res, owner, tools, options.stored ?? true)
          : Effect.flatMap(UIMessageStream.resumeResponse(stream ?? "", { owner }), UIMessageStream.toNodeResponse(res))
      )
    }))
    const statuses: Array<number> = []
    const as = (owner: string) =>
      (async (input: RequestInfo | URL, init?: RequestInit) => {
        const headers = new Headers(init?.headers)
        headers.set("x-owner", owner)
        const response = await fetch(input, { ...init, headers })
        statuses.push(response.status)
        return response
      }) as typeof globalThis.fetch
    const id = `hand-built-${Math.random().toString(36).slice(2)}`
    const page = (owner = "alice") => new EndpointApp.EndpointClient({ url, fetch: as(owner) }, id)
    return { page, as, url, statuses, services, bodies, answers }
  })

/** The server's page of alice asked to deploy to teal, answered `{ confirm: "yes" }`: asked again. */
const misfitted = (app: Effect.Success<ReturnType<typeof served>>) =>
  Effect.gen(function*() {
    const chat = app.page()
    const shown = yield* FormsAskedAgain.asked(chat)
    yield* FormsAskedAgain.answer(chat, [{ confirm: "yes" }])
    assert.strictEqual(app.statuses.at(-1), 200)
    yield* FormsAskedAgain.refused(chat, shown, app)
    return { chat, shown }
  })

/** Across turns: asked again, then answered as the form asks, the tool run once; a reload shows the form between. */
const acrossTurns = (store?: Layer.Layer<never, StreamStore.StreamStoreError>) =>
  Effect.gen(function*() {
    const app = yield* served(["teal"], store === undefined ? {} : { store })
    const { chat, shown } = yield* misfitted(app)
    // The stored answer, resumed in a new page: not the refusal, which stored nothing; it ends asking.
    const resumed = app.page()
    resumed.messages = JSON.parse(JSON.stringify(chat.messages.slice(0, -1)))
    yield* Effect.promise(() => resumed.settle(() => resumed.resumeStream()))
    assert.deepStrictEqual([resumed.status, FormsAskedAgain.forms(resumed)], ["ready", shown])
    yield* FormsAskedAgain.completed(chat, app, ["teal"])
  })

describe("UIMessageStream.askAgain on a hand-built Node server, with the ai client's own state", () => {
  it.live("values that do not fit: the form asked again with its sentence; answered as it asks, it runs once", () =>
    acrossTurns().pipe(Effect.scoped))

  it.live("another owner's request is not asked again: its 400, and a refusal given for another owner fails as is", () =>
    Effect.gen(function*() {
      const app = yield* served(["teal"])
      const { chat } = yield* misfitted(app)
      const misfit = chat.posts.at(-1)!
      // Bob sends alice's answer: refused (400) with its sentence, nothing asked, claimed or run.
      const bob = yield* Effect.promise(async () => {
        const response = await app.as("bob")(`${app.url}/api/chat`, { method: "POST", body: misfit })
        return { status: response.status, type: response.headers.get("content-type"), text: await response.text() }
      })
      assert.deepStrictEqual([bob.status, bob.type], [400, "application/json"])
      assert.notInclude(bob.text, "tool-approval-request")
      // Alice's refusal, asked again for bob: it fails as it is; for alice, the form asked again.
      const { asBob, forAlice, refusal } = yield* Effect.gen(function*() {
        const refusal = yield* Effect.flip(UIMessageStream.toMessages(misfit, { binding: { owner: "alice" } }))
        const asBob = yield* Effect.flip(UIMessageStream.askAgain(refusal, { owner: "bob" }))
        const forAlice = yield* UIMessageStream.askAgain(refusal, { owner: "alice" })
        return { asBob, forAlice, refusal }
      }).pipe(Effect.provideContext(app.services as Context.Context<never>))
      assert.deepStrictEqual([refusal.message, asBob === refusal], [FormsAskedAgain.told, true])
      const events = yield* Effect.promise(() => forAlice.text())
      const chunks = events.split("\n").filter((line) => line.startsWith("data: {")).map((line) =>
        JSON.parse(line.slice(6))
      )
      const form = FormsAskedAgain.forms(chat)[0]
      assert.deepStrictEqual([forAlice.status, chunks.map((chunk) => chunk.type)], [200, [
        "start",
        "tool-approval-request",
        "error"
      ]])
      assert.deepStrictEqual([chunks[1].approvalId, chunks[2].errorText], [form.approval.id, FormsAskedAgain.told])
      yield* FormsAskedAgain.completed(chat, app, ["teal"])
    }).pipe(Effect.scoped))

  it.live("a server that keeps no stored answer: the refusal stays its 400, the part answered, nothing run", () =>
    Effect.gen(function*() {
      const app = yield* served(["teal"], { stored: false })
      const chat = app.page()
      yield* FormsAskedAgain.asked(chat)
      yield* FormsAskedAgain.answer(chat, [{ confirm: "yes" }])
      assert.deepStrictEqual([app.statuses.at(-1), chat.status], [400, "error"])
      assert.deepStrictEqual(JSON.parse(chat.error!.message), { error: FormsAskedAgain.told })
      assert.deepStrictEqual(FormsAskedAgain.forms(chat).map((part) => part.state), ["approval-responded"])
      assert.deepStrictEqual([app.answers(), app.bodies.length], [[], 1], "nothing run, no model call")
    }).pipe(Effect.scoped))
})

Stores.describeRedisServer("UIMessageStream.askAgain on a hand-built Node server, its answers on Redis", (url) => {
  it.live("values that do not fit: the form asked again with its sentence; answered as it asks, it runs once", () =>
    acrossTurns(StreamStore.layerRedis({ url: url(), prefix: Stores.freshPrefix(":") })).pipe(Effect.scoped))
})
