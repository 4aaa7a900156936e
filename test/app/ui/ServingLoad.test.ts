/**
 * Many answers at once through one server, checked for correctness, not speed (the speed is measured by
 * `npm run bench -- load`): 32 concurrent answers of 20 deltas each, served by a `node:http` chat server on the
 * public API (test/support/ResumableApp.ts) over a replay model, read by the `ai` package's own parser. On the
 * memory store, every fifth client disconnects after a few chunks and resumes with `after`: every client gets
 * every chunk exactly once and in order, and the text the model sent. The same answers served plain
 * (`fromStream` + `toResponse`) arrive whole too.
 */
import { assert, describe, it } from "@effect/vitest"
import type { UIMessageChunk } from "ai"
import { Effect, Layer, Redacted } from "effect"
import { LanguageModel, OpenAI, StreamStore, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Http from "node:http"
import * as App from "../../support/ResumableApp.js"
import { storeOf } from "../../support/Stores.js"

const answers = 32
const words = 20
/** start, start-step, text-start, the deltas, text-end, the step's signature (message-metadata), finish-step, finish. */
const total = words + 7

const textOf = (chunks: ReadonlyArray<UIMessageChunk>) =>
  chunks.flatMap((chunk) => chunk.type === "text-delta" ? [chunk.delta] : []).join("")

/** What is wrong with one client's chunks, or `undefined`. */
const problem = (chunks: ReadonlyArray<UIMessageChunk>): string | undefined => {
  const types = chunks.map((chunk) => chunk.type)
  const expected = [
    "start",
    "start-step",
    "text-start",
    ...Array(words).fill("text-delta"),
    "text-end",
    "message-metadata",
    "finish-step"
  ]
  if (types.length !== total) return `${types.length} chunks: ${types.join(",")}`
  if (JSON.stringify(types.slice(0, -1)) !== JSON.stringify(expected)) return `out of order: ${types.join(",")}`
  if (textOf(chunks) !== App.chatText(words)) return `text: ${textOf(chunks)}`
  return undefined
}

/** A model answering every request with `words` deltas, one per piece, 1 ms apart. */
const model = Effect.gen(function*() {
  const replay = yield* ReplayServer.make
  const { body, cuts } = App.chatBody(words)
  return replay.serve({ headers: { "content-type": "text/event-stream" }, body, cuts, delayMs: 1 })
})

describe(`${answers} answers at once, each of ${words} deltas`, () => {
  it.live(
    "resumable on the memory store, a fifth of the clients dropping and resuming: every chunk once, in order",
    () =>
      Effect.gen(function*() {
        const modelUrl = yield* model
        const server = yield* App.instance(yield* storeOf(StreamStore.layerMemory()), modelUrl)
        const one = async (index: number): Promise<string | undefined> => {
          const id = `load-${process.pid}-${index}-${Math.random().toString(36).slice(2)}`
          const posted = await fetch(`${server.url}/chat/${id}`, { method: "POST" })
          if (index % 5 !== 0) return problem(await App.readChunks(posted))
          const first = await App.readChunks(posted, 3 + (index % words))
          const rest = await App.readChunks(await fetch(`${server.url}/chat/${id}/stream?after=${first.length}`))
          return problem([...first, ...rest])
        }
        const problems = yield* Effect.promise(() => Promise.all(Array.from({ length: answers }, (_, i) => one(i))))
        assert.deepStrictEqual(problems.filter((found) => found !== undefined), [])
        assert.strictEqual(server.endings.length, answers)
        assert.isTrue(server.endings.every((ending) => ending._tag === "Completed"))
      }),
    60_000
  )

  it.live("plain (fromStream + toResponse): every chunk once, in order", () =>
    Effect.gen(function*() {
      const modelUrl = yield* model
      const context = yield* Layer.build(
        OpenAI.model("gpt-4o-mini").pipe(
          Layer.provide(OpenAI.layer({ apiKey: Redacted.make("k"), baseUrl: modelUrl })),
          Layer.provide(FetchHttpClient.layer)
        )
      )
      const server = Http.createServer(async (_request, response) => {
        const answer = await Effect.runPromise(
          UIMessageStream.toResponse(UIMessageStream.fromStream(LanguageModel.stream("Say the words"))).pipe(
            Effect.provide(context)
          )
        )
        response.writeHead(answer.status, Object.fromEntries(answer.headers))
        for await (const piece of answer.body!) response.write(piece)
        response.end()
      })
      yield* Effect.acquireRelease(
        Effect.callback<void>((resume) => void server.listen(0, "127.0.0.1", () => resume(Effect.void))),
        () => Effect.sync(() => server.close())
      )
      const { port } = server.address() as { readonly port: number }
      const problems = yield* Effect.promise(() =>
        Promise.all(
          Array.from(
            { length: answers },
            async () => problem(await App.readChunks(await fetch(`http://127.0.0.1:${port}/chat`, { method: "POST" })))
          )
        )
      )
      assert.deepStrictEqual(problems.filter((found) => found !== undefined), [])
    }), 60_000)
})
