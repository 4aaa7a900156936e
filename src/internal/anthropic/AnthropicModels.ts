/**
 * What Claude's model families support for structured output, and how it is sent. JSON outputs
 * (`output_config: { format: { type: "json_schema", schema } }`, no beta header: @anthropic-ai/sdk
 * `OutputConfig`, `JSONOutputFormat`) are generally available on Claude Sonnet 4.5, Opus 4.5, Haiku 4.5 and the
 * families after them (4.6, 4.7, ...); older models (Claude 3.x, Sonnet 4, Opus 4 and 4.1) answer through a
 * forced tool (`tool_choice: { type: "tool", name }`), which the API does not combine with extended thinking.
 *
 * A JSON output's schema is read in Claude's dialect (`StrictSchema.claude`): objects closed, a few string
 * formats, `minItems` of 0 or 1; other constraints (numeric bounds, lengths, patterns) go into the description.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Output from "../../Output.js"
import * as StrictSchema from "../output/StrictSchema.js"
import type * as CallRequest from "../request/CallRequest.js"
import * as OutputPlan from "../request/OutputPlan.js"

/** The first version of each family with JSON outputs: 4.5. */
const firstWithJsonOutputs = 405

/**
 * The family version of a Claude model id, as major × 100 + minor (`claude-sonnet-4-5-20250929` → 405,
 * `claude-opus-4-20250514` → 400, `claude-3-7-sonnet-latest` → 307), on any host's spelling (Bedrock's
 * `anthropic.` prefix and `-v1:0` suffix, Vertex's `@date`).
 */
export const versionOf = (model: string): number | undefined => {
  const match = /claude-(?:opus|sonnet|haiku)-(\d+)(?:-(\d{1,2}))?(?:-\d{8}|-v\d|$|[-:@])/.exec(model) ??
    /claude-(\d+)(?:-(\d{1,2}))?-(?:opus|sonnet|haiku)/.exec(model)
  return match === null ? undefined : Number(match[1]) * 100 + (match[2] === undefined ? 0 : Number(match[2]))
}

/** Whether a Claude model takes `output_config.format` (unknown model names: no, the tool works everywhere). */
export const hasJsonOutputs = (model: string): boolean => (versionOf(model) ?? 0) >= firstWithJsonOutputs

/** Claude's JSON outputs dialect. */
export const dialect: StrictSchema.Dialect = StrictSchema.claude

/** Whether the request turns extended thinking on (`thinking: { type: "enabled" | "adaptive" }`). */
const thinks = (extraBody: Readonly<Record<string, unknown>> | undefined): boolean => {
  const thinking = extraBody?.["thinking"] as { readonly type?: unknown } | undefined
  return thinking?.type === "enabled" || thinking?.type === "adaptive"
}

/** The request with its output planned for the Messages API. */
export const plan = <R extends CallRequest.ProviderRequest>(request: R): Result.Result<R, CallRequest.Unsupported> =>
  OutputPlan.plan(request, {
    strategy: (request) => (hasJsonOutputs(request.model) ? "native" : "tool"),
    encode: (output: Output.Output, strategy, request) => {
      if (strategy === "tool") {
        return thinks(request.extraBody)
          ? Result.fail(
            `${request.model} has no JSON outputs, and a forced tool cannot be combined with extended thinking: ` +
              "turn thinking off, or use a model with JSON outputs (Claude 4.5 and later)"
          )
          : Result.succeed({ strategy, schema: output.jsonSchema, strict: false })
      }
      return Result.mapBoth(StrictSchema.rewrite(output.jsonSchema, dialect), {
        onFailure: (reason) => `${reason} in Claude's JSON outputs (use strategy: "tool" to send it as a tool)`,
        onSuccess: (schema) => ({ strategy, schema, strict: false })
      })
    },
    native: (_, choice) => ({ output_config: { format: { type: "json_schema", schema: choice.schema } } })
  })
