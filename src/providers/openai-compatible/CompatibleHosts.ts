/**
 * The OpenAI-compatible hosts, as data: what makes each one differ from OpenAI's Chat Completions is a row (where it
 * is, the variable its key is read from, the field that caps the output, how it takes structured output and
 * reasoning), and a host of a user's is a row made from the options of `OpenAICompatible.layer`. What hosts stream
 * beside OpenAI's fields (`reasoning_content`, `reasoning`, `reasoning_details`, DeepSeek's cached tokens, xAI's
 * reasoning counted apart, OpenRouter's cost) is read by the core from the fields themselves (`ChatEvents`,
 * `ChatUsage`), so it needs no row.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as ReasoningLevels from "../../core/request/ReasoningLevels.js"
import type * as ChatControls from "./ChatControls.js"
import type * as ChatOutput from "./ChatOutput.js"

/**
 * How a host takes a request's reasoning: `reasoning_effort` (`"effort"`, OpenAI's field: xAI, Fireworks, Together,
 * vLLM, Ollama, ...), OpenRouter's `reasoning: { effort | max_tokens }` (`"openrouter"`), or not at all (`"none"`: the
 * model decides, as DeepSeek's `deepseek-reasoner` does).
 */
export type ReasoningField = "effort" | "openrouter" | "none"

/**
 * One host: its name (the answer's `provider`, and the price table's name for its prices), where its API is, and
 * how it differs from OpenAI's Chat Completions.
 */
export interface Host {
  readonly name: string
  /** Up to the version path (`https://api.deepseek.com/v1`); `/chat/completions` is appended. */
  readonly baseUrl: string
  /** The environment variable `layerConfig` reads its key from; none for a local server that takes no key. */
  readonly apiKeyEnv?: string | undefined
  /** The body field of the output cap (default `max_tokens`, which every compatible host takes). */
  readonly maxTokensField?: "max_tokens" | "max_completion_tokens" | undefined
  /** Structured output as `response_format` `json_schema` (`"native"`) or through a forced tool (`"tool"`). */
  readonly output?: "native" | "tool" | undefined
  readonly reasoning?: ReasoningField | undefined
  /** Whether a turn's `reasoning_details` go back on it (OpenRouter's "Preserving reasoning blocks"). */
  readonly sendsReasoningDetails?: boolean | undefined
  /** The API reference each rule of the row was read from. */
  readonly source?: string | undefined
}

/**
 * The hosts the library knows, by name: one row each. A cloud host reads its key from its variable; a local server
 * (Ollama, vLLM, LM Studio) takes none and listens where it does by default.
 */
export const presets = {
  deepseek: {
    name: "deepseek",
    baseUrl: "https://api.deepseek.com/v1",
    apiKeyEnv: "DEEPSEEK_API_KEY",
    // Its JSON output is `json_object` only: a schema goes through a tool.
    output: "tool",
    reasoning: "none",
    source: "https://api-docs.deepseek.com/api/create-chat-completion"
  },
  xai: {
    name: "xai",
    baseUrl: "https://api.x.ai/v1",
    apiKeyEnv: "XAI_API_KEY",
    maxTokensField: "max_completion_tokens",
    source: "https://docs.x.ai/docs/api-reference#chat-completions"
  },
  openrouter: {
    name: "openrouter",
    baseUrl: "https://openrouter.ai/api/v1",
    apiKeyEnv: "OPENROUTER_API_KEY",
    reasoning: "openrouter",
    sendsReasoningDetails: true,
    source: "https://openrouter.ai/docs/api-reference/chat-completion"
  },
  mistral: {
    name: "mistral",
    baseUrl: "https://api.mistral.ai/v1",
    apiKeyEnv: "MISTRAL_API_KEY",
    reasoning: "none",
    source: "https://docs.mistral.ai/api/#tag/chat"
  },
  together: {
    name: "together",
    baseUrl: "https://api.together.xyz/v1",
    apiKeyEnv: "TOGETHER_API_KEY",
    source: "https://docs.together.ai/reference/chat-completions-1"
  },
  fireworks: {
    name: "fireworks",
    baseUrl: "https://api.fireworks.ai/inference/v1",
    apiKeyEnv: "FIREWORKS_API_KEY",
    source: "https://docs.fireworks.ai/api-reference/post-chatcompletions"
  },
  cerebras: {
    name: "cerebras",
    baseUrl: "https://api.cerebras.ai/v1",
    apiKeyEnv: "CEREBRAS_API_KEY",
    maxTokensField: "max_completion_tokens",
    source: "https://inference-docs.cerebras.ai/api-reference/chat-completions"
  },
  deepinfra: {
    name: "deepinfra",
    baseUrl: "https://api.deepinfra.com/v1/openai",
    apiKeyEnv: "DEEPINFRA_API_KEY",
    source: "https://deepinfra.com/docs/openai_api"
  },
  perplexity: {
    name: "perplexity",
    baseUrl: "https://api.perplexity.ai",
    apiKeyEnv: "PERPLEXITY_API_KEY",
    source: "https://docs.perplexity.ai/api-reference/chat-completions-post"
  },
  ollama: { name: "ollama", baseUrl: "http://localhost:11434/v1", source: "https://docs.ollama.com/openai" },
  vllm: {
    name: "vllm",
    baseUrl: "http://localhost:8000/v1",
    source: "https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html"
  },
  lmstudio: {
    name: "lmstudio",
    baseUrl: "http://localhost:1234/v1",
    source: "https://lmstudio.ai/docs/app/api/endpoints/openai"
  }
} as const satisfies Readonly<Record<string, Host>>

