/**
 * What every provider's reasoning encoding shares; which levels a model family takes is its provider's table.
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as CallRequest from "./CallRequest.js"

/** The effort levels, from none to the most. */
export const levels: ReadonlyArray<CallRequest.ReasoningEffort> = [
  "none",
  "minimal",
  "low",
  "medium",
  "high",
  "xhigh",
  "max"
]

const rank = (level: CallRequest.ReasoningEffort): number => levels.indexOf(level)

/** The level of `offered` nearest to `wanted` (a tie to the higher); reasoning is off only when asked and offered. */
export const nearest = <Level extends CallRequest.ReasoningEffort>(
  offered: ReadonlyArray<Level>,
  wanted: CallRequest.ReasoningEffort
): Level | undefined => {
  const reasoning = offered.filter((level) => level !== "none")
  const candidates = wanted === "none" || reasoning.length === 0 ? offered : reasoning
  let best: Level | undefined
  for (const level of candidates) {
    const distance = Math.abs(rank(level) - rank(wanted))
    const bestDistance = best === undefined ? Infinity : Math.abs(rank(best) - rank(wanted))
    if (distance < bestDistance || (distance === bestDistance && rank(level) > rank(best!))) best = level
  }
  return best
}

/** The thinking budget an effort stands for, on the models that take a budget and no effort (`docs/reasoning.md`). */
export const budgets: Readonly<Record<Exclude<CallRequest.ReasoningEffort, "none">, number>> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 32768,
  max: 65536
}

/** What a request's reasoning asks for: whether the model should reason, and how. */
export interface Wanted {
  /** Whether reasoning is asked for (any effort but `none`, or a budget, or no effort at all). */
  readonly on: boolean
  readonly effort: CallRequest.ReasoningEffort | undefined
  readonly budgetTokens: number | undefined
  readonly summary: CallRequest.Reasoning["summary"]
}

/** A request's reasoning, checked: a budget is a whole number of tokens, and no budget or summary with `none`. */
export const read = (reasoning: CallRequest.Reasoning): Result.Result<Wanted, CallRequest.Unsupported> => {
  const { budgetTokens, effort, summary } = reasoning
  if (budgetTokens !== undefined && (!Number.isSafeInteger(budgetTokens) || budgetTokens < 1)) {
    return CallRequest.unsupported(
      `reasoning.budgetTokens is ${budgetTokens}: a budget is a whole number of tokens, 1 or more`
    )
  }
  if (effort === "none" && (budgetTokens !== undefined || summary !== undefined)) {
    return CallRequest.unsupported(
      `reasoning.effort is "none", which turns reasoning off, but reasoning.${
        budgetTokens === undefined ? "summary" : "budgetTokens"
      } is set; leave it out, or choose an effort`
    )
  }
  return Result.succeed({ on: effort !== "none", effort, budgetTokens, summary })
}

/** The budget a request's reasoning stands for: its own, or its effort's (`medium` without one). */
export const budgetOf = (wanted: Wanted): number =>
  wanted.budgetTokens ?? budgets[wanted.effort === undefined || wanted.effort === "none" ? "medium" : wanted.effort]
