/**
 * The value of a structured-output call (a request with `output`): `object`, the final value, and
 * `partialObjects`, the value so far each time it grows. Both read the answer from the response's text (a native
 * JSON mode) or the arguments of the tool named after the output (the tool strategy). `CallStream` re-exports them.
 *
 * @since 0.3.0
 */
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as ObjectFold from "../fold/ObjectFold.js"
import * as Output from "../Output.js"
import type * as CallResponseChunk from "./CallResponseChunk.js"

export { OutputError } from "../Output.js"
export type { DeepPartial } from "../Output.js"

/** Tells `object(stream)` and `object(stream, output)` from `object(output)` (a Schema or an `Output`). */
const isDataFirst = (args: IArguments): boolean => args.length === 2 || Stream.isStream(args[0])

/**
 * The final value of a structured-output call, decoded by the Schema of the request's `output`, once the
 * stream has ended. With no argument it reads the output the stream carries (`LanguageModel.OutputStream`); a
 * Schema or an `Output` given must be of the request's type (on chunks built by hand, it is the output read).
 *
 * It fails with an `OutputError`, carrying the raw text, when there is no valid value (not JSON, several values,
 * a value the Schema refuses, a refusal, an answer cut by the token limit, no answer, no output asked for).
 *
 * @example
 * ```ts
 * import { CallStream, LanguageModel, Message } from "effect-llm-stream"
 * import { Effect, Schema } from "effect"
 *
 * const Book = Schema.Struct({ title: Schema.String, author: Schema.String, year: Schema.Int })
 *
 * const program = Effect.gen(function*() {
 *   const book = yield* LanguageModel.stream({ messages: [Message.user("Recommend a fantasy book")], output: Book })
 *     .pipe(CallStream.object())
 *   return `${book.title} by ${book.author} (${book.year})`
 * })
 * ```
 *
 * @since 0.3.0
 * @category Structured output
 */
export const object: {
  <C extends CallResponseChunk.Common & Output.Requested<any>, E, R>(
    self: Stream.Stream<C, E, R>
  ): Effect.Effect<Output.RequestedOf<C>, E | Output.OutputError, R>
  (): <C extends CallResponseChunk.Common & Output.Requested<any>, E, R>(
    self: Stream.Stream<C, E, R>
  ) => Effect.Effect<Output.RequestedOf<C>, E | Output.OutputError, R>
  <C extends CallResponseChunk.Common & Output.Accepts<A>, E, R, A, I>(
    self: Stream.Stream<C, E, R>,
    output: Output.Input<A, I>
  ): Effect.Effect<A, E | Output.OutputError, R>
  <A, I>(
    output: Output.Input<A, I>
  ): <C extends CallResponseChunk.Common & Output.Accepts<A>, E, R>(
    self: Stream.Stream<C, E, R>
  ) => Effect.Effect<A, E | Output.OutputError, R>
} = /* @__PURE__ */ dual(
  isDataFirst,
  <C extends CallResponseChunk.Common, E, R>(
    self: Stream.Stream<C, E, R>,
    output?: Output.Input
  ): Effect.Effect<unknown, E | Output.OutputError, R> =>
    // The stage ends with the value or fails: its last element is the value.
    Effect.map(Stream.runLast(ObjectFold.stream(self, output, false)), Option.getOrThrow)
)

/**
 * The value of a structured-output call as it streams: a partial value each time it has grown (at most one per
 * batch of chunks, paced so the work stays linear), then the final value decoded by the Schema. Partials only
 * grow (a field never disappears or changes type; a number appears once complete) and no value equals the one
 * before it. It reads the output and fails as `object` does.
 *
 * @example
 * ```ts
 * import { CallStream, LanguageModel, Message } from "effect-llm-stream"
 * import { Console, Schema, Stream } from "effect"
 *
 * const Story = Schema.Struct({ title: Schema.String, paragraphs: Schema.Array(Schema.String) })
 *
 * const program = LanguageModel.stream({ messages: [Message.user("Write a short story")], output: Story }).pipe(
 *   CallStream.partialObjects(),
 *   Stream.runForEach((story) => Console.log(story.title, story.paragraphs?.length ?? 0))
 * )
 * ```
 *
 * @since 0.3.0
 * @category Structured output
 */
export const partialObjects: {
  <C extends CallResponseChunk.Common & Output.Requested<any>, E, R>(
    self: Stream.Stream<C, E, R>
  ): Stream.Stream<Output.DeepPartial<Output.RequestedOf<C>>, E | Output.OutputError, R>
  (): <C extends CallResponseChunk.Common & Output.Requested<any>, E, R>(
    self: Stream.Stream<C, E, R>
  ) => Stream.Stream<Output.DeepPartial<Output.RequestedOf<C>>, E | Output.OutputError, R>
  <C extends CallResponseChunk.Common & Output.Accepts<A>, E, R, A, I>(
    self: Stream.Stream<C, E, R>,
    output: Output.Input<A, I>
  ): Stream.Stream<Output.DeepPartial<A>, E | Output.OutputError, R>
  <A, I>(
    output: Output.Input<A, I>
  ): <C extends CallResponseChunk.Common & Output.Accepts<A>, E, R>(
    self: Stream.Stream<C, E, R>
  ) => Stream.Stream<Output.DeepPartial<A>, E | Output.OutputError, R>
} = /* @__PURE__ */ dual(
  isDataFirst,
  <C extends CallResponseChunk.Common, E, R>(
    self: Stream.Stream<C, E, R>,
    output?: Output.Input
  ): Stream.Stream<unknown, E | Output.OutputError, R> => ObjectFold.stream(self, output, true)
)
