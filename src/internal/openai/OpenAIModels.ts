/**
 * What OpenAI's model families support for structured output. Every current model takes `response_format:
 * json_schema` (Chat Completions) and `text.format` (the Responses API) with `strict: true`; the older
 * families listed here do not, and answer through a strict function tool instead (strict function calling
 * reaches back to `gpt-4-0613` and `gpt-3.5-turbo-0613`). Source: the platform's structured outputs guide,
 * "Supported models" (`gpt-4o-2024-08-06` and later, `gpt-4o-mini`, the o-series from `o1-2024-12-17`, GPT-4.1
 * and GPT-5 families).
 *
 * @internal
 */
import type * as Output from "../../Output.js"
import type * as ChatOutput from "../chat/ChatOutput.js"

/** Model names (a fine-tune's base model included) whose family has no `json_schema` response format. */
const withoutJsonSchema: ReadonlyArray<RegExp> = [
  /^gpt-3\.5-turbo/,
  // gpt-4, gpt-4-0613, gpt-4-32k, gpt-4-turbo, gpt-4-1106-preview, ...; not gpt-4o or gpt-4.1.
  /^gpt-4($|-)/,
  /^gpt-4o-2024-05-13$/
]

/** The strategy a model gets: native where its family has the JSON schema response format. */
export const strategyOf = (model: string): Output.Strategy => {
  const base = model.replace(/^ft:/, "")
  return withoutJsonSchema.some((pattern) => pattern.test(base)) ? "tool" : "native"
}

/** OpenAI's table for Chat Completions. */
export const support = (model: string): ChatOutput.Support => ({
  strategy: strategyOf(model),
  nativeStrict: true,
  toolStrict: true
})
