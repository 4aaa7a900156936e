/**
 * The hard bounds of a tool loop, whatever `stopWhen` says: `maxSteps`, `concurrency` and `maxCallsPerStep`.
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
