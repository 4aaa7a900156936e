import { Effect, Result, Stream } from "effect"
import { CallResponse, LanguageModel } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import * as Fixtures from "../../support/Fixtures.js"

/** Runs a stream, keeping every element it emitted and how it ended (so chunks before a failure are visible). */
export const collect = <A, E, R>(
  stream: Stream.Stream<A, E, R>
): Effect.Effect<{ readonly chunks: ReadonlyArray<A>; readonly result: Result.Result<void, E> }, never, R> =>
  Effect.suspend(() => {
    const chunks: Array<A> = []
    return stream.pipe(
      Stream.runForEach((chunk) => Effect.sync(() => chunks.push(chunk))),
      Effect.result,
      Effect.map((result) => ({ chunks, result }))
    )
  })

/**
 * Streams a recorded body of `provider`'s as a call does (`TestKit.fromRecording`, the call's own decoding): every
 * chunk, how the stream ended, and the response the chunks make.
 */
export const recorded = (
  provider: Parameters<typeof TestKit.fromRecording>[0],
  body: string | Uint8Array,
  model: string
) =>
  collect(LanguageModel.stream("hi")).pipe(
    Effect.provide(TestKit.fromRecording(provider, body, { model })),
    Effect.map(({ chunks, result }) => ({
      chunks,
      result,
      response: chunks.reduce(CallResponse.append, CallResponse.empty)
    }))
  )

/** The failure of a stream that was expected to fail. */
export const failureOf = <E>(result: Result.Result<void, E>): E => {
  if (Result.isSuccess(result)) throw new Error("expected the stream to fail, but it succeeded")
  return result.failure
}

/** The chunks of a recorded Anthropic stream (`test/fixtures/<folder>/<name>`), decoded as a call streams them. */
export const anthropicChunks = (folder: string, name: string) =>
  Stream.runCollect(LanguageModel.stream("hi")).pipe(
    Effect.provide(TestKit.fromRecording("anthropic", Fixtures.bytes(folder, name))),
    Effect.map((chunks) => Array.from(chunks))
  )
