/**
 * What Gemini's model families take, as data: a new family is a row. A model id is read in any of its
 * spellings (`gemini-2.5-flash`, `models/gemini-3-pro-preview`, Vertex's
 * `publishers/google/models/gemini-2.5-pro`, a `-preview-09-2025` or `-001` suffix). Sources, read in
 * 2026-11: `@google/genai` 3.1's `ThinkingConfig` (`thinkingBudget`, `thinkingLevel`: `MINIMAL | LOW |
 * MEDIUM | HIGH`, `includeThoughts`) and Google's "Gemini thinking" guide: Gemini 2.5 takes a budget of
 * thinking tokens (Pro 128 to 32768 and cannot stop thinking; Flash 0 to 24576; Flash-Lite 512 to 24576, or
 * 0, its default), `-1` for a dynamic budget; Gemini 3 takes a level (3 Pro `LOW` and `HIGH`, 3.1 Pro adds
 * `MEDIUM`; 3 Flash all four) and never stops thinking (`MINIMAL` is its least), its budget still taken for
 * compatibility. Gemini 4 (Google's "Gemini 4 Argon" guide and "Get started with Gemini 4", read in 2026-11): a
 * level of `low`, `medium` (its default) or `high`, and no `thinkingBudget`; thought signatures as Gemini 3.
 * Structured output: `responseMimeType: "application/json"` with `responseJsonSchema` (a
 * JSON Schema as it is, `$defs` and `$ref` included) on every Gemini 2 and later model.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as OutputPlan from "../../core/request/OutputPlan.js"
import * as ReasoningLevels from "../../core/request/ReasoningLevels.js"

type Effort = CallRequest.ReasoningEffort

/** How a family thinks. */
export type Thinking =
  | { readonly kind: "budget"; readonly min: number; readonly max: number; readonly canStop: boolean }
  | {
    readonly kind: "level"
    readonly levels: ReadonlyArray<Effort>
    /** Whether it also takes a `thinkingBudget` (Gemini 3, for compatibility; Gemini 4 refuses one). */
    readonly budget: boolean
  }
  | { readonly kind: "none" }

/** A family of Gemini models. */
export interface Family {
  readonly name: string
  readonly thinking: Thinking
  /** Whether a turn's function calls must carry their thought signatures back (Gemini 3). */
  readonly signedCalls: boolean
}

const budget = (min: number, max: number, canStop: boolean): Thinking => ({ kind: "budget", min, max, canStop })
const level = (levels: Array<Effort>, budget = true): Thinking => ({ kind: "level", levels, budget })
const family = (name: string, thinking: Thinking, signedCalls: boolean): Family => ({ name, thinking, signedCalls })

const gemini25Pro = family("Gemini 2.5 Pro", budget(128, 32768, false), false)
const gemini25Flash = family("Gemini 2.5 Flash", budget(1, 24576, true), false)
const gemini25FlashLite = family("Gemini 2.5 Flash-Lite", budget(512, 24576, true), false)
const gemini3Pro = family("Gemini 3 Pro", level(["low", "high"]), true)
const gemini31Pro = family("Gemini 3.1 Pro and later Pro", level(["low", "medium", "high"]), true)
const gemini3Flash = family("Gemini 3 Flash and Flash-Lite", level(["minimal", "low", "medium", "high"]), true)
/** Gemini 4 (Argon, the first): a level of low, medium or high, and no budget of tokens. */
const gemini4 = family("Gemini 4", level(["low", "medium", "high"], false), true)
const gemini2 = family("Gemini 2.0 and earlier", { kind: "none" }, false)

/** The model name without its path (`models/`, `publishers/google/models/`). */
export const bareName = (model: string): string => model.slice(model.lastIndexOf("/") + 1)

