/**
 * Attributes the Effect steps a piece of work takes to what each step evaluates: the kind of effect (`OnSuccess`
 * for a `flatMap` or `map`, `Suspend`, `Async` for a callback, `OnSuccessAndFailure` for a `matchCauseEffect`, ...)
 * and the source of the function it runs; for a value handed back to the run loop (`Success`, `Failure`), the
 * continuation it goes to. A stage of a stream shows as the steps its functions take on each pull, so that
 * counting the stages a delta goes through (bench/effect-steps.ts) names them too.
 *
 * It runs the work with a copy of Effect's fiber run loop (`FiberImpl.prototype.runLoop`, Effect 4.1) that records
 * each effect before evaluating it, and puts the original back after: a tool to find where steps go, not a timer.
 * A value a continuation hands straight to the next (Effect's `succeedWith`) counts as a step in the fiber's count
 * (bench/effect-steps.ts) but is not an effect evaluated here: the total here is a step or so per delta lower.
 */
import * as Core from "../node_modules/effect/dist/internal/core.js"
import * as Internal from "../node_modules/effect/dist/internal/effect.js"
import * as Redactable from "../node_modules/effect/dist/Redactable.js"

/** What the run loop's effects and fibers hold, as this module reads them (Effect's internals, untyped). */
type Loose = any

const core = Core as Loose
const internal = Internal as Loose
// The global slot of the fiber running now (not in the module's declarations).
const currentFiberTypeId: string = (Redactable as Loose).currentFiberTypeId

/** A function by its source, on one line and cut short (the same source names one place in the code). */
const sourceOf = (f: unknown): string => typeof f === "function" ? f.toString().replace(/\s+/g, " ").slice(0, 110) : ""

/** What an effect about to be evaluated does, as a label. */
const labelOf = (effect: Loose, fiber: Loose): string => {
  const kind = effect[core.identifier] ?? effect._tag ?? "?"
  if (kind === "Success" || kind === "Failure") {
    const next = fiber._stack[fiber._stack.length - 1]
    if (next === undefined) return `${kind} → (the fiber's end)`
    const f = next.onExit ?? next.payload ?? next[core.contA] ?? next[core.contE] ?? next[core.contAll]
    return `${kind} → ${next[core.identifier] ?? "?"} ${sourceOf(f)}`
  }
  if ("payload" in effect) return `${kind} ${sourceOf(effect.payload) || sourceOf(effect[core.contA])}`
  if (kind === "OnSuccessAndFailure") return `${kind} ${sourceOf(effect[core.contA])}`
  if (kind === "OnFailure") return `${kind} ${sourceOf(effect[core.contE])}`
  return `${kind} ${sourceOf(effect[core.args])}`
}

/** The steps of `work`, counted by label. */
export const attribute = async (work: () => Promise<unknown>): Promise<Map<string, number>> => {
  const proto = internal.FiberImpl.prototype
  const original = proto.runLoop
  const counts = new Map<string, number>()
  // Effect 4.1's `runLoop`, with the line marked `counted` added.
  proto.runLoop = function(this: Loose, effect: Loose) {
    const global = globalThis as Loose
    const prevFiber = global[currentFiberTypeId]
    global[currentFiberTypeId] = this
    const prevRunning = this._running
    this._running = true
    let yielding = false
    let current = effect
    this.currentOpCount = 0
    try {
      while (true) {
        try {
          if (this._deferredInterrupt) {
            this._deferredInterrupt = false
            current = internal.failCause(this._interruptedCause)
          }
          this.currentOpCount++
          const cache = this.cache
          if (!yielding && !cache.preventYield && cache.scheduler.shouldYield(this)) {
            yielding = true
            const prev = current
            current = internal.flatMap(internal.yieldNow, () => prev)
          }
          const label = labelOf(current, this) // counted
          counts.set(label, (counts.get(label) ?? 0) + 1)
          current = cache.tracerContext ? cache.tracerContext(current, this) : current[core.evaluate](this)
          if (current === core.Yield) {
            const yielded = this._yielded
            if (core.ExitTypeId in yielded) {
              this._deferredInterrupt = false
              this._yielded = undefined
              return yielded
            } else if (this._deferredInterrupt) {
              this._yielded = undefined
              yielded()
              continue
            }
            return core.Yield
          }
        } catch (error) {
          current = core.exitDie(error)
        }
      }
    } finally {
      this._running = prevRunning
      global[currentFiberTypeId] = prevFiber
    }
  }
  try {
    await work()
  } finally {
    proto.runLoop = original
  }
  return counts
}

/** The `top` labels of `counts`, most steps first, each as steps per `per` (a delta, an answer). */
export const table = (counts: Map<string, number>, per: number, top: number): string => {
  let total = 0
  for (const count of counts.values()) total += count
  const lines = [...counts].sort((a, b) => b[1] - a[1]).slice(0, top).map(([label, count]) =>
    `${(count / per).toFixed(2).padStart(7)}  ${label}`
  )
  return [`${(total / per).toFixed(1)} steps in all`, ...lines].join("\n")
}
