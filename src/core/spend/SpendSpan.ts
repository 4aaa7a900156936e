/**
 * A call's spend on its telemetry span: the request it is estimated from, and the attributes
 * (`effect_llm_stream.spend.*`) that say what the call is billed for and whether that is an estimate.
 *
 * @internal
 */
import * as Option from "effect/Option"
import type * as Tracer from "effect/Tracer"
import * as CallResponse from "../call/CallResponse.js"
import type * as CallResponseChunk from "../call/CallResponseChunk.js"
import type * as PriceTable from "../call/PriceTable.js"
import * as CallBasis from "../estimate/CallBasis.js"
import * as SpendUsage from "../estimate/SpendUsage.js"
import * as TokenFamily from "../estimate/TokenFamily.js"
import type * as Accumulator from "../fold/Accumulator.js"
import type * as CallRequest from "../request/CallRequest.js"
import type * as Usage from "../Usage.js"

/** The basis of a stream instrumented by hand: the request as sent, its tokens counted the generic way. */
export const basisOf = (provider: CallResponseChunk.Name, request: CallRequest.ProviderRequest): CallBasis.Basis =>
  new CallBasis.Basis(provider, request.model, request.model, { family: TokenFamily.other }, request)

/** What a call is billed for (`CallResponse.spend`), its cost in USD when a price table was provided. */
export interface SpendRecord {
  readonly usage: Usage.Usage
  readonly costInUsd: number | undefined
  readonly estimated: boolean
}

export const spendOf = (
  accumulator: Accumulator.Accumulator,
  priceTable: Option.Option<PriceTable.Service>,
  basis: CallBasis.Basis | undefined,
  cut: boolean
): SpendRecord => {
  if (basis === undefined) return { usage: accumulator.usage, costInUsd: undefined, estimated: false }
  const billed = SpendUsage.of(accumulator, basis, cut)
  const cost = Option.flatMap(
    priceTable,
    (table) => CallResponse.fromAccumulator(accumulator, table, { spendBasis: basis, cut }).spend.cost
  )
  return { usage: billed.usage, costInUsd: Option.getOrUndefined(cost)?.usd, estimated: billed.estimated }
}

/** The spend on the span: `effect_llm_stream.spend.estimated`, and the estimated tokens and cost when it is. */
export const record = (span: Tracer.Span, spend: SpendRecord, costInUsd: number | undefined): void => {
  span.attribute("effect_llm_stream.spend.estimated", spend.estimated)
  const { inputTokens, outputTokens } = spend.usage
  if (inputTokens !== undefined) span.attribute("effect_llm_stream.spend.input_tokens", inputTokens)
  if (outputTokens !== undefined) span.attribute("effect_llm_stream.spend.output_tokens", outputTokens)
  const usd = spend.estimated ? spend.costInUsd : costInUsd
  if (usd !== undefined) span.attribute("effect_llm_stream.spend.cost_usd", usd)
}
