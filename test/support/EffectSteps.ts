/**
 * Counts the Effect steps a piece of work takes (the effects the fiber run loop evaluates), as bench/effect-steps.ts
 * counts them: a count the machine's load does not move, for tests that hold a path to a budget of steps.
 */
import * as Internal from "../../node_modules/effect/dist/internal/effect.js"

interface Fiber {
  readonly currentOpCount: number
}

/**
 * The Effect steps `work` takes, counted while it runs, and how many times a fiber's run loop was entered (a fiber
 * started, or resumed after it waited).
 */
export const count = async (
  work: () => Promise<unknown>
): Promise<{ readonly steps: number; readonly entries: number }> => {
  const proto = (Internal as unknown as { FiberImpl: { prototype: { runLoop: (effect: unknown) => unknown } } })
    .FiberImpl.prototype
  const runLoop = proto.runLoop
  let steps = 0
  let entries = 0
  proto.runLoop = function(this: Fiber, effect: unknown) {
    try {
      return runLoop.call(this, effect)
    } finally {
      steps += this.currentOpCount
      entries++
    }
  }
  try {
    await work()
  } finally {
    proto.runLoop = runLoop
  }
  return { steps, entries }
}
