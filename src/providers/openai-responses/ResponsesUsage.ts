/**
 * Usage of the Responses API: `input_tokens` already includes the cached tokens and `output_tokens` the
 * reasoning tokens, which is the normalised convention itself. The web searches its `web_search` tool ran, billed
 * per call, are not in the usage object: they are counted from the response's output.
 *
 * @internal
 */
import * as Usage from "../../core/Usage.js"
import type * as ResponsesSchemas from "./ResponsesSchemas.js"

/**
 * Normalises a Responses API usage object (it already follows the normalised convention).
 *
 * @since 0.2.0
 * @category Usage
 */
export const normaliseUsage = (usage: ResponsesSchemas.ResponseUsage): Usage.Usage =>
  Usage.make({
    inputTokens: usage.input_tokens,
    cachedTokens: usage.input_tokens_details?.cached_tokens ?? undefined,
    cacheWriteTokens: usage.input_tokens_details?.cache_write_tokens ?? undefined,
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
  let calls = 0
  let searches = 0
  for (const item of output ?? []) {
    if (item.type !== "web_search_call") continue
    calls++
    const action = (item as { readonly action?: unknown }).action
    if (typeof action === "object" && action !== null && (action as { readonly type?: unknown }).type === "search") {
      searches++
    }
  }
  return calls === 0 ? undefined : searches
}

/** The usage of a response that carries its usage and its output: the usage object's, and its web searches. */
export const usageOf = (
  usage: ResponsesSchemas.ResponseUsage,
  output: ReadonlyArray<ResponsesSchemas.OutputItem> | null | undefined
): Usage.Usage => {
  const normalised = normaliseUsage(usage)
  const webSearchRequests = webSearchesOf(output)
  return webSearchRequests === undefined ? normalised : Usage.make({ ...normalised, webSearchRequests })
}
