/**
 * Claude's answers as the Messages API streams them, for the tests of a turn paused with the provider's own searches
 * alone (`pause_turn`: platform.claude.com/docs/en/agents-and-tools/tool-use/server-tools), each opened with a
 * recorded answer's `message_start`.
 */
import { Layer, Redacted } from "effect"
import { Anthropic } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"

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
export const searched = (n: number) =>
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

export const said = (n: number, text: string) => answer(`msg_${n}`, [{ type: "text", text }], "end_turn")

/** Claude at `baseUrl` (the replay server's), and its web search as the requests declare it. */
export const claudeAt = (baseUrl: string) =>
  Anthropic.model("claude-sonnet-4-5").pipe(
    Layer.provide(Anthropic.layer({ apiKey: Redacted.make("k"), baseUrl })),
    Layer.provide(FetchHttpClient.layer)
  )

/** Anthropic's web search, declared with every request. */
export const webSearch = [{ type: "web_search_20250305", name: "web_search" }]
