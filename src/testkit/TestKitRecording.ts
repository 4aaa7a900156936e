/**
 * A recorded response body served by an in-memory `HttpClient` to the real provider layers.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import type * as Stream from "effect/Stream"
import type * as LanguageModel from "../app/LanguageModel.js"
import type * as CallResponseChunk from "../core/call/CallResponseChunk.js"
import * as BodyWriter from "../core/framing/BodyWriter.js"
import * as ProviderLayers from "../core/model/ModelLayers.js"
import type * as Provider from "../core/Provider.js"
import type * as ProviderTestKit from "../core/provider/ProviderTestKit.js"
import type * as ProviderError from "../core/ProviderError.js"
import type * as CallRequest from "../core/request/CallRequest.js"
import * as ProviderProfiles from "../providers/ProviderProfiles.js"
import * as ProviderTestKits from "../providers/ProviderTestKits.js"
import * as BodyPieces from "./BodyPieces.js"

/**
 * How a recorded response is served.
 *
 * @since 0.1.0
 * @category Models
 */
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
  /**
   * Byte offsets where the body is cut into pieces, each read on its own (as a network delivers them):
   * `ReplayServer.samples`' `cuts` are at their events. Default: one piece (or the pieces `body` is given as).
   */
  readonly cuts?: ReadonlyArray<number> | undefined
  /** Milliseconds before each piece after the first: a paced stream, whose partial outputs show. Default 0. */
  readonly delayMs?: number | undefined
}

/**
 * The model a recording's `LanguageModel` names when `RecordingOptions.model` is not given.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultRecordingModels: Readonly<Record<CallResponseChunk.Provider, string>> = ProviderTestKits.each(
  ProviderTestKits.testKits,
  (kit) => kit.wire.defaultModel
)

/** The URL the provider layers send to; the in-memory client answers whatever the URL. */
const recordingUrl = "http://recording.invalid"

/** Statuses whose responses have no body (a `Response` with one cannot be built). */
const nullBodyStatuses: ReadonlySet<number> = new Set([101, 103, 204, 205, 304])

/** An answer of an in-memory client: its status, headers and body pieces. */
export interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly pieces: ReadonlyArray<Uint8Array>
}

/** A request as an in-memory client hands it to its answer: its path and body text. */
export interface AnsweredRequest {
  readonly path: string
  readonly body: string
}

const utf8Decoder = new TextDecoder()

const bodyText = (body: HttpClientRequest.HttpClientRequest["body"]): string =>
  body._tag === "Uint8Array" ? utf8Decoder.decode(body.body) : body._tag === "Raw" && typeof body.body === "string"
    ? body.body
    : ""

/**
 * An `HttpClient` answering each request with what `answer` says of it (a fresh stream each time), `delayMs`
 * before each piece after the first.
 */
export const answeringClient = (
  answer: (request: AnsweredRequest) => Answer,
  delayMs: number
): Layer.Layer<HttpClient.HttpClient> =>
  Layer.succeed(
    HttpClient.HttpClient,
    HttpClient.make((request) =>
      Effect.sync(() => {
        const { headers, pieces, status } = answer({
          path: new URL(request.url).pathname,
          body: bodyText(request.body)
        })
        let next = 0
        return HttpClientResponse.fromWeb(
          request,
          new Response(
            nullBodyStatuses.has(status) ? null : new ReadableStream<Uint8Array>({
              async pull(controller) {
                while (next < pieces.length && pieces[next]!.length === 0) next++
                if (next >= pieces.length) return controller.close()
                if (next > 0 && delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs))
                controller.enqueue(pieces[next++]!.slice())
              }
            }),
            { status, headers: { ...headers } }
          )
        )
      })
    )
  )

/** A provider client as a `LanguageModel` takes it: each provider's client streams its own chunk class. */
interface RecordedClient {
  readonly stream: (
    request: CallRequest.ProviderRequest & { readonly baseModel?: string | undefined }
  ) => Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError>
}

/** A provider's client (its test kit's) sending to the in-memory client, under the `LanguageModel` its public module's `model` makes. */
export const providerModel = (
  provider: Provider.Name,
  wire: ProviderTestKit.Wire,
  model: string,
  baseModel: string | undefined
): Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient> =>
  ProviderLayers.languageModel(
    wire.client(recordingUrl) as Effect.Effect<RecordedClient, never, HttpClient.HttpClient>,
    // A compatible host's profile is its row's: its name, no strict tools.
    ProviderProfiles.profileOf(provider) ?? { provider, strictTools: false },
    model,
    wire.baseModel ? { baseModel } : {},
    wire.baseModel ? baseModel : undefined,
    wire.rules
  )

/**
 * A `LanguageModel` layer that answers every call with a recorded response: `body` is what the provider
 * sent (SSE text or bytes; Bedrock's binary event stream as bytes), decoded by the real provider layer
 * over an in-memory `HttpClient`. A recording that ends without the provider's end-of-stream marker
 * fails with `TruncatedStreamError`, an in-stream error event with its error, and an error `status`
 * with the error the provider's error body maps to, exactly as over the network.
 *
 * The body is read in pieces when it is given as pieces or with `cuts` (byte offsets: `ReplayServer.samples`
 * carry theirs, at each event), `delayMs` apart: a stream paced like a model's, whose partial outputs
 * (`CallStream.partialObjects`, text as it arrives) show in a test.
 *
 * @example
 * ```ts
 * import { CallStream, LanguageModel } from "effect-llm-stream"
 * import { ReplayServer, TestKit } from "effect-llm-stream/testing"
 * import { Effect } from "effect"
 * import * as Fs from "node:fs"
 *
 * // A body saved from a real call.
 * const Recorded = TestKit.fromRecording("openai", Fs.readFileSync("recordings/answer.sse"))
 *
 * const program = CallStream.accumulate(LanguageModel.stream("What is 4200 + 42?"))
 * // Effect.runPromise(Effect.provide(program, Recorded)) → content "4200 + 42 equals 4242."
 *
 * // One of the package's recordings, an event every 20 ms.
 * const { body, cuts } = ReplayServer.samples["anthropic"]!
 * const Paced = TestKit.fromRecording("anthropic", body, { cuts, delayMs: 20 })
 *
 * // An HTTP error: fails with RateLimitError, retryAfter 2 seconds.
 * const Limited = TestKit.fromRecording("openai", `{"error":{"message":"slow down","code":"rate_limit_exceeded"}}`, {
 *   status: 429,
 *   headers: { "retry-after": "2" }
 * })
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const fromRecording = (
  provider: CallResponseChunk.Provider,
  body: string | Uint8Array | ReadonlyArray<string | Uint8Array>,
  options: RecordingOptions = {}
): Layer.Layer<LanguageModel.LanguageModel> => {
  // Copies: the recording does not change when the caller's buffers do.
  const bytes = (piece: string | Uint8Array) =>
    typeof piece === "string" ? BodyWriter.utf8.encode(piece) : new Uint8Array(piece)
  const pieces = typeof body === "string" || body instanceof Uint8Array
    ? BodyPieces.splitAt(bytes(body), options.cuts ?? [])
    : body.map(bytes)
  const { wire } = ProviderTestKits.testKits[provider]
  const answer: Answer = {
    status: options.status ?? 200,
    headers: { "content-type": wire.contentType, ...options.headers },
    pieces
  }
  return providerModel(provider, wire, options.model ?? defaultRecordingModels[provider], options.baseModel).pipe(
    Layer.provide(answeringClient(() => answer, options.delayMs ?? 0))
  )
}
