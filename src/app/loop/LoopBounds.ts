/**
 * The hard bounds of a tool loop, whatever the model asks and whatever `stopWhen` says: how many steps it takes
 * (`maxSteps`), how many handlers run at once (`concurrency`), and how many calls of one step are run at all
 * (`maxCallsPerStep`; the calls past it are answered with an error result, their handlers never run: see
 * `StepDecision.planCalls`).
 *
 * @internal
 */
import type * as StepEvents from "./StepEvents.js"

/** A loop's bounds, read from its request. */
export interface Bounds {
  readonly concurrency: number | "unbounded"
  readonly maxSteps: number
  readonly maxCallsPerStep: number
}

/** The request's bounds, or which of them is not a whole number of at least 1. */
export const boundsOf = (request: StepEvents.RunRequest): Bounds | string => {
  // The defaults, unless the request says otherwise.
  const bounds = {
    concurrency: request.concurrency ?? 8,
    maxSteps: request.maxSteps ?? 20,
    maxCallsPerStep: request.maxCallsPerStep ?? 32
  }
  for (const [name, value] of Object.entries(bounds)) {
    if (value !== "unbounded" && !(Number.isSafeInteger(value) && value >= 1)) {
      return `${name} is ${value}: a whole number of at least 1${name === "concurrency" ? ", or \"unbounded\"" : ""}`
    }
  }
  return bounds
}
