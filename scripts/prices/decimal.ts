/**
 * Prices as exact integers: a rate in USD per million tokens is held as an integer number of
 * micro-dollars per million tokens (= picodollars per token), the unit `Cost.compute` bills in.
 */

/** A rate in micro-USD per million tokens. `2.5` USD/M is `2_500_000n`. */
export type Micro = bigint

const decimalPattern = /^\d+(\.\d{1,6})?$/

/** `"2.5"` → `2_500_000n`. Fails on anything but a plain decimal with at most 6 decimals. */
export const parse = (price: string): Micro => {
  if (!decimalPattern.test(price)) throw new Error(`not a price with at most 6 decimals: ${price}`)
  const [whole, fraction = ""] = price.split(".")
  return BigInt(whole!) * 1_000_000n + BigInt(fraction.padEnd(6, "0"))
}

/** `2_500_000n` → `"2.5"`. */
export const format = (micro: Micro): string => {
  if (micro < 0n) throw new Error(`negative price: ${micro}`)
  const whole = micro / 1_000_000n
  const fraction = (micro % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "")
  return fraction === "" ? whole.toString() : `${whole}.${fraction}`
}

/**
 * A float read from a source, scaled by `scale` (1e6 for USD per million, 1e12 for USD per token), as
 * an exact micro-dollar amount. Fails when the float is not within rounding noise of such an amount,
 * i.e. when the source's price needs more than 6 decimals per million tokens.
 */
export const fromFloat = (value: number, scale: number): Micro => {
  if (!Number.isFinite(value) || value < 0) throw new Error(`not a price: ${value}`)
  const scaled = value * scale
  const rounded = Math.round(scaled)
  if (Math.abs(scaled - rounded) > 1e-6 * Math.max(1, Math.abs(scaled))) {
    throw new Error(`${value} needs more than 6 decimals per million tokens`)
  }
  return BigInt(rounded)
}

/** `micro × numerator / denominator`, exactly; `undefined` when the result is not a whole micro-dollar. */
export const scale = (micro: Micro, numerator: bigint, denominator: bigint): Micro | undefined =>
  (micro * numerator) % denominator === 0n ? (micro * numerator) / denominator : undefined

/** A multiplier such as `"1.1"` or `"0.5"` as an exact fraction. */
export const ratio = (multiplier: string): readonly [bigint, bigint] => [parse(multiplier), 1_000_000n]
