/**
 * What a tool loop adds up from its steps (each one's `CallEnding`): the usage, the exact cost, and the budget's amount.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Option from "effect/Option"
import type * as CallEnding from "../CallEnding.js"
import * as Cost from "../Cost.js"
import * as Usage from "../Usage.js"

/** The summed usage of steps. */
export const usageOf = (steps: ReadonlyArray<CallEnding.Ending>): Usage.Usage =>
  steps.reduce((sum, step) => Usage.add(sum, step.response.usage), Usage.empty)

/** The exact summed cost of steps (those that could be priced), `undefined` when none could. */
export const costOf = (steps: ReadonlyArray<CallEnding.Ending>): Cost.Cost | undefined =>
  steps.reduce<Cost.Cost | undefined>((sum, step) => addCost(sum, Option.getOrUndefined(step.response.cost)), undefined)

/** Two costs, either possibly unknown, added exactly. */
export const addCost = (a: Cost.Cost | undefined, b: Cost.Cost | undefined): Cost.Cost | undefined =>
  a === undefined ? b : b === undefined ? a : Cost.add(a, b)

/** An amount of USD as an exact decimal (a number is read from its shortest decimal form). */
export const usdOf = (usd: number | string | BigDecimal.BigDecimal): BigDecimal.BigDecimal =>
  BigDecimal.isBigDecimal(usd)
    ? usd
    : Option.getOrThrowWith(BigDecimal.fromString(String(usd)), () => new TypeError(`not an amount of USD: ${usd}`))
