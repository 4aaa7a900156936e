/**
 * What Bedrock's model families take through Converse, as data: a new family is a row. A model id is read
 * in any of its spellings (`anthropic.claude-…`, a region's inference profile `us.anthropic.claude-…`, a
 * foundation-model ARN). Sources, read in 2026-09:
 *
 * - Prompt caching (Bedrock user guide, "Prompt caching for faster model inference", and the
 *   `@aws-sdk/client-bedrock-runtime` 3.1164 types `CachePointBlock { type: "default", ttl?: "5m" | "1h" }`
 *   in `ContentBlock`, `SystemContentBlock` and `Tool`): at most 4 checkpoints per request, TTLs never
 *   growing from tools to system to messages. Other models than the rows' take no checkpoint: theirs are left out.
 * - Reasoning: Claude's `thinking` object in `additionalModelRequestFields` (its families are `AnthropicModels`'),
 *   and the effort in Converse's own `outputConfig.effort`; Nova 2's `reasoningConfig` (Nova 2 user guide,
 *   "Extended thinking"); gpt-oss's `reasoning_effort` and Qwen3's `reasoning_config`, which Converse takes with no
 *   `none` (pydantic-ai's Bedrock profiles, commit 4fda38988f29).
 * - Structured output (`outputConfig: { textFormat: { type: "json_schema", structure: { jsonSchema: { schema,
 *   name, description } } } }`, the schema a JSON *string*: @aws-sdk/client-bedrock-runtime `OutputConfig`,
 *   `OutputFormat`, `JsonSchemaDefinition`): on Claude 4.5 and later (Bedrock user guide, "Get validated JSON
 *   results from models"); every other model answers through a forced tool (`toolChoice: { tool: { name } }`),
 *   whose name must not start with `_`, which Nova strips. The schema is read in Claude's dialect.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Message from "../../core/Message.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as OutputPlan from "../../core/request/OutputPlan.js"
import * as AnthropicLimits from "../anthropic/AnthropicLimits.js"
import * as AnthropicModels from "../anthropic/AnthropicModels.js"

/** A family whose reasoning is one field of `additionalModelRequestFields`. */
export interface EffortField {
  readonly kind: "field"
  /** Each level it takes, with its wire value. */
  readonly efforts: ReadonlyArray<readonly [CallRequest.ReasoningEffort, string]>
  /** Whether it can be asked not to reason (by leaving the field out); if not, it always reasons. */
  readonly canStop: boolean
  /** The fields of a level. */
  readonly fields: (value: string) => Record<string, unknown>
  /** Why it returns no readable reasoning (a summary cannot be asked for), or `undefined`. */
  readonly noSummary?: string | undefined
}

/** How a family reasons on Converse. */
export type Reasoning =
  | { readonly kind: "claude"; readonly family: AnthropicModels.Family | undefined }
  | EffortField
  | { readonly kind: "none" }

/** A Bedrock family: its prompt caching (undefined: none), its reasoning, and how its user turns hold tool results. */
export interface Family {
  readonly name: string
  readonly cache:
    | { readonly tools: boolean; readonly ttls: ReadonlyArray<Message.CacheTtl> }
    | undefined
  readonly reasoning: Reasoning
  /**
   * Whether a user turn may hold tool results beside the user's own blocks (Claude's, as its Messages API); where not,
   * they go in turns of their own (`BedrockRequest.rules.assistantAfterResults`).
   */
  readonly resultsBesideText?: boolean | undefined
  /**
   * Whether the family's own turns go back as they came, blank text included (Claude's: preserved thinking checks each
   * turn against what came before it); where not, its blank text blocks are left out
   * (`BedrockRequest.rules.noBlankOwnText`).
   */
  readonly turnsAsTheyCame?: boolean | undefined
}

const lowToHigh = [["low", "low"], ["medium", "medium"], ["high", "high"]] as const

/** Nova 2: extended thinking, off unless asked; its reasoning text is redacted. */
export const nova2: Family = {
  name: "Amazon Nova 2",
  cache: { tools: false, ttls: ["5m"] },
  reasoning: {
    kind: "field",
    efforts: lowToHigh,
    canStop: true,
    fields: (value) => ({ reasoningConfig: { type: "enabled", maxReasoningEffort: value } }),
    noSummary: "Nova 2 returns its reasoning redacted"
  }
}

/** Nova (Micro, Lite, Pro, Premier): caching of system and messages, no reasoning setting. */
export const nova: Family = { name: "Amazon Nova", cache: { tools: false, ttls: ["5m"] }, reasoning: { kind: "none" } }

/** OpenAI's gpt-oss: `reasoning_effort`, always reasoning on Converse. */
export const gptOss: Family = {
  name: "OpenAI gpt-oss",
  cache: undefined,
  reasoning: { kind: "field", efforts: lowToHigh, canStop: false, fields: (value) => ({ reasoning_effort: value }) }
}

