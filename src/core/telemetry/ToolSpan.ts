/**
 * What a tool run's span records, as the OpenTelemetry GenAI conventions name it (`execute_tool`,
 * open-telemetry/semantic-conventions v1.44.0, model/gen-ai/spans.yaml and registry.yaml): the tool, its type and
 * its call as the run starts, and `error.type` when the run ended in an error, the error result the model reads
 * included.
 *
 * @internal
 */
import type * as Tool from "../Tool.js"

/** The attributes of the span of a run of `call`: a program's tool is a `function` (`gen_ai.tool.type`). */
export const attributes = (call: Tool.ToolCall): Record<string, unknown> => ({
  "gen_ai.operation.name": "execute_tool",
  "gen_ai.tool.name": call.name,
  "gen_ai.tool.type": "function",
  "gen_ai.tool.call.id": call.id
})

/** The `error.type` of what a run failed with: its `_tag`, else `_OTHER` (the conventions' fallback). */
export const errorType = (failure: unknown): string => {
  const tag = typeof failure === "object" && failure !== null
    ? (failure as { readonly _tag?: unknown })._tag
    : undefined
  return typeof tag === "string" && tag !== "" ? tag : "_OTHER"
}

/** The attributes a run's span ends with: whether its result is an error, and its `error.type` when it is. */
export const outcome = (isError: boolean, result: unknown): Record<string, unknown> =>
  isError
    ? { "effect_llm_stream.tool.is_error": true, "error.type": errorType(result) }
    : { "effect_llm_stream.tool.is_error": false }
