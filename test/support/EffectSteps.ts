/**
 * Counts the Effect steps a piece of work takes (the effects the fiber run loop evaluates), as bench/effect-steps.ts
 * counts them: a count the machine's load does not move, for tests that hold a path to a budget of steps.
 */
import * as Internal from "../../node_modules/effect/dist/internal/effect.js"

interface Fiber {
  readonly currentOpCount: number
}

/** The Effect steps `work` takes, counted while it runs. */
export const count = async (work: () => Promise<unknown>): Promise<number> => {
  const proto = (Internal as unknown as { FiberImpl: { prototype: { runLoop: (effect: unknown) => unknown } } })
    .FiberImpl.prototype
  const runLoop = proto.runLoop
  let steps = 0
  proto.runLoop = function(this: Fiber, effect: unknown) {
    try {
      return runLoop.call(this, effect)
    } finally {
      steps += this.currentOpCount
    }
  }
  try {
    await work()
  } finally {
    proto.runLoop = runLoop
  }
  return steps
}
