/**
 * What an Azure endpoint's models take. Azure OpenAI serves OpenAI's models, so a deployment's family is
 * OpenAI's (`OpenAIModels`), read from its `baseModel` (a deployment name says nothing; without a `baseModel`
 * the name is read as a model name).
 *
 * Request controls: as OpenAI's, with Azure's differences: the end user's id is `user` (Azure OpenAI
 * reference, "Chat completions - Create"), `reasoning_effort` needs an `api-version` of `2024-12-01-preview` or
 * later (the version that added it to the reference; the v1 API takes it), the service tier is the
 * deployment's type (no `service_tier` on a request), and `cache` sends no `prompt_cache_key` (Azure caches
 * prefixes by itself; its reference does not document the key).
 *
 * Structured output: Azure OpenAI deployments take `response_format: json_schema` with `strict: true` from API
 * version `2024-08-01-preview` on (the default, `2024-10-21`, does), on the models OpenAI's own table gives it.
 * Azure AI Inference endpoints serve many model families whose JSON modes differ: they answer through a forced
 * tool, which they all take. `Output.strategy` overrides either.
 *
 * @internal
 */
import type * as CallRequest from "../../core/request/CallRequest.js"
import type * as ChatControls from "../openai-compatible/ChatControls.js"
import type * as ChatOutput from "../openai-compatible/ChatOutput.js"
import * as OpenAIModels from "../openai/OpenAIModels.js"

/** The first API version of Azure OpenAI with the JSON schema response format. */
const firstJsonSchemaVersion = "2024-08-01"

/** Model families without the JSON schema response format (as OpenAI's). */
const withoutJsonSchema: ReadonlyArray<RegExp> = [
  /^gpt-35-turbo/,
  /^gpt-3\.5-turbo/,
  /^gpt-4($|-)/,
  /^gpt-4o-2024-05-13$/
]

/** Azure's table, for an endpoint's API and API version. */
export const support =
  (api: "deployments" | "inference", apiVersion: string) =>
  (request: CallRequest.ProviderRequest & { readonly baseModel?: string | undefined }): ChatOutput.Support => {
    if (api === "inference") return { strategy: "tool", nativeStrict: false, toolStrict: false }
    const model = request.baseModel ?? request.model
    const dated = /^\d{4}-\d{2}-\d{2}/.test(apiVersion)
    const native = (!dated || apiVersion.slice(0, 10) >= firstJsonSchemaVersion) &&
      !withoutJsonSchema.some((pattern) => pattern.test(model))
    return { strategy: native ? "native" : "tool", nativeStrict: true, toolStrict: true }
  }

/**
 * Azure's table for the v1 API, which serves every model of a resource, OpenAI's and other providers' (Foundry's
 * DeepSeek, Llama, Grok, ...): an OpenAI model (its `baseModel`, else the deployment's name) takes the JSON schema
 * response format as a deployment of the newest API version does; any other answers through a forced tool, as the
 * inference endpoints' models do.
 */
export const v1Support = (
  request: CallRequest.ProviderRequest & { readonly baseModel?: string | undefined }
): ChatOutput.Support =>
  OpenAIModels.familyOf(request.baseModel ?? request.model) === undefined
    ? support("inference", "v1")(request)
    : support("deployments", "v1")(request)

/** The first API version of Azure OpenAI with `reasoning_effort`. */
const firstEffortVersion = "2024-12-01"

/**
 * Azure's host, for an endpoint's API and API version (Azure AI Inference endpoints serve other families
 * too, and their API versions are not Azure OpenAI's: what their model takes is left to it).
 */
export const host = (api: "deployments" | "inference", apiVersion: string): ChatControls.Host =>
  OpenAIModels.chatHost({
    api: "Azure OpenAI",
    modelOf: (request: CallRequest.ProviderRequest & { readonly baseModel?: string | undefined }) =>
      request.baseModel ?? request.model,
    key: false,
    userField: "user",
    serviceTiers: undefined,
    noEffort: () =>
      api === "deployments" && /^\d{4}-\d{2}-\d{2}/.test(apiVersion) && apiVersion.slice(0, 10) < firstEffortVersion
        ? `Azure OpenAI takes reasoning_effort from api-version ${firstEffortVersion}-preview on, and this client uses ${apiVersion}; set apiVersion on the Azure layer`
        : undefined
  })
