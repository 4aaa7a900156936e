/**
 * A compatible host's part of the test kit, made from its row: a generated stream as the host sends it (OpenAI's
 * chunks, its reasoning in the row's field, Groq's `x_groq` and Azure's content-filter results where the row says
 * so), and its client as a recorded response is served to it. The scripted model and the replay serve every preset
 * by name through it.
 *
 * @internal
 */
import type * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import * as BodyDecoder from "../../core/framing/BodyDecoder.js"
import type * as ProviderTestKit from "../../core/provider/ProviderTestKit.js"
import * as StreamScript from "../../core/provider/StreamScript.js"
import type * as ChatChunk from "./ChatChunk.js"
import * as ChatDecoder from "./ChatDecoder.js"
import * as ChatTestKit from "./ChatTestKit.js"
import type * as CompatibleHosts from "./CompatibleHosts.js"
import * as HostClient from "./HostClient.js"

/** Groq's times beside the counts of its usage, as recorded. */
const groqTimes = { queue_time: 0.041905864, prompt_time: 0.003940145, completion_time: 0.652230333 }

const safe = { filtered: false, severity: "safe" }

/** Azure's content-filter results: nothing filtered, or the violence (a `content_filter` finish). */
const filterResults = (filtered: boolean) => ({
  hate: safe,
  self_harm: safe,
  sexual: safe,
  violence: filtered ? { filtered: true, severity: "medium" } : safe
})

/** Azure's prompt annotation: empty `id` and `model`, no choices, the prompt's content-filter results. */
const promptAnnotation = {
  choices: [],
  created: 0,
  id: "",
  model: "",
  object: "",
  prompt_filter_results: [{ prompt_index: 0, content_filter_results: filterResults(false) }]
}

/**
 * A role chunk, reasoning, text, each tool call whole in one chunk, then the finish and the usage: on the finish
 * chunk in `x_groq.usage` (and, in newer streams, the top-level `usage`) as Groq sends it, else in a last chunk with
 * `choices: []`. Where the row says so, Azure's prompt annotation first and each choice's content-filter results.
 */
const payloads = (host: CompatibleHosts.Host) => (script: StreamScript.StreamScript): ReadonlyArray<unknown> => {
  const { promptAnnotation: annotated, reasoning, topLevelUsage, usageDetails, usageOnFinishChunk } = script.variant
  const base = {
    id: `chatcmpl-${script.requestId}`,
    object: "chat.completion.chunk",
    created: script.created,
    model: script.model,
    system_fingerprint: "fp_f8b414701e"
  }
  const xGroq = host.xGroq === true ? { x_groq: { id: `req_${script.responseId.toLowerCase()}` } } : {}
  const cached = script.usage.cacheRead
  const usage = host.xGroq === true
    ? {
      ...ChatTestKit.completionUsage(script.usage, false),
      ...groqTimes,
      ...(cached === undefined ? {} : { prompt_tokens_details: { cached_tokens: cached } })
    }
    : ChatTestKit.completionUsage(script.usage, usageDetails)
  const filter = host.contentFilter === true
  const choice = (delta: unknown, finishReason: string | null = null, results: unknown = {}) => {
    const chunk = ChatTestKit.choice(base, delta, finishReason)
    return filter ? { ...chunk, choices: [{ ...chunk.choices[0], content_filter_results: results }] } : chunk
  }
  const reason = StreamScript.finishReason(script, "tool_calls")
  const finish = choice({}, reason, reason === "content_filter" ? filterResults(true) : {})
  const field = host.reasoningField ?? "reasoning_content"
  return [
    ...(filter && annotated ? [promptAnnotation] : []),
    { ...choice({ role: "assistant", content: "" }), ...xGroq },
    ...(reasoning && field !== false ? script.reasoning.map((piece) => choice({ [field]: piece })) : []),
    ...script.texts.map((content) => choice({ content }, null, filterResults(false))),
    ...script.toolCalls.map((call, index) =>
      choice({
        tool_calls: [{ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments }, index }]
      })
    ),
    ...(host.xGroq === true && usageOnFinishChunk
      ? [{ ...finish, x_groq: { ...xGroq.x_groq, usage }, ...(topLevelUsage ? { usage } : {}) }]
      : [finish, {
        ...base,
        choices: [],
        usage,
        ...(host.xGroq === true ? { x_groq: { ...xGroq.x_groq, usage } } : {})
      }])
  ]
}

/** The test kit of `host`, whose events `decodeChunk` decodes (a compatible host's chunk, or Groq's own class). */
export const of = <C extends ChatChunk.ChatCompletionsChunk>(
  host: CompatibleHosts.Host,
  decodeChunk: (json: unknown) => Result.Result<C, Schema.SchemaError>
): ProviderTestKit.ProviderTestKit => {
  const models = host.models ?? ["model"]
  return {
    payloads: {
      models,
      finishReasons: host.finishReasons ?? ["stop", "length"],
      toolCallIdPrefix: "call_",
      of: payloads(host),
      decode: (_, body) => BodyDecoder.decodeWhole(ChatDecoder.bodyDecoder(host.name, decodeChunk), body)
    },
    wire: ChatTestKit.wire(models[0]!, (baseUrl) => HostClient.serve({ ...host, baseUrl }, {}, decodeChunk))
  }
}