/** The family of a model id, or `undefined` for one this table cannot read (it is then sent as asked). */
export const familyOf = (model: string): Family | undefined => {
  const name = bareName(model)
  const major = /^gemini-(\d+)[.-]/.exec(name)
  if (major !== null && Number(major[1]) >= 4) return gemini4
  const match = /^gemini-(\d+)(?:\.(\d+))?-(pro|flash-lite|flash)/.exec(name)
  if (match === null) return undefined
  const version = Number(match[1]) * 100 + Number(match[2] ?? 0)
  const tier = match[3]
  if (version < 205) return gemini2
  if (version < 300) return tier === "pro" ? gemini25Pro : tier === "flash" ? gemini25Flash : gemini25FlashLite
  if (tier !== "pro") return gemini3Flash
  return version === 300 ? gemini3Pro : gemini31Pro
}

const wireLevels: Readonly<Partial<Record<Effort, string>>> = {
  minimal: "MINIMAL",
  low: "LOW",
  medium: "MEDIUM",
  high: "HIGH"
}

/** A request's `reasoning` as a `thinkingConfig`, by the model's family, or why the model cannot take it. */
export const thinkingConfig = (
  model: string,
  reasoning: CallRequest.Reasoning
): Result.Result<Record<string, unknown>, string> => {
  const wanted = ReasoningLevels.read(reasoning)
  if (Result.isFailure(wanted)) return Result.fail(wanted.failure.message)
  const { budgetTokens, effort, on } = wanted.success
  const family = familyOf(model)
  const thinking = family?.thinking ?? budget(0, Number.MAX_SAFE_INTEGER, true)
  if (thinking.kind === "none") {
    return on
      ? Result.fail(`${model} does not think; leave reasoning out, or use Gemini 2.5 or later`)
      : Result.succeed({})
  }
  if (!on) {
    if (thinking.kind === "level" || !thinking.canStop) {
      return Result.fail(
        `${model} (${family!.name}) always thinks and cannot be asked not to; ask for its lowest effort instead`
      )
    }
    return Result.succeed({ thinkingBudget: 0 })
  }
  const includeThoughts = { includeThoughts: true }
  if (thinking.kind === "level" && !thinking.budget && budgetTokens !== undefined) {
    return Result.fail(
      `${model} (${family!.name}) thinks at a level and takes no budget of tokens; set reasoning.effort instead`
    )
  }
  if (thinking.kind === "level" && budgetTokens === undefined) {
    const level = effort === undefined ? undefined : ReasoningLevels.nearest(thinking.levels, effort)
    return Result.succeed(
      level === undefined ? includeThoughts : { ...includeThoughts, thinkingLevel: wireLevels[level] }
    )
  }
  const asked = budgetTokens ?? (effort === undefined ? undefined : ReasoningLevels.budgetOf(wanted.success))
  if (asked === undefined) return Result.succeed(includeThoughts)
  if (thinking.kind === "budget" && (asked < thinking.min || asked > thinking.max)) {
    if (budgetTokens !== undefined) {
      return Result.fail(
        `budgetTokens is ${budgetTokens}: ${
          family!.name
        } thinks with a budget of ${thinking.min} to ${thinking.max} tokens`
      )
    }
    return Result.succeed({ ...includeThoughts, thinkingBudget: Math.min(Math.max(asked, thinking.min), thinking.max) })
  }
  return Result.succeed({ ...includeThoughts, thinkingBudget: asked })
}

/** Plans how the request's structured output is sent to Gemini: its JSON mode (`responseJsonSchema`) unless a tool is asked for. */
export const plan = <R extends CallRequest.ProviderRequest>(request: R): Result.Result<R, CallRequest.Unsupported> =>
  OutputPlan.plan(request, {
    strategy: () => "native",
    encode: (output, strategy) => Result.succeed({ strategy, schema: output.jsonSchema, strict: false }),
    native: (_, choice) => ({
      generationConfig: { responseMimeType: "application/json", responseJsonSchema: choice.schema }
    })
  })