/** Qwen3: `reasoning_config` of `low` or `high`, always reasoning on Converse. */
export const qwen3: Family = {
  name: "Qwen3",
  cache: undefined,
  reasoning: {
    kind: "field",
    efforts: [["low", "low"], ["high", "high"]],
    canStop: false,
    fields: (value) => ({ reasoning_config: value })
  }
}

/** Any other model: no caching, no reasoning setting. */
export const other: Family = { name: "this model", cache: undefined, reasoning: { kind: "none" } }

/** A Claude model on Bedrock: caching from 3.5 Haiku on (one hour on 4.5 and 5), and Claude's thinking. */
const claude = (model: string): Family => {
  const family = AnthropicModels.familyOf(model)
  const version = AnthropicLimits.idOf(model)?.version ?? 0
  const hour = (version >= 405 && version < 406) || version >= 500
  return {
    name: "Claude",
    resultsBesideText: true,
    turnsAsTheyCame: true,
    cache: version >= 305 ? { tools: true, ttls: hour ? ["5m", "1h"] : ["5m"] } : undefined,
    reasoning: {
      kind: "claude",
      // Converse's effort is sent on the families with adaptive thinking only (a budget is theirs otherwise).
      family: family === undefined || family.thinking === "adaptive" || family.thinking === "adaptive-or-budget"
        ? family
        : { ...family, efforts: [] }
    }
  }
}

/**
 * Whether a model id is an ARN that names no model, which ConverseStream takes in its URL (Bedrock API reference,
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html `modelId`): an application
 * inference profile, a Provisioned Throughput (`provisioned-model`), a custom model's on-demand deployment, an imported
 * model, a prompt router. Its family is `other` unless the request names the model behind it (`baseModel`).
 */
export const namesNoModel = (model: string): boolean =>
  /^arn:aws[^:]*:bedrock:[^:]*:[^:]*:(?:application-inference-profile|provisioned-model|custom-model-deployment|imported-model|(?:default-)?prompt-router)\//
    .test(model)

/**
 * The family of a Bedrock model id, in any of its spellings: a foundation model's id or ARN, an inference profile's id
 * (`us.`, `global.`) or ARN, a custom model's ARN (which holds its base model's id). An ARN that names no model
 * (`namesNoModel`) is `other`.
 */
export const familyOf = (model: string): Family => {
  if (/anthropic\.claude-/.test(model)) return claude(model)
  if (/amazon\.nova-2-/.test(model)) return nova2
  if (/amazon\.nova-/.test(model)) return nova
  if (/openai\.gpt-oss-/.test(model)) return gptOss
  if (/qwen\.qwen3-/.test(model)) return qwen3
  return other
}

/** Model ids (any region prefix, `-v1:0` suffix, inference profile ARNs) whose family has structured outputs. */
const withStructuredOutputs: ReadonlyArray<RegExp> = [
  /anthropic\.claude-(?:opus|sonnet|haiku)-4-(?:[5-9]|\d{2})(?:-|$)/,
  /anthropic\.claude-(?:opus|sonnet|haiku)-(?:[5-9]|\d{2})(?:-\d{8}|-v\d|$)/
]

/** Whether a model takes `outputConfig.textFormat`. */
export const hasStructuredOutputs = (model: string): boolean =>
  withStructuredOutputs.some((pattern) => pattern.test(model))

/**
 * Whether the request turns Claude's extended thinking on: its `reasoning` on a Claude model (any effort but
 * `none`), or `additionalModelRequestFields.thinking` in its `extraBody`.
 */
const thinks = (request: CallRequest.ProviderRequest): boolean => {
  const fields = request.extraBody?.["additionalModelRequestFields"] as
    | { readonly thinking?: { readonly type?: unknown } }
    | undefined
  return (familyOf(request.model).reasoning.kind === "claude" && request.reasoning !== undefined &&
    request.reasoning.effort !== "none") ||
    fields?.thinking?.type === "enabled" || fields?.thinking?.type === "adaptive"
}

/** Plans how the request's structured output is sent to Converse: as a JSON schema where the model takes one, else as a tool. */
export const plan = <R extends CallRequest.ProviderRequest>(request: R): Result.Result<R, CallRequest.Unsupported> =>
  OutputPlan.plan(request, {
    strategy: (request) => (hasStructuredOutputs(request.model) ? "native" : "tool"),
    encode: (output, strategy, request) => {
      if (strategy === "tool" && output.name.startsWith("_")) {
        return Result.fail("Bedrock's Nova models strip a leading underscore from tool names: name it without one")
      }
      if (strategy === "tool" && thinks(request)) {
        return Result.fail(
          `${request.model} answers through a forced tool, which cannot be combined with extended thinking: ` +
            "turn thinking off, or use a model with structured outputs (Claude 4.5 and later)"
        )
      }
      return AnthropicModels.schemaFor(output, strategy, "Bedrock's structured outputs")
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
