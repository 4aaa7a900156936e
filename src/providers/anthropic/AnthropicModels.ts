/**
 * What Claude's model families take, as data: a new family is a row. Read on any host's spelling of a
 * model id (Anthropic's `claude-opus-4-7`, Bedrock's `us.anthropic.claude-opus-4-7-v1:0`).
 *
 * Reasoning. Sources, read in 2026-09: `@anthropic-ai/sdk` 1.12's request types (`ThinkingConfigParam`:
 * `enabled` with `budget_tokens` "≥1024 and less than `max_tokens`", `adaptive`, `disabled`, each with
 * `display`; `OutputConfig.effort`: `low | medium | high | xhigh | max`), the Claude docs' pages "Adaptive
 * thinking", "Effort", "Extended thinking" (thinking is not compatible with a forced `tool_choice`, nor with a
 * `temperature` other than 1 or a `top_p` below 0.95) and each family's "What's new", cross-checked with
 * pydantic-ai's per-model flags (`pydantic_ai/profiles/anthropic.py`, commit 4fda38988f29). Read again in 2026-11:
 * `@anthropic-ai/sdk` 1.14 (`ThinkingConfigBetweenTools`), "What's new in Claude Sonnet 5.5" (`disabled` refused:
 * "send `thinking: {"type": "between_tools"}` instead ... the lowest thinking setting on this model") and "What's
 * new in Claude Haiku 5.5".
 *
 * Prefill: which models take one is `AnthropicLimits.takesPrefill` (the loop asks it of every provider's profile,
 * which this table is too large to load with).
 *
 * Structured output. JSON outputs (`output_config: { format: { type: "json_schema", schema } }`, no beta
 * header: @anthropic-ai/sdk `OutputConfig`, `JSONOutputFormat`) on Claude 4.5 and later; older models answer
 * through a forced tool (`tool_choice: { type: "tool", name }`), which the API does not combine with extended
 * thinking. A JSON output's schema is read in Claude's dialect (`StrictSchema.claude`).
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Output from "../../core/Output.js"
import * as StrictSchema from "../../core/output/StrictSchema.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as OutputPlan from "../../core/request/OutputPlan.js"
import * as AnthropicLimits from "./AnthropicLimits.js"

/** How a family thinks: not at all, with a budget, adaptively or with a budget, adaptively only. */
export type Thinking = "none" | "budget" | "adaptive-or-budget" | "adaptive"

/** A family of Claude models. */
export interface Family {
  readonly name: string
  readonly thinking: Thinking
  /**
   * How "no reasoning" is sent: the field left out, `{ type: "disabled" }`, `{ type: "between_tools" }` (no thinking
   * before the answer, short notes between tool calls), or not at all (it always thinks).
   */
  readonly off: "omit" | "disabled" | "between-tools" | "never"
  /** The `output_config.effort` levels it takes (none: no effort setting). */
  readonly efforts: ReadonlyArray<CallRequest.ReasoningEffort>
  /** Whether its thinking text is omitted unless `display: "summarized"` is asked for. */
  readonly omitsThinking: boolean
  /** Whether it takes `temperature` and `top_p` at all. */
  readonly sampling: boolean
  /** Whether it takes a forced `tool_choice` (`any`, `tool`) at all. */
  readonly forcedToolChoice: boolean
}

const toHigh: ReadonlyArray<CallRequest.ReasoningEffort> = ["low", "medium", "high"]
const toMax: ReadonlyArray<CallRequest.ReasoningEffort> = ["low", "medium", "high", "max"]
const all: ReadonlyArray<CallRequest.ReasoningEffort> = ["low", "medium", "high", "xhigh", "max"]

const family = (name: string, thinking: Thinking, rest: Partial<Omit<Family, "name" | "thinking">> = {}): Family => ({
  name,
  thinking,
  off: "omit",
  efforts: [],
  omitsThinking: false,
  sampling: true,
  forcedToolChoice: true,
  ...rest
})

/**
 * The families after 4.6: adaptive thinking only, thinking text omitted by default, no sampling settings.
 */
const adaptiveOnly = (name: string, rest: Partial<Omit<Family, "name" | "thinking">> = {}): Family =>
  family(name, "adaptive", { efforts: all, omitsThinking: true, sampling: false, ...rest })

