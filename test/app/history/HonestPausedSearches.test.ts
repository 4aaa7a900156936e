/**
 * An answer Claude paused twice (`pause_turn`) with nothing but its own web searches in each step, then answered,
 * through `ChatEndpoint` and the `ai` client: the next request is a 200, and the model reads each paused step as the
 * loop sent it (each search once, in its order), not the last one twice. The steps' parts alone are alike (no text,
 * no call of the program's): what tells them apart is the provider's calls (Anthropic Messages API, "Server tools":
 * platform.claude.com/docs/en/agents-and-tools/tool-use/server-tools, `pause_turn`).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"
import { claudeAt, said, searched, webSearch } from "./PausedSearches.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

describe("an answer paused twice with its own searches alone", () => {
  it.live("the next request is a 200, and each paused step goes back once, in its order", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([searched(1), searched(2), said(3, "Found it."), said(4, "Bye.")])
      const model = claudeAt(baseUrl)
      const app = ChatEndpoint.layer({ providerTools: webSearch }).pipe(
        Layer.provide(model)
      )
      const served = yield* EndpointApp.viaWebHandler(app)
      const chat = new EndpointApp.EndpointClient(served, "paused-searches")
      yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Search" })))
      assert.strictEqual(chat.error, undefined)
      const requests = () => server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.lengthOf(requests(), 3)
      yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Thanks" })))
      assert.strictEqual(chat.error?.message, undefined)
      assert.lengthOf(requests(), 4)
      // As the loop sent the answer's turn (its third request: both searches, once each, in order), then its text.
      const [, , third, fourth] = requests()
      const [question, paused] = third.messages
      assert.deepStrictEqual(fourth.messages, [
        question,
        { role: "assistant", content: [...paused.content, { type: "text", text: "Found it." }] },
        { role: "user", content: [{ type: "text", text: "Thanks" }] }
      ])
      assert.deepStrictEqual(paused.content.map((block: any) => block.id ?? block.tool_use_id), [
        "srvtoolu_1",
        "srvtoolu_1",
        "srvtoolu_2",
        "srvtoolu_2"
      ])
    }).pipe(Effect.scoped))
})
