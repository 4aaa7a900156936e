/**
 * Gemini steps written as the Gemini API streams them (`streamGenerateContent?alt=sse`: one
 * `GenerateContentResponse` per `data:` event), with function calls sent without an `id`, as Gemini may send
 * them and Vertex AI does; and a request's `contents` as Gemini reads them.
 */
import { Layer, Redacted } from "effect"
import { Google } from "effect-llm-stream"
import type { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import type * as HttpClient from "effect/http/HttpClient"

/** Gemini 2.5 Flash on the Gemini API at `baseUrl` (a replay server), through `client` (default: fetch). */
export const model = (baseUrl: string, client: Layer.Layer<HttpClient.HttpClient> = FetchHttpClient.layer) =>
  Google.model("gemini-2.5-flash").pipe(
    Layer.provide(Google.layer({ apiKey: Redacted.make("gm-test-key"), baseUrl })),
    Layer.provide(client)
  )

const sse = (response: object) => ({
  headers: { "content-type": "text/event-stream" },
  body: `data: ${JSON.stringify(response)}\r\n\r\n`
})

const response = (n: number, parts: ReadonlyArray<object>) => ({
  candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }],
  usageMetadata: { promptTokenCount: 100 * n, candidatesTokenCount: 10, totalTokenCount: 100 * n + 10 },
  modelVersion: "gemini-2.5-flash",
  responseId: `resp-${n}`
})

/** Step `n`: function calls, without ids unless given one (a provider that repeats ids). */
export const calls = (
  n: number,
  made: ReadonlyArray<{ readonly name: string; readonly args: object; readonly id?: string }>
) => sse(response(n, made.map((call) => ({ functionCall: call }))))

/** Step `n`: an answer. */
export const text = (n: number, answer: string) => sse(response(n, [{ text: answer }]))

/** The `contents` of a request Gemini received. */
export const contents = (request: ReplayServer.RecordedRequest): ReadonlyArray<any> => JSON.parse(request.body).contents

/** A `refund` call (`id`: a provider that repeats ids). */
export const refund = (order: string, usd: number, id?: string) => ({
  name: "refund",
  args: { order, usd },
  ...(id === undefined ? {} : { id })
})

/** A model turn with one `refund` call sent without an id, and the user turn answering it by name. */
export const refunded = (order: string, usd: number) => [
  { role: "model", parts: [{ functionCall: { name: "refund", args: { order, usd } } }] },
  {
    role: "user",
    parts: [{ functionResponse: { name: "refund", response: { result: `refunded ${order} ($${usd})` } } }]
  }
]
