/**
 * What OpenAI's models generate at most, and how their tokens are counted: the largest output cap each family
 * takes (a larger `max_completion_tokens` / `max_output_tokens` is refused with a 400, so a budget's cap is
 * never sent above it), and its encoding. The values are the "max output tokens" of OpenAI's model pages as
 * commonly published (gpt-4o 16,384, gpt-4.1 32,768, gpt-5 128,000, the o-series 100,000); they were not re-read
 * against the live pages for this table: a wrong one errs low or sends a cap the API refuses, so keep it current.
 * A model this table does not know has no known maximum. The first prefix that starts the name wins.
 *
 * @internal
 */
import * as TokenFamily from "../../core/estimate/TokenFamily.js"

const limits: ReadonlyArray<readonly [prefix: string, maxOutput: number]> = [
  ["gpt-5-chat", 16_384],
  ["gpt-5", 128_000],
  ["gpt-4.1", 32_768],
  ["gpt-4o-2024-05-13", 4_096],
  ["gpt-4o", 16_384],
  ["chatgpt-4o", 16_384],
  ["o1-mini", 65_536],
  ["o1-preview", 32_768],
  ["o1", 100_000],
  ["o3", 100_000],
  ["o4-mini", 100_000],
  ["gpt-4-turbo", 4_096],
  ["gpt-4-1106", 4_096],
  ["gpt-4-0125", 4_096],
  ["gpt-4", 8_192],
  ["gpt-3.5-turbo", 4_096]
]

/** The model name a family is read from: a fine-tune's base model (`ft:gpt-4o-mini:org::id` → `gpt-4o-mini`). */
export const baseName = (model: string): string => model.startsWith("ft:") ? model.slice(3).split(":")[0]! : model

/** The largest output cap the model takes, when known. */
export const maxOutputTokens = (model: string): number | undefined => {
  const name = baseName(model)
  return limits.find(([prefix]) => name.startsWith(prefix))?.[1]
}

/** How the model's tokens are counted. */
export const tokenFamily = (model: string): TokenFamily.Family => TokenFamily.ofOpenAIModel(baseName(model))
