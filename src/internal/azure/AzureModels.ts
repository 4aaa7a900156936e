/**
 * What an Azure endpoint supports for structured output. Azure OpenAI deployments take `response_format:
 * json_schema` with `strict: true` from API version `2024-08-01-preview` on (the default, `2024-10-21`, does),
 * on the models OpenAI's own table gives it (a deployment's `baseModel` names the model; a deployment name
 * says nothing, so it is taken as a current model). Azure AI Inference endpoints serve many model families
 * whose JSON modes differ: they answer through a forced tool, which they all take. `Output.strategy`
 * overrides either.
 *
 * @internal
 */
import type * as ChatOutput from "../chat/ChatOutput.js"
import type * as CallRequest from "../request/CallRequest.js"

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
