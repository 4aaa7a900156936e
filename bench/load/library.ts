/**
 * This library serving the load benchmark's answers (modes `plain`, `memory`, `redis`), on its public API as
 * docs/ui.md's Node server does: `readRequest` → `toMessages` → `LanguageModel.stream` (`OpenAI.layerModel` over the
 * loopback model, asking with the client it asks with when given none, or `BENCH_LOAD_CLIENT`'s) → `fromStream`
 * (signed history metadata, usage and cost in `finish`, the `Redaction`) → `toNodeResponse` (mode `plain`), or
 * `resumable` with an owner (modes `memory` and `redis`, `StreamStore.layerMemory` / `layerRedis`) then
 * `toNodeResponse`; a resume is `resume` (same owner) then `toNodeResponse`, 204 for an unknown stream.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type * as Http from "node:http"
import type { Contestant, Options } from "./contestant.js"
import * as HttpClientChoice from "./httpclient.js"

/** Whose stream this is: a real server derives it from its session; here each browser is a user of its own. */
const ownerOf = (id: string) => `load-${id}`

/**
 * The library's modules the server uses: from the package's root (`effect-llm-stream`, every module loaded), or
 * with `LOAD_IMPORTS=subpaths` from the subpaths a server needs (`effect-llm-stream/OpenAI`, ...), which load
 * only those (no MCP client, no durable engines).
 */
const imported = async () => {
  if (process.env.LOAD_IMPORTS !== "subpaths") return import("../../src/index.js")
  const [LanguageModel, OpenAI, StreamStore, UIMessageStream] = await Promise.all([
    import("../../src/app/LanguageModel.js"),
    import("../../src/providers/openai/OpenAI.js"),
    import("../../src/app/store/StreamStore.js"),
    import("../../src/app/ui/UIMessageStream.js")
  ])
  return { LanguageModel, OpenAI, StreamStore, UIMessageStream }
}

export const make = async (options: Options): Promise<Contestant> => {
  const { LanguageModel, OpenAI, StreamStore, UIMessageStream } = await imported()
  const model = await HttpClientChoice.model(OpenAI, options)
  const store = options.mode === "redis"
    ? StreamStore.layerRedis({ url: options.redisUrl!, ttl: "2 minutes" })
    : StreamStore.layerMemory({ ttl: "2 minutes" })
  const runtime = ManagedRuntime.make(Layer.merge(model, store))
  // The layers built before the server listens, as docs/ui.md's server does.
  await runtime.runPromise(Effect.void)

  const answer = (id: string, request: Http.IncomingMessage, response: Http.ServerResponse) =>
    UIMessageStream.readRequest(request).pipe(
      Effect.flatMap(UIMessageStream.toMessages),
      Effect.flatMap(({ messages }) => {
        const chunks = LanguageModel.stream({ messages }).pipe(UIMessageStream.fromStream({ messageId: `m-${id}` }))
        return options.mode === "plain"
          ? UIMessageStream.toNodeResponse(chunks, response)
          : chunks.pipe(
            UIMessageStream.resumable({ streamId: id, owner: ownerOf(id) }),
            Effect.flatMap(UIMessageStream.toNodeResponse(response))
          )
      }),
      Effect.catch((error) =>
        UIMessageStream.toNodeResponse(Response.json({ error: error.message }, { status: 400 }), response)
      )
    )

  const resume = (id: string, after: number | undefined, response: Http.ServerResponse) =>
    UIMessageStream.resume(id, { after, owner: ownerOf(id) }).pipe(
      Effect.flatMap(UIMessageStream.toNodeResponse(response)),
      Effect.catch(() => UIMessageStream.toNodeResponse(new Response(null, { status: 204 }), response))
    )

  return {
    answer: (id, request, response) => runtime.runPromise(answer(id, request, response)),
    resume: (id, after, response) => runtime.runPromise(resume(id, after, response))
  }
}
