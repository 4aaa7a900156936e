/**
 * What OpenAI's model families take, as data: a new family is a row.
 *
 * Reasoning and prompt caching. Sources, read in 2026-09: the `openai` SDK's request types (6.49:
 * `ReasoningEffort` is `none`…`max`, "not all reasoning models support every value"; `prompt_cache_options` and
 * `prompt_cache_breakpoint` are "supported for `gpt-5.6` and later models"; `prompt_cache_retention: "24h"` is
 * extended caching; `Reasoning.summary` `concise` is taken by "all reasoning models after `gpt-5`"), OpenAI's
 * reasoning and prompt caching guides, and the per-family efforts pydantic-ai's maintainers verified against
 * the live API (`pydantic_ai/profiles/openai.py`, commit 4fda38988f29; recorded there in 2026-07); GPT-6 and 6.1:
 * OpenAI's model pages (read in 2026-11, as LiteLLM's launch notes quote them: 6.1 Sol "does not accept none or
 * minimal"); GPT-6 Sol is not read yet (sent as asked). GPT-6.2 Astra and Sol (`openai` 7.59's `ChatModel`, released
 * 2026-11-17): GPT-6.2 Sol's model page ("The API rejects requests that set reasoning effort to none", read
 * 2026-11-28), LiteLLM's Day 0 note for both (they "reject reasoning_effort values none and minimal") and Astra's
 * "reasoning from low through max" as gateways quote its page; `gpt-6.2-astra-law` (`ResponsesModel`) is read as
 * Astra by its prefix. The first row whose prefix starts the model name wins.
 *
 * Structured output. Every current model takes `response_format: json_schema` (Chat Completions) and
 * `text.format` (the Responses API) with `strict: true`; the older families listed here do not, and answer
 * through a strict function tool instead (strict function calling reaches back to `gpt-4-0613` and
 * `gpt-3.5-turbo-0613`). Source: the platform's structured outputs guide, "Supported models"
 * (`gpt-4o-2024-08-06` and later, `gpt-4o-mini`, the o-series from `o1-2024-12-17`, GPT-4.1 and GPT-5 families).
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Output from "../../core/Output.js"
import * as CachePoints from "../../core/request/CachePoints.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as ReasoningLevels from "../../core/request/ReasoningLevels.js"
import type * as ChatControls from "../openai-compatible/ChatControls.js"
import type * as ChatOutput from "../openai-compatible/ChatOutput.js"
import * as OpenAILimits from "./OpenAILimits.js"

/** Model names (a fine-tune's base model included) whose family has no `json_schema` response format. */
const withoutJsonSchema: ReadonlyArray<RegExp> = [
  /^gpt-3\.5-turbo/,
  // gpt-4, gpt-4-0613, gpt-4-32k, gpt-4-turbo, gpt-4-1106-preview, ...; not gpt-4o or gpt-4.1.
  /^gpt-4($|-)/,
  /^gpt-4o-2024-05-13$/
]

/** The strategy a model gets: native where its family has the JSON schema response format. */
export const strategyOf = (model: string): Output.Strategy => {
  const base = model.replace(/^ft:/, "")
  return withoutJsonSchema.some((pattern) => pattern.test(base)) ? "tool" : "native"
}

/** OpenAI's table for Chat Completions. */
export const support = (model: string): ChatOutput.Support => ({
  strategy: strategyOf(model),
  nativeStrict: true,
  toolStrict: true
})

/** A family: the efforts it takes, and what it takes of prompt caching. */
export interface Family {
  readonly prefix: string
  /**
   * The reasoning efforts the family takes, in order (`none` where reasoning can be turned off); empty for
   * a model that does not reason; `"fixed"` for one that reasons at a level it takes no setting for.
   */
  readonly efforts: ReadonlyArray<CallRequest.ReasoningEffort> | "fixed"
  /** `prompt_cache_retention: "24h"` (extended prompt caching). */
  readonly retention: boolean
  /** Reasoning summaries of `concise` detail (the Responses API); other models get `auto`. */
  readonly conciseSummary: boolean
}

const row = (
  prefix: string,
  efforts: Family["efforts"],
  options: { readonly retention?: boolean; readonly concise?: boolean } = {}
): Family => ({
  prefix,
  efforts,
  retention: options.retention ?? true,
  conciseSummary: options.concise ?? (efforts !== "fixed" && efforts.length > 0)
})

