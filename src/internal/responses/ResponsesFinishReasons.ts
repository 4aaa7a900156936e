/**
 * The finish reasons of the Responses API. A response says how it ended with its `status`, and, when
 * incomplete, `incomplete_details.reason`; a completed response whose output holds a function call ended
 * to have it run. The raw finish reason is the most specific of these: the incomplete reason, else
 * `function_call` for a completed response with a function call, else the status.
 *
 * @internal
 */
import * as FinishReason from "../../FinishReason.js"
import type * as ResponsesSchemas from "./ResponsesSchemas.js"

/**
 * `completed` → stop, `max_output_tokens` → length, `content_filter` → content_filter, `function_call` →
 * tool_calls, anything else (`failed`, `cancelled`, future values) → other.
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = FinishReason.fromTable({
  completed: "stop",
  max_output_tokens: "length",
  content_filter: "content_filter",
  function_call: "tool_calls"
})

/** The raw finish reason of a finished response. */
export const finishReasonOf = (response: ResponsesSchemas.Response): string | undefined => {
  const reason = response.incomplete_details?.reason
  if (reason !== undefined && reason !== null) return reason
  const status = response.status ?? undefined
  if (status === "completed" && response.output?.some((item) => item.type === "function_call") === true) {
    return "function_call"
  }
  return status
}