/** Claude 3 and 3.5: no extended thinking. */
export const claude3 = family("Claude 3", "none")
/** Claude 3.7 Sonnet, 4, 4.1, Sonnet 4.5 and Haiku 4.5: extended thinking with a budget. */
export const budgetThinking = family("Claude 3.7 to 4.5", "budget")
/** Opus 4.5: a budget, and the effort setting. */
export const opus45 = family("Claude Opus 4.5", "budget", { efforts: toHigh })
/** Opus 4.6 and Sonnet 4.6: adaptive thinking (a budget still taken, deprecated). */
export const claude46 = family("Claude 4.6", "adaptive-or-budget", { efforts: toMax })
/** Opus 4.7 and 4.8: adaptive only, thinking only when asked; `disabled` is refused. */
export const opus47 = adaptiveOnly("Claude Opus 4.7 and 4.8")
/** Mythos Preview: adaptive and always thinking, no `xhigh`, no forced tool choice. */
export const mythosPreview = adaptiveOnly("Claude Mythos Preview", {
  off: "never",
  efforts: toMax,
  forcedToolChoice: false
})
/** Opus 5, Sonnet 5 and Haiku 5.5: thinking by default, `disabled` taken. */
export const claude5 = adaptiveOnly("Claude Opus 5, Sonnet 5 and Haiku 5.5", { off: "disabled" })
/** Sonnet 5.5: thinking by default, turned down to `between_tools` (`disabled` is refused), no forced tool choice. */
export const sonnet55 = adaptiveOnly("Claude Sonnet 5.5", { off: "between-tools", forcedToolChoice: false })
/** Fable 5 and Mythos 5, and every family from 5.1: always thinking, no forced tool choice. */
export const alwaysThinking = adaptiveOnly("Claude Fable, Mythos and 5.1 and later", {
  off: "never",
  forcedToolChoice: false
})

/** The family of a model id, or `undefined` for one this table cannot read (it is then sent as asked). */
export const familyOf = (model: string): Family | undefined => {
  if (/claude-mythos-preview/.test(model)) return mythosPreview
  const id = AnthropicLimits.idOf(model)
  if (id === undefined) return undefined
  const { name, version } = id
  if (version < 307) return claude3
  if (version < 405) return budgetThinking
  if (version < 406) return name === "opus" ? opus45 : budgetThinking
  if (version < 407) return claude46
  if (version < 500) return opus47
  if (version < 501 && (name === "opus" || name === "sonnet")) return claude5
  if (version === 505 && name === "haiku") return claude5
  if (version === 505 && name === "sonnet") return sonnet55
  return alwaysThinking
}

/**
 * Whether the model takes system messages in the conversation (`{ role: "system" }` in `messages`, "mid-conversation
 * system messages"): Claude Opus 4.8 and later, Sonnet and Haiku 5.5 and later, Fable and Mythos 5 and later; not
 * Sonnet 5 nor any model before (they answer 400, "role 'system' is not supported on this model"). Anthropic's
 * "Mid-conversation system messages" guide, as of November 2026.
 */
export const takesSystemMessages = (model: string): boolean => {
  const id = AnthropicLimits.idOf(model)
  if (id === undefined) return false
  switch (id.name) {
    case "opus":
      return id.version >= 408
    case "sonnet":
    case "haiku":
      return id.version >= 505
    case "fable":
    case "mythos":
      return id.version >= 500
    default:
      return false
  }
}

/** Whether a Claude model takes `output_config.format`: 4.5 and later (unknown names: no, the tool works everywhere). */
const hasJsonOutputs = (model: string): boolean => (AnthropicLimits.idOf(model)?.version ?? 0) >= 405

/** Claude's JSON outputs dialect. */
export const dialect: StrictSchema.Dialect = StrictSchema.claude

/**
 * A structured output's schema as Claude takes it, on the Messages API and Converse: a forced tool's input as it is,
 * a JSON schema in Claude's dialect (`native` names that mode in a failure).
 */
export const schemaFor = (
  output: Output.Output,
  strategy: Output.Strategy,
  native: string
): Result.Result<OutputPlan.Choice, string> =>
  strategy === "tool"
    ? Result.succeed({ strategy, schema: output.jsonSchema, strict: false })
    : Result.mapBoth(StrictSchema.rewrite(output.jsonSchema, dialect), {
      onFailure: (reason) => `${reason} in ${native} (use strategy: "tool" to send it as a tool)`,
      onSuccess: (schema) => ({ strategy, schema, strict: false })
    })

/**
 * Whether the request turns extended thinking on: its `reasoning` (any effort but `none`), or
 * `thinking: { type: "enabled" | "adaptive" }` in its `extraBody`.
 */
export const thinks = (request: CallRequest.ProviderRequest): boolean => {
  const thinking = request.extraBody?.["thinking"] as { readonly type?: unknown } | undefined
  return (request.reasoning !== undefined && request.reasoning.effort !== "none") ||
    thinking?.type === "enabled" || thinking?.type === "adaptive"
}

/** Plans how the request's structured output is sent to the Messages API: as a JSON schema where the model takes one, else as a tool. */
export const plan = <R extends CallRequest.ProviderRequest>(request: R): Result.Result<R, CallRequest.Unsupported> =>
  OutputPlan.plan(request, {
    strategy: (request) => (hasJsonOutputs(request.model) ? "native" : "tool"),
    encode: (output, strategy, request) =>
      strategy === "tool" && thinks(request)
        ? Result.fail(
          `${request.model} has no JSON outputs, and a forced tool cannot be combined with extended thinking: ` +
            "turn thinking off, or use a model with JSON outputs (Claude 4.5 and later)"
        )
        : schemaFor(output, strategy, "Claude's JSON outputs"),
    native: (_, choice) => ({ output_config: { format: { type: "json_schema", schema: choice.schema } } })
  })
