/**
 * What a recorded Responses API stream stands for, read from its `*.expected.json` (computed by
 * `test/fixtures/openai-responses/reference/refdecode.py`) independently of the library: its finish
 * reason, the common reason of each raw one, and the names client calls get (docs/openai-responses.md).
 */
import type { FinishReason } from "effect-llm-stream"

export interface Expected {
  readonly text: string
  readonly refusal: string
  readonly reasoningSummary: string
  readonly reasoningItems: ReadonlyArray<{ id: string; summaryParts: number; encryptedContentLength: number | null }>
  readonly functionCalls: ReadonlyArray<{ call_id: string; name: string; arguments: string }>
  readonly clientCalls: ReadonlyArray<{ type: string; call_id: string; name: string | null; input: unknown }>
  readonly builtInTools: ReadonlyArray<{ type: string; id: string; status: string | null }>
  readonly status: string
  readonly incompleteReason: string | null
  readonly id: string
  readonly model: string
  readonly usage: any
  /** The terminal response's `tool_usage` (the provider's count of its built-in tools' runs), when it sent one. */
  readonly toolUsage?: any
  readonly eventCount: number
  readonly terminal: string | null
  readonly error: any
}

/**
 * The finish reason the recording's terminal response stands for: a completed response that calls a
 * function, or a built-in tool the application runs, ended for the call; one that only refuses ended
 * refusing.
 */
export const finishOf = (expected: Expected): ReadonlyArray<string> =>
  expected.status === "incomplete"
    ? [expected.incompleteReason!]
    : expected.status === "completed"
    ? [
      expected.functionCalls.length > 0
        ? "function_call"
        : expected.clientCalls.length > 0
        ? expected.clientCalls[0]!.type
        : expected.refusal !== "" && expected.text === ""
        ? "refusal"
        : "completed"
    ]
    : []

/** The name a client call gets: a custom tool's own, else the built-in tool's type. */
export const clientCallName: Record<string, string> = {
  computer_call: "computer",
  local_shell_call: "local_shell",
  shell_call: "shell",
  apply_patch_call: "apply_patch",
  tool_search_call: "tool_search"
}

/** The common finish reason of each raw one the recordings have. */
export const commonOf: Record<string, FinishReason.FinishReason> = {
  completed: "stop",
  max_output_tokens: "length",
  refusal: "content_filter",
  function_call: "tool_calls",
  custom_tool_call: "tool_calls",
  ...Object.fromEntries(Object.keys(clientCallName).map((type) => [type, "tool_calls" as const]))
}
