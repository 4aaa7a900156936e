/**
 * What Bedrock's models support for structured output through Converse, and how it is sent. Structured
 * outputs (`outputConfig: { textFormat: { type: "json_schema", structure: { jsonSchema: { schema, name,
 * description } } } }`, the schema a JSON *string*: @aws-sdk/client-bedrock-runtime `OutputConfig`,
 * `OutputFormat`, `JsonSchemaDefinition`) are available on Claude Sonnet 4.5, Haiku 4.5, Opus 4.5 and the Claude
 * families after them (Bedrock user guide, "Get validated JSON results from models"); every other model
 * (Nova, Llama, Mistral, older Claude, ...) answers through a forced tool (`toolChoice: { tool: { name } }`).
 * Tool names must not start with `_`, which Nova strips. A forced tool does not combine with Claude's
 * extended thinking.
 *
 * The schema is read in Claude's dialect (`StrictSchema.claude`, as on Anthropic's API).
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as StrictSchema from "../output/StrictSchema.js"
import type * as CallRequest from "../request/CallRequest.js"
import * as OutputPlan from "../request/OutputPlan.js"

/** Model ids (any region prefix, `-v1:0` suffix, inference profile ARNs) whose family has structured outputs. */
const withStructuredOutputs: ReadonlyArray<RegExp> = [
  /anthropic\.claude-(?:opus|sonnet|haiku)-4-(?:[5-9]|\d{2})(?:-|$)/,
  /anthropic\.claude-(?:opus|sonnet|haiku)-(?:[5-9]|\d{2})(?:-\d{8}|-v\d|$)/
]

/** Whether a model takes `outputConfig.textFormat`. */
export const hasStructuredOutputs = (model: string): boolean =>
  withStructuredOutputs.some((pattern) => pattern.test(model))

/** Claude's dialect, as on Anthropic's API. */
export const dialect: StrictSchema.Dialect = StrictSchema.claude

/** Whether the request turns Claude's extended thinking on (`additionalModelRequestFields.thinking`). */
const thinks = (extraBody: Readonly<Record<string, unknown>> | undefined): boolean => {
  const fields = extraBody?.["additionalModelRequestFields"] as
    | { readonly thinking?: { readonly type?: unknown } }
    | undefined
  return fields?.thinking?.type === "enabled" || fields?.thinking?.type === "adaptive"
}

/** The request with its output planned for Converse. */
export const plan = <R extends CallRequest.ProviderRequest>(request: R): Result.Result<R, CallRequest.Unsupported> =>
  OutputPlan.plan(request, {
    strategy: (request) => (hasStructuredOutputs(request.model) ? "native" : "tool"),
    encode: (output, strategy, request) => {
      if (strategy === "tool") {
        if (output.name.startsWith("_")) {
          return Result.fail("Bedrock's Nova models strip a leading underscore from tool names: name it without one")
        }
        if (thinks(request.extraBody)) {
          return Result.fail(
            `${request.model} answers through a forced tool, which cannot be combined with extended thinking: ` +
              "turn thinking off, or use a model with structured outputs (Claude 4.5 and later)"
          )
        }
        return Result.succeed({ strategy, schema: output.jsonSchema, strict: false })
      }
      return Result.mapBoth(StrictSchema.rewrite(output.jsonSchema, dialect), {
        onFailure: (reason) => `${reason} in Bedrock's structured outputs (use strategy: "tool" to send it as a tool)`,
        onSuccess: (schema) => ({ strategy, schema, strict: false })
      })
    },
    native: (output, choice) => ({
      outputConfig: {
        textFormat: {
          type: "json_schema",
          structure: {
            jsonSchema: {
              schema: JSON.stringify(choice.schema),
              name: output.name,
              ...(output.description === undefined ? {} : { description: output.description })
            }
          }
        }
      }
    })
  })
