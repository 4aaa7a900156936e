/**
 * Where spend limits are kept: per key and window, the amount reserved and settled, in nanodollars (integers,
 * exact up to $9,007,199 in a window). A reservation is the call's worst case: its estimated input and the most
 * output that fits in what is left, up to the call's own cap (`reserve` decides the cap, atomically with the
 * check). When the call ends, its reservation settles to what it cost (`settle`). Windows are fixed intervals
 * from the Unix epoch (a day is a UTC day); a window's entry expires when it ends.
 *
 * @internal
 */
import type * as Effect from "effect/Effect"

/** What a call asks to reserve. */
export interface Ask {
  /** The limit's key (the store's own prefix and the window are added). */
  readonly key: string
  readonly windowMillis: number
  /** The limit, in nanodollars. */
  readonly limit: number
  /** The estimated input's cost, in nanodollars. */
  readonly input: number
  /** One output token's cost, in nanodollars (not an integer). */
  readonly perToken: number
  /** The most output tokens the call may ask for (its own cap). */
  readonly maxTokens: number
  /** Now, in epoch milliseconds. */
  readonly now: number
}

/** A reservation made: the amount held and where. */
export interface Reservation {
  readonly _tag: "Reserved"
  /** The store's entry (key and window). */
  readonly entry: string
  /** The amount held, in nanodollars. */
  readonly amount: number
  /** The output cap the call is sent with. */
  readonly maxTokens: number
}

/** No room: what the window holds, and when it ends. */
export interface Full {
  readonly _tag: "Full"
  readonly spent: number
  readonly resetsAt: number
}

/** A store's failure, with a message that never names its URL. */
export interface Failure {
  readonly message: string
}

/** A store of spend limits. */
export interface Store {
  readonly reserve: (ask: Ask) => Effect.Effect<Reservation | Full, Failure>
  /** Settles a reservation to `amount` (nanodollars); a window already over is left as it was (gone). */
  readonly settle: (reservation: Reservation, amount: number) => Effect.Effect<void, Failure>
}

/** The start and end of the window `now` is in. */
export const windowOf = (now: number, windowMillis: number): { readonly start: number; readonly end: number } => {
  const start = Math.floor(now / windowMillis) * windowMillis
  return { start, end: start + windowMillis }
}

/**
 * The decision both stores make, atomically: the cap is the most output that fits after what the window holds
 * and the input, up to the call's own; with no room for one token, nothing is reserved.
 */
export const decide = (
  spent: number,
  ask: Pick<Ask, "limit" | "input" | "perToken" | "maxTokens">
): { readonly maxTokens: number; readonly amount: number } | undefined => {
  const left = ask.limit - spent - ask.input
  const fits = ask.perToken <= 0 ? ask.maxTokens : Math.floor(left / ask.perToken)
  let maxTokens = Math.min(ask.maxTokens, fits)
  // Floating-point division may round one token up: never hold more than is left.
  while (maxTokens >= 1 && Math.ceil(maxTokens * ask.perToken) > left) maxTokens--
  if (left < 0 || maxTokens < 1) return undefined
  return { maxTokens, amount: ask.input + Math.ceil(maxTokens * ask.perToken) }
}
