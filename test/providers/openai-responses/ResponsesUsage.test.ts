/**
 * The Responses API's usage: the usage object's counts, and the web searches its output holds, counted as the API
 * bills them (the web search guide, platform.openai.com/docs/guides/tools-web-search, "Output and citations": a
 * `web_search_call` item's `action` is a `search`, an `open_page` or a `find_in_page`, and "search actions incur a
 * tool call cost").
 */
import { assert, describe, it } from "@effect/vitest"
import type * as ResponsesSchemas from "../../../src/providers/openai-responses/ResponsesSchemas.js"
import * as ResponsesUsage from "../../../src/providers/openai-responses/ResponsesUsage.js"

const usage: ResponsesSchemas.ResponseUsage = {
  input_tokens: 9463,
  input_tokens_details: { cached_tokens: 8320 },
  output_tokens: 582,
  output_tokens_details: { reasoning_tokens: 512 },
  total_tokens: 10045
} as ResponsesSchemas.ResponseUsage

const call = (action: unknown) =>
  ({ id: "ws_1", type: "web_search_call", status: "completed", action }) as unknown as ResponsesSchemas.OutputItem
const message = {
  id: "msg_1",
  type: "message",
  role: "assistant",
  content: []
} as unknown as ResponsesSchemas.OutputItem

describe("ResponsesUsage", () => {
  it("counts the search actions of a response's web_search_call items, not the pages it opened or searched in", () => {
    const output = [
      call({ type: "search", query: "weather: San Francisco, CA" }),
      call({ type: "open_page", url: "https://example.com" }),
      call({ type: "find_in_page", url: "https://example.com", pattern: "wind" }),
      call({ type: "search", queries: ["January 1, 2026 Bitcoin price"] }),
      message
    ]
    assert.strictEqual(ResponsesUsage.webSearchesOf(output), 2)
    const counted = ResponsesUsage.usageOf(usage, output)
    assert.strictEqual(counted.webSearchRequests, 2)
    assert.strictEqual(counted.inputTokens, 9463)
    assert.strictEqual(counted.cachedTokens, 8320)
    assert.strictEqual(counted.reasoningTokens, 512)
  })

  it("reports no count without a web_search_call (the tool did not run), and 0 for calls that searched nothing", () => {
    assert.isUndefined(ResponsesUsage.webSearchesOf([message]))
    assert.isUndefined(ResponsesUsage.webSearchesOf(null))
    assert.isUndefined(ResponsesUsage.usageOf(usage, [message]).webSearchRequests)
    assert.deepStrictEqual(ResponsesUsage.usageOf(usage, [message]), ResponsesUsage.normaliseUsage(usage))
    // An action of a shape this library does not know, or none, is not a search.
    assert.strictEqual(ResponsesUsage.webSearchesOf([call(undefined), call("search"), call({ type: "open_page" })]), 0)
  })
})
