/**
 * Azure's part of the test kit: a generated stream as the Chat Completions chunks an Azure OpenAI
 * deployment sends, and how a recorded response is served to its client.
 *
 * @internal
 */
import * as BodyDecoder from "../../core/framing/BodyDecoder.js"
import type * as ProviderTestKit from "../../core/provider/ProviderTestKit.js"
import * as StreamScript from "../../core/provider/StreamScript.js"
import * as ChatTestKit from "../openai-compatible/ChatTestKit.js"
import * as AzureChunk from "./AzureChunk.js"
import * as AzureService from "./AzureService.js"

const noFilter = { filtered: false, severity: "safe" }
const contentFilterResults = { hate: noFilter, self_harm: noFilter, sexual: noFilter, violence: noFilter }

/**
 * An optional prompt annotation first (empty `id` and `model`, `choices: []`), then OpenAI's chunks with
 * per-choice content-filter results; a `content_filter` finish arrives in an annotation without `delta`;
 * the usage chunk comes last.
 */
const payloads = (script: StreamScript.StreamScript): ReadonlyArray<unknown> => {
  const { promptAnnotation, usageDetails } = script.variant
  const base = {
    id: `chatcmpl-${script.responseId}`,
    object: "chat.completion.chunk",
    created: script.created,
    model: script.model,
    system_fingerprint: null,
    usage: null
  }
  const choice = (fields: Record<string, unknown>) => ({
    ...base,
    choices: [{ index: 0, finish_reason: null, logprobs: null, ...fields }]
  })
  const finishReason = StreamScript.finishReason(script, "tool_calls")
  return [
    ...(promptAnnotation
      ? [{
        choices: [],
        created: 0,
        id: "",
        model: "",
        object: "",
        prompt_filter_results: [{ prompt_index: 0, content_filter_results: contentFilterResults }]
      }]
      : []),
    choice({ delta: { role: "assistant", content: "", refusal: null }, content_filter_results: {} }),
    ...script.texts.map((content) => choice({ delta: { content }, content_filter_results: contentFilterResults })),
    ...ChatTestKit.toolCallFragments(script).map((fragment) => choice({ delta: { tool_calls: [fragment] } })),
    finishReason === "content_filter"
      ? choice({
        finish_reason: finishReason,
        content_filter_results: { ...contentFilterResults, violence: { filtered: true, severity: "medium" } }
      })
      : choice({ delta: {}, finish_reason: finishReason, content_filter_results: {} }),
    { ...base, choices: [], usage: ChatTestKit.completionUsage(script.usage, usageDetails) }
  ]
}

export const testKit: ProviderTestKit.ProviderTestKit = {
  payloads: {
    models: ["gpt-4o-2024-11-20", "gpt-4o-mini-2024-07-18", "gpt-5-mini-2025-08-07"],
    finishReasons: ["stop", "length", "content_filter"],
    toolCallIdPrefix: "call_",
    of: payloads,
    decode: (_, body) => BodyDecoder.decodeWhole(AzureChunk.bodyDecoder({}), body)
  },
  // A deployment, as `Azure.layer({ endpoint, api: "deployments" })` reaches it, priced by its `baseModel`.
  wire: ChatTestKit.wire("gpt-4o-mini", (baseUrl) => AzureService.make({ endpoint: baseUrl, api: "deployments" }), true)
}
