/**
 * The tool loop's tests over the replay server: each provider's model sending to it, scripted steps written as
 * the provider's wire body by the test kit's payload builders, and what a request sent back holds, read in each
 * provider's own shape (the assistant turn's calls, the results after it, the tools declared).
 */
import type { Effect, Stream } from "effect"
import { Layer } from "effect"
import type { CallResponseChunk, LanguageModel, ProviderError } from "effect-llm-stream"
import type * as HttpClient from "effect/http/HttpClient"
import * as ProviderLayers from "../../src/core/model/ModelLayers.js"
import type * as StreamScript from "../../src/core/provider/StreamScript.js"
import * as ProviderProfiles from "../../src/providers/ProviderProfiles.js"
import * as ProviderTestKits from "../../src/providers/ProviderTestKits.js"

type Provider = CallResponseChunk.Provider

/** A provider, or `"openai-responses"`: OpenAI's Responses API (its model is `OpenAIResponses.model`'s). */
export type Api = Provider | "openai-responses"

/** A provider's client, as its face's `layer` makes it. */
interface Client {
  readonly stream: (request: any) => Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError>
}

/** The index of the last element that `f` holds for, or -1. */
const lastIndex = <A>(items: ReadonlyArray<A>, f: (item: A) => boolean): number => {
  for (let index = items.length - 1; index >= 0; index--) if (f(items[index]!)) return index
  return -1
}

/** The provider's `LanguageModel` (its face's client and model) sending every request to `baseUrl`. */
export const modelAt = (
  api: Api,
  baseUrl: string,
  client: Layer.Layer<HttpClient.HttpClient>
): Layer.Layer<LanguageModel.LanguageModel> => {
  const { provider, testKit: { payloads, wire } } = ProviderTestKits.scriptedKits[api]
  const model = payloads.models[0]!
  return ProviderLayers.languageModel(
    wire.client(baseUrl) as Effect.Effect<Client, never, HttpClient.HttpClient>,
    ProviderProfiles.profiles[provider as Provider],
    model,
    wire.baseModel ? { baseModel: model } : {},
    wire.baseModel ? model : undefined
  ).pipe(
    Layer.provide(client)
  )
}

export interface Step {
  readonly texts?: ReadonlyArray<string>
  readonly calls?: ReadonlyArray<{ readonly id: string; readonly name: string; readonly arguments: string }>
  /** Thinking before the answer (Anthropic's with its signature, Bedrock's reasoning). */
  readonly reasoning?: ReadonlyArray<string>
  /** The model the response names (default: the test kit's first, which has a price). */
  readonly model?: string
  readonly input?: number
  readonly output?: number
  /** How a step without calls ends, in the provider's words (default: the test kit's first, `end_turn` for Claude). */
  readonly finishReason?: string
}

const variant: StreamScript.WireVariant = {
  usageNullOnEveryChunk: false,
  usageDetails: false,
  serviceTier: false,
  promptAnnotation: false,
  usageOnFinishChunk: false,
  topLevelUsage: false,
  cacheFields: false,
  oneHourCache: false,
  deltaRepeatsInput: false,
  reasoning: false
}

/** A scripted step as the provider's response: its content type and body. */
export const scripted = (api: Api, step: Step, id = "1") => {
  const { payloads, wire } = ProviderTestKits.scriptedKits[api].testKit
  const script: StreamScript.StreamScript = {
    model: step.model ?? payloads.models[0]!,
    responseId: `resp_${id}`,
    requestId: `req-${id}`,
    created: 1_760_000_000,
    texts: step.texts ?? [],
    reasoning: step.reasoning ?? [],
    signature: step.reasoning === undefined ? "" : `sig-${id}`,
    toolCalls: (step.calls ?? []).map((call) => ({ ...call, cuts: [5, 9] })),
    finishReasonWithoutTools: step.finishReason ?? payloads.finishReasons[0]!,
    usage: {
      uncachedInput: step.input ?? 100,
      cacheRead: undefined,
      cacheWrite: undefined,
      output: step.output ?? 20,
      reasoning: undefined
    },
    variant: { ...variant, reasoning: step.reasoning !== undefined }
  }
  return {
    headers: { "content-type": wire.contentType, "x-amzn-requestid": `req-${id}` },
    body: wire.body(payloads.of(script))
  }
}

/** A result as sent back: the call it answers, its text, whether it is an error. */
export interface SentResult {
  readonly id: string
  readonly content: string
  readonly isError: boolean | undefined
}

/** What a request sent back holds: the tools declared, the last assistant turn's call ids, the results after it. */
export interface Sent {
  readonly declared: ReadonlyArray<string>
  readonly calls: ReadonlyArray<string>
  readonly results: ReadonlyArray<SentResult>
  /** Whether the results are grouped as the API requires (one user turn; the tool messages right after the turn). */
  readonly grouped: boolean
}

const textOf = (content: unknown): string =>
  typeof content === "string"
    ? content
    : Array.isArray(content)
    ? content.map((block: any) => block.text ?? "").join("")
    : ""

