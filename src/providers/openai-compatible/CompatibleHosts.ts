/**
 * The OpenAI-compatible hosts, as data: what makes each one differ from OpenAI's Chat Completions is a row (where it
 * is and where a call goes, how its key is sent, the variable it is read from, how errors name it, the field that caps
 * the output and each model's cap, how it takes structured output, reasoning and service tiers, the content parts it
 * takes), and a host of a user's is a row made from the options of `OpenAICompatible.layer`. Groq's and Azure's Chat
 * Completions are rows too; their public modules name their chunk classes and read their settings (Azure's also which
 * API an endpoint serves, and OpenAI's model tables, which this folder may not import). What hosts stream beside
 * OpenAI's fields (`reasoning_content`, `reasoning`, `reasoning_details`, Groq's `x_groq.usage`, DeepSeek's cached
 * tokens, xAI's reasoning counted apart, OpenRouter's cost, Perplexity's citations, Azure's content-filter results)
 * is read by the core from the fields themselves (`ChatEvents`, `ChatUsage`, `CompatibleChunk`, `AzureChunk`), so it
 * needs no row; a usage its fields do not explain (Vercel's AI Gateway's reasoning, llama.cpp's cached tokens) is a
 * row's `usage` rule; every host's finish reasons are OpenAI's (`ChatFinishReasons`, `content_filter` included) and its
 * errors OpenAI's shape (`ChatErrors`, which also reads Groq's `status_code` and Azure's numeric `code`).
 *
 * @internal
 */
import * as TokenFamily from "../../core/estimate/TokenFamily.js"
import type * as ProviderProfile from "../../core/provider/ProviderProfile.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import type * as ChatControls from "./ChatControls.js"
import type * as ChatOutput from "./ChatOutput.js"
import * as ChatParts from "./ChatParts.js"
import type * as ChatUsage from "./ChatUsage.js"
import type * as CompatibleChunk from "./CompatibleChunk.js"

/**
 * How a host takes a request's reasoning: `reasoning_effort` (`"effort"`, OpenAI's field: xAI, Fireworks, Together,
 * vLLM, Ollama, ...), OpenRouter's `reasoning: { effort | max_tokens }` (`"openrouter"`), not at all (`"none"`: the
 * model decides, as DeepSeek's `deepseek-reasoner` does), or by the model's family (a list of `Family`: Groq).
 */
export type ReasoningField = "effort" | "openrouter" | "none"

/**
 * A family of a host's models that reason: its `reasoning_effort` values by our levels, and whether the reasoning is
 * asked for as `reasoning_format: "parsed"` (else it streams as `reasoning` by itself, or inside `<think>` tags).
 */
export interface Family {
  readonly prefix: string
  readonly efforts: ReadonlyArray<readonly [CallRequest.ReasoningEffort, string]>
  readonly parsed: boolean
}

/**
 * The models of a host that take `response_format: json_schema`: `strict: true` on the first list, best effort on
 * the second; others, and a request with tools of its own, answer through a forced tool.
 */
export interface JsonSchemaModels {
  readonly strict: ReadonlyArray<RegExp>
  readonly bestEffort: ReadonlyArray<RegExp>
}

/**
 * One host: its name (the answer's `provider`, and the price table's name for its prices), where its API is, and
 * how it differs from OpenAI's Chat Completions.
 */
