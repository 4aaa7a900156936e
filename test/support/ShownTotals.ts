/**
 * The totals a page showed: the cost (and the steps) of each metadata the `ai` client took for an answer, in order,
 * each once, checked never to go down (a shown total never goes down, docs/ui.md "Metadata, with the cost").
 */
import { assert } from "@effect/vitest"
import { BigDecimal } from "effect"
import type { NodeChat } from "./NodeChat.js"

/** The totals the metadata the client took showed, in order, each once: they never go down. */
export const totalsOf = (chat: NodeChat): Array<string> => {
  const totals: Array<string> = []
  for (const metadata of chat.metadataSeen) {
    if (metadata.cost !== undefined && metadata.cost !== totals.at(-1)) totals.push(metadata.cost)
  }
  for (const [index, total] of totals.entries()) {
    if (index === 0) continue
    const before = BigDecimal.fromStringUnsafe(totals[index - 1]!)
    assert.isFalse(BigDecimal.isLessThan(BigDecimal.fromStringUnsafe(total), before), `went down: ${totals.join(", ")}`)
  }
  return totals
}

/** The steps the metadata the client took showed, in order, each once: they never go down. */
export const stepsOf = (chat: NodeChat): Array<number> => {
  const steps: Array<number> = []
  for (const metadata of chat.metadataSeen) {
    if (typeof metadata.steps === "number" && metadata.steps !== steps.at(-1)) steps.push(metadata.steps)
  }
  for (const [index, count] of steps.entries()) {
    if (index > 0) assert.isAtLeast(count, steps[index - 1]!, `went down: ${steps.join(", ")}`)
  }
  return steps
}
