/**
 * A generated stream written as each provider's wire payloads, and decoded back into chunks by the
 * provider's own body decoder, so that every generated chunk is one the real decoder produces.
 *
 * @internal
 */
import type * as CallResponseChunk from "../CallResponseChunk.js"
import * as AnthropicDecoder from "../internal/anthropic/AnthropicDecoder.js"
import * as AzureChunk from "../internal/azure/AzureChunk.js"
import * as BedrockDecoder from "../internal/bedrock/BedrockDecoder.js"
import * as GroqChunk from "../internal/groq/GroqChunk.js"
import * as OpenAIChunk from "../internal/openai/OpenAIChunk.js"
import * as TestKitScript from "./TestKitScript.js"
import * as TestKitWire from "./TestKitWire.js"

const completionUsage = (usage: TestKitScript.UsageScript, withDetails: boolean) => {
  const cached = usage.cacheRead ?? 0
  const promptTokens = usage.uncachedInput + cached
  const base = {
    prompt_tokens: promptTokens,
    completion_tokens: usage.output,
    total_tokens: promptTokens + usage.output
  }
  return withDetails
    ? {
      ...base,
      prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: usage.reasoning ?? 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0
      }
    }
    : base
}

const noFilter = { filtered: false, severity: "safe" }
const contentFilterResults = { hate: noFilter, self_harm: noFilter, sexual: noFilter, violence: noFilter }

/** OpenAI-style tool-call fragments: id, type and name first, then the arguments in pieces. */
const toolCallFragments = (script: TestKitScript.StreamScript) =>
  script.toolCalls.flatMap((call, index) => [
    { index, id: call.id, type: "function", function: { name: call.name, arguments: "" } },
    ...TestKitScript.splitText(call.arguments, call.cuts).map((piece) => ({ index, function: { arguments: piece } }))
  ])

/**
 * OpenAI: a role chunk, content chunks, tool-call fragments, a finish chunk, and (with
 * `stream_options.include_usage`, which this library always sends) a last chunk with `choices: []` and
 * the usage. Variants: `usage: null` on every other chunk (2025) or absent (2024); usage details
 * present or not; `service_tier` present or not.
 */
const openAIPayloads = (script: TestKitScript.StreamScript): ReadonlyArray<unknown> => {
  const { serviceTier, usageDetails, usageNullOnEveryChunk } = script.variant
  const base = {
    id: `chatcmpl-${script.responseId}`,
    object: "chat.completion.chunk",
    created: script.created,
    model: script.model,
    ...(serviceTier ? { service_tier: "default" } : {}),
    system_fingerprint: "fp_deacdd5f6f"
  }
  const nullUsage = usageNullOnEveryChunk ? { usage: null } : {}
  const choice = (delta: unknown, finishReason: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...nullUsage
  })
  return [
    choice({ role: "assistant", content: "", refusal: null }),
    ...script.texts.map((content) => choice({ content })),
    ...toolCallFragments(script).map((fragment) => choice({ tool_calls: [fragment] })),
    choice({}, TestKitScript.finishReasonOf("openai", script)),
    { ...base, choices: [], usage: completionUsage(script.usage, usageDetails) }
  ]
}

/**
 * Azure: an optional prompt annotation first (empty `id` and `model`, `choices: []`), then OpenAI's
 * chunks with per-choice content-filter results; a `content_filter` finish arrives in an annotation
 * without `delta`; the usage chunk comes last.
 */
const azurePayloads = (script: TestKitScript.StreamScript): ReadonlyArray<unknown> => {
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
  const finishReason = TestKitScript.finishReasonOf("azure", script)
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
    ...toolCallFragments(script).map((fragment) => choice({ delta: { tool_calls: [fragment] } })),
    finishReason === "content_filter"
      ? choice({
        finish_reason: finishReason,
        content_filter_results: { ...contentFilterResults, violence: { filtered: true, severity: "medium" } }
      })
      : choice({ delta: {}, finish_reason: finishReason, content_filter_results: {} }),
    { ...base, choices: [], usage: completionUsage(script.usage, usageDetails) }
  ]
}

