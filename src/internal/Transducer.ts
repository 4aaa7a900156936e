/**
 * A synchronous, stateful Stream stage: each upstream Chunk is processed in one call, without an Effect
 * per element, and the stage may end the stream early (a terminator) or fail after emitting what came
 * before the failure.
 *
 * @internal
 */
import * as Channel from "effect/Channel"
import * as Chunk from "effect/Chunk"
import * as Stream from "effect/Stream"

/** @internal */
export interface Step<B, E> {
  readonly out: Array<B>
  /** `"continue"`: read more; `"done"`: end the stream after `out`; `"fail"`: fail with `error` after `out`. */
  readonly next: "continue" | "done" | "fail"
  readonly error?: E | undefined
}

/** @internal */
export interface Transducer<A, B, E> {
  readonly push: (input: Chunk.Chunk<A>) => Step<B, E>
  /** Called when upstream ends; decides between a clean end and an error (truncation). */
  readonly end: () => Step<B, E>
}

/** @internal */
export const transduce =
  <A, B, E2>(make: () => Transducer<A, B, E2>) => <E, R>(self: Stream.Stream<A, E, R>): Stream.Stream<B, E | E2, R> =>
    Stream.pipeThroughChannel(
      self,
      Channel.suspend(() => {
        const transducer = make()
        const emit = (
          step: Step<B, E2>,
          proceed: Channel.Channel<Chunk.Chunk<B>, Chunk.Chunk<A>, E | E2, E, unknown, unknown>
        ): Channel.Channel<Chunk.Chunk<B>, Chunk.Chunk<A>, E | E2, E, unknown, unknown> => {
          const written = step.out.length > 0 ? Channel.write(Chunk.unsafeFromArray(step.out)) : Channel.void
          switch (step.next) {
            case "continue":
              return step.out.length > 0 ? Channel.zipRight(written, proceed) : proceed
            case "done":
              return written
            case "fail":
              return Channel.zipRight(written, Channel.fail(step.error as E2))
          }
        }
        const loop: Channel.Channel<Chunk.Chunk<B>, Chunk.Chunk<A>, E | E2, E, unknown, unknown> = Channel
          .readWithCause({
            onInput: (input: Chunk.Chunk<A>) => emit(transducer.push(input), loop),
            onFailure: (cause) => Channel.failCause(cause),
            onDone: () => emit(transducer.end(), Channel.void)
          })
        return loop
      })
    )
