/**
 * A chat server whose tool needs approval, as an application writes it, for tests: a `node:http` instance on
 * 127.0.0.1 whose `POST /api/chat` reads the body with `UIMessageStream.toMessages`, runs the tool loop with the
 * approvals the browser answered, and serves it with `fromSteps` (a refused body is a 400 `{ error }`). The model
 * is OpenAI's Chat Completions API played by a replay server: asked to delete, it calls `delete_file` (which needs
 * approval) with a fresh call id; given a tool result, it answers "Done."; otherwise "Hello.". Every run of the
 * handler is recorded, and so is every request the model was sent. `GET /` serves `page` when given (a browser's
 * page and its script).
 */
import { Effect, Layer, Redacted, Schema } from "effect"
import type { Scope } from "effect"
import { OpenAI, StreamStore, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as ChatServer from "./ChatServer.js"
import { NodeChat } from "./NodeChat.js"

/** What an instance shares with a test. */
export interface App {
  readonly url: string
  /** The paths `delete_file` ran for, in order. */
  readonly deleted: Array<string>
  /** The bodies the model was sent, parsed. */
  readonly modelRequests: () => ReadonlyArray<any>
}

const chunk = (delta: object, finish: string | null = null) =>
  `data: ${
    JSON.stringify({
      id: "chatcmpl-1",
      object: "chat.completion.chunk",
      created: 1,
      model: "gpt-4o-mini",
      choices: [{ index: 0, delta, finish_reason: finish }]
    })
  }\n\n`

const usage = `data: ${
  JSON.stringify({
    id: "chatcmpl-1",
    object: "chat.completion.chunk",
    created: 1,
    model: "gpt-4o-mini",
    choices: [],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }
  })
}\n\n`

/** A Chat Completions stream that answers `words`. */
export const text = (words: string) =>
  [chunk({ role: "assistant", content: "" }), chunk({ content: words }), chunk({}, "stop"), usage, "data: [DONE]\n\n"]
    .join("")

/** A Chat Completions stream that calls the tool `name` with `args`. */
export const toolCall = (id: string, name: string, args: object) =>
  [
    chunk({ role: "assistant", content: null }),
    chunk({ tool_calls: [{ index: 0, id, type: "function", function: { name, arguments: JSON.stringify(args) } }] }),
    chunk({}, "tool_calls"),
    usage,
    "data: [DONE]\n\n"
  ].join("")

const call = (id: string, path: string) => toolCall(id, "delete_file", { path })

/** The model's answer to a Chat Completions request body. */
const answer = (body: any, calls: { next: number }): string => {
  const last = body.messages[body.messages.length - 1]
  if (last?.role === "tool") return text("Done.")
  const said = typeof last?.content === "string" ? last.content : JSON.stringify(last?.content ?? "")
  const path = /delete (\S+)/.exec(said)?.[1]
  return path === undefined ? text("Hello.") : call(`call_${++calls.next}`, path)
}

/** The tool: deletes a file (records the path), always after the user's approval. */
export const deleteFile = (deleted: Array<string>) =>
  Tool.handle(
    Tool.make("delete_file", { parameters: Schema.Struct({ path: Schema.String }) }),
    ({ path }) => Effect.sync(() => deleted.push(path)).pipe(Effect.as({ deleted: path })),
    { needsApproval: true }
  )

/** What a slow `delete_file` did: each run as it started, and the paths it deleted. */
export interface DeleteRuns {
  readonly started: Array<string>
  readonly deleted: Array<string>
}

/** `delete_file`, needing approval, that takes `millis` to delete (a tool a second request or a stop may find running). */
export const slowDeleteFile = (runs: DeleteRuns, millis: number) =>
  Tool.handle(
    Tool.make("delete_file", { description: "Deletes a file", parameters: Schema.Struct({ path: Schema.String }) }),
    ({ path }) =>
      Effect.sync(() => runs.started.push(path)).pipe(
        Effect.andThen(Effect.sleep(millis)),
        Effect.andThen(Effect.sync(() => runs.deleted.push(path))),
        Effect.as({ deleted: path })
      ),
    { needsApproval: true }
  )

/** An instance; `layers` (a store, a signing key) are provided to every request. */
export const make = (options: {
  readonly layers?: Layer.Layer<never> | undefined
  readonly toMessages?: UIMessageStream.ToMessagesOptions | undefined
  readonly page?: { readonly html: string; readonly script: string } | undefined
  /** Another instance's model (several instances behind one load balancer share it). */
  readonly modelUrl?: string | undefined
} = {}): Effect.Effect<App & { readonly modelUrl: string }, never, Scope.Scope> =>
  Effect.gen(function*() {
    const deleted: Array<string> = []
    const replay = yield* ReplayServer.make
    const calls = { next: 0 }
    const modelUrl = options.modelUrl ?? replay.serve((request) => ({
      headers: { "content-type": "text/event-stream" },
      body: answer(JSON.parse(request.body), calls)
    }))
    const model = yield* Layer.build(
      OpenAI.model("gpt-4o-mini").pipe(
        Layer.provide(OpenAI.layer({ apiKey: Redacted.make("test-key"), baseUrl: modelUrl })),
        Layer.provide(FetchHttpClient.layer),
        Layer.merge(options.layers ?? Layer.empty)
      )
    )
    const tools = [deleteFile(deleted)]
    const chat = (body: string) => Effect.provide(ChatServer.answer(tools, options.toMessages)(body), model)
    const url = yield* ChatServer.listen(chat, options.page)
    return {
      url,
      deleted,
      modelUrl,
      modelRequests: () => replay.requests(modelUrl).map((request) => JSON.parse(request.body))
    }
  })

/** A store layer and a shared signing key, for instances that stand behind one load balancer. */
export const shared = (store: StreamStore.Service): Layer.Layer<never> =>
  Layer.merge(
    Layer.succeed(StreamStore.StreamStore, store),
    Layer.orDie(UIMessageStream.layerSigning({ secret: Redacted.make("a-test-secret-of-at-least-32-characters!") }))
  )

/**
 * A conversation an instance served through the `ai` client (`NodeChat`): an approved deletion, then a greeting. With
 * the body the client POSTed with the approval, on its own.
 */
export const conversation = Effect.gen(function*() {
  const app = yield* make()
  const chat = new NodeChat(app.url)
  yield* Effect.promise(() => chat.sendMessage({ text: "please delete /tmp/a" }))
  const id = chat.toolParts[0].approval.id
  yield* Effect.promise(() => chat.settle(() => chat.addToolApprovalResponse({ id, approved: true })))
  yield* Effect.promise(() => chat.sendMessage({ text: "hi" }))
  const approved = chat.posts.find((post) => post.includes("\"approval-responded\""))!
  return { app, chat, approved, messages: structuredClone(chat.messages) }
})