/**
 * Groq: OpenAI's format with `x_groq` (its request id on the first and last chunk), optional reasoning
 * (`delta.reasoning`), tool calls whole in one chunk. The usage comes either on the finish chunk, in
 * `x_groq.usage` and (in newer streams) the top-level `usage`, as recorded; or in a last chunk with
 * `choices: []`.
 */
const groqPayloads = (script: TestKitScript.StreamScript): ReadonlyArray<unknown> => {
  const { reasoning, topLevelUsage, usageOnFinishChunk } = script.variant
  const base = {
    id: `chatcmpl-${script.requestId}`,
    object: "chat.completion.chunk",
    created: script.created,
    model: script.model,
    system_fingerprint: "fp_f8b414701e"
  }
  const requestId = `req_${script.responseId.toLowerCase()}`
  const cached = script.usage.cacheRead
  const promptTokens = script.usage.uncachedInput + (cached ?? 0)
  const usage = {
    queue_time: 0.041905864,
    prompt_tokens: promptTokens,
    prompt_time: 0.003940145,
    completion_tokens: script.usage.output,
    completion_time: 0.652230333,
    total_tokens: promptTokens + script.usage.output,
    total_time: 0.656170478,
    ...(cached === undefined ? {} : { prompt_tokens_details: { cached_tokens: cached } })
  }
  const choice = (delta: unknown, finishReason: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }]
  })
  const finish = choice({}, TestKitScript.finishReasonOf("groq", script))
  return [
    { ...choice({ role: "assistant", content: "" }), x_groq: { id: requestId, seed: 1535227698 } },
    ...(reasoning ? script.reasoning.map((piece) => choice({ reasoning: piece })) : []),
    ...script.texts.map((content) => choice({ content })),
    ...script.toolCalls.map((call, index) =>
      choice({
        tool_calls: [{ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments }, index }]
      })
    ),
    ...(usageOnFinishChunk
      ? [{ ...finish, x_groq: { id: requestId, usage }, ...(topLevelUsage ? { usage } : {}) }]
      : [finish, { ...base, choices: [], usage, x_groq: { id: requestId, usage } }])
  ]
}

/**
 * Anthropic: exactly one `message_start` first (id, model, input and cache usage), content blocks (an
 * optional thinking block with its signature, a text block, `tool_use` blocks with `input_json_delta`
 * fragments), one `message_delta` (stop reason, cumulative usage), exactly one `message_stop` last.
 * Variants: cache fields present (with the 5-minute/1-hour split) or absent; the `message_delta` usage
 * repeating the input counts or not; a thinking block or not.
 */
const anthropicPayloads = (script: TestKitScript.StreamScript): ReadonlyArray<unknown> => {
  const { cacheFields, deltaRepeatsInput, oneHourCache, reasoning } = script.variant
  const { cacheRead, cacheWrite, output, uncachedInput } = script.usage
  const inputUsage = cacheFields
    ? {
      input_tokens: uncachedInput,
      cache_creation_input_tokens: cacheWrite ?? 0,
      cache_read_input_tokens: cacheRead ?? 0,
      cache_creation: {
        ephemeral_5m_input_tokens: oneHourCache ? 0 : cacheWrite ?? 0,
        ephemeral_1h_input_tokens: oneHourCache ? cacheWrite ?? 0 : 0
      }
    }
    : { input_tokens: uncachedInput }
  const stopReason = TestKitScript.finishReasonOf("anthropic", script)
  const events: Array<unknown> = [{
    type: "message_start",
    message: {
      id: `msg_${script.responseId}`,
      type: "message",
      role: "assistant",
      content: [],
      model: script.model,
      stop_reason: null,
      stop_sequence: null,
      usage: { ...inputUsage, output_tokens: Math.min(output, 1), service_tier: "standard" }
    }
  }]
  let index = 0
  const block = (start: unknown, deltas: ReadonlyArray<unknown>) => {
    events.push({ type: "content_block_start", index, content_block: start })
    for (const delta of deltas) events.push({ type: "content_block_delta", index, delta })
    events.push({ type: "content_block_stop", index })
    index++
  }
  if (reasoning && script.reasoning.length > 0) {
    block({ type: "thinking", thinking: "", signature: "" }, [
      ...script.reasoning.map((thinking) => ({ type: "thinking_delta", thinking })),
      { type: "signature_delta", signature: script.signature }
    ])
  }
  if (script.texts.length > 0 || script.toolCalls.length === 0) {
    block({ type: "text", text: "" }, script.texts.map((text) => ({ type: "text_delta", text })))
  }
  for (const call of script.toolCalls) {
    block({ type: "tool_use", id: call.id, name: call.name, input: {} }, [
      { type: "input_json_delta", partial_json: "" },
      ...TestKitScript.splitText(call.arguments, call.cuts).map((partial_json) => ({
        type: "input_json_delta",
        partial_json
      }))
    ])
  }
  events.push(
    {
      type: "message_delta",
      delta: { stop_reason: stopReason, stop_sequence: stopReason === "stop_sequence" ? "\n\nHuman:" : null },
      usage: deltaRepeatsInput ? { ...inputUsage, output_tokens: output } : { output_tokens: output }
    },
    { type: "message_stop" }
  )
  return events
}

