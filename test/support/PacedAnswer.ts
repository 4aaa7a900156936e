/**
 * A paced answer for tests of how a served stream is written: UI chunks with `deltas` text deltas (`d0 `, `d1 `, ...),
 * one a pull, each made by an effect of the test's (which may wait, or look at what was written so far), and what
 * to read back of it.
 */
import { Effect, Fiber, Stream } from "effect"
import type { UIMessageStream } from "effect-llm-stream"

/** The text delta `i`. */
export const delta = (i: number): UIMessageStream.Chunk => ({ type: "text-delta", id: "t", delta: `d${i} ` })

/** An answer of `deltas` text deltas, one a pull, each made by `make` (which may wait). */
export const answer = (deltas: number, make: (i: number) => Effect.Effect<UIMessageStream.Chunk>) =>
  Stream.concat(
    Stream.make<Array<UIMessageStream.Chunk>>({ type: "start" }, { type: "text-start", id: "t" }),
    Stream.range(0, deltas - 1).pipe(Stream.rechunk(1), Stream.mapEffect(make))
  ).pipe(Stream.concat(Stream.make({ type: "text-end", id: "t" }, { type: "finish" })))

/** The text of `deltas` deltas. */
export const text = (deltas: number): string => Array.from({ length: deltas }, (_, i) => `d${i} `).join("")

/** The deltas' text in what was written or stored. */
export const deltasIn = (body: string): string =>
  [...body.matchAll(/"delta":"(d\d+ )"/g)].map((match) => match[1]).join("")

/**
 * An answer whose generation pauses after its first delta (the writer has the head meanwhile, and waits for what
 * comes next), then makes the rest at once; `generations` collects the fibers that made them (the generation's).
 */
export const writtenInGeneration = (deltas: number) => {
  const generations = new Set<Fiber.Fiber<unknown, unknown> | undefined>()
  const stream = answer(deltas, (i) =>
    i === 1
      ? Effect.as(Effect.sleep("30 millis"), delta(i))
      : Effect.sync(() => {
        generations.add(Fiber.getCurrent())
        return delta(i)
      }))
  return { stream, generations }
}
