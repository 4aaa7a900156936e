/**
 * Spend limits in this process's memory: one entry per key and window, dropped when its window ends (swept as
 * the store is used, so nothing outlives its window by more than the next call).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as SpendStore from "./SpendStore.js"

export const make = (): SpendStore.Store => {
  const entries = new Map<string, { spent: number; readonly end: number }>()
  const sweep = (now: number) => {
    for (const [entry, window] of entries) if (window.end <= now) entries.delete(entry)
  }
  return {
    reserve: (ask) =>
      Effect.sync(() => {
        sweep(ask.now)
        const window = SpendStore.windowOf(ask.now, ask.windowMillis)
        const entry = `${ask.key}\u0000${window.start}`
        const spent = entries.get(entry)?.spent ?? 0
        const decided = SpendStore.decide(spent, ask)
        if (decided === undefined) return { _tag: "Full", spent, resetsAt: window.end }
        entries.set(entry, { spent: spent + decided.amount, end: window.end })
        return { _tag: "Reserved", entry, amount: decided.amount, maxTokens: decided.maxTokens }
      }),
    settle: (reservation, amount) =>
      Effect.sync(() => {
        const window = entries.get(reservation.entry)
        if (window !== undefined) window.spent = Math.max(0, window.spent + amount - reservation.amount)
      })
  }
}