/**
 * Bedrock: `messageStart` first, content blocks (optional reasoning with its signature, text deltas,
 * `toolUse` blocks), `messageStop` with the stop reason, then `metadata` with the usage, last. Variants:
 * cache counts present or absent; reasoning or not.
 */
const bedrockEvents = (
  script: TestKitScript.StreamScript
): ReadonlyArray<readonly [eventType: string, payload: unknown]> => {
  const { cacheFields, reasoning } = script.variant
  const events: Array<readonly [string, unknown]> = [["messageStart", { role: "assistant" }]]
  let index = 0
  const delta = (payload: unknown) => events.push(["contentBlockDelta", { contentBlockIndex: index, delta: payload }])
  const stop = () => events.push(["contentBlockStop", { contentBlockIndex: index++ }])
  if (reasoning && script.reasoning.length > 0) {
    for (const text of script.reasoning) delta({ reasoningContent: { text } })
    delta({ reasoningContent: { signature: script.signature } })
    stop()
  }
  if (script.texts.length > 0 || script.toolCalls.length === 0) {
    for (const text of script.texts.length > 0 ? script.texts : [""]) delta({ text })
    stop()
  }
  for (const call of script.toolCalls) {
    events.push(["contentBlockStart", {
      contentBlockIndex: index,
      start: { toolUse: { toolUseId: call.id, name: call.name } }
    }])
    for (const input of TestKitScript.splitText(call.arguments, call.cuts)) delta({ toolUse: { input } })
    stop()
  }
  const { cacheRead, cacheWrite, output, uncachedInput } = script.usage
  const cache = cacheFields
    ? {
      ...(cacheRead === undefined ? {} : { cacheReadInputTokens: cacheRead }),
      ...(cacheWrite === undefined ? {} : { cacheWriteInputTokens: cacheWrite })
    }
    : {}
  events.push(
    ["messageStop", { stopReason: TestKitScript.finishReasonOf("bedrock", script) }],
    ["metadata", {
      usage: {
        inputTokens: uncachedInput,
        outputTokens: output,
        totalTokens: uncachedInput + (cacheFields ? (cacheRead ?? 0) + (cacheWrite ?? 0) : 0) + output,
        ...cache
      },
      metrics: { latencyMs: 300 + (script.created % 5000) }
    }]
  )
  return events
}

export const chunksOf = (
  provider: CallResponseChunk.Provider,
  script: TestKitScript.StreamScript
): ReadonlyArray<unknown> => {
  switch (provider) {
    case "openai":
      return TestKitWire.decodeBody(OpenAIChunk.bodyDecoder(), TestKitWire.sseBody(provider, openAIPayloads(script)))
    case "anthropic":
      return TestKitWire.decodeBody(
        AnthropicDecoder.bodyDecoder(),
        TestKitWire.sseBody(provider, anthropicPayloads(script))
      )
    case "groq":
      return TestKitWire.decodeBody(GroqChunk.bodyDecoder(), TestKitWire.sseBody(provider, groqPayloads(script)))
    case "azure":
      return TestKitWire.decodeBody(AzureChunk.bodyDecoder({}), TestKitWire.sseBody(provider, azurePayloads(script)))
    case "bedrock":
      return TestKitWire.decodeBody(
        BedrockDecoder.bodyDecoder({ modelId: script.model, requestId: script.requestId }),
        TestKitWire.eventStreamBody(bedrockEvents(script))
      )
  }
}
