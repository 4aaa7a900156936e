/**
 * Structured output on a Chat Completions host (OpenAI, Groq, Azure): the native mode is `response_format:
 * { type: "json_schema", json_schema: { name, description, schema, strict } }` (openai SDK
 * `ResponseFormatJSONSchema`); the tool strategy is a function tool, `strict` where the host takes it. Strict
 * mode takes the schema rewritten by `StrictSchema` in OpenAI's dialect. Which strategy a model gets, and
 * where strict applies, is each host's table (`Support`), in its own folder.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Output from "../../core/Output.js"
import * as StrictSchema from "../../core/output/StrictSchema.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as OutputPlan from "../../core/request/OutputPlan.js"

/** What a host does with an output on the request's model. */
export interface Support {
  /** The strategy the model gets unless the output names one. */
  readonly strategy: Output.Strategy
  /** Whether `json_schema` takes `strict: true` on the model. */
  readonly nativeStrict: boolean
  /** Whether a function tool takes `strict: true` on the model. */
  readonly toolStrict: boolean
}

/** Looks up, in a host's table, what the host does with an output on the request's model. */
export type Policy = (request: CallRequest.ProviderRequest) => Support

/**
 * The keywords OpenAI's strict mode takes besides the structure (types, properties, `anyOf`, `enum`,
 * `const`, `$ref`, descriptions): the platform's "Supported properties" of structured outputs.
 */
const strictKeywords: ReadonlySet<string> = new Set([
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minItems",
  "maxItems"
])

/** OpenAI's strict mode: every property required, optional ones nullable, closed objects. */
export const strictDialect: StrictSchema.Dialect = {
  allRequired: true,
  accepts: (keyword) => strictKeywords.has(keyword)
}

/** The JSON Schema sent for an output: the strict rewrite where strict applies, else the output's own. */
export const encode = (
  output: Output.Output,
  strategy: Output.Strategy,
  support: Support
): Result.Result<OutputPlan.Choice, string> => {
  const strict = output.strict && (strategy === "native" ? support.nativeStrict : support.toolStrict)
  if (!strict) return Result.succeed({ strategy, schema: output.jsonSchema, strict })
  return Result.mapBoth(StrictSchema.rewrite(output.jsonSchema, strictDialect), {
    onFailure: (reason) => `${reason} in strict mode (set strict: false to send the schema as it is)`,
    onSuccess: (schema) => ({ strategy, schema, strict })
  })
}

/** `response_format` with the output's JSON schema. */
export const responseFormat: OutputPlan.NativeFields = (output, choice) => ({
  response_format: {
    type: "json_schema",
    json_schema: {
      name: output.name,
      ...(output.description === undefined ? {} : { description: output.description }),
      schema: choice.schema,
      strict: choice.strict
    }
  }
})

/** Plans how the request's structured output is sent to a Chat Completions host: as its `response_format` or as a tool, by the host's table. */
export const plan = (
  request: CallRequest.ProviderRequest,
  policy: Policy
): Result.Result<CallRequest.ProviderRequest, CallRequest.Unsupported> =>
  OutputPlan.plan(request, {
    strategy: (request) => policy(request).strategy,
    encode: (output, strategy, request) => encode(output, strategy, policy(request)),
    native: responseFormat
  })