export interface Host {
  readonly name: string
  /** Up to the version path (`https://api.deepseek.com/v1`); `/chat/completions` is appended. */
  readonly baseUrl: string
  /** Where a call goes, from `baseUrl` and the request; `{baseUrl}/chat/completions` by default. */
  readonly url?: ((baseUrl: string, request: CallRequest.ProviderRequest) => string) | undefined
  /** The `api-version` query parameter every call carries (Azure's dated versions); none by default. */
  readonly apiVersion?: string | undefined
  /** The first dated `apiVersion` that takes each field; an older one is refused it (none by default). */
  readonly since?: Readonly<Partial<Record<"json_schema" | "reasoning_effort", string>>> | undefined
  /** Whether the body names the model (default: yes; an Azure deployment is named in the URL). */
  readonly includeModel?: boolean | undefined
  /** The header the key goes in as it is (Azure's `api-key`); by default `authorization: Bearer {key}`. */
  readonly keyHeader?: string | undefined
  /** The APIs one host serves, each the fields of the row it changes (Azure's deployments, v1, inference). */
  readonly apis?: Readonly<Record<string, Partial<Host>>> | undefined
  /** The environment variable `layerConfig` reads its key from; none for a local server that takes no key. */
  readonly apiKeyEnv?: string | undefined
  /** How errors name the host (`Groq`); its name by default. */
  readonly api?: string | undefined
  /** The body field of the output cap (default `max_tokens`, which every compatible host takes). */
  readonly maxTokensField?: "max_tokens" | "max_completion_tokens" | undefined
  /** The largest output cap of each model, by the prefix of its name (the first that starts the name wins). */
  readonly maxOutput?: ReadonlyArray<readonly [prefix: string, maxOutput: number]> | undefined
  /**
   * Structured output as `response_format` `json_schema` (`"native"`), through a forced tool, by model, or by a table
   * of another folder (Azure's, OpenAI's models).
   */
  readonly output?: "native" | "tool" | JsonSchemaModels | ChatOutput.Policy | undefined
  readonly reasoning?: ReasoningField | ReadonlyArray<Family> | undefined
  /** The request controls, when a table of another folder says what the models take (Azure's, OpenAI's models). */
  readonly controls?: ChatControls.Host | undefined
  /** The service tiers the host takes, by their wire names (none by default). */
  readonly serviceTiers?: Readonly<Partial<Record<CallRequest.ServiceTier, string>>> | undefined
  /** The content parts it takes (default: OpenAI's, with tool call ids of any length). */
  readonly parts?: ChatParts.Policy | undefined
  /** Whether its tools take `strict: true` (default: no). */
  readonly strictTools?: boolean | undefined
  /** The models whose tokens are counted in OpenAI's encodings (its open-weight models); others are estimated. */
  readonly openaiTokens?: RegExp | undefined
  /** Whether a turn's `reasoning_details` go back on it (OpenRouter's "Preserving reasoning blocks"). */
  readonly sendsReasoningDetails?: boolean | undefined
  /**
   * The delta field it streams reasoning in (the core reads every one): the one the test kit writes (`false`: none).
   */
  readonly reasoningField?: "reasoning" | "reasoning_content" | false | undefined
  /** Whether it sends Groq's `x_groq` (its request id, and the usage on the finish chunk). */
  readonly xGroq?: boolean | undefined
  /** Whether it sends Azure's content-filter results (a prompt annotation first, and on each choice). */
  readonly contentFilter?: boolean | undefined
  /** The finish reasons the test kit writes (`stop` and `length` by default). */
  readonly finishReasons?: ReadonlyArray<string> | undefined
  /**
   * Where it states what it charged for a call (OpenRouter's `usage.cost`, xAI's `usage.cost_in_usd_ticks`): that
   * charge, a finite amount ≥ 0, is the call's cost. A host without one is priced from the table, whatever it sends.
   */
  readonly statedCost?: CompatibleChunk.StatedCostField | undefined
  /** How its usage differs from what the fields say (`ChatUsage.Rule`): none by default. */
  readonly usage?: ChatUsage.Rule | undefined
  /** Models it serves that the price table knows, usual one first: the ones the test kit and the replay name. */
  readonly models?: ReadonlyArray<string> | undefined
  /**
   * Its `gen_ai.provider.name` where the OpenTelemetry GenAI conventions' registry names it otherwise than `name`
   * (open-telemetry/semantic-conventions-genai, model/gen-ai/registry.yaml, `gen_ai.provider.name`'s values: `x_ai`,
   * `mistral_ai`, `azure.ai.inference`); else `name` (and a provider of the library's own, its conventional name).
   */
  readonly telemetryName?: string | undefined
  /** The API reference each rule of the row was read from. */
  readonly source?: string | undefined
}

/** An endpoint without its trailing slashes. */
const trimmed = (endpoint: string): string => endpoint.replace(/\/+$/, "")

/**
 * The base URL of an Azure resource's v1 API (`{resource}/openai/v1`), from its endpoint given either way (the
 * resource's, or its `/openai/v1` URL): its Chat Completions and Responses clients share it.
 */
export const v1Base = (endpoint: string): string => `${trimmed(endpoint).replace(/\/openai\/v1$/, "")}/openai/v1`

/**
 * The Chat Completions URL of an Azure OpenAI deployment: the endpoint as given when it names the deployment
 * (`.../openai/deployments/{deployment}`), `/deployments/{deployment}/chat/completions` after one that ends in
 * `/openai` (a custom domain), else `/openai/deployments/{deployment}/chat/completions` after the resource's.
 */
