/**
 * The hard bounds of a tool loop, whatever the model asks and whatever `stopWhen` says: how many steps it takes
 * (`maxSteps`), how many handlers run at once (`concurrency`), and how many calls of one step are run at all
 * (`maxCallsPerStep`; the calls past it are answered with an error result, their handlers never run: see
 * `StepDecision.planCalls`).
 *
 * @internal
 */
import type * as StepEvents from "./StepEvents.js"

/** How many handlers of a step run at once unless the request says otherwise. */
export const defaultConcurrency = 8

/** The most steps a loop takes unless the request says otherwise. */
export const defaultMaxSteps = 20

/** The most calls of one step that are run unless the request says otherwise. */
export const defaultMaxCallsPerStep = 32

/** A loop's bounds, read from its request. */
export interface Bounds {
  readonly concurrency: number | "unbounded"
  readonly maxSteps: number
  readonly maxCallsPerStep: number
}

/** The request's bounds, or which of them is not a whole number of at least 1. */
export const boundsOf = (request: StepEvents.RunRequest): Bounds | string => {
  const bounds = {
    concurrency: request.concurrency ?? defaultConcurrency,
    maxSteps: request.maxSteps ?? defaultMaxSteps,
    maxCallsPerStep: request.maxCallsPerStep ?? defaultMaxCallsPerStep
  }
  for (const [name, value] of Object.entries(bounds)) {
    if (value !== "unbounded" && !(Number.isSafeInteger(value) && value >= 1)) {
      return `${name} is ${value}: a whole number of at least 1${name === "concurrency" ? ", or \"unbounded\"" : ""}`
    }
  }
  return bounds
}