const toXhigh: ReadonlyArray<CallRequest.ReasoningEffort> = ["none", "low", "medium", "high", "xhigh"]
const pro: ReadonlyArray<CallRequest.ReasoningEffort> = ["medium", "high", "xhigh"]
const oSeries: ReadonlyArray<CallRequest.ReasoningEffort> = ["low", "medium", "high"]
const old = { retention: false, concise: false }

/** OpenAI's families, most specific prefix first. */
export const families: ReadonlyArray<Family> = [
  row("gpt-6.2-astra", ["low", "medium", "high", "xhigh", "max"]),
  row("gpt-6.2-sol", ["low", "medium", "high", "xhigh", "max"]),
  row("gpt-6-astra", ["low", "medium", "high", "xhigh", "max"]),
  row("gpt-6-luna", ["none", "low", "medium", "high", "xhigh", "max"]),
  row("gpt-6.1-sol", ["low", "medium", "high", "xhigh", "max"]),
  row("gpt-6.1-terra", ["none", "low", "medium", "high", "xhigh", "max"]),
  row("gpt-5.6", ["none", "low", "medium", "high", "xhigh", "max"]),
  row("gpt-5.5-pro", pro),
  row("gpt-5.5", toXhigh),
  row("gpt-5.4-pro", pro),
  row("gpt-5.4", toXhigh),
  row("gpt-5.3-chat", ["medium"]),
  row("gpt-5.3", toXhigh),
  row("gpt-5.2-pro", pro),
  row("gpt-5.2-chat", ["medium"]),
  row("gpt-5.2", toXhigh),
  row("gpt-5.1-codex-max", ["low", "medium", "high", "xhigh"]),
  row("gpt-5.1-codex-mini", ["medium", "high"]),
  row("gpt-5.1-codex", oSeries),
  row("gpt-5.1-chat", ["medium"]),
  row("gpt-5.1", ["none", "low", "medium", "high"]),
  row("gpt-5-chat", [], { concise: false }),
  row("gpt-5-pro", ["high"], { concise: false }),
  row("gpt-5-codex", oSeries, { concise: false }),
  row("gpt-5", ["minimal", "low", "medium", "high"], { concise: false }),
  row("gpt-4.1", [], { concise: false }),
  row("o1-mini", "fixed", old),
  row("o1-preview", "fixed", old),
  row("o1", oSeries, old),
  row("o3", oSeries, old),
  row("o4-mini", oSeries, old),
  row("codex-mini", oSeries, old),
  row("gpt-4", [], old),
  row("chatgpt-4o", [], old),
  row("gpt-3.5", [], old)
]

/** The family of a model, or `undefined` for a model this table does not know. */
export const familyOf = (model: string): Family | undefined => {
  const name = OpenAILimits.baseName(model)
  return families.find((family) => name.startsWith(family.prefix))
}

/**
 * Whether the model takes explicit cache breakpoints (`prompt_cache_breakpoint` on a content part,
 * `prompt_cache_options`): GPT-5.6 and later.
 */
export const takesBreakpoints = (model: string): boolean => {
  const version = /^gpt-(\d+)\.(\d+)/.exec(OpenAILimits.baseName(model))
  if (version === null) return /^gpt-([6-9]|\d{2,})(?:$|[-.])/.test(OpenAILimits.baseName(model))
  const [major, minor] = [Number(version[1]), Number(version[2])]
  return major > 5 || (major === 5 && minor >= 6)
}

/** Reasoning a model cannot take, or the effort to send for it (`undefined`: none, the model's default). */
export const effortFor = (
  model: string,
  wanted: ReasoningLevels.Wanted
): Result.Result<CallRequest.ReasoningEffort | undefined, string> => {
  const family = familyOf(model)
  if (family !== undefined && family.efforts !== "fixed" && family.efforts.length === 0) {
    return wanted.on
      ? Result.fail(
        `${model} does not reason; use a reasoning model (the o-series, GPT-5 and later), or leave reasoning out`
      )
      : Result.succeed(undefined)
  }
  if (wanted.effort === undefined) {
    return wanted.budgetTokens === undefined
      ? Result.succeed(undefined)
      : Result.fail("OpenAI's models take a reasoning effort, not a budget of tokens; set reasoning.effort")
  }
  if (family === undefined) return Result.succeed(wanted.effort)
  if (family.efforts === "fixed") {
    return Result.fail(
      `${model} reasons at a level of its own and takes no reasoning effort; leave reasoning.effort out`
    )
  }
  return Result.succeed(ReasoningLevels.nearest(family.efforts, wanted.effort))
}

