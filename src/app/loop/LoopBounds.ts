/**
 * The hard bounds of a tool loop, whatever `stopWhen` says: `maxSteps`, `concurrency` and `maxCallsPerStep`; and
 * tools of names of their own.
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

/** The first name given twice, if any: among tools, a call of it would run whichever came first. */
export const sharedName = (names: Iterable<string>): string | undefined => {
  const seen = new Set<string>()
  for (const name of names) {
    if (seen.has(name)) return name
    seen.add(name)
  }
  return undefined
}

/**
 * The request's bounds, or what no loop runs with: a bound that is not a whole number of at least 1, or two tools of
 * one name (an MCP server's tool named as the app's would run in its place, without the app's tool's approval).
 */
export const boundsOf = (request: StepEvents.RunRequest): Bounds | string => {
  const shared = sharedName((request.tools ?? []).map((tool) => tool.name))
  if (shared !== undefined) {
    return `two tools are named ${
      JSON.stringify(shared)
    }: each needs a name of its own (an MCP server's tools take a ` +
      "prefix: Mcp.tools({ prefix }))"
  }
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
