/**
 * What Azure's row (`CompatibleHosts.presets.azure`) cannot hold as a value: Azure OpenAI serves OpenAI's models, so
 * a deployment's controls and structured output are OpenAI's tables' (`OpenAIModels`), which the compatible core may
 * not import (provider folders import each other without a circle). They are read from the deployment's `baseModel`
 * (a deployment name says nothing; without one the name is read as a model name), and gated by the row's `since`:
 * the first dated `api-version` of each field (an undated one, `preview` or the v1 API's none, takes them all).
 *
 * Controls: as OpenAI's, with Azure's differences (Azure OpenAI reference, "Chat completions - Create"): the end
 * user's id is `user`, the service tier is the deployment's type (no `service_tier` on a request), and `cache` sends
 * no `prompt_cache_key` (Azure caches prefixes by itself; its reference does not document the key). Structured
 * output: `response_format: json_schema` with `strict: true` on the models OpenAI's own table gives it; on the v1
 * API, another provider's model (Foundry's DeepSeek, Llama, Grok) answers through a forced tool. `Output.strategy`
 * overrides either.
 *
 * @internal
 */
import type * as CallRequest from "../../core/request/CallRequest.js"
import type * as ChatControls from "../openai-compatible/ChatControls.js"
import type * as ChatOutput from "../openai-compatible/ChatOutput.js"
import type * as CompatibleHosts from "../openai-compatible/CompatibleHosts.js"
import * as OpenAIModels from "../openai/OpenAIModels.js"

type Request = CallRequest.ProviderRequest & { readonly baseModel?: string | undefined }

/** Model families without the JSON schema response format (as OpenAI's). */
const withoutJsonSchema: ReadonlyArray<RegExp> = [
  /^gpt-35-turbo/,
  /^gpt-3\.5-turbo/,
  /^gpt-4($|-)/,
  /^gpt-4o-2024-05-13$/
]

/** The model a deployment runs: its `baseModel`, else its name. */
const modelOf = (request: Request): string => request.baseModel ?? request.model

/** The first `api-version` with `field`, when the host's dated version is older; else `undefined`. */
const missing = (host: CompatibleHosts.Host, field: "json_schema" | "reasoning_effort"): string | undefined => {
  const first = host.since?.[field]
  const version = host.apiVersion
  return first !== undefined && version !== undefined && /^\d{4}-\d{2}-\d{2}/.test(version) &&
      version.slice(0, 10) < first
    ? first
    : undefined
}

/** How a model on `host` (its API's row) takes structured output; `otherProviders`: the v1 API's other models. */
export const output = (host: CompatibleHosts.Host, otherProviders: boolean): ChatOutput.Policy => (request) => {
  const model = modelOf(request)
  if (otherProviders && OpenAIModels.familyOf(model) === undefined) {
    return { strategy: "tool", nativeStrict: false, toolStrict: false }
  }
  const native = missing(host, "json_schema") === undefined && !withoutJsonSchema.some((pattern) => pattern.test(model))
  return { strategy: native ? "native" : "tool", nativeStrict: true, toolStrict: true }
}

/** What a model on `host` (its API's row) takes of the request controls. */
export const controls = (host: CompatibleHosts.Host): ChatControls.Host =>
  OpenAIModels.chatHost({
    api: "Azure OpenAI",
    modelOf,
    key: false,
    userField: "user",
    serviceTiers: undefined,
    noEffort: () => {
      const first = missing(host, "reasoning_effort")
      return first === undefined
        ? undefined
        : `Azure OpenAI takes reasoning_effort from api-version ${first}-preview on, and this client uses ${host.apiVersion}; set apiVersion on the Azure layer`
    }
  })
