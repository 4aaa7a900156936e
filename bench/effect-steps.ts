/**
 * Counts the Effect steps a piece of work takes: how many effects the fiber run loop evaluates (each `flatMap`,
 * `suspend`, `succeed`, callback... is one) and how many times a fiber's run loop is entered (a fiber started, or
 * resumed after it waited: on the serving path, once per network read). A count, not a time: the machine's load
 * does not change it, so two builds compare exactly. It wraps the run loop of Effect's fiber (an internal module,
 * `effect/dist/internal/effect.js`) for the duration of the work only.
 */
import * as Internal from "../node_modules/effect/dist/internal/effect.js"

interface Fiber {
  readonly currentOpCount: number
}

/** The steps and run-loop entries of `work`. */
export const count = async (work: () => Promise<unknown>): Promise<{ steps: number; entries: number }> => {
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