const deploymentUrl = (endpoint: string, request: CallRequest.ProviderRequest): string => {
  const base = trimmed(endpoint)
  if (base.includes("/openai/deployments/")) return `${base}/chat/completions`
  const deployment = encodeURIComponent(request.model)
  return `${base}${/\/openai$/.test(base) ? "" : "/openai"}/deployments/${deployment}/chat/completions`
}

/**
 * Groq's row, named apart from the table: code that reads only Groq's row (its profile, in `ProviderProfiles`) then
 * brings no other host's row into a bundle.
 */
export const groq = {
  name: "groq",
  api: "Groq",
  baseUrl: "https://api.groq.com/openai/v1",
  apiKeyEnv: "GROQ_API_KEY",
  maxTokensField: "max_completion_tokens",
  // "Max completion tokens" of Groq's model pages (console.groq.com/docs/models), as published for these ids; a
  // larger cap is refused (400), and a model not here has no known maximum (a cap of 4,096 at most is sent).
  maxOutput: [
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
  ],
  // GroqDocs, "Structured Outputs": strict on GPT-OSS, best effort on Kimi K2 and Llama 4; never beside tools.
  output: {
    strict: [/^openai\/gpt-oss-/],
    bestEffort: [/^moonshotai\/kimi-k2-instruct/, /^meta-llama\/llama-4-maverick-/, /^meta-llama\/llama-4-scout-/]
  },
  // groq-sdk 1.6 `CompletionCreateParams`: `reasoning_effort` by family; `reasoning_format: "parsed"` streams
  // Qwen 3's reasoning as `delta.reasoning` (its default, `raw`, puts it in `<think>` tags in the text).
  reasoning: [
    { prefix: "openai/gpt-oss", efforts: [["low", "low"], ["medium", "medium"], ["high", "high"]], parsed: false },
    {
      prefix: "qwen/qwen3.8",
      efforts: [["none", "none"], ["low", "low"], ["medium", "medium"], ["high", "high"]],
      parsed: true
    },
    { prefix: "qwen/qwen3", efforts: [["none", "none"], ["medium", "default"]], parsed: true }
  ],
  serviceTiers: { auto: "auto", default: "on_demand", flex: "flex" },
  // GroqCloud docs, "Images and Vision": images only, at most 5, and 4 MB of base64 per request.
  parts: {
    api: "Groq",
    noFiles: "Groq's chat completions take no documents; extract the document's text and send it as a text part",
    noAudio:
      "Groq's chat completions take no audio; transcribe the recording first (Groq's audio transcriptions endpoint) and send the text",
    maxImages: 5,
    maxInlineImageBytes: { limit: 4 * 2 ** 20, base64: true, what: "4 MB of base64-encoded images per request" }
  },
  strictTools: true,
  // OpenAI's open-weight models count in o200k (`o200k_harmony`).
  openaiTokens: /^openai\/gpt-oss/,
  reasoningField: "reasoning",
  xGroq: true,
  models: ["llama-3.3-70b-versatile", "llama-3.1-8b-instant", "openai/gpt-oss-120b"],
  source: "https://console.groq.com/docs/api-reference#chat-create"
} as const satisfies Host

/**
 * The hosts the library knows, by name: one row each. A cloud host reads its key from its variable; a local server
 * (Ollama, vLLM, LM Studio) takes none and listens where it does by default.
 */
