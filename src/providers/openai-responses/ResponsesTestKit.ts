/**
 * The Responses API's part of the test kit: a script as the events OpenAI's Responses API streams (each an
 * SSE event named by its `type`, numbered by `sequence_number`), and its client. The scripted model answers
 * `/responses` with it.
 *
 * @internal
 */
import * as BodyDecoder from "../../core/framing/BodyDecoder.js"
import * as BodyWriter from "../../core/framing/BodyWriter.js"
import type * as ProviderTestKit from "../../core/provider/ProviderTestKit.js"
import * as StreamScript from "../../core/provider/StreamScript.js"
import * as ResponsesDecoder from "./ResponsesDecoder.js"
import * as ResponsesService from "./ResponsesService.js"

/**
 * `response.created` and `response.in_progress`, then the output items, each added, streamed and done (a
 * reasoning item with its summary, a message with its text, function calls with their arguments in pieces),
 * then `response.completed` with the items and the usage.
 */
const payloads = (script: StreamScript.StreamScript): ReadonlyArray<unknown> => {
  const id = `resp_${script.responseId}`
  const { cacheRead, output, reasoning, uncachedInput } = script.usage
  const response = (status: string, items: ReadonlyArray<unknown>, usage: unknown) => ({
    id,
    object: "response",
    created_at: script.created,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    model: script.model,
    output: items,
    parallel_tool_calls: true,
    tool_choice: "auto",
    tools: [],
    usage
  })
  const events: Array<Record<string, unknown>> = []
  const items: Array<unknown> = []
  const event = (type: string, fields: Record<string, unknown>) => events.push({ type, ...fields })
  const item = (done: Record<string, unknown>, added: Record<string, unknown>, stream: () => void) => {
    const output_index = items.length
    event("response.output_item.added", { output_index, item: added })
    stream()
    event("response.output_item.done", { output_index, item: done })
    items.push(done)
  }
  event("response.created", { response: response("in_progress", [], null) })
  event("response.in_progress", { response: response("in_progress", [], null) })
  if (script.variant.reasoning && script.reasoning.length > 0) {
    const item_id = `rs_${script.responseId}`
    const text = script.reasoning.join("")
    const at = { item_id, output_index: items.length, summary_index: 0 }
    item({ id: item_id, type: "reasoning", summary: [{ type: "summary_text", text }] }, {
      id: item_id,
      type: "reasoning",
      summary: []
    }, () => {
      event("response.reasoning_summary_part.added", { ...at, part: { type: "summary_text", text: "" } })
      for (const delta of script.reasoning) event("response.reasoning_summary_text.delta", { ...at, delta })
      event("response.reasoning_summary_text.done", { ...at, text })
      event("response.reasoning_summary_part.done", { ...at, part: { type: "summary_text", text } })
    })
  }
  if (script.texts.length > 0 || script.toolCalls.length === 0) {
    const item_id = `msg_${script.responseId}`
    const text = script.texts.join("")
    const part = (text: string) => ({ type: "output_text", annotations: [], logprobs: [], text })
    const at = { item_id, output_index: items.length, content_index: 0 }
    const message = (status: string, content: ReadonlyArray<unknown>) => ({
      id: item_id,
      type: "message",
      status,
      content,
      role: "assistant"
    })
    item(message("completed", [part(text)]), message("in_progress", []), () => {
      event("response.content_part.added", { ...at, part: part("") })
      for (const delta of script.texts) event("response.output_text.delta", { ...at, delta, logprobs: [] })
      event("response.output_text.done", { ...at, text, logprobs: [] })
      event("response.content_part.done", { ...at, part: part(text) })
    })
  }
  for (const [index, call] of script.toolCalls.entries()) {
    const item_id = `fc_${script.responseId}${index}`
    const functionCall = (status: string, args: string) => ({
      id: item_id,
      type: "function_call",
      status,
      arguments: args,
      call_id: call.id,
      name: call.name
    })
    const at = { item_id, output_index: items.length }
    item(functionCall("completed", call.arguments), functionCall("in_progress", ""), () => {
      for (const delta of StreamScript.splitText(call.arguments, call.cuts)) {
        event("response.function_call_arguments.delta", { ...at, delta })
      }
      event("response.function_call_arguments.done", { ...at, arguments: call.arguments })
    })
  }
  const input = uncachedInput + (cacheRead ?? 0)
  event("response.completed", {
    response: response("completed", items, {
      input_tokens: input,
      input_tokens_details: { cached_tokens: cacheRead ?? 0 },
      output_tokens: output,
      output_tokens_details: { reasoning_tokens: reasoning ?? 0 },
      total_tokens: input + output
    })
  })
  return events.map((payload, sequence_number) => ({ ...payload, sequence_number }))
}

export const testKit: ProviderTestKit.ProviderTestKit = {
  payloads: {
    models: ["gpt-4o-mini-2024-07-18", "gpt-5-mini-2025-08-07"],
    finishReasons: ["completed"],
    toolCallIdPrefix: "call_",
    of: payloads,
    decode: (_, body) => BodyDecoder.decodeWhole(ResponsesDecoder.bodyDecoder({ provider: "openai" }), body)
  },
  wire: {
    contentType: "text/event-stream",
    body: (events) =>
      BodyWriter.sseBody(events, { eventOf: (payload) => `${(payload as { readonly type?: string }).type}` }),
    defaultModel: "gpt-4o-mini",
    client: (baseUrl) => ResponsesService.makeOpenAI({ baseUrl }),
    baseModel: false
  }
}
