/**
 * The usage a call is billed for: the provider's report when the stream completed with it, else the totals it
 * never sent, estimated: the input from the request (`CallBasis`), the output from what arrived, or the provider's
 * count so far when more (a cut stream may be billed for tokens it never delivered).
 *
 * @internal
 */
import type * as Accumulator from "../fold/Accumulator.js"
import * as Usage from "../Usage.js"
import type * as CallBasis from "./CallBasis.js"
import * as TokenEstimate from "./TokenEstimate.js"
import * as TokenFamily from "./TokenFamily.js"

/** A call's billed usage and whether any of it is an estimate. */
export interface Billed {
  readonly usage: Usage.Usage
  readonly estimated: boolean
}

/**
 * Whether a response's billed usage is estimated (and its tokens counted): when its stream ended before the
 * provider's end (`cut`), or the provider did not report both the input and the output tokens.
 */
export const estimates = (reported: Usage.Usage, cut: boolean): boolean =>
  cut || reported.inputTokens === undefined || reported.outputTokens === undefined

/** The billed usage of a response: `cut` when its stream ended before the provider's end. */
export const of = (
  fields: Accumulator.Fields,
  basis: CallBasis.Basis | undefined,
  cut: boolean
): Billed => {
  const reported = fields.usage
  if (!estimates(reported, cut)) return { usage: reported, estimated: false }
  const family = basis?.family ?? TokenFamily.other
  const inputTokens = reported.inputTokens ?? basis?.inputTokens()
  const arrived = TokenEstimate.outputTokens(fields, family)
  const outputTokens = reported.outputTokens === undefined
    ? arrived
    : cut
    ? Math.max(reported.outputTokens, arrived)
    : reported.outputTokens
  const estimated = (reported.inputTokens === undefined && inputTokens !== undefined) ||
    outputTokens !== reported.outputTokens
  if (!estimated) return { usage: reported, estimated: false }
  return { usage: Usage.make({ ...reported, inputTokens, outputTokens }), estimated: true }
}
