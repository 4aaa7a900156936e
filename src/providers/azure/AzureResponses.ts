/**
 * The Responses API client of an Azure OpenAI resource: the v1 API (`{endpoint}/openai/v1/responses`) or a
 * dated `api-version`, with an `api-key` header or an Entra ID token.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as Redacted from "effect/Redacted"
import * as Secrets from "../../core/http/Secrets.js"
import * as CompatibleHosts from "../openai-compatible/CompatibleHosts.js"
import * as HostClient from "../openai-compatible/HostClient.js"
import * as ResponsesControls from "../openai-responses/ResponsesControls.js"
import * as ResponsesService from "../openai-responses/ResponsesService.js"

/**
 * How the Responses API client reaches an Azure OpenAI resource: `endpoint`, `apiKey` (the `api-key`
 * header) or `bearerToken` (Entra ID), and optionally a dated `apiVersion` (without one, the v1 API).
 *
 * @since 0.2.0
 * @category Models
 */
export interface ResponsesOptions extends ResponsesService.ClientOptions {
  /** `https://{resource}.openai.azure.com` (or the resource's `/openai/v1` URL). */
  readonly endpoint: string
  /** Sent as the `api-key` header. */
  readonly apiKey?: Redacted.Redacted | undefined
  /** A Microsoft Entra ID token, sent as `Authorization: Bearer`. */
  readonly bearerToken?: Redacted.Redacted | undefined
  /**
   * A dated `api-version` (`2025-04-01-preview`) for `{endpoint}/openai/responses`; without one, the v1 API
   * (`{endpoint}/openai/v1/responses`), which takes none.
   */
  readonly apiVersion?: string | undefined
}

/** The URL of an Azure resource's Responses API (a dated API version goes in the query). */
const azureUrl = (options: Pick<ResponsesOptions, "endpoint" | "apiVersion">): string =>
  options.apiVersion === undefined
    ? `${CompatibleHosts.v1Base(options.endpoint)}/responses`
    : `${options.endpoint.replace(/\/+$/, "").replace(/\/openai(\/v1)?$/, "")}/openai/responses`

/** Makes the Azure OpenAI Responses API client, over the `HttpClient` in context: Azure's row's key header. */
export const make = (
  options: ResponsesOptions
): Effect.Effect<ResponsesService.Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (client) => ({
    stream: ResponsesService.streamChunks(client, {
      provider: "azure",
      url: azureUrl(options),
      secrets: new Secrets.Secrets([options.apiKey, options.bearerToken]),
      controls: ResponsesControls.azure,
      authorize: (request) =>
        HostClient.authorize(CompatibleHosts.presets.azure, options)(
          options.apiVersion === undefined
            ? request
            : HttpClientRequest.setUrlParam(request, "api-version", options.apiVersion)
        )
    }, options)
  }))
