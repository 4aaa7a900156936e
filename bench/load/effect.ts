/**
 * Effect's own HTTP client used by hand, reference rows: the floor's answer (bench/load/floor.ts: the same request,
 * the same SSE splitting and chunks written by hand) with the model asked through `FetchHttpClient`, in a fiber per
 * answer. Mode `effect` reads the body as `response.stream` with `Stream.decodeText`, as an Effect server written by
 * hand would; mode `effect-web` reads the web body under it with a reader (`HttpClientResponse.toWeb`), as this
 * library does: the gap between `effect-web` and the floor is the client's, between the library and it the
 * library's.
 */
import { Effect, ManagedRuntime, Option, Stream } from "effect"
import { FetchHttpClient, HttpBody, HttpClient, HttpClientResponse } from "effect/http"
import type * as Http from "node:http"
import { type Contestant, type Options, readBody } from "./contestant.js"
import { convert, promptOf, requestBody, writeStart } from "./floor.js"

/** Reads a web body to its end, handing each piece's text to `write`. */
const readWeb = async (body: ReadableStream<Uint8Array>, write: (text: string) => void) => {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return
    write(decoder.decode(value, { stream: true }))
  }
}

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
      const write = (text: string) => {
        const [out, rest] = convert(buffer + text)
        buffer = rest
        if (out !== "") response.write(out)
      }
      const web = options.mode === "effect-web" ? HttpClientResponse.toWeb(upstream) : Option.none()
      yield* Option.isSome(web) && web.value.body !== null
        ? Effect.promise(() => readWeb(web.value.body!, write))
        : upstream.stream.pipe(Stream.decodeText(), Stream.runForEach((text) => Effect.sync(() => write(text))))
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
