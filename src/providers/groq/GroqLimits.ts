/**
 * What Groq's models generate at most: the largest `max_completion_tokens` each takes (a larger one is refused
 * with a 400, so a budget's or a spend limit's cap is never sent above it). The values are the "max completion
 * tokens" of Groq's model pages (console.groq.com/docs/models) as published for these model ids; they were not
 * re-read against the live pages for this table: a wrong one errs low or sends a cap the API refuses, so keep it
 * current. A model this table does not know has no known maximum (a cap of 4,096 at most is sent). The first
 * prefix that starts the name wins.
 *
 * @internal
 */

const limits: ReadonlyArray<readonly [prefix: string, maxOutput: number]> = [
  ["llama-3.3-70b-versatile", 32_768],
  ["llama-3.1-8b-instant", 131_072],
  ["openai/gpt-oss-safeguard-20b", 65_536],
  ["openai/gpt-oss-120b", 65_536],
  ["openai/gpt-oss-20b", 65_536],
  ["meta-llama/llama-4-maverick", 8_192],
  ["meta-llama/llama-4-scout", 8_192],
  ["meta-llama/llama-guard-4", 1_024],
  ["moonshotai/kimi-k2-instruct", 16_384],
  ["qwen/qwen3-32b", 40_960],
  ["llama3-70b-8192", 8_192],
  ["llama3-8b-8192", 8_192],
  ["gemma2-9b-it", 8_192]
]

/** The largest output cap the model takes, when known. */
export const maxOutputTokens = (model: string): number | undefined =>
  limits.find(([prefix]) => model.startsWith(prefix))?.[1]
