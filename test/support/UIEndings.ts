/**
 * What tests of a UI message stream's endings read of its chunks (`fromStream`'s and `fromSteps`'s): the text sent,
 * whether a chunk carries signed facts, and the defect's ending every converter must give.
 */
import { assert } from "@effect/vitest"
import { Cause, Exit } from "effect"
import type { UIMessageStream } from "effect-llm-stream"

/** The text of the chunks' text deltas. */
export const text = (chunks: ReadonlyArray<UIMessageStream.Chunk>): string =>
  chunks.flatMap((chunk) => chunk.type === "text-delta" ? [chunk.delta] : []).join("")

/** Whether the chunk is a `message-metadata` chunk carrying signed facts. */
export const signed = (chunk: UIMessageStream.Chunk | undefined): boolean =>
  chunk?.type === "message-metadata" &&
  typeof (chunk.messageMetadata as Record<string, unknown>)["effect-llm-stream/signed"] === "object"

/**
 * A defect after "Hello" ends with every chunk before it, the same text for any defect (never the defect's own),
 * then the defect.
 */
export const assertDefectEnding = (
  chunks: ReadonlyArray<UIMessageStream.Chunk>,
  exit: Exit.Exit<unknown, unknown>
): void => {
  assert.strictEqual(text(chunks), "Hello")
  assert.deepStrictEqual(chunks.at(-1), { type: "error", errorText: "An internal error occurred." })
  assert.isTrue(Exit.isFailure(exit) && Cause.hasDies(exit.cause))
  assert.notInclude(JSON.stringify(chunks), "secret")
}