/**
 * The name of a host the library knows.
 *
 * @since 0.6.0
 * @category Models
 */
export type Preset = keyof typeof presets

/** The reasoning levels `reasoning_effort` takes on the hosts that take it (OpenAI's three). */
const effortLevels: ReadonlyArray<CallRequest.ReasoningEffort> = ["low", "medium", "high"]

/** The levels OpenRouter's `reasoning.effort` takes (its "Reasoning Tokens" guide). */
const openRouterLevels: ReadonlyArray<CallRequest.ReasoningEffort> = ["minimal", "low", "medium", "high", "xhigh"]

/** OpenRouter's `reasoning` object: an effort, a budget of tokens, or just on. */
const openRouterReasoning = (wanted: ReasoningLevels.Wanted): Record<string, unknown> => ({
  reasoning: !wanted.on
    ? { enabled: false }
    : wanted.effort !== undefined
    ? { effort: ReasoningLevels.nearest(openRouterLevels, wanted.effort) }
    : wanted.budgetTokens !== undefined
    ? { max_tokens: wanted.budgetTokens }
    : { enabled: true }
})

/** The body fields of a request's reasoning on `host`, or why the host cannot take it. */
const reasoningOf = (host: Host) =>
(
  _request: CallRequest.ProviderRequest,
  wanted: ReasoningLevels.Wanted
): Result.Result<Record<string, unknown>, string> => {
  const field = host.reasoning ?? "effort"
  if (field === "openrouter") return Result.succeed(openRouterReasoning(wanted))
  if (!wanted.on) return Result.succeed({})
  if (field === "none") {
    return Result.fail(
      `${host.name} takes no reasoning setting: its model decides (choose a reasoning model, or leave reasoning out)`
    )
  }
  if (wanted.effort === undefined && wanted.budgetTokens !== undefined) {
    return Result.fail(`${host.name} takes a reasoning effort (reasoning_effort), not a budget of tokens`)
  }
  return Result.succeed({ reasoning_effort: ReasoningLevels.nearest(effortLevels, wanted.effort ?? "medium") })
}

/** What `host` takes of the request controls: its reasoning field, a seed, the end user's id; no cache fields. */
export const controlsOf = (host: Host): ChatControls.Host => ({
  api: host.name,
  userField: "user",
  serviceTiers: undefined,
  seed: true,
  cache: () => ({ fields: {}, breakpoints: undefined }),
  reasoning: reasoningOf(host)
})

/** How `host` takes structured output: natively (`json_schema`, not strict) or through a tool. */
export const outputOf = (host: Host): ChatOutput.Policy => {
  const support: ChatOutput.Support = { strategy: host.output ?? "native", nativeStrict: false, toolStrict: false }
  return () => support
}
