/**
 * What Groq's models support for structured output (GroqDocs, "Structured Outputs", supported models):
 * `json_schema` with `strict: true` (constrained decoding) on the GPT-OSS models; `json_schema` best-effort
 * (`strict` false) on Kimi K2 and Llama 4; no `json_schema` on the others, which answer through a forced
 * tool. Groq refuses `json_schema` together with tools, so a request with tools of its own answers through
 * the tool as well.
 *
 * @internal
 */
import type * as ChatOutput from "../chat/ChatOutput.js"
import type * as CallRequest from "../request/CallRequest.js"

const strictJsonSchema: ReadonlyArray<RegExp> = [/^openai\/gpt-oss-/]

const bestEffortJsonSchema: ReadonlyArray<RegExp> = [
  /^moonshotai\/kimi-k2-instruct/,
  /^meta-llama\/llama-4-maverick-/,
  /^meta-llama\/llama-4-scout-/
]

/** Groq's table. */
export const support = (request: CallRequest.ProviderRequest): ChatOutput.Support => {
  const strict = strictJsonSchema.some((pattern) => pattern.test(request.model))
  const native = strict || bestEffortJsonSchema.some((pattern) => pattern.test(request.model))
  const hasTools = request.tools !== undefined && request.tools.length > 0
  return { strategy: native && !hasTools ? "native" : "tool", nativeStrict: strict, toolStrict: false }
}
