/**
 * The output said once: a stream made with a request's `output` carries it, so `CallStream.object` and
 * `partialObjects` take no argument and are typed from the request; given one, it must be of the request's
 * type, and the answer is read as the request asked for it (its name, its strategy) whatever form the view was
 * given; on a stream whose request asked for no output they are a type error, and an `OutputError` for code
 * that escapes the types. Over real HTTP (the replay server) with OpenAI's recorded forced-tool answer and
 * Anthropic's recorded `output_config.format` answer (test/fixtures/structured-output/SOURCES.md).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, type Layer, Schema, Stream } from "effect"
import { CallStream, LanguageModel, Message, Output } from "effect-llm-stream"
import type { CallResponseChunk } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as RecordedModels from "../../support/RecordedModels.js"

/** The Schema of the recordings' requests (Mirascope's end-to-end `Book`). */
const Author = Schema.Struct({ first_name: Schema.String, last_name: Schema.String })
const Book = Schema.Struct({ title: Schema.String, author: Author, rating: Schema.Int })
const book = { title: "THE NAME OF THE WIND", author: { first_name: "Patrick", last_name: "Rothfuss" }, rating: 7 }
/** The recorded call to a forced tool is to this name: the request must say it, the view need not. */
const named = Output.make(Book, { name: "__mirascope_formatted_output_tool__" })
const messages = [Message.user("Please recommend the most popular book by Patrick Rothfuss")]

const served = (folder: RecordedModels.Folder, file: string, model: string) =>
  Effect.map(ReplayServer.make, (server) => {
    const body = Fixtures.bytes("structured-output", file)
    const baseUrl = server.serve({
      headers: { "content-type": "text/event-stream" },
      body,
      cuts: ReplayServer.randomCuts(body.length, 7, 40)
    })
    return RecordedModels.model(folder, baseUrl, clients[0]![1], { model })
  })
const openAITool = served("openai", "openai-tool.sse", "gpt-4o")
const anthropicNative = served("anthropic", "anthropic-json-outputs.sse", "claude-sonnet-4-5")

/** The error of an effect that escaped the types, run against `model`. */
const escaped = (effect: unknown) => (model: Layer.Layer<LanguageModel.LanguageModel>) =>
  Effect.flip(Effect.provide(effect as Effect.Effect<unknown, unknown, LanguageModel.LanguageModel>, model))

describe("the output said once", () => {
  it.effect("object and partialObjects with no argument read the request's output, typed from it", () =>
    Effect.gen(function*() {
      const model = yield* openAITool
      const stream = LanguageModel.stream({ messages, output: named })
      const value = yield* stream.pipe(CallStream.object(), Effect.provide(model))
      // Typed from the request: a `Book`, not `unknown`.
      const rating: number = value.rating
      assert.strictEqual(rating, 7)
      assert.deepStrictEqual(value, book)
      const partials = yield* CallStream.partialObjects(stream).pipe(Stream.runCollect, Effect.provide(model))
      const title: string | undefined = partials.at(-1)?.title
      assert.strictEqual(title, book.title)
      assert.deepStrictEqual(partials.at(-1), book)
      assert.isAbove(partials.length, 1)
      // Data-first, and through operators that pass the chunks on.
      const again = yield* CallStream.object(stream.pipe(Stream.tap(() => Effect.void), Stream.rechunk(3))).pipe(
        Effect.provide(model)
      )
      assert.deepStrictEqual(again, book)
    }))

  it.effect("each chunk names its request's output in its field requestedOutput, left out of keys and JSON", () =>
    Effect.gen(function*() {
      const model = yield* openAITool
      const chunks = yield* LanguageModel.stream({ messages, output: named }).pipe(
        Stream.runCollect,
        Effect.provide(model)
      )
      assert.isAbove(chunks.length, 1)
      for (const chunk of chunks) {
        assert.strictEqual(chunk.requestedOutput, named)
        assert.notInclude(Object.keys(chunk), "requestedOutput")
        assert.notInclude(JSON.stringify(chunk), "requestedOutput")
      }
      // A call without output says so on its first chunk.
      const plain = yield* LanguageModel.stream({ messages }).pipe(Stream.runCollect, Effect.provide(model))
      assert.strictEqual(plain[0]!.requestedOutput, "none")
    }))

  it.effect("a named Output in the request, the bare Schema in the view: the request's name is read", () =>
    Effect.gen(function*() {
      const model = yield* openAITool
      const stream = LanguageModel.stream({ messages, output: named })
      assert.deepStrictEqual(yield* stream.pipe(CallStream.object(Book), Effect.provide(model)), book)
      const partials = yield* stream.pipe(CallStream.partialObjects(Book), Stream.runCollect, Effect.provide(model))
      assert.deepStrictEqual(partials.at(-1), book)
      // An Output of another name in the view: still the request's.
      assert.deepStrictEqual(
        yield* stream.pipe(CallStream.object(Output.make(Book, { name: "book" })), Effect.provide(model)),
        book
      )
    }))

  it.effect("a native answer, with no argument", () =>
    Effect.gen(function*() {
      const model = yield* anthropicNative
      const value = yield* LanguageModel.stream({ messages, output: Output.make(Book, { name: "Book" }) }).pipe(
        CallStream.object(),
        Effect.provide(model)
      )
      assert.deepStrictEqual(value, book)
    }))

  it.effect("a request without output: a type error, and an OutputError saying the request asked for none", () =>
    Effect.gen(function*() {
      const model = yield* anthropicNative
      const plain = LanguageModel.stream({ messages })
      // @ts-expect-error: the request has no output
      const noArgument = yield* escaped(plain.pipe(CallStream.object()))(model)
      // With a Schema the types allow it (a stream built by hand says nothing of its request): the request
      // still asked for none.
      const given = yield* Effect.flip(plain.pipe(CallStream.object(Book), Effect.provide(model)))
      // @ts-expect-error: the request has no output
      const partial = yield* escaped(Stream.runDrain(CallStream.partialObjects(plain)))(model)
      for (const error of [noArgument, given, partial]) {
        assert.instanceOf(error, Output.OutputError)
        assert.strictEqual((error as Output.OutputError).reason, "no-output")
        assert.include((error as Output.OutputError).message, "the request asked for no output")
      }
    }))

  it.effect("a view given another type than the request's does not type-check", () =>
    Effect.gen(function*() {
      const model = yield* openAITool
      const Other = Schema.Struct({ name: Schema.String })
      const stream = LanguageModel.stream({ messages, output: named })
      // @ts-expect-error: the request asked for a Book
      const failed = yield* escaped(stream.pipe(CallStream.object(Other)))(model)
      // At run time, the request's answer decoded by the view's Schema: it does not match.
      assert.strictEqual((failed as Output.OutputError).reason, "schema-mismatch")
    }))

  it.effect("a stream that says nothing of its request: the view's output; without one, an OutputError", () =>
    Effect.gen(function*() {
      const byHand: Stream.Stream<CallResponseChunk.CallResponseChunk> = Stream.empty
      // @ts-expect-error: chunks typed without their request's output
      const unsaid = yield* Effect.flip(CallStream.object(byHand))
      assert.strictEqual(unsaid.reason, "no-output")
      assert.include(unsaid.message, "does not carry its request's output")
      const given = yield* Effect.flip(CallStream.object(byHand, Book))
      assert.include(given.message, "the response has no answer")
    }))
})
