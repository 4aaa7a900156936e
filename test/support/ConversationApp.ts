/**
 * A chat server for a recorded conversation, as an application writes it: a `node:http` instance on 127.0.0.1
 * whose `POST /api/chat` reads the body with `UIMessageStream.toMessages` (default options: the browser's history
 * is taken only as the server signed it), runs the tool loop with the approvals the browser answered, and serves
 * it with `fromSteps` (a refused body is a 400 `{ error, parameter }`). The model is the conversation's, sending to
 * a replay server that plays its recordings in order.
 */
import type { Scope } from "effect"
import { Effect, Layer } from "effect"
import { ReplayServer } from "effect-llm-stream/testing"
import type * as HttpClient from "effect/http/HttpClient"
import * as ChatServer from "./ChatServer.js"
import * as Conversations from "./Conversations.js"

export interface App {
  readonly url: string
  /** The bodies the model was sent, parsed. */
  readonly modelRequests: () => ReadonlyArray<any>
}

export const make = (
  conversation: Conversations.Conversation,
  client: Layer.Layer<HttpClient.HttpClient>,
  serving: { readonly sendReasoning?: boolean | undefined } = {}
): Effect.Effect<App, never, Scope.Scope> =>
  Effect.gen(function*() {
    const replay = yield* ReplayServer.make
    const modelUrl = replay.serve(conversation.responses())
    const model = yield* Layer.build(Layer.provide(conversation.model(modelUrl), client))
    const tools = [Conversations.handled(conversation, true)]
    const chat = (body: string) => Effect.provide(ChatServer.answer(tools, undefined, serving)(body), model)
    const url = yield* ChatServer.listen(chat)
    return {
      url,
      modelRequests: () => replay.requests(modelUrl).map((request) => JSON.parse(request.body))
    }
  })
