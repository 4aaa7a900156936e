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

/** The `response` object of a lifecycle event. */
const responseOf = (
  script: StreamScript.StreamScript,
  status: string,
  items: ReadonlyArray<unknown>,
  usage: unknown
) => ({
  id: `resp_${script.responseId}`,
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

/** The `usage` of `response.completed`: cached input counted in the input, reasoning in the output. */
const usageOf = (script: StreamScript.StreamScript) => {
  const { cacheRead, output, reasoning, uncachedInput } = script.usage
  const input = uncachedInput + (cacheRead ?? 0)
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cacheRead ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: reasoning ?? 0 },
    total_tokens: input + output
  }
}

/** The events written so far, and the finished output items. */
class Written {
  readonly events: Array<Record<string, unknown>> = []
  readonly items: Array<unknown> = []

  event(type: string, fields: Record<string, unknown>): void {
    this.events.push({ type, ...fields })
  }

  /** An output item: added, its content streamed by `stream`, done. */
  item(done: Record<string, unknown>, added: Record<string, unknown>, stream: () => void): void {
    const output_index = this.items.length
    this.event("response.output_item.added", { output_index, item: added })
    stream()
    this.event("response.output_item.done", { output_index, item: done })
    this.items.push(done)
  }
}

/** A reasoning item with its summary streamed. */
const reasoningItem = (out: Written, script: StreamScript.StreamScript): void => {
  const item_id = `rs_${script.responseId}`
  const text = script.reasoning.join("")
  const at = { item_id, output_index: out.items.length, summary_index: 0 }
  const done = { id: item_id, type: "reasoning", summary: [{ type: "summary_text", text }] }
  out.item(done, { id: item_id, type: "reasoning", summary: [] }, () => {
    out.event("response.reasoning_summary_part.added", { ...at, part: { type: "summary_text", text: "" } })
    for (const delta of script.reasoning) out.event("response.reasoning_summary_text.delta", { ...at, delta })
    out.event("response.reasoning_summary_text.done", { ...at, text })
    out.event("response.reasoning_summary_part.done", { ...at, part: { type: "summary_text", text } })
  })
}

/** A message with its text streamed. */
const messageItem = (out: Written, script: StreamScript.StreamScript): void => {
  const item_id = `msg_${script.responseId}`
  const text = script.texts.join("")
  const part = (text: string) => ({ type: "output_text", annotations: [], logprobs: [], text })
  const at = { item_id, output_index: out.items.length, content_index: 0 }
  const message = (status: string, content: ReadonlyArray<unknown>) => ({
    id: item_id,
    type: "message",
    status,
    content,
    role: "assistant"
  })
  out.item(message("completed", [part(text)]), message("in_progress", []), () => {
    out.event("response.content_part.added", { ...at, part: part("") })
    for (const delta of script.texts) out.event("response.output_text.delta", { ...at, delta, logprobs: [] })
    out.event("response.output_text.done", { ...at, text, logprobs: [] })
    out.event("response.content_part.done", { ...at, part: part(text) })
  })
}

/** A function call with its arguments streamed in pieces. */
const functionCallItem = (
  out: Written,
  script: StreamScript.StreamScript,
  call: StreamScript.StreamScript["toolCalls"][number],
  index: number
): void => {
  const item_id = `fc_${script.responseId}${index}`
  const functionCall = (status: string, args: string) => ({
    id: item_id,
    type: "function_call",
    status,
    arguments: args,
    call_id: call.id,
    name: call.name
  })
  const at = { item_id, output_index: out.items.length }
  out.item(functionCall("completed", call.arguments), functionCall("in_progress", ""), () => {
    for (const delta of StreamScript.splitText(call.arguments, call.cuts)) {
      out.event("response.function_call_arguments.delta", { ...at, delta })
    }
    out.event("response.function_call_arguments.done", { ...at, arguments: call.arguments })
  })
}

/**
 * `response.created` and `response.in_progress`, then the output items, each added, streamed and done (a
 * reasoning item with its summary, a message with its text, function calls with their arguments in pieces),
 * then `response.completed` with the items and the usage.
 */
const payloads = (script: StreamScript.StreamScript): ReadonlyArray<unknown> => {
  const out = new Written()
  out.event("response.created", { response: responseOf(script, "in_progress", [], null) })
  out.event("response.in_progress", { response: responseOf(script, "in_progress", [], null) })
  if (script.variant.reasoning && script.reasoning.length > 0) reasoningItem(out, script)
  if (script.texts.length > 0 || script.toolCalls.length === 0) messageItem(out, script)
  for (const [index, call] of script.toolCalls.entries()) functionCallItem(out, script, call, index)
  out.event("response.completed", { response: responseOf(script, "completed", out.items, usageOf(script)) })
  return out.events.map((payload, sequence_number) => ({ ...payload, sequence_number }))
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
    client: (baseUrl) => ResponsesService.make({ baseUrl }),
    baseModel: false
  }
}
