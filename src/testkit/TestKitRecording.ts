/**
 * A recorded response body served by an in-memory `HttpClient` to the real provider layers.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as Anthropic from "../Anthropic.js"
import * as Azure from "../Azure.js"
import * as Bedrock from "../Bedrock.js"
import type * as CallResponseChunk from "../CallResponseChunk.js"
import * as Groq from "../Groq.js"
import type * as LanguageModel from "../LanguageModel.js"
import * as OpenAI from "../OpenAI.js"
import * as TestKitWire from "./TestKitWire.js"

/** How a recorded response is served. */
export interface RecordingOptions {
  /**
   * The model the requests name (`LanguageModel`'s `model`). Bedrock's stream names no model, so its
   * chunks report this one. Defaults to `defaultRecordingModels[provider]`.
   */
  readonly model?: string | undefined
  /** The real model behind an Azure deployment, for pricing (`Azure.model(name, { baseModel })`). */
  readonly baseModel?: string | undefined
  /** The HTTP status of the response (default 200); with an error status, `body` is the error body. */
  readonly status?: number | undefined
  /**
   * Response headers, added to the provider's content type: `x-amzn-requestid` (Bedrock's chunk id),
   * `retry-after`, `x-request-id`, ...
   */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/** The model a recording's `LanguageModel` names when `RecordingOptions.model` is not given. */
export const defaultRecordingModels: Readonly<Record<CallResponseChunk.Provider, string>> = {
  openai: "gpt-4o-mini",
  anthropic: "claude-sonnet-4-5",
  groq: "llama-3.3-70b-versatile",
  azure: "gpt-4o-mini",
  bedrock: "us.amazon.nova-micro-v1:0"
}

/** The URL the provider layers send to; the in-memory client answers whatever the URL. */
const recordingUrl = "http://recording.invalid"

/** Statuses whose responses have no body (a `Response` with one cannot be built). */
const nullBodyStatuses: ReadonlySet<number> = new Set([101, 103, 204, 205, 304])

/** An `HttpClient` answering every request with the same status, headers and body (a fresh stream each time). */
const recordingClient = (
  body: Uint8Array,
  status: number,
  headers: Readonly<Record<string, string>>
): Layer.Layer<HttpClient.HttpClient> =>
  Layer.succeed(
    HttpClient.HttpClient,
    HttpClient.make((request) =>
      Effect.sync(() =>
        HttpClientResponse.fromWeb(
          request,
          new Response(
            nullBodyStatuses.has(status) ? null : new ReadableStream<Uint8Array>({
              start(controller) {
                if (body.length > 0) controller.enqueue(body.slice())
                controller.close()
              }
            }),
            { status, headers: { ...headers } }
          )
        )
      )
    )
  )

const providerModel = (
  provider: CallResponseChunk.Provider,
  model: string,
  baseModel: string | undefined
): Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient> => {
  switch (provider) {
    case "openai":
      return OpenAI.model(model).pipe(Layer.provide(OpenAI.layer({ baseUrl: recordingUrl })))
    case "anthropic":
      return Anthropic.model(model).pipe(Layer.provide(Anthropic.layer({ baseUrl: recordingUrl })))
    case "groq":
      return Groq.model(model).pipe(Layer.provide(Groq.layer({ baseUrl: recordingUrl })))
    case "azure":
      return Azure.model(model, { baseModel }).pipe(
        Layer.provide(Azure.layer({ endpoint: recordingUrl, api: "deployments" }))
      )
    case "bedrock":
      return Bedrock.model(model).pipe(Layer.provide(Bedrock.layer({ region: "us-east-1", baseUrl: recordingUrl })))
  }
}

/** The recorded response as a `LanguageModel` layer. */
export const layer = (
  provider: CallResponseChunk.Provider,
  body: string | Uint8Array,
  options: RecordingOptions = {}
): Layer.Layer<LanguageModel.LanguageModel> =>
  providerModel(provider, options.model ?? defaultRecordingModels[provider], options.baseModel).pipe(
    Layer.provide(
      recordingClient(
        // A copy: the recording does not change when the caller's buffer does.
        typeof body === "string" ? TestKitWire.utf8.encode(body) : new Uint8Array(body),
        options.status ?? 200,
        { "content-type": TestKitWire.contentTypeOf(provider), ...options.headers }
      )
    )
  )
