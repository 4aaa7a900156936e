/**
 * Where spend limits are kept: per key and window length, the amount reserved and settled in the current window,
 * in nanodollars (integers, exact up to $9,007,199). A reservation is the call's worst case, decided atomically
 * with the check (`decide`), and settles to what the call cost (`settle`). Windows are fixed intervals from the
 * Unix epoch (a day is a UTC day) on the store's clock.
 *
 * @internal
 */
import type * as Effect from "effect/Effect"

/** What a call asks to reserve. */
export interface Ask {
  /** The limit's key (the store's own prefix and the window length are added). */
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
  /** The fewest output tokens worth sending the call with: less room is no room (at most `maxTokens` counts). */
  readonly minTokens: number
  /** Now, in epoch milliseconds: the memory store's clock (Redis reads its own). */
  readonly now: number
}

/** A reservation made: the amount held and where. */
export interface Reservation {
  readonly _tag: "Reserved"
  /** The store's entry (key and window length). */
  readonly entry: string
  /** When the window the reservation is in started (epoch milliseconds, the store's clock). */
  readonly start: number
  /** The amount held, in nanodollars. */
  readonly amount: number
  /** The output cap the call is sent with. */
  readonly maxTokens: number
  /** When the window ends (epoch milliseconds, the store's clock). */
  readonly resetsAt: number
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
  /** Moves a reservation to `amount` (nanodollars); a window already over is left as it was (gone). */
  readonly settle: (reservation: Reservation, amount: number) => Effect.Effect<void, Failure>
  /**
   * What `key` spent (reserved and settled) in the window of `windowMillis` now is in, in nanodollars; writes nothing.
   */
  readonly spent: (key: string, windowMillis: number) => Effect.Effect<number, Failure>
}

/** The longest window a store keeps: 2^52 ms, so that its ends stay exact in Redis's doubles. */
export const maxWindowMillis = 2 ** 52

/** The start and end of the window `now` is in. */
export const windowOf = (now: number, windowMillis: number): { readonly start: number; readonly end: number } => {
  const start = now - (now % windowMillis)
  return { start, end: start + windowMillis }
}

/** The decision both stores make, atomically: the most output that fits, up to the call's cap, if `minTokens` fit. */
export const decide = (
  spent: number,
  ask: Pick<Ask, "limit" | "input" | "perToken" | "maxTokens" | "minTokens">
): { readonly maxTokens: number; readonly amount: number } | undefined => {
  const left = ask.limit - spent - ask.input
  const fits = ask.perToken <= 0 ? ask.maxTokens : Math.floor(left / ask.perToken)
  let maxTokens = Math.min(ask.maxTokens, fits)
  // Floating-point division may round one token up: never hold more than is left.
  while (maxTokens >= 1 && Math.ceil(maxTokens * ask.perToken) > left) maxTokens--
  if (left < 0 || maxTokens < Math.max(1, Math.min(ask.minTokens, ask.maxTokens))) return undefined
  return { maxTokens, amount: ask.input + Math.ceil(maxTokens * ask.perToken) }
}
