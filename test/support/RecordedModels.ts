/**
 * Every recorded body of every provider folder under `test/fixtures/`, and the model layer that calls a replay
 * server serving it: for tests that run the same check over all recordings, through the public API.
 */
import { type Duration, Effect, Layer, Redacted } from "effect"
import { Anthropic, Azure, Bedrock, Google, Groq, LanguageModel, OpenAI, OpenAIResponses } from "effect-llm-stream"
import type { CallResponse } from "effect-llm-stream"
import type { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import type * as HttpClient from "effect/http/HttpClient"
import * as Fixtures from "../../support/Fixtures.js"

/** A folder of recordings: a provider, or OpenAI's Responses API. */
export type Folder = "openai" | "anthropic" | "groq" | "azure" | "bedrock" | "openai-responses" | "google"

export const folders: ReadonlyArray<Folder> = [
  "openai",
  "anthropic",
  "groq",
  "azure",
  "bedrock",
  "openai-responses",
  "google"
]

/** A recorded body, as the provider sent it. */
export interface Recording {
  readonly folder: Folder
  readonly name: string
  readonly body: Uint8Array
}

/** The recorded streams of a folder. */
export const recordings = (folder: Folder): ReadonlyArray<Recording> =>
  folder === "bedrock"
    ? Fixtures.files("bedrock", ".eventstream.b64").map((file) => ({
      folder,
      name: file,
      body: Fixtures.body("bedrock", file)
    }))
    : Fixtures.streams(folder).map((name) => ({ folder, name, body: Fixtures.bytes(folder, `${name}.sse`) }))

/** The content type a folder's bodies are served with. */
export const contentType = (folder: Folder): string =>
  folder === "bedrock" ? "application/vnd.amazon.eventstream" : "text/event-stream"

/** A recorded SSE body of `test/fixtures/<folder>/<name>`, as the replay server serves it. */
export const served = (folder: string, name: string) => ({
  headers: { "content-type": "text/event-stream" },
  body: Fixtures.bytes(folder, name)
})

/** Client options every provider layer takes. */
export interface ClientOptions {
  readonly timeouts?: { readonly firstByte?: Duration.Input; readonly idle?: Duration.Input } | undefined
}

const key = Redacted.make("k")

/** The model layer of a folder, calling `baseUrl` through `client`. */
export const model = (
  folder: Folder,
  baseUrl: string,
  client: Layer.Layer<HttpClient.HttpClient>,
  options: ClientOptions & { readonly model?: string | undefined; readonly baseModel?: string | undefined } = {}
): Layer.Layer<LanguageModel.LanguageModel> => {
  const client_ = { timeouts: options.timeouts }
  const layer = (() => {
    switch (folder) {
      case "openai":
        return OpenAI.model(options.model ?? "gpt-4o").pipe(
          Layer.provide(OpenAI.layer({ apiKey: key, baseUrl, ...client_ }))
        )
      case "anthropic":
        return Anthropic.model(options.model ?? "claude-sonnet-4-5").pipe(
          Layer.provide(Anthropic.layer({ apiKey: key, baseUrl, ...client_ }))
        )
      case "groq":
        return Groq.model(options.model ?? "llama-3.3-70b-versatile").pipe(
          Layer.provide(Groq.layer({ apiKey: key, baseUrl, ...client_ }))
        )
      case "azure":
        return Azure.model(
          options.model ?? "d",
          options.baseModel === undefined ? {} : { baseModel: options.baseModel }
        )
          .pipe(Layer.provide(Azure.layer({ endpoint: baseUrl, api: "deployments", apiKey: key, ...client_ })))
      case "bedrock":
        return Bedrock.model(options.model ?? "us.amazon.nova-micro-v1:0").pipe(
          Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: key, baseUrl, ...client_ }))
        )
      case "openai-responses":
        return OpenAIResponses.model(options.model ?? "gpt-4o").pipe(
          Layer.provide(OpenAIResponses.layer({ apiKey: key, baseUrl, ...client_ }))
        )
      case "google":
        return Google.model(options.model ?? "gemini-2.5-flash").pipe(
          Layer.provide(Google.layer({ apiKey: key, baseUrl, ...client_ }))
        )
    }
  })()
  return layer.pipe(Layer.provide(client)) as Layer.Layer<LanguageModel.LanguageModel>
}

/** A recorded answer of a folder's model: where it is, the file it plays, the model asked. */
export interface Answerer {
  readonly folder: Folder
  readonly answer: string
  readonly model?: string | undefined
}

/**
 * Runs the tool loop on `request` with `target`'s model (or the one `layer` makes) answering its recorded `answer` from
 * `server`; the body the model was sent first, parsed.
 */
export const firstRequest = (
  server: ReplayServer.ReplayServer,
  target: Answerer,
  request: Parameters<typeof LanguageModel.runToolsToEnd>[0],
  layer: (baseUrl: string) => Layer.Layer<LanguageModel.LanguageModel> = (baseUrl) =>
    model(target.folder, baseUrl, FetchHttpClient.layer, target)
) =>
  Effect.gen(function*() {
    const baseUrl = server.serve({
      headers: { "content-type": contentType(target.folder) },
      body: Fixtures.body(target.folder, target.answer)
    })
    yield* LanguageModel.runToolsToEnd(request).pipe(Effect.provide(layer(baseUrl)))
    return JSON.parse(server.requests(baseUrl)[0]!.body)
  })

/**
 * A folder's model answering each of `times` calls with the recording `name`, from `server`: its layer, and the URL
 * its requests are read at.
 */
export const replaying = (
  server: ReplayServer.ReplayServer,
  folder: Folder,
  name: string,
  times: number,
  options: ClientOptions & { readonly model?: string | undefined } = {}
) => {
  const recorded = { headers: { "content-type": contentType(folder) }, body: Fixtures.body(folder, name) }
  const baseUrl = server.serve(Array.from({ length: times }, () => recorded))
  return { baseUrl, layer: model(folder, baseUrl, FetchHttpClient.layer, options) }
}

/**
 * The ids of a response's calls whose arguments are not JSON (none at all are `{}`): a call cut mid-arguments, as in
 * Mirascope's gpt-5-mini recording stopped at its output cap. A loop answers such a call itself, with a failed result
 * the model reads; effect/ai's stream fails, as it does for any call it cannot decode.
 */
export const cutCalls = (response: CallResponse.CallResponse): ReadonlyArray<string> =>
  response.toolCalls.filter((call) => {
    try {
      JSON.parse(call.arguments.trim() === "" ? "{}" : call.arguments)
      return false
    } catch {
      return true
    }
  }).map((call) => call.id)