export const presets = {
  groq,
  // Azure OpenAI's REST reference (learn.microsoft.com/azure/ai-foundry/openai/reference): the key in the `api-key`
  // header (a Microsoft Entra ID token as `Authorization: Bearer`), a dated `api-version` query (`response_format`
  // `json_schema` from 2024-08-01-preview, `reasoning_effort` from 2024-12-01-preview). Its v1 API ("API version
  // lifecycle", GA in August 2025): `{resource}/openai/v1/chat/completions`, no `api-version`, the deployment as the
  // body's `model`, other providers' models beside OpenAI's. Its streams carry content-filter results ("Content
  // filtering", "Content streaming"): a prompt annotation first, each choice's, and a `content_filter` finish.
  azure: {
    name: "azure",
    api: "Azure OpenAI",
    // The resource's endpoint (`https://{resource}.openai.azure.com`), which has no default.
    baseUrl: "",
    apiKeyEnv: "AZURE_API_KEY",
    keyHeader: "api-key",
    url: (endpoint) => `${v1Base(endpoint)}/chat/completions`,
    since: { json_schema: "2024-08-01", reasoning_effort: "2024-12-01" },
    maxTokensField: "max_completion_tokens",
    // It serves OpenAI's models and Chat Completions API, with the same input rules, a refusal in its own field
    // (Azure/azure-rest-api-specs inference.yaml `ChatRequestAssistantMessage.refusal`). A pure call, as Mistral's.
    parts: /* @__PURE__ */ Object.assign({}, ChatParts.openaiPolicy, { refusalsApart: true }),
    strictTools: true,
    apis: {
      v1: {},
      deployments: { url: deploymentUrl, apiVersion: "2024-10-21", includeModel: false },
      // Azure AI Model Inference (learn.microsoft.com/azure/ai-foundry/model-inference/reference/
      // reference-model-inference-chat-completions): `{endpoint}/chat/completions`, `max_tokens`, versions of its
      // own that gate nothing of Azure OpenAI's, and many families whose JSON modes differ: a forced tool.
      inference: {
        url: (endpoint) => `${trimmed(endpoint)}/chat/completions`,
        apiVersion: "2024-05-01-preview",
        since: {},
        maxTokensField: "max_tokens",
        output: "tool",
        // The conventions name Azure AI Inference apart from Azure OpenAI (`azure.ai.openai`, the provider's name).
        telemetryName: "azure.ai.inference"
      }
    },
    reasoningField: false,
    contentFilter: true,
    finishReasons: ["stop", "length", "content_filter"],
    models: ["gpt-4o-2024-11-20", "gpt-4o-mini-2024-07-18", "gpt-5-mini-2025-08-07"],
    source: "https://learn.microsoft.com/azure/ai-foundry/openai/reference"
  },
  deepseek: {
    name: "deepseek",
    baseUrl: "https://api.deepseek.com/v1",
    apiKeyEnv: "DEEPSEEK_API_KEY",
    // Its JSON output is `json_object` only: a schema goes through a tool.
    output: "tool",
    reasoning: "none",
    // Thinking mode (on by default) refuses an assistant turn that called tools without its `reasoning_content`
    // (`reasoningWithTurns`; api-docs.deepseek.com/guides/thinking_mode, "Tool Calls"). A pure call, as Mistral's.
    parts: /* @__PURE__ */ Object.assign({}, ChatParts.openaiPolicy, {
      api: "deepseek",
      maxCallIdLength: undefined,
      reasoningWithTurns: true
    }),
    models: ["deepseek-v4-flash", "deepseek-v4-pro"],
    source: "https://api-docs.deepseek.com/api/create-chat-completion"
  },
  xai: {
    name: "xai",
    baseUrl: "https://api.x.ai/v1",
    apiKeyEnv: "XAI_API_KEY",
    maxTokensField: "max_completion_tokens",
    // xAI, "Cost Tracking" (docs.x.ai/developers/cost-tracking, checked 2026-11-27): every response's usage has
    // `cost_in_usd_ticks`, the amount billed (1 USD = 10^10 ticks).
    statedCost: "usage.cost_in_usd_ticks",
    telemetryName: "x_ai",
    source: "https://docs.x.ai/docs/api-reference#chat-completions"
  },
  openrouter: {
    name: "openrouter",
    baseUrl: "https://openrouter.ai/api/v1",
    apiKeyEnv: "OPENROUTER_API_KEY",
    reasoning: "openrouter",
    sendsReasoningDetails: true,
    // OpenRouter, "Usage Accounting" (openrouter.ai/docs/use-cases/usage-accounting, checked 2026-11-27): the last
    // SSE message's `usage.cost` is what the call cost, in credits (USD), fees of its tools and plugins included.
    statedCost: "usage.cost",
    source: "https://openrouter.ai/docs/api-reference/chat-completion"
  },
  mistral: {
    name: "mistral",
    baseUrl: "https://api.mistral.ai/v1",
    apiKeyEnv: "MISTRAL_API_KEY",
    // `reasoning_effort` (mistralai/client-ts src/models/components/chatcompletionstreamrequest.ts `reasoningEffort`:
    // none, minimal, low, medium, high, xhigh; Magistral, Mistral Small 4), the reasoning streamed as `thinking`
    // parts of the content (`ChatEvents`).
    // Tool call ids of 9 letters and digits alone (`alphanumericCallIds`): another provider's are refused. A user
    // message right after tool results is refused with a 400, "Unexpected role 'user' after role 'tool'", and an
    // assistant message with no content and no calls too (`assistantAfterResults`; mistralai/mistral-common
    // `protocol/instruct/validator.py` `_validate_message_order`, `tokens/tokenizers/instruct.py`). A system message
    // after an assistant or a tool message is refused too, "Unexpected role 'system' after role 'tool'": it goes next
    // to a user message (`systemAfterUser`, the same function). An assistant message with text and calls is taken
    // (`MistralRequestValidatorV5` on, tokenizer V7 on: `_allow_tool_call_and_content = True`). OpenAI's policy
    // changed by a pure call, not a spread: a bundler keeps an object that holds a spread even when nothing reads it,
    // and this table with it.
    parts: /* @__PURE__ */ Object.assign({}, ChatParts.openaiPolicy, {
      api: "mistral",
      maxCallIdLength: undefined,
      callIdLength: 9,
      assistantAfterResults: true,
      systemAfterUser: true
    }),
    telemetryName: "mistral_ai",
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
  // Vercel's AI Gateway (the `source` below: its base URL; the key in `AI_GATEWAY_API_KEY`, as vercel/ai
  // `packages/gateway` reads it). Its usage, in all 66 calls of charmbracelet/fantasy's recordings
  // (`providertests/testdata/TestVercel*`: gpt-5, gemini-2.5-flash, gemini-3-pro-preview, claude-sonnet-4): `cost` is
  // prompt × the model's input price + (completion + reasoning) × its output price (gpt-5: 63 × $1.25 + (112 + 64) ×
  // $10 per million = $0.00183875, as stated), and `total_tokens` is prompt + completion: the reasoning is counted
  // apart from both (`usage.reasoningApart`). Claude's thinking is inside `completion_tokens` (Anthropic's
  // `output_tokens`) and its `reasoning_tokens` are 0, so nothing is counted twice.
  vercel: {
    name: "vercel",
    baseUrl: "https://ai-gateway.vercel.sh/v1",
    apiKeyEnv: "AI_GATEWAY_API_KEY",
    statedCost: "usage.cost",
    usage: { reasoningApart: true },
    source: "https://vercel.com/docs/ai-gateway/sdks-and-apis/openai-chat-completions"
  },
  // llama.cpp's server (`llama-server`, port 8080 by default): a build before its usage named
  // `prompt_tokens_details.cached_tokens` (ggml-org/llama.cpp tools/server/server-task.cpp `usage_json_oaicompat`)
  // names the prompt tokens it reused from its cache only in the `timings` of the last chunk (`cache_n`; `prompt_n`
  // the ones it evaluated; `result_timings::to_json`), as fantasy's `llama-cpp-gpt-oss` recordings of `b7010` do.
  llamacpp: {
    name: "llamacpp",
    baseUrl: "http://localhost:8080/v1",
    usage: { cachedInTimings: true },
    source: "https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md"
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

/**
 * The estimate families of open-weight models, by a part of the model's name, whichever host serves them (the first
 * that matches wins; another model is of `TokenFamily.other`).
 */
const modelFamilies: ReadonlyArray<readonly [RegExp, TokenFamily.Family]> = [
  // Kimi K2 (`moonshotai/kimi-k2-instruct-0905` on Groq and Hugging Face's router, `kimi-k2.5` on OpenRouter):
  // its tool calls' framing (`TokenFamily.kimi`).
  [/kimi-k2/i, TokenFamily.kimi]
]

/** The estimate family of `model` on a host whose `openaiTokens` are the models counted in OpenAI's encodings. */
const familyOf = (openaiTokens: RegExp | undefined, model: string): TokenFamily.Family =>
  openaiTokens?.test(model)
    ? TokenFamily.openai
    : modelFamilies.find(([name]) => name.test(model))?.[1] ?? TokenFamily.other

/** What generic code asks of `host`: its name, its tools' strict mode, its token family and its output caps. */
export const profileOf = (host: Host): ProviderProfile.Profile => {
  const { maxOutput, openaiTokens } = host
  return {
    provider: host.name,
    strictTools: host.strictTools ?? false,
    tokenFamily: (model) => familyOf(openaiTokens, model),
    ...(maxOutput === undefined
      ? {}
      : { maxOutputTokens: (model) => maxOutput.find(([prefix]) => model.startsWith(prefix))?.[1] })
  }
}

/** The row of the preset named `name`, if there is one. */
export const presetOf = (name: string): Host | undefined =>
  Object.hasOwn(presets, name) ? presets[name as Preset] : undefined

/** How errors name `host`: its `api` (`Groq`), else its name. */
export const apiOf = (host: Host): string => host.api ?? host.name
