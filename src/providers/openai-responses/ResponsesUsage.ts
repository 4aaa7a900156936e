/**
 * Usage of the Responses API: the usage object (the normalised convention itself), and what the hosted tools used,
 * which is not in it (`usageOf`).
 *
 * @internal
 */
import * as Usage from "../../core/Usage.js"
import type * as ResponsesSchemas from "./ResponsesSchemas.js"

/**
 * Normalises a Responses API usage object: `input_tokens` includes the cached tokens, `output_tokens` the reasoning.
 *
 * @since 0.2.0
 * @category Usage
 */
export const normaliseUsage = (usage: ResponsesSchemas.ResponseUsage): Usage.Usage =>
  Usage.make({
    inputTokens: usage.input_tokens,
    cachedTokens: usage.input_tokens_details?.cached_tokens ?? undefined,
    cacheWriteTokens: usage.input_tokens_details?.cache_write_tokens ?? undefined,
    // The 12-hour writes, billed apart where the model has a price for them; the rest are 30-minute writes.
    cacheWrite12hTokens: usage.input_tokens_details?.cache_write_tokens_details?.ttl_12h_tokens ?? undefined,
    outputTokens: usage.output_tokens,
    reasoningTokens: usage.output_tokens_details?.reasoning_tokens ?? undefined
  })

/**
 * How many web searches a response's output holds: its `web_search_call` items whose action is a `search`, each a
 * call the API bills ("Search actions incur a tool call cost", the web search guide; opening a page or finding in it
 * does not); `undefined` without any `web_search_call`.
 */
export const webSearchesOf = (
  output: ReadonlyArray<ResponsesSchemas.OutputItem> | null | undefined
): number | undefined => {
  const calls = (output ?? []).filter((item) => item.type === "web_search_call")
  const actionType = (item: object) => (item as { readonly action?: { readonly type?: unknown } | null }).action?.type
  return calls.length === 0 ? undefined : calls.filter((item) => actionType(item) === "search").length
}

/**
 * How many calls of the file search tool a response's output holds (its `file_search_call` items, each a call the
 * API bills); `undefined` without any.
 */
export const fileSearchesOf = (
  output: ReadonlyArray<ResponsesSchemas.OutputItem> | null | undefined
): number | undefined => {
  const calls = (output ?? []).filter((item) => item.type === "file_search_call").length
  return calls === 0 ? undefined : calls
}

/**
 * The tokens the image generation tool used (`tool_usage.image_gen`, input and output), billed apart from the
 * response's own tokens; `undefined` where the response does not say.
 */
const imageGenerationTokensOf = (toolUsage: ResponsesSchemas.ToolUsage | null | undefined): number | undefined => {
  const imageGen = toolUsage?.image_gen
  return imageGen == null ? undefined : (imageGen.input_tokens ?? 0) + (imageGen.output_tokens ?? 0)
}

/**
 * The usage of a response that carries its usage: the usage object's, the web searches (the billable count of
 * `tool_usage` where the response has one: discounted searches and opening a page are not billed; else counted
 * from its output), the file search calls (counted from its output), and the image generation tool's tokens.
 */
export const usageOf = (
  usage: ResponsesSchemas.ResponseUsage,
  response: {
    readonly output?: ReadonlyArray<ResponsesSchemas.OutputItem> | null | undefined
    readonly tool_usage?: ResponsesSchemas.ToolUsage | null | undefined
  }
): Usage.Usage => {
  const normalised = normaliseUsage(usage)
  const webSearchRequests = response.tool_usage?.web_search?.num_requests ?? webSearchesOf(response.output)
  const fileSearchRequests = fileSearchesOf(response.output)
  const imageGenerationTokens = imageGenerationTokensOf(response.tool_usage)
  return webSearchRequests === undefined && fileSearchRequests === undefined && imageGenerationTokens === undefined
    ? normalised
    : Usage.make({ ...normalised, webSearchRequests, fileSearchRequests, imageGenerationTokens })
}
