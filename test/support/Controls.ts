/**
 * Each API's request encoding over a whole request (controls included), for the tests of the request
 * controls: the body an API would be sent, or why the request is refused before sending.
 */
import { Result, Schema } from "effect"
import type { LanguageModel } from "effect-llm-stream"
import { Message, Tool } from "effect-llm-stream"
import type * as CallRequest from "../../src/core/request/CallRequest.js"
import * as AnthropicRequest from "../../src/providers/anthropic/AnthropicRequest.js"
import * as AzureModels from "../../src/providers/azure/AzureModels.js"
import * as BedrockRequest from "../../src/providers/bedrock/BedrockRequest.js"
import * as ChatParts from "../../src/providers/openai-compatible/ChatParts.js"
import * as ChatRequest from "../../src/providers/openai-compatible/ChatRequest.js"
import * as CompatibleHosts from "../../src/providers/openai-compatible/CompatibleHosts.js"
import * as HostClient from "../../src/providers/openai-compatible/HostClient.js"
import * as ResponsesControls from "../../src/providers/openai-responses/ResponsesControls.js"
import * as ResponsesRequest from "../../src/providers/openai-responses/ResponsesRequest.js"
import * as OpenAIService from "../../src/providers/openai/OpenAIService.js"

export type Api = "openai" | "azure" | "groq" | "responses" | "azure-responses" | "anthropic" | "bedrock"

export const apis: ReadonlyArray<Api> = [
  "openai",
  "azure",
  "groq",
  "responses",
  "azure-responses",
  "anthropic",
  "bedrock"
]

/** A request for a model, with an Azure deployment's base model and API version where they matter. */
export type Request = LanguageModel.Request & {
  readonly model: string
  readonly baseModel?: string | undefined
  readonly apiVersion?: string | undefined
}

/** The body `api` would be sent for `request`, or why it is refused. */
export const encode = (api: Api, request: Request): Result.Result<Record<string, any>, CallRequest.Unsupported> => {
  switch (api) {
    case "openai":
      return ChatRequest.encodeRequest(request, {
        maxTokensField: "max_completion_tokens",
        includeModel: true,
        parts: ChatParts.openaiPolicy,
        controls: OpenAIService.controls
      })
    case "azure":
      return ChatRequest.encodeRequest(request, {
        maxTokensField: "max_completion_tokens",
        includeModel: false,
        parts: ChatParts.openaiPolicy,
        controls: AzureModels.controls({
          ...CompatibleHosts.presets.azure,
          ...CompatibleHosts.presets.azure.apis.deployments,
          apiVersion: request.apiVersion ?? "2025-04-01-preview"
        })
      })
    case "groq":
      return ChatRequest.encodeRequest(request, {
        maxTokensField: "max_completion_tokens",
        includeModel: true,
        parts: HostClient.partsOf(CompatibleHosts.presets.groq),
        controls: HostClient.controlsOf(CompatibleHosts.presets.groq)
      })
    case "responses":
      return ResponsesRequest.encodeRequest(request, ResponsesControls.openai)
    case "azure-responses":
      return ResponsesRequest.encodeRequest(request, ResponsesControls.azure)
    case "anthropic":
      return AnthropicRequest.encodeRequest(request)
    case "bedrock":
      return BedrockRequest.encodeRequest(request)
  }
}

/** The body of a request the API takes. */
export const body = (api: Api, request: Request): Record<string, any> =>
  Result.getOrThrowWith(encode(api, request), (unsupported) => new Error(`${api}: ${unsupported.message}`))

/** The reason a request is refused, for one the API does not take. */
export const refusal = (api: Api, request: Request): string => {
  const encoded = encode(api, request)
  if (Result.isSuccess(encoded)) {
    throw new Error(`${api} took a request it should refuse: ${JSON.stringify(encoded.success)}`)
  }
  return encoded.failure.message
}

/**
 * The request of the recorded Converse call with four cache points (`fixtures/controls/bedrock-cache.request.json`)
 * as this library's request: a system prompt and the tools each followed by a cache point, and a user message
 * of text, a document, text, a cache point, text and a cache point.
 */
export const recordedBedrockCacheRequest = (recorded: any): LanguageModel.Request => {
  const content = recorded.messages[0].content
  return {
    system: [Message.text(recorded.system[0].text), Message.cachePoint()],
    tools: ["catalog_lookup", "diagnostics"].map((name) => Tool.make(name, { parameters: Schema.Struct({}) })),
    cacheTools: {},
    toolChoice: "auto",
    messages: [Message.user([
      Message.text(content[0].text),
      Message.file(Buffer.from(content[1].document.source.bytes, "base64"), { mediaType: "text/plain" }),
      Message.text(content[2].text),
      Message.cachePoint(),
      Message.text(content[4].text),
      Message.cachePoint()
    ])]
  }
}
