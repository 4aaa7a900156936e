/**
 * The Responses API's usage: the usage object's counts, and what the hosted tools used. The web searches are the
 * billable count of `tool_usage` ("`web_search.num_requests` counts billable searches. Discounted searches and
 * actions such as opening a page are excluded", `Response.tool_usage`, openai 7.57.0
 * resources/responses/responses.d.ts); a response without `tool_usage` has them counted from its output, as the
 * API bills them (the web search guide, platform.openai.com/docs/guides/tools-web-search, "Output and citations": a
 * `web_search_call` item's `action` is a `search`, an `open_page` or a `find_in_page`, and "search actions incur a
 * tool call cost"). The image generation tool's tokens are `tool_usage.image_gen`'s (same source), billed apart. The
 * file search tool's calls are the output's `file_search_call` items, billed per call (`tool_usage` has no count of
 * them).
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
    const counted = ResponsesUsage.usageOf(usage, { output })
    assert.strictEqual(counted.webSearchRequests, 2)
    assert.strictEqual(counted.inputTokens, 9463)
    assert.strictEqual(counted.cachedTokens, 8320)
    assert.strictEqual(counted.reasoningTokens, 512)
  })

  it("reports no count without a web_search_call (the tool did not run), and 0 for calls that searched nothing", () => {
    assert.isUndefined(ResponsesUsage.webSearchesOf([message]))
    assert.isUndefined(ResponsesUsage.webSearchesOf(null))
    assert.isUndefined(ResponsesUsage.usageOf(usage, { output: [message] }).webSearchRequests)
    assert.deepStrictEqual(ResponsesUsage.usageOf(usage, { output: [message] }), ResponsesUsage.normaliseUsage(usage))
    // An action of a shape this library does not know, or none, is not a search.
    assert.strictEqual(ResponsesUsage.webSearchesOf([call(undefined), call("search"), call({ type: "open_page" })]), 0)
  })

  it("takes the billable count of tool_usage over the output's search actions, and the image generation tokens", () => {
    const output = [call({ type: "search", query: "a" }), call({ type: "search", queries: ["b", "c"] }), message]
    const toolUsage = {
      web_search: { num_requests: 1 },
      image_gen: {
        input_tokens: 50,
        input_tokens_details: { image_tokens: 0, text_tokens: 50 },
        output_tokens: 4160,
        total_tokens: 4210
      }
    } as ResponsesSchemas.ToolUsage
    const counted = ResponsesUsage.usageOf(usage, { output, tool_usage: toolUsage })
    assert.strictEqual(counted.webSearchRequests, 1)
    assert.strictEqual(counted.imageGenerationTokens, 4210)
    // The tools' zero counts ("tool families with no recorded usage have zero counts") are what the response says.
    const none = ResponsesUsage.usageOf(usage, {
      output: [message],
      tool_usage: { web_search: { num_requests: 0 }, image_gen: { input_tokens: 0, output_tokens: 0 } }
    })
    assert.strictEqual(none.webSearchRequests, 0)
    assert.strictEqual(none.imageGenerationTokens, 0)
    // Without tool_usage: searches counted from the output, no image generation count.
    const older = ResponsesUsage.usageOf(usage, { output, tool_usage: null })
    assert.strictEqual(older.webSearchRequests, 2)
    assert.isUndefined(older.imageGenerationTokens)
  })

  it("counts the file_search_call items of a response's output, each a billed call", () => {
    const fileSearch = {
      id: "fs_1",
      type: "file_search_call",
      status: "completed",
      queries: ["a", "b"]
    } as unknown as ResponsesSchemas.OutputItem
    assert.strictEqual(ResponsesUsage.fileSearchesOf([fileSearch, message, fileSearch]), 2)
    assert.isUndefined(ResponsesUsage.fileSearchesOf([message]))
    assert.strictEqual(ResponsesUsage.usageOf(usage, { output: [fileSearch, message] }).fileSearchRequests, 1)
    assert.isUndefined(ResponsesUsage.usageOf(usage, { output: [message] }).fileSearchRequests)
  })
})
