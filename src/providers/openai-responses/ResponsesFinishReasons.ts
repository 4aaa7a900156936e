/**
 * The finish reasons of the Responses API: a response says how it ended with its `status`, when incomplete
 * `incomplete_details.reason`, and a completed one by the tool calls or the refusal its output holds.
 *
 * @internal
 */
import * as FinishReason from "../../core/FinishReason.js"
import * as ResponsesItems from "./ResponsesItems.js"
import type * as ResponsesSchemas from "./ResponsesSchemas.js"

/**
 * Maps the Responses API's raw finish reasons (`finishReasonOf`) by the table below; anything else → other. The
 * statuses and incomplete reasons are every one openai 7.59.0 names (`resources/responses/responses.d.ts`:
 * `ResponseStatus`, `Response.IncompleteDetails.reason`); a `cancelled`, `queued` or `in_progress` status and a
 * `steered` response are other.
 *
 * @example
 * ```ts
 * import { OpenAIResponses } from "effect-llm-stream"
 *
 * OpenAIResponses.toCommonFinishReason("max_output_tokens") // "length"
 * ```
 *
 * @since 0.2.0
 * @category Finish reasons
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = FinishReason.fromTable({
  completed: "stop",
  max_output_tokens: "length",
  // openai 7.59.0 resources/responses/responses.d.ts, `Response.IncompleteDetails.reason`: `max_messages`, a limit of
  // the response reached, cuts the answer short as its tokens do. (`steered`, stopped for a WebSocket steer's
  // successor response, is other.)
  max_messages: "length",
  content_filter: "content_filter",
  refusal: "content_filter",
  function_call: "tool_calls",
  ...Object.fromEntries(ResponsesItems.clientCallTypes.map((type) => [type, "tool_calls" as const])),
  // The service asks the application's approval before it runs an MCP server's call.
  mcp_approval_request: "tool_calls"
})

/**
 * The statuses that say a response failed, not that it ended: a terminal event (`response.completed`,
 * `response.incomplete`) whose response has one fails the stream with the response's error, as `response.failed` does
 * (openai 7.59.0 resources/responses/responses.d.ts: `ResponseStatus` holds `failed`; `Response.error`, "an error
 * object returned when the model fails to generate a Response").
 */
export const failedStatuses: ReadonlySet<string> = new Set(["failed"])

/** Whether an item is a message whose content is a refusal. */
const isRefusal = (item: ResponsesSchemas.OutputItem): boolean => {
  if (item.type !== "message") return false
  const content = (item as { readonly content?: unknown }).content
  return Array.isArray(content) &&
    content.some((part) => typeof part === "object" && part !== null && part.type === "refusal")
}

/**
 * Which kind of item a finish reason is read from (`finishReasonOf`): a function call, another client call or an
 * approval request, a refusal; `undefined` for an item that decides nothing (a message's text, an image, a search).
 */
export const finishKindOf = (item: ResponsesSchemas.OutputItem): "function" | "client" | "refusal" | undefined =>
  ResponsesItems.isFunctionCall(item)
    ? "function"
    : ResponsesItems.isClientCall(item) || ResponsesItems.isApprovalRequest(item)
    ? "client"
    : isRefusal(item)
    ? "refusal"
    : undefined

/**
 * The raw finish reason of a finished response, the most specific: the incomplete reason; else, for a completed
 * response, `function_call`, the type of its first client call (`computer_call`, ...) or approval request, or
 * `refusal`; else the status.
 */
export const finishReasonOf = (response: ResponsesSchemas.Response): string | undefined => {
  const reason = response.incomplete_details?.reason
  if (reason !== undefined && reason !== null) return reason
  const status = response.status ?? undefined
  if (status !== "completed") return status
  const output = response.output ?? []
  if (output.some(ResponsesItems.isFunctionCall)) return "function_call"
  const client = output.find((item) => ResponsesItems.isClientCall(item) || ResponsesItems.isApprovalRequest(item))
  if (client !== undefined) return client.type
  return output.some(isRefusal) ? "refusal" : status
}
