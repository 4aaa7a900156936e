// The same program as stream-openai.mjs written with effect/http alone: a POST to Chat Completions, the
// body's SSE lines split and parsed, the text printed as it arrives, the HTTP status checked. The baseline
// of the browser-bundle size check.
import { Effect, Redacted, Stream } from "effect"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "effect/http"

const apiKey = Redacted.make("browser-test-key")

const program = Effect.gen(function*() {
  const client = yield* HttpClient.HttpClient
  const response = yield* client.execute(
    HttpClientRequest.post(`${globalThis.consumerBaseUrls.openai}/chat/completions`).pipe(
      HttpClientRequest.bearerToken(apiKey),
      HttpClientRequest.bodyJsonUnsafe({
        model: "gpt-4o-mini",
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: "user", content: "What is 4200 + 42?" }]
      })
    )
  )
  if (response.status !== 200) return yield* Effect.fail(new Error(`HTTP ${response.status}`))
  let text = ""
  yield* response.stream.pipe(
    Stream.decodeText(),
    Stream.splitLines,
    Stream.filter((line) => line.startsWith("data: ") && line !== "data: [DONE]"),
    Stream.runForEach((line) =>
      Effect.sync(() => (text += JSON.parse(line.slice("data: ".length)).choices[0]?.delta?.content ?? ""))
    )
  )
  return text
})

program.pipe(Effect.provide(FetchHttpClient.layer), Effect.runPromise).then(
  (text) => globalThis.report({ text }),
  (error) => globalThis.report({ error: String(error) })
)
