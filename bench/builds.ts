/**
 * This library's `LanguageModel.stream` as a contestant, made from a build of it: this checkout's (`../src`, as
 * published: bench/published.mjs) or another's (`load(<checkout>)`: its `dist/`, e.g. the previous release), so
 * that two builds can take turns in one process.
 */
import { Effect, Layer, Scope } from "effect"
import { HttpClient, HttpClientResponse } from "effect/http"
import * as Path from "node:path"
import * as Url from "node:url"
import type * as Library from "../src/index.js"
import * as Bodies from "./bodies.js"
import * as Harness from "./harness.js"
import { consume, type Implementation } from "./implementations.js"

export type LibraryModule = typeof Library

/** The library built in `checkout` (its `dist/index.js`). */
export const load = async (checkout: string): Promise<LibraryModule> =>
  (await import(Url.pathToFileURL(Path.resolve(checkout, "dist", "index.js")).href)) as LibraryModule

const models: Record<
  "openai" | "anthropic",
  (library: LibraryModule) => Layer.Layer<Library.LanguageModel.LanguageModel, never, HttpClient.HttpClient>
> = {
  openai: (library) => library.OpenAI.model("gpt-4o").pipe(Layer.provide(library.OpenAI.layer())),
  anthropic: (library) =>
    library.Anthropic.model("claude-sonnet-4-20250514").pipe(Layer.provide(library.Anthropic.layer()))
}

/** The pieces every contestant made here answers its next request with. */
const current: { pieces: ReadonlyArray<Uint8Array> } = { pieces: [] }

/** Makes the next requests of every contestant made here answer with `pieces`. */
export const serve = (pieces: ReadonlyArray<Uint8Array>): void => {
  current.pieces = pieces
}

/**
 * `LanguageModel.stream` of `library` (its layers built once, over an in-memory `HttpClient` answering with the
 * pieces being served), consumed with `Stream.runForEach` through the public API.
 */
export const languageModel = (
  library: LibraryModule,
  provider: "openai" | "anthropic",
  name: string
): Implementation => {
  const http = Layer.succeed(
    HttpClient.HttpClient,
    HttpClient.make((request) =>
      Effect.sync(() =>
        HttpClientResponse.fromWeb(request, Harness.response(current.pieces, Bodies.contentType(provider)))
      )
    )
  )
  const context = Effect.runSync(
    Layer.buildWithScope(models[provider](library).pipe(Layer.provide(http)), Scope.makeUnsafe())
  )
  const run = consume(library.LanguageModel.stream("Write a long story.")).pipe(Effect.provideContext(context))
  return { name, expected: (body) => body.chunks, run: () => Effect.runPromise(run) }
}
