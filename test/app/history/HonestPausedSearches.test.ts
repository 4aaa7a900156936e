/**
 * An answer Claude paused twice (`pause_turn`) with nothing but its own web searches in each step, then answered,
 * through `ChatEndpoint` and the `ai` client: the next request is a 200, and the model reads each paused step as the
 * loop sent it (each search once, in its order), not the last one twice. The steps' parts alone are alike (no text,
 * no call of the program's): what tells them apart is the provider's calls (Anthropic Messages API, "Server tools":
 * platform.claude.com/docs/en/agents-and-tools/tool-use/server-tools, `pause_turn`).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { Anthropic, ChatEndpoint } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"
import * as EndpointApp from "../../support/EndpointApp.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`

/** The `message_start` of a recorded answer (`anthropic/text.sse`). */
const recordedStart = new TextDecoder().decode(Fixtures.bytes("anthropic", "text.sse")).split("\n\n").find((
  event
) => event.includes(`"type":"message_start"`))! + "\n\n"

/** A Messages API stream of `blocks` (each started whole, a server call's input as one delta) ending `stopReason`. */
const answer = (id: string, blocks: ReadonlyArray<any>, stopReason: string) => {
  const started = recordedStart.replace(/"id":"msg_[^"]+"/, `"id":"${id}"`)
  const content = blocks.map((block, index) => {
    const { input, text, ...start } = block
    const opened = event("content_block_start", {
      index,
      content_block: block.type === "server_tool_use" ? { ...start, input: {} } : text === undefined ? block : {
        type: "text",
        text: ""
      }
    })
    const delta = block.type === "server_tool_use"
      ? event("content_block_delta", {
        index,
        delta: { type: "input_json_delta", partial_json: JSON.stringify(input) }
      })
      : text !== undefined
      ? event("content_block_delta", { index, delta: { type: "text_delta", text } })
      : ""
    return opened + delta + event("content_block_stop", { index })
  })
  const ended = event("message_delta", {
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { output_tokens: 5 }
  }) + event("message_stop", {})
  return { headers: { "content-type": "text/event-stream" }, body: started + content.join("") + ended }
}

/** A step of one web search and its result, nothing else: paused. */
const searched = (n: number) =>
  answer(`msg_${n}`, [
    { type: "server_tool_use", id: `srvtoolu_${n}`, name: "web_search", input: { query: `query ${n}` } },
    {
      type: "web_search_tool_result",
      tool_use_id: `srvtoolu_${n}`,
      content: [{
        type: "web_search_result",
        url: `https://example.com/${n}`,
        title: `Result ${n}`,
        encrypted_content: `enc-${n}`,
        page_age: null
      }]
    }
  ], "pause_turn")

const said = (n: number, text: string) => answer(`msg_${n}`, [{ type: "text", text }], "end_turn")

describe("an answer paused twice with its own searches alone", () => {
  it.live("the next request is a 200, and each paused step goes back once, in its order", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([searched(1), searched(2), said(3, "Found it."), said(4, "Bye.")])
      const model = Anthropic.model("claude-sonnet-4-5").pipe(
        Layer.provide(Anthropic.layer({ apiKey: Redacted.make("k"), baseUrl })),
        Layer.provide(FetchHttpClient.layer)
      )
      const app = ChatEndpoint.layer({ providerTools: [{ type: "web_search_20250305", name: "web_search" }] }).pipe(
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