/** Reads a request body in the provider's shape (`responses`: the Responses API). */
export const sent = (provider: Provider | "responses", raw: string): Sent => {
  const body = JSON.parse(raw)
  switch (provider) {
    case "openai":
    case "groq":
    case "azure": {
      // Chat Completions: an assistant message with `tool_calls`, then one `tool` message per call.
      const messages: Array<any> = body.messages
      const at = lastIndex(messages, (m: any) => m.role === "assistant" && m.tool_calls !== undefined)
      const after = at === -1 ? [] : messages.slice(at + 1)
      const results = after.filter((m) => m.role === "tool")
      return {
        declared: (body.tools ?? []).map((tool: any) => tool.function.name),
        calls: at === -1 ? [] : messages[at].tool_calls.map((call: any) => call.id),
        results: results.map((m) => ({ id: m.tool_call_id, content: textOf(m.content), isError: undefined })),
        grouped: after.slice(0, results.length).every((m) => m.role === "tool")
      }
    }
    case "anthropic": {
      // Messages API: `tool_use` blocks in the assistant turn, every `tool_result` in the one user turn after it.
      const messages: Array<any> = body.messages
      const at = lastIndex(messages, (m: any) => m.role === "assistant")
      const blocks = (m: any): Array<any> => Array.isArray(m?.content) ? m.content : []
      const results = messages.slice(at + 1).flatMap((m) => blocks(m).filter((b) => b.type === "tool_result"))
      return {
        declared: (body.tools ?? []).map((tool: any) => tool.name),
        calls: blocks(messages[at]).filter((b) => b.type === "tool_use").map((b) => b.id),
        results: results.map((b) => ({ id: b.tool_use_id, content: textOf(b.content), isError: b.is_error })),
        grouped: blocks(messages[at + 1]).filter((b) => b.type === "tool_result").length === results.length
      }
    }
    case "bedrock": {
      // Converse: `toolUse` blocks in the assistant turn, every `toolResult` in the one user turn after it.
      const messages: Array<any> = body.messages
      const at = lastIndex(messages, (m: any) => m.role === "assistant")
      const results = messages.slice(at + 1).flatMap((m) => m.content.filter((b: any) => b.toolResult !== undefined))
      return {
        declared: (body.toolConfig?.tools ?? []).map((tool: any) => tool.toolSpec.name),
        calls: (messages[at]?.content ?? []).filter((b: any) => b.toolUse !== undefined).map((b: any) =>
          b.toolUse.toolUseId
        ),
        results: results.map((b: any) => ({
          id: b.toolResult.toolUseId,
          content: textOf(b.toolResult.content),
          isError: b.toolResult.status === undefined ? undefined : b.toolResult.status === "error"
        })),
        grouped: (messages[at + 1]?.content ?? []).filter((b: any) => b.toolResult !== undefined).length ===
          results.length
      }
    }
    case "google":
    case "google-vertex": {
      // Gemini: `functionCall` parts in the model turn, every `functionResponse` in the one user turn after it
      // (a call Google sent without an id is answered by name).
      const contents: Array<any> = body.contents
      const at = lastIndex(contents, (c: any) => c.role === "model")
      const parts = (c: any): Array<any> => Array.isArray(c?.parts) ? c.parts : []
      const results = contents.slice(at + 1).flatMap((c) => parts(c).filter((p) => p.functionResponse !== undefined))
      return {
        declared: (body.tools ?? []).flatMap((tool: any) => (tool.functionDeclarations ?? []).map((f: any) => f.name)),
        calls: parts(contents[at]).filter((p) => p.functionCall !== undefined).map((p) =>
          p.functionCall.id ?? p.functionCall.name
        ),
        results: results.map((p) => {
          // `{ result }`, or `{ error }` for a failure (`@google/genai` `FunctionResponse.response`).
          const { error, result } = p.functionResponse.response ?? {}
          const text = error ?? result
          return {
            id: p.functionResponse.id ?? p.functionResponse.name,
            content: typeof text === "string" ? text : JSON.stringify(p.functionResponse.response),
            isError: error === undefined ? undefined : true
          }
        }),
        grouped: parts(contents[at + 1]).filter((p) => p.functionResponse !== undefined).length === results.length
      }
    }
    case "responses": {
      // Responses API: `function_call` items, then a `function_call_output` item per call.
      const input: Array<any> = Array.isArray(body.input) ? body.input : []
      const outputs = input.filter((item) => item.type === "function_call_output")
      const last = lastIndex(input, (item: any) => item.type === "function_call")
      return {
        declared: (body.tools ?? []).map((tool: any) => tool.name),
        calls: input.filter((item) => item.type === "function_call").map((item) => item.call_id),
        results: outputs.map((item) => ({ id: item.call_id, content: String(item.output), isError: undefined })),
        grouped: input.slice(last + 1).every((item) => item.type === "function_call_output")
      }
    }
  }
}

/** A scripted OpenAI model that calls `name` (input `arguments`) on its first request, then answers `Answer <n>.`. */
export const callOnceThenAnswer = (name: string, args: string) => {
  let n = 0
  return () => {
    n++
    return n === 1
      ? scripted("openai", { calls: [{ id: "call_1", name, arguments: args }] }, "1")
      : scripted("openai", { texts: [`Answer ${n}.`] }, String(n))
  }
}
