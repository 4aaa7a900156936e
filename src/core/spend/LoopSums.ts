/**
 * What a tool loop adds up from its steps (each one's `CallEnding`): the usage, the exact cost, and the budget's amount.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import type * as CallEnding from "../call/CallEnding.js"
import type * as CallResponse from "../call/CallResponse.js"
import * as Cost from "../call/Cost.js"
import * as Usage from "../Usage.js"

/** The summed usage of steps. */
export const usageOf = (steps: ReadonlyArray<CallEnding.Ending>): Usage.Usage =>
  steps.reduce((sum, step) => Usage.add(sum, step.response.usage), Usage.empty)

/**
 * Why a step's cost is unknown that is no part of the bill's: its provider reported no usage (or no model) yet, which
 * its `spend` estimates. Any other reason (a model, a rate or a fee without a price, a usage that is not one) leaves
 * a part of the bill unpriced.
 */
const notReported: ReadonlySet<Cost.CostUnavailable["reason"]> = new Set(["no-usage", "no-model"])

/** Whether a cost leaves a part of the bill unpriced, not only unreported so far (`notReported`). */
export const isUnpriced = (cost: Result.Result<Cost.Cost, Cost.CostUnavailable>): boolean =>
  Result.isFailure(cost) && !notReported.has(cost.failure.reason)

/** Whether a step's reported usage has no price: the steps' cost is then unknown. */
export const hasUnpriced = (steps: ReadonlyArray<CallEnding.Ending>): boolean =>
  steps.some((step) => isUnpriced(step.response.costResult))

/**
 * The exact summed cost of steps, of what their providers reported; `undefined` when none reported a priced usage,
 * or when a step's usage has no price (the others' sum would be less than the bill, shown as all of it).
 */
export const costOf = (steps: ReadonlyArray<CallEnding.Ending>): Cost.Cost | undefined =>
  hasUnpriced(steps) ? undefined : pricedCostOf(steps)

/**
 * The exact summed cost of the steps that could be priced: a part of the bill, all of it only when `costOf` is
 * defined (for a bound that any part above it crosses: `costExceeds`); `undefined` when none could.
 */
export const pricedCostOf = (steps: ReadonlyArray<CallEnding.Ending>): Cost.Cost | undefined =>
  steps.reduce<Cost.Cost | undefined>((sum, step) => addCost(sum, Option.getOrUndefined(step.response.cost)), undefined)

/**
 * The summed spend of steps (`CallResponse.spend`), estimated when any step's is; its cost `None` when a step's is
 * (a model, a rate or a fee without a price): the priced steps' sum is less than the bill.
 */
export const spendOf = (steps: ReadonlyArray<CallEnding.Ending>): CallResponse.Spend => {
  let usage = Usage.empty
  let cost: Cost.Cost | undefined
  let unpriced = false
  let estimated = false
  for (const step of steps) {
    const spend = step.response.spend
    usage = Usage.add(usage, spend.usage)
    cost = addCost(cost, Option.getOrUndefined(spend.cost))
    unpriced ||= Option.isNone(spend.cost)
    estimated ||= spend.estimated
  }
  return { usage, cost: unpriced ? Option.none() : Option.fromUndefinedOr(cost), estimated }
}

/** Two costs, either possibly unknown, added exactly. */
export const addCost = (a: Cost.Cost | undefined, b: Cost.Cost | undefined): Cost.Cost | undefined =>
  a === undefined ? b : b === undefined ? a : Cost.add(a, b)

/** A positive amount of USD as an exact decimal, or why it is not one (`option` names the option). */
export const amountOf = (usd: unknown, option: string): Result.Result<BigDecimal.BigDecimal, string> => {
  const amount = BigDecimal.isBigDecimal(usd)
    ? Option.some(usd)
    : typeof usd === "number" && Number.isFinite(usd)
    ? BigDecimal.fromString(String(usd))
    : typeof usd === "string"
    ? BigDecimal.fromString(usd.trim())
    : Option.none()
  if (Option.isSome(amount) && BigDecimal.isPositive(amount.value)) return Result.succeed(amount.value)
  const given = typeof usd === "string" ? JSON.stringify(usd.slice(0, 40)) : String(usd).slice(0, 40)
  return Result.fail(
    `${option} must be a positive amount of USD (a decimal string, a number or a BigDecimal), got ${given}`
  )
}

/** An amount of USD as an exact decimal (a number is read from its shortest decimal form). */
export const usdOf = (usd: number | string | BigDecimal.BigDecimal): BigDecimal.BigDecimal =>
  BigDecimal.isBigDecimal(usd)
    ? usd
    : Option.getOrThrowWith(BigDecimal.fromString(String(usd)), () => new TypeError(`not an amount of USD: ${usd}`))
