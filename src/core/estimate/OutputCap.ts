/**
 * The output cap a request is sent with when its cost must fit (a budget's room, a spend limit's): never above
 * what the model takes, which a provider refuses with a 400.
 *
 * @internal
 */
import type * as CallBasis from "./CallBasis.js"

/** The largest cap sent for a model whose own maximum is not known, when nothing else bounds it. */
export const unknownModelCap = 4096

/** The request's own cap: `maxTokens`, else the provider's default, else the model's maximum, else `undefined`. */
export const ownCap = (basis: CallBasis.Basis, maxTokens: number | undefined): number | undefined =>
  maxTokens ?? basis.defaultOutputTokens ?? basis.maxOutputTokens

/**
 * The cap a request is sent with when its cost must fit: the smaller of its own (`ownCap`) and what fits; with
 * none known, what fits only within `unknownModelCap`, which every model takes (above, the running estimate
 * watches it). `undefined`: send as asked; `0`: nothing fits.
 */
export const capFor = (
  basis: CallBasis.Basis,
  maxTokens: number | undefined,
  fits: number
): number | undefined => {
  if (fits < 1) return 0
  const own = ownCap(basis, maxTokens)
  if (own !== undefined) return Math.min(own, fits)
  return fits <= unknownModelCap ? fits : undefined
}
