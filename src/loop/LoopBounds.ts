/**
 * The hard bounds of a tool loop, whatever the model asks and whatever `stopWhen` says: how many steps it takes
 * (`maxSteps`), how many handlers run at once (`concurrency`), and how many calls of one step are run at all
 * (`maxCallsPerStep`; the calls past it are answered with an error result, their handlers never run).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type * as Tool from "../Tool.js"
import type * as StepEvents from "./StepEvents.js"
import * as ToolRuns from "./ToolRuns.js"

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

const isCount = (value: number): boolean => Number.isSafeInteger(value) && value >= 1

/** The request's bounds, or what is wrong with one of them. */
export const boundsOf = (request: StepEvents.RunRequest): Bounds | string => {
  const concurrency = request.concurrency ?? defaultConcurrency
  const maxSteps = request.maxSteps ?? defaultMaxSteps
  const maxCallsPerStep = request.maxCallsPerStep ?? defaultMaxCallsPerStep
  if (concurrency !== "unbounded" && !isCount(concurrency)) {
    return `concurrency is ${concurrency}: a whole number of at least 1, or "unbounded"`
  }
  if (!isCount(maxSteps)) return `maxSteps is ${maxSteps}: a whole number of at least 1`
  if (!isCount(maxCallsPerStep)) return `maxCallsPerStep is ${maxCallsPerStep}: a whole number of at least 1`
  return { concurrency, maxSteps, maxCallsPerStep }
}

/** A step's calls within the bound, and the error answers of those past it (their handlers never run). */
export const capCalls = <E, R>(
  step: number,
  calls: ReadonlyArray<Tool.ToolCall>,
  max: number
): {
  readonly run: ReadonlyArray<Tool.ToolCall>
  readonly refused: ReadonlyArray<Effect.Effect<StepEvents.ToolResultEvent, E, R>>
} => {
  if (calls.length <= max) return { run: calls, refused: [] }
  const text = `not run: this step made ${calls.length} tool calls, over the limit of ${max} per step; ` +
    "make fewer calls at a time"
  return {
    run: calls.slice(0, max),
    refused: calls.slice(max).map((call) => Effect.succeed(ToolRuns.answered(step, call, text, text, true)))
  }
}