/**
 * Why a request cannot be sent with sampling settings: OpenAI's reasoning models take no `temperature`
 * or `top_p` while they reason (the reasoning guide; `effort: "none"` turns reasoning off where a model
 * has it, and the settings with it).
 */
export const samplingConflict = (
  model: string,
  request: CallRequest.Settings,
  effort: CallRequest.ReasoningEffort | undefined
): string | undefined => {
  const family = familyOf(model)
  const reasons = family !== undefined && (family.efforts === "fixed" || family.efforts.length > 0)
  if (!reasons || effort === "none" || (request.temperature === undefined && request.topP === undefined)) {
    return undefined
  }
  return `${model} takes no temperature or top_p while it reasons; leave them out${
    family !== undefined && family.efforts !== "fixed" && family.efforts.includes("none")
      ? ", or set reasoning.effort to \"none\""
      : ""
  }`
}

/** The summary a model takes: `concise` where its family has it, else `auto`. */
export const summaryFor = (model: string, summary: NonNullable<CallRequest.Reasoning["summary"]>): string =>
  summary === "concise" && familyOf(model)?.conciseSummary === false ? "auto" : summary

/**
 * The prompt-cache fields of a request on OpenAI's API: with `cache`, a `prompt_cache_key` naming the prompt's
 * stable prefix (its system prompt and tools, so the calls of a conversation reach the same cache) where
 * `key` is true, and `prompt_cache_retention: "24h"` for a one-hour TTL where the family has extended
 * caching; with breakpoints on a model that takes them and no `cache`, `prompt_cache_options: { mode:
 * "explicit" }` (no implicit breakpoint: only the ones asked for are written).
 */
export const promptCacheFields = (
  request: CallRequest.ProviderRequest,
  model: string,
  options: { readonly key: boolean; readonly breakpoints: boolean }
): Record<string, unknown> => {
  const fields: Record<string, unknown> = {}
  if (request.cache !== undefined) {
    if (options.key) fields["prompt_cache_key"] = CachePoints.prefixKey(request)
    if (CachePoints.automaticTtl(request.cache) === "1h" && familyOf(model)?.retention === true) {
      fields["prompt_cache_retention"] = "24h"
    }
  } else if (options.breakpoints && CachePoints.marks(request)) {
    fields["prompt_cache_options"] = { mode: "explicit" }
  }
  return fields
}

/** How OpenAI's breakpoints are checked: no limit (the latest four are written), one TTL per request. */
export const cachePolicy: CachePoints.Policy = {
  api: "OpenAI",
  automaticCounts: false,
  tools: false,
  ordered: false,
  ttls: ["5m", "1h"]
}

/** How a Chat Completions host serving OpenAI's models (OpenAI, Azure OpenAI) differs. */
export interface ChatHostOptions {
  readonly api: string
  /** The model whose family applies (an Azure deployment's `baseModel`). */
  readonly modelOf: (request: CallRequest.ProviderRequest) => string
  /** Whether `cache` sends a `prompt_cache_key`. */
  readonly key: boolean
  readonly userField: string
  readonly serviceTiers: ChatControls.Host["serviceTiers"]
  /** Why the host cannot take a reasoning effort (an API version without it), or `undefined`. */
  readonly noEffort?: (() => string | undefined) | undefined
}

/** OpenAI's table as a Chat Completions host takes it: `reasoning_effort`, no reasoning summaries. */
export const chatHost = (options: ChatHostOptions): ChatControls.Host => ({
  api: options.api,
  userField: options.userField,
  serviceTiers: options.serviceTiers,
  seed: true,
  reasoning: (request, wanted) => {
    const model = options.modelOf(request)
    if (wanted.summary !== undefined) {
      return Result.fail(
        `${options.api}'s Chat Completions return no reasoning summaries; use the Responses API (OpenAIResponses) for them, or leave reasoning.summary out`
      )
    }
    return Result.flatMap(effortFor(model, wanted), (effort) => {
      const conflict = samplingConflict(model, request, effort)
      if (conflict !== undefined) return Result.fail(conflict)
      if (effort === undefined) return Result.succeed({})
      const noEffort = options.noEffort?.()
      return noEffort === undefined ? Result.succeed({ reasoning_effort: effort }) : Result.fail(noEffort)
    })
  },
  cache: (request) => {
    const model = options.modelOf(request)
    const breakpoints = takesBreakpoints(model)
    return {
      fields: promptCacheFields(request, model, { key: options.key, breakpoints }),
      breakpoints: breakpoints ? cachePolicy : undefined
    }
  }
})
