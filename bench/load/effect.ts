/**
 * Effect's own HTTP client used by hand (mode `effect`), a reference row: the floor's answer (bench/load/floor.ts:
 * the same request, the same SSE splitting and chunks written by hand) with the model asked through
 * `FetchHttpClient` and its body read as `response.stream` with `Stream.decodeText`, in a fiber per answer. What
 * an Effect server of these answers pays before any library: the gap between it and the floor is Effect's, the
 * gap between this library and it the library's.
 */
import { Effect, ManagedRuntime, Stream } from "effect"
import { FetchHttpClient, HttpBody, HttpClient } from "effect/http"
import type * as Http from "node:http"
import { type Contestant, type Options, readBody } from "./contestant.js"
import { convert, promptOf, requestBody, writeStart } from "./floor.js"

export const make = async (options: Options): Promise<Contestant> => {
  const runtime = ManagedRuntime.make(FetchHttpClient.layer)
  await runtime.runPromise(Effect.void)
  const serve = (id: string, prompt: string, response: Http.ServerResponse) =>
    Effect.gen(function*() {
      const http = yield* HttpClient.HttpClient
      const upstream = yield* http.post(`${options.modelUrl}/chat/completions`, {
        body: HttpBody.text(requestBody(prompt), "application/json")
      })
      writeStart(response, id)
      let buffer = ""
      yield* upstream.stream.pipe(
        Stream.decodeText(),
        Stream.runForEach((text) =>
          Effect.sync(() => {
            const [out, rest] = convert(buffer + text)
            buffer = rest
            if (out !== "") response.write(out)
          })
        )
      )
      response.end()
    }).pipe(Effect.catchCause(() => Effect.sync(() => void response.destroy())))
  return {
    answer: async (id, request, response) => {
      const prompt = promptOf(await readBody(request))
      const abort = new AbortController()
      response.on("close", () => abort.abort())
      return runtime.runPromise(serve(id, prompt, response), { signal: abort.signal })
    }
  }
}
