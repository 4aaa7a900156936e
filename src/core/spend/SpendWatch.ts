/**
 * Spend watched before and while a call streams, for a budget and a spend limit: the rates that decide the output
 * cap (`ratesOf`, `capWithin`), and the running cost of a call as its chunks arrive (`Meter`).
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Result from "effect/Result"
import * as Cost from "../call/Cost.js"
import type * as PriceTable from "../call/PriceTable.js"
import * as CostMetadata from "../CostMetadata.js"
import type * as CallBasis from "../estimate/CallBasis.js"
import * as TokenEstimate from "../estimate/TokenEstimate.js"
import type * as Accumulator from "../fold/Accumulator.js"
import * as Usage from "../Usage.js"

const perMillion = 1_000_000

/** The cost of `usage` for the call of `basis`, or why it has none. */
const priceOf = (table: PriceTable.Service, basis: CallBasis.Basis, usage: Usage.Usage) =>
  Cost.price(
    table,
    basis.provider,
    basis.pricingModel,
    CostMetadata.fromUsage(usage),
    // The prices in force when the call was sent (now, before it is).
    basis.sentAt === undefined ? undefined : new Date(basis.sentAt)
  )

/** What a call costs before it answers and per token of its answer. */
export interface Rates {
  /** The estimated input tokens. */
  readonly inputTokens: number
  /** Their cost, in USD. */
  readonly input: BigDecimal.BigDecimal
  /** The cost of one output token (the higher of the output and reasoning rates), in USD. */
  readonly perToken: BigDecimal.BigDecimal
}

/** The rates of the call of `basis` (its tokenizer loaded first: `basis.ready`); the reason when unpriced. */
export const ratesOf = (
  table: PriceTable.Service,
  basis: CallBasis.Basis
): Result.Result<Rates, string> => {
  const inputTokens = basis.inputTokens()
  const at = (outputTokens: number, reasoningTokens?: number) =>
    priceOf(table, basis, Usage.make({ inputTokens, outputTokens, reasoningTokens }))
  const none = at(0)
  if (Result.isFailure(none)) return Result.fail(none.failure.message)
  const output = at(perMillion)
  const reasoning = at(perMillion, perMillion)
  if (Result.isFailure(output)) return Result.fail(output.failure.message)
  const most = Result.isSuccess(reasoning) && BigDecimal.isGreaterThan(reasoning.success.total, output.success.total)
    ? reasoning.success
    : output.success
  const perToken = BigDecimal.divideUnsafe(
    BigDecimal.subtract(most.total, none.success.total),
    BigDecimal.fromNumberUnsafe(perMillion)
  )
  return Result.succeed({ inputTokens, input: none.success.total, perToken })
}

/** The most output tokens whose cost, with the input's, fits in `room` (USD); -1 when the input alone does not. */
export const capWithin = (rates: Rates, room: BigDecimal.BigDecimal): number => {
  const left = BigDecimal.subtract(room, rates.input)
  if (BigDecimal.isNegative(left)) return -1
  if (BigDecimal.isZero(rates.perToken)) return Number.MAX_SAFE_INTEGER
  const tokens = BigDecimal.divideUnsafe(left, rates.perToken)
  return Math.min(Number.MAX_SAFE_INTEGER, Math.floor(BigDecimal.toNumberUnsafe(BigDecimal.truncate(tokens))))
}

/** The running cost of a call as its chunks arrive (input with the margin until reported); `undefined` unpriced. */
export class Meter {
  readonly #counter: TokenEstimate.OutputCounter
  #input: number | undefined
  #output = -1
  #cost: Cost.Cost | undefined
  readonly #table: PriceTable.Service
  readonly #basis: CallBasis.Basis
  readonly #inputMargin: number

  /** `inputMargin`: what the estimated input is multiplied by until the provider reports the input. */
  constructor(table: PriceTable.Service, basis: CallBasis.Basis, inputMargin = 1) {
    this.#table = table
    this.#basis = basis
    this.#inputMargin = inputMargin
    this.#counter = new TokenEstimate.OutputCounter(basis.family)
  }

  costOf(fields: Accumulator.Fields): Cost.Cost | undefined {
    const reported = fields.usage
    // Whole tokens, rounded down: the reservation holds the margin's fraction of a token already.
    const input = reported.inputTokens ?? Math.floor(this.#basis.inputTokens() * this.#inputMargin)
    const output = Math.max(this.#counter.count(fields), reported.outputTokens ?? 0)
    if (input === this.#input && output === this.#output) return this.#cost
    this.#input = input
    this.#output = output
    const usage = Usage.make({ ...reported, inputTokens: input, outputTokens: output })
    this.#cost = Result.getOrUndefined(priceOf(this.#table, this.#basis, usage))
    return this.#cost
  }
}
