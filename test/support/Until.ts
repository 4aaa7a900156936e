/**
 * Waiting for a condition in a test that runs in real time: polled until it holds or a generous deadline passes, so
 * a loaded machine's stall makes the test slower, not red, and a condition that never holds still fails it.
 */
import { Effect } from "effect"

/** Waits (up to `timeout` ms) until `condition` holds: whether it does. */
export const until = (condition: () => boolean, timeout = 5_000): Effect.Effect<boolean> =>
  untilEffect(Effect.sync(condition), timeout)

/** Waits (up to `timeout` ms) until the effect `condition` succeeds with `true`: whether it did. */
export const untilEffect = (condition: Effect.Effect<boolean>, timeout = 5_000): Effect.Effect<boolean> =>
  Effect.gen(function*() {
    const start = Date.now()
    while (!(yield* condition)) {
      if (Date.now() - start > timeout) return false
      yield* Effect.sleep("10 millis")
    }
    return true
  })
