/**
 * What tests of a UI message stream's endings read of its chunks (`fromStream`'s and `fromSteps`'s): the text sent,
 * whether a chunk carries signed facts, and the endings every converter must give after "Hello": an error's and a
 * defect's.
 */
import { assert } from "@effect/vitest"
import { Cause, Effect, Exit, Stream } from "effect"
import type { UIMessageStream } from "effect-llm-stream"

/** The text of the chunks' text deltas. */
export const text = (chunks: ReadonlyArray<UIMessageStream.Chunk>): string =>
  chunks.flatMap((chunk) => chunk.type === "text-delta" ? [chunk.delta] : []).join("")

/** Whether the chunk is a `message-metadata` chunk carrying signed facts. */
export const signed = (chunk: UIMessageStream.Chunk | undefined): boolean =>
  chunk?.type === "message-metadata" &&
  typeof (chunk.messageMetadata as Record<string, unknown>)["effect-llm-stream/signed"] === "object"

/** A converter under test: the chunks it gives for `self`, and how its stream ended. */
export type Run<A> = <E>(
  self: Stream.Stream<A, E>
) => Effect.Effect<{ readonly chunks: ReadonlyArray<UIMessageStream.Chunk>; readonly exit: Exit.Exit<void, E> }>

/** The chunk types of "Hello" sent as two deltas, from `start` to its last delta. */
export const helloTypes = ["start", "start-step", "text-start", "text-delta", "text-delta"] as const

/**
 * An error after "Hello" (`hello`, two deltas) ends with every chunk before it, the step's signed fact, the error
 * chunk with the text of the converter's `onError` ("it failed"), then the failure.
 */
export const errorEnding = <A>(run: Run<A>, hello: Iterable<A>) =>
  Effect.gen(function*() {
    const { chunks, exit } = yield* run(Stream.concat(Stream.fromIterable(hello), Stream.fail("boom")))
    assert.deepStrictEqual(chunks.map((chunk) => chunk.type), [...helloTypes, "message-metadata", "error"])
    assert.strictEqual(text(chunks), "Hello")
    assert.isTrue(signed(chunks[5]))
    assert.deepStrictEqual(chunks.at(-1), { type: "error", errorText: "it failed" })
    assert.deepStrictEqual(exit, Exit.fail("boom"))
  })

/**
 * A defect after "Hello" ends with every chunk before it, the same text for any defect (never the defect's own),
 * then the defect.
 */
export const defectEnding = <A>(run: Run<A>, hello: Iterable<A>) =>
  Effect.gen(function*() {
    const { chunks, exit } = yield* run(Stream.concat(Stream.fromIterable(hello), Stream.die(new Error("secret"))))
    assert.strictEqual(text(chunks), "Hello")
    assert.deepStrictEqual(chunks.at(-1), { type: "error", errorText: "An internal error occurred." })
    assert.isTrue(Exit.isFailure(exit) && Cause.hasDies(exit.cause))
    assert.notInclude(JSON.stringify(chunks), "secret")
  })
