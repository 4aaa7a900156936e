/**
 * Our corrections to the two sources, each with its reason. `build.ts` applies them after the generic
 * rules (listed in `rules` below and in `src/data/PRICES-SOURCES.md`); a correction that matches no model
 * id fails the run, so this file never keeps stale entries.
 *
 * Kinds:
 * - `prefer`: price these ids from the named source instead of the default one;
 * - `exclude`: leave these ids out of the table (a missing price is an explained `None`, a wrong one is not);
 * - `rates`: set (or remove) rates in the periods starting at `from` (`"*"`: every period), and their
 *   tiers, or only the tier `tier`;
 * - `alias`: price these ids exactly as `target` (a spelling the sources do not list);
 * - `batch`: the batch multiplier of these ids, where neither source records the provider's batch price;
 * - `webSearch`: the price per 1,000 searches of the provider's web search tool for these ids, in every period;
 * - `page`: price these ids from the provider's own pricing page, where neither source prices them yet (a model
 *   newer than both); the run fails once a source prices one of them, so the sources take over.
 */
import type { Period, Provider, Rates } from "./table.js"

export type Selector = ReadonlyArray<string> | { readonly pattern: string }

export type Correction =
  & {
    /** A stable name, quoted in the lock review and in PRICES-SOURCES.md. */
    readonly id: string
    readonly provider: Provider
    readonly models: Selector
    readonly reason: string
  }
  & (
    | { readonly kind: "prefer"; readonly source: "litellm" | "genai-prices" }
    | { readonly kind: "exclude" }
    | {
      readonly kind: "rates"
      readonly from: string | null | "*"
      /** Only this long-context tier (its `above`), not the period's base rates. */
      readonly tier?: number
      readonly set?: Partial<Rates>
      readonly unset?: ReadonlyArray<keyof Rates>
    }
    | { readonly kind: "alias"; readonly target: string }
    | { readonly kind: "batch"; readonly multiplier: string }
    | { readonly kind: "ultrafast"; readonly multiplier: string }
    | { readonly kind: "flex"; readonly multiplier: string }
    | { readonly kind: "webSearch"; readonly price: string }
    | {
      readonly kind: "page"
      /** The provider's page the rates were read from, and when. */
      readonly source: string
      readonly checkedAt: string
      readonly periods: ReadonlyArray<Period>
      readonly batchMultiplier?: string
      readonly residency?: Record<string, string>
    }
  )

/**
 * DeepSeek's time-of-day prices (its Models & Pricing page): from 2026-08-17 the off-peak rates outside the peak
 * hours, UTC 01:00-04:00 and 06:00-10:00 (Beijing 09:00-12:00 and 14:00-18:00), every day; from 2026-08-23 on
 * weekdays alone (weekends off-peak all day).
 */
const peakAndOffPeak = (peak: Rates, offPeak: Rates): Array<Period> => {
  const windows = (days?: Array<number>) =>
    [["01:00", "04:00"], ["06:00", "10:00"]].map(([from, until]) => ({
      from: from!,
      until: until!,
      ...(days === undefined ? {} : { days }),
      rates: peak
    }))
  return [
    { from: "2026-08-17", rates: offPeak, timeOfDay: windows() },
    { from: "2026-08-23", rates: offPeak, timeOfDay: windows([1, 2, 3, 4, 5]) }
  ]
}

/** The generic rules `build.ts` applies, by name (documented in PRICES-SOURCES.md). */
export const rules = {
  "gp-primary":
    "OpenAI, Anthropic, Groq, Bedrock and Google prices come from genai-prices (curated, dated periods, tiers); LiteLLM prices the ids genai-prices does not know.",
  "ll-supplement":
    "LiteLLM adds what genai-prices does not model (batch and flex multipliers, priority rates, data-residency and fast-mode multipliers, audio rates, 1-hour cache writes, long-context tiers), only to periods whose input/output/cache-read rates equal LiteLLM's; a missing priority or tier rate falls back to the standard one, as in LiteLLM. One genai-prices model is one model: LiteLLM's richest record among its ids supplements all of them.",
  "azure-ll-primary":
    "Azure prices come from LiteLLM (azure/global*, azure/, azure_ai/ keys); genai-prices' Azure list is small and partly imported from OpenRouter, so it is only compared.",
  "azure-openai-price":
    "An Azure OpenAI model whose Azure Global price is OpenAI's (LiteLLM's Azure price equals one of OpenAI's periods, is a Regional price, or is missing for gpt-4o and later) gets the OpenAI entry's periods, so OpenAI's price changes carry over, and its batch multiplier; LiteLLM's Azure priority/flex rates are added where they agree. Azure ids no source lists still fall back to OpenAI's entry at lookup.",
  "azure-bare-regional":
    "A bare LiteLLM azure/<model> price exactly 1.1x the OpenAI price is a Regional/Data Zone price (LiteLLM mixes deployment types in bare keys), not the Global one.",
  "azure-datazone":
    "Azure OpenAI Data Zone (us/, eu/) and Regional (regional/) deployments of gpt-4o and later are priced 1.1x Global, computed exactly (LiteLLM's azure/us and azure/eu keys show 1.1x, some rounded to the cent).",
  "openai-272k":
    "OpenAI's long-context rates start at 272K input tokens inclusive ('standard rates for prompts < 272K'): every 272K threshold is written as above 271999 (genai-prices' encoding; LiteLLM's above_272k is one token late).",
  "openai-batch":
    "OpenAI's Batch API bills half the standard rates: batchMultiplier 0.5 for the OpenAI models LiteLLM lists with the /v1/batch endpoint or with *_batches rates that are half the standard ones.",
  "openai-flex":
    "OpenAI's flex processing bills half the standard rates: flexMultiplier 0.5 where LiteLLM's *_flex rates are half the standard ones to the cent (LiteLLM rounds some: 0.13 for 0.125).",
  "zero-price": "A source price of 0 for both input and output is an unknown price, not a free model: left out.",
  "chat-only":
    "Only text-generation models billed per token: embeddings, image, audio transcription/speech, music and video generation (Lyria, Gemini Omni), realtime, moderation, legacy completions and fine-tune prefixes are left out.",
  "bedrock-region":
    "LiteLLM's bedrock/<region>/<model> keys become <region>/<model> ids (the price in that AWS Region), kept only where they differ from the model's own price; provisioned-throughput commitments are left out.",
  "bedrock-geo":
    "A Bedrock geo inference profile (us., eu., apac., au., jp., us-gov., global.) is priced when a source names it: a LiteLLM key, or a genai-prices rule that names the prefix."
} as const

/** Gemini 4 Argon's and Carbon's prices: the introductory price through 2026-11-30, then the list price. */
const gemini4Prices: ReadonlyArray<Period> = [
  { from: null, rates: { input: "2", output: "10", cacheRead: "0.1" } },
  { from: "2026-12-01", rates: { input: "4", output: "20", cacheRead: "0.2" } }
]

export const corrections: ReadonlyArray<Correction> = [
  // ---------------------------------------------------------------- OpenAI
  {
    id: "openai-o3-launch-cache",
    provider: "openai",
    models: { pattern: "^o3(-2025-04-16)?$" },
    kind: "rates",
    from: null,
    set: { cacheRead: "2.5" },
    reason:
      "genai-prices' launch period of o3 (before the 80% cut of 2025-06-10) has cached input 0.5 at a $10 input price: the post-cut value copied back. OpenAI launched o3 at $10 input / $2.50 cached input / $40 output (the same 0.25x cache ratio as after the cut, 0.5 / 2)."
  },
  {
    id: "openai-gpt-oss-not-openai-api",
    provider: "openai",
    models: { pattern: "^gpt-oss-" },
    kind: "exclude",
    reason:
      "genai-prices' openai gpt-oss-* prices (0.039/0.18...) are third-party (OpenRouter) prices: OpenAI's API does not serve the open-weight models. Groq, Azure and Bedrock price them under their own providers."
  },
  {
    id: "openai-gpt-6-1-sol-page",
    provider: "openai",
    models: ["gpt-6.1-sol"],
    kind: "page",
    source: "https://developers.openai.com/api/docs/models/gpt-6.1-sol",
    checkedAt: "2026-11-25",
    periods: [{
      from: null,
      rates: { input: "2", output: "10", cacheRead: "0.1", cacheWrite: "2.5" },
      tiers: [{ above: 271_999, rates: { input: "4", output: "15", cacheRead: "0.2", cacheWrite: "5" } }]
    }],
    reason:
      "GPT-6.1 Sol (released 2026-09-29) is newer than both sources. Its model page, as LiteLLM's Day 0 note (docs.litellm.ai/blog/gpt_6_1_sol) and CodexManager 0.4.7 quote it: $2 input, $0.10 cached input, $10 output, cache writes $2.50 as GPT-6 Sol's; above 272K input tokens the whole request at twice the input and cache rates and 1.5 times the output (openai-272k), as GPT-6 Sol's entry bills it."
  },
  {
    id: "openai-gpt-6-2-sol-page",
    provider: "openai",
    models: ["gpt-6.2-sol"],
    kind: "page",
    source: "https://developers.openai.com/api/docs/models/gpt-6.2-sol",
    checkedAt: "2026-11-28",
    periods: [{
      from: null,
      rates: { input: "2", output: "10", cacheRead: "0.1", cacheWrite: "2.5" },
      tiers: [{ above: 271_999, rates: { input: "4", output: "15", cacheRead: "0.2", cacheWrite: "5" } }]
    }],
    reason:
      "GPT-6.2 Sol (released 2026-11-17) is newer than both sources. Its model page: $2 input, $0.10 cached input, $2.50 cache writes (30 minutes), $10 output; 'for requests with more than 272K input tokens, input and cache rates double and output costs 1.5 times the short-context rate for the full request' (openai-272k). Its Ultrafast rates (3 times the standard through 2027-02-28, 6 times after) are not in the table: the tier's multiplier is one value."
  },
  {
    id: "openai-gpt-6-1-terra-page",
    provider: "openai",
    models: ["gpt-6.1-terra"],
    kind: "page",
    source: "https://developers.openai.com/api/docs/models/gpt-6.1-terra",
    checkedAt: "2026-11-25",
    periods: [{
      from: null,
      rates: { input: "1", output: "5", cacheRead: "0.05", cacheWrite: "1.25" },
      tiers: [{ above: 271_999, rates: { input: "2", output: "7.5", cacheRead: "0.1", cacheWrite: "2.5" } }]
    }],
    reason:
      "GPT-6.1 Terra (released 2026-10-26) is newer than both sources. Its model page, as LiteLLM's Day 0 note (docs.litellm.ai/blog/gpt-6-1-terra) quotes it: $1 input, $0.05 cache reads, $5 output ('50% lower than ... GPT-6.1 Sol'), 30-minute cache writes $1.25; above 272K input tokens $2, $0.10 and $7.50 (twice the input and cache rates, 1.5 times the output)."
  },
  {
    id: "openai-gpt-6-batch",
    provider: "openai",
    models: ["gpt-6-astra", "gpt-6.1-terra"],
    kind: "batch",
    multiplier: "0.5",
    reason:
      "The Batch API bills GPT-6 Astra and GPT-6.1 Terra at half of whichever rate applies, long context included: OpenAI's pricing as LiteLLM's Day 0 notes quote it (BerriAI/litellm discussion #39633, 'Batch and Flex take 50% off whichever rate applies'; docs.litellm.ai/blog/gpt-6-1-terra, 'Batch and Flex: 50% off'; read 2026-11-29). Neither source records it for them: without it a batch call had no price."
  },
  {
    id: "openai-gpt-6-flex",
    provider: "openai",
    models: ["gpt-6-astra", "gpt-6.1-terra"],
    kind: "flex",
    multiplier: "0.5",
    reason:
      "Flex processing (`service_tier: \"flex\"`) bills GPT-6 Astra and GPT-6.1 Terra at half their rates, from the same notes as openai-gpt-6-batch. GPT-6 Sol and Luna, GPT-6.1 Sol and GPT-6.2 Sol have no such statement in a source found (only third-party apps' release notes): their flex and batch calls stay `missing-rate`."
  },
  {
    id: "openai-ultrafast",
    provider: "openai",
    models: ["gpt-6-astra"],
    kind: "ultrafast",
    multiplier: "6",
    reason:
      "OpenAI's Ultrafast mode (`service_tier: \"ultrafast\"`, developers.openai.com/api/docs/guides/ultrafast-mode) bills GPT-6 Astra at 6 times its standard per-token rates: $60 input, $6 cached input, $75 cache writes, $300 output per million (the pricing page, as Apidog's Ultrafast guide quotes it; Vercel's AI Gateway changelog: 'billed at 6x the standard per-token rate', a request that falls back to another tier at that tier's rate, which the response's `service_tier` names). Neither source records the tier. The other models the guide lists for it (GPT-6.1 Sol, GPT-6.2) have no published Ultrafast price: their Ultrafast calls stay `missing-rate`."
  },
  // ---------------------------------------------------------------- Anthropic
  {
    id: "anthropic-web-search",
    provider: "anthropic",
    models: { pattern: "^claude-" },
    kind: "webSearch",
    price: "10",
    reason:
      "Anthropic's pricing page (platform.claude.com/docs/en/about-claude/pricing, 'Web search tool'): $10 per 1,000 searches on every model, beside the tokens of the results; web fetch has no fee of its own. genai-prices records it (web_searches_kcount 10) on only some Claude ids: set on all, so a call's searches are never priced on one id and left out on its dated alias."
  },
  {
    id: "anthropic-sonnet-5-5-page",
    provider: "anthropic",
    models: ["claude-sonnet-5-5"],
    kind: "page",
    source: "https://platform.claude.com/docs/en/models/sonnet-5-5/overview",
    checkedAt: "2026-11-25",
    periods: [
      { from: null, rates: { input: "2", output: "10", cacheRead: "0.2", cacheWrite: "2.5", cacheWrite1h: "4" } },
      {
        from: "2026-10-07",
        rates: { input: "2", output: "10", cacheRead: "0.1", cacheWrite: "2.5", cacheWrite1h: "4" }
      }
    ],
    residency: { us: "1.1" },
    reason:
      "Claude Sonnet 5.5 (released 2026-09-28) is newer than both sources (genai-prices 0.1.8 matches it with its claude-sonnet-5 prefix, another model: gp-overmatch). Its model page: $2 / MTok input, $10 output, $2.50 5-minute and $4 one-hour cache writes, $0.20 cache reads, Batch API 50 %; its migration guide: the same prices as Claude Sonnet 5 'except for prompt cache reads, which cost $0.10 USD per million tokens', a cut of 2026-10-07; inference_geo \"us\" 1.1x, as Sonnet 5."
  },
  {
    id: "anthropic-mythos-5-page",
    provider: "anthropic",
    models: ["claude-mythos-5"],
    kind: "page",
    source: "https://platform.claude.com/docs/en/about-claude/pricing",
    checkedAt: "2026-11-27",
    periods: [{
      from: null,
      rates: { input: "10", output: "50", cacheRead: "1", cacheWrite: "12.5", cacheWrite1h: "20" }
    }],
    residency: { us: "1.1" },
    reason:
      "Claude Mythos 5 (released 2026-06-09 with Claude Fable 5, the same model without Fable's safety classifiers, for Project Glasswing customers) is in neither source. Anthropic's pricing page prices it as Claude Fable 5: $10 / MTok input, $50 output, $12.50 5-minute and $20 one-hour cache writes, $1 cache reads; inference_geo \"us\" 1.1x as Fable 5's entry."
  },
  {
    id: "anthropic-mythos-5-1-page",
    provider: "anthropic",
    models: ["claude-mythos-5-1"],
    kind: "page",
    source: "https://platform.claude.com/docs/en/about-claude/pricing",
    checkedAt: "2026-11-27",
    periods: [{
      from: null,
      rates: { input: "10", output: "50", cacheRead: "0.25", cacheWrite: "12.5", cacheWrite1h: "20" }
    }],
    reason:
      "Claude Mythos 5.1 is in neither source. Anthropic's pricing page prices it as Claude Fable 5.1: $10 / MTok input, $50 output, $12.50 5-minute and $20 one-hour cache writes, $0.25 cache reads. Claude Mythos 5.2 and Fable 5.2 stay unpriced: no price of theirs was found."
  },
  {
    id: "anthropic-haiku-5-5-page",
    provider: "anthropic",
    models: ["claude-haiku-5-5"],
    kind: "page",
    source: "https://platform.claude.com/docs/en/models/haiku-5-5/overview",
    checkedAt: "2026-11-25",
    periods: [{
      from: null,
      rates: { input: "0.1", output: "0.5", cacheRead: "0.01", cacheWrite: "0.125", cacheWrite1h: "0.2" },
      tiers: [{
        above: 100_000,
        rates: { input: "0.5", output: "2.5", cacheRead: "0.05", cacheWrite: "0.625", cacheWrite1h: "1" }
      }]
    }],
    reason:
      "Claude Haiku 5.5 (released 2026-10-07) is newer than both sources. Its model page prices it by the prompt's length: $0.10 / MTok input, $0.50 output, $0.125 and $0.20 cache writes (5 minutes, one hour), $0.01 cache reads for prompts up to 100,000 tokens; $0.50, $2.50, $0.625, $1 and $0.05 for every token of a request whose prompt (input, cache reads and writes) is longer, as a tier above 100,000 input tokens bills it."
  },
  {
    id: "anthropic-batch",
    provider: "anthropic",
    models: { pattern: "^claude-" },
    kind: "batch",
    multiplier: "0.5",
    reason:
      "Anthropic's Message Batches API bills every model at 50% of its standard prices (anthropic.com/pricing, 'Batch processing'; the cache multipliers apply on top). Neither genai-prices ('standard tier only') nor LiteLLM (no *_batches field for Anthropic) records it."
  },
  {
    id: "anthropic-sonnet-4-long-context-1h",
    provider: "anthropic",
    models: { pattern: "^claude-(sonnet-4|4-sonnet)(-0|-20250514)?$" },
    kind: "rates",
    from: null,
    tier: 200_000,
    set: { cacheWrite1h: "12" },
    reason:
      "genai-prices has no >200K tier for Claude Sonnet 4 and LiteLLM's (added by ll-supplement) has no 1-hour cache-write rate, which then falls back to the base 6: under-billed. Anthropic bills every rate of a long-context call at the tier price, and a 1-hour write at 2x input: 2 x 6 = 12, the value both sources give for Sonnet 4.5's tier."
  },
  // ---------------------------------------------------------------- Groq
  {
    id: "groq-batch",
    provider: "groq",
    models: { pattern: "." },
    kind: "batch",
    multiplier: "0.5",
    reason:
      "Groq's Batch API (/openai/v1/batches) bills half the on-demand price for every model (console.groq.com/docs/batch, quoted with groq.com/pricing at hivebook.wiki 'Groq API May 2026': '/batches (-50%)'); neither source records batch prices for Groq."
  },
  {
    id: "groq-gpt-oss-safeguard-20b",
    provider: "groq",
    models: ["openai/gpt-oss-safeguard-20b"],
    kind: "prefer",
    source: "litellm",
    reason:
      "genai-prices lists openai/gpt-oss-safeguard-20b as an alias of gpt-oss-120b (0.15 / 0.6); it is a 20B model that Groq prices like gpt-oss-20b (0.075 / 0.30, as in LiteLLM)."
  },
  {
    id: "groq-gpt-oss-safeguard-20b-cache",
    provider: "groq",
    models: ["openai/gpt-oss-safeguard-20b"],
    kind: "rates",
    from: "*",
    set: { cacheRead: "0.0375" },
    reason:
      "LiteLLM's cached input for gpt-oss-safeguard-20b is 0.037, the 50% cache discount (0.0375) rounded to 3 decimals; gpt-oss-20b, same price, has 0.0375 in both sources."
  },
  // ---------------------------------------------------------------- Azure
  {
    id: "azure-mini-audio-copied",
    provider: "azure",
    models: ["gpt-4o-mini-audio-preview-2024-12-17"],
    kind: "prefer",
    source: "genai-prices",
    reason:
      "LiteLLM's azure/gpt-4o-mini-audio-preview-2024-12-17 (2.5 / 10) is gpt-4o-audio-preview's price copied; Azure Global prices follow OpenAI's, 0.15 / 0.6 (audio 10 / 20) for the mini audio model: priced through the OpenAI entry."
  },
  {
    id: "azure-jais-per-thousand",
    provider: "azure",
    models: ["jais-30b-chat"],
    kind: "exclude",
    reason:
      "LiteLLM prices azure_ai/jais-30b-chat at 3,200 / 9,710 USD per million tokens, a per-thousand price scaled twice (1000x too high); no other source to correct it from."
  },
  {
    id: "azure-llama-output-below-input",
    provider: "azure",
    models: ["llama-4-maverick-17b-128e-instruct-fp8", "meta-llama-3-70b-instruct"],
    kind: "exclude",
    reason:
      "LiteLLM's azure_ai prices for these two have output cheaper than input (1.41 / 0.35 and 1.1 / 0.37), the reverse of every other Llama price on Azure and Bedrock: most likely swapped or mistyped, and no second source."
  },
  {
    id: "azure-model-router",
    provider: "azure",
    models: ["model_router", "model-router"],
    kind: "exclude",
    reason:
      "The Azure model router bills the model it routes to; LiteLLM's 0.14 / 0 is a routing fee with a 0 output price, not the call's price."
  },
  {
    id: "azure-grok-dotted",
    provider: "azure",
    models: ["grok-4.1-fast-reasoning"],
    kind: "alias",
    target: "grok-4-1-fast-reasoning",
    reason: "Microsoft Foundry's model name is grok-4.1-fast-reasoning; LiteLLM spells it grok-4-1-fast-reasoning."
  },
  {
    id: "azure-grok-dotted-non-reasoning",
    provider: "azure",
    models: ["grok-4.1-fast-non-reasoning"],
    kind: "alias",
    target: "grok-4-1-fast-non-reasoning",
    reason:
      "Microsoft Foundry's model name is grok-4.1-fast-non-reasoning; LiteLLM spells it grok-4-1-fast-non-reasoning."
  },
  // ---------------------------------------------------------------- Google
  {
    id: "google-gemini-4-argon-page",
    provider: "google",
    models: ["gemini-4-argon"],
    kind: "page",
    source: "https://ai.google.dev/gemini-api/docs/generate-content/latest-model",
    checkedAt: "2026-11-25",
    periods: gemini4Prices,
    batchMultiplier: "0.5",
    reason:
      "Gemini 4 Argon (released 2026-09-30) is newer than both sources. Google's Gemini 4 Argon guide: 'Available through Nov 30, 2026 at an introductory price of $2/1M input tokens and $10/1M output tokens ($4/1M input and $20/1M output thereafter)', thinking billed as output, no long-context tier; cached input $0.10, then $0.20, and the Batch API at half, as LiteLLM's launch note (BerriAI/litellm discussion #46238) and iyulab/TokenMeter 0.13.1 give them (the guide names no cache rate)."
  },
  {
    id: "google-gemini-4-carbon-page",
    provider: "google",
    models: ["gemini-4-carbon"],
    kind: "page",
    source: "https://ai.google.dev/gemini-api/docs/pricing",
    checkedAt: "2026-11-29",
    periods: gemini4Prices,
    batchMultiplier: "0.5",
    reason:
      "Gemini 4 Carbon (generally available 2026-11-10) is newer than both sources and priced as Gemini 4 Argon: 'Same price as Argon ... $2.00 / MTok input and $10.00 output until November 30, then $4.00 and $20.00' (LiteLLM's Day 0 note, BerriAI/litellm discussion #50970); 'Both models share the same per-token price' and thinking billed as output (docs.laozhang.ai, Gemini 4 Carbon, 2026-11-11). Argon's cache reads and Batch API with it (google-gemini-4-argon-page). Read 2026-11-29."
  },
  {
    id: "google-claude-not-gemini",
    provider: "google",
    models: { pattern: "claude-" },
    kind: "exclude",
    reason:
      "genai-prices' google provider also prices Anthropic's Claude on Vertex AI, which is Anthropic's Messages API behind Vertex, not Gemini's generateContent: the Google client does not serve it."
  },
  {
    id: "google-gemini-1-0-per-character",
    provider: "google",
    models: ["gemini-pro", "gemini-1.0-pro", "gemini-1.0-pro-vision-001"],
    kind: "exclude",
    reason:
      "genai-prices' Gemini 1.0 Pro price (0.125 / 0.375, 'I can't find anything so trusting these prices, not sure the model still exists') is Vertex AI's price per 1,000 characters ($0.000125 / $0.000375) read as per million tokens, for a retired model; it also priced `gemini-pro-latest`, the Gemini API's moving alias of its newest Pro model, at it (the lookup drops `-latest`)."
  },
  {
    id: "google-batch",
    provider: "google",
    models: { pattern: "^gemini-" },
    kind: "batch",
    multiplier: "0.5",
    reason:
      "The Gemini API's Batch Mode bills 50% of the interactive price for every Gemini model (ai.google.dev/gemini-api/docs/batch-mode, 'at 50% of the standard cost'; ai.google.dev/gemini-api/docs/pricing lists the batch column at half); genai-prices records the standard tier only."
  },
  {
    id: "google-flex",
    provider: "google",
    models: { pattern: "^gemini-" },
    kind: "flex",
    multiplier: "0.5",
    reason:
      "The Gemini API's Flex inference (`service_tier: \"flex\"`; the tier served is named by the `x-gemini-service-tier` response header) bills half the standard rates: ai.google.dev/gemini-api/docs/flex-inference, 'an inference tier that offers a 50% cost reduction compared to standard rates'; Vertex AI's Flex PayGo (`trafficType: ON_DEMAND_FLEX`, priced like the Gemini API's) likewise: docs.cloud.google.com/vertex-ai/generative-ai/docs/flex-paygo, 'a 50% discount compared to Standard PayGo'. genai-prices records the standard tier only. A model that does not serve Flex never names it, so every Gemini model carries the factor. Priority inference has a price of its own per model (75-100% over standard, the pricing page's column), which neither source records: priority calls stay without a price."
  },
  // ---------------------------------------------------------------- Bedrock
  {
    id: "bedrock-nova-geo",
    provider: "bedrock",
    models: { pattern: "^(eu|apac)\\.amazon\\.nova-(micro|lite|pro)-v1:0$" },
    kind: "prefer",
    source: "litellm",
    reason:
      "genai-prices matches Nova v1 with contains rules that ignore the profile's region, giving the US price to eu./apac. profiles; LiteLLM lists the EU (about 1.3x) and APAC (about 1.05x) prices separately."
  },
  {
    id: "bedrock-us-gov-profile",
    provider: "bedrock",
    models: { pattern: "^us-gov\\." },
    kind: "prefer",
    source: "litellm",
    reason:
      "genai-prices' regional rules put us-gov. profiles at the commercial 1.1x price; AWS GovCloud is priced 1.2x (LiteLLM's us-gov. profile and its bedrock/us-gov-east-1 and us-gov-west-1 keys agree)."
  },
  {
    id: "bedrock-govcloud-llama3-8b",
    provider: "bedrock",
    models: ["us-gov-east-1/meta.llama3-8b-instruct-v1:0", "us-gov-west-1/meta.llama3-8b-instruct-v1:0"],
    kind: "exclude",
    reason:
      "LiteLLM gives Llama 3 8B in GovCloud an output price of 2.65 (the 70B model's input price), 4.4x its commercial price while its input is unchanged: a copy-paste error."
  },
  {
    id: "bedrock-claude-3-haiku-no-cache",
    provider: "bedrock",
    models: { pattern: "anthropic\\.claude-3-haiku-20240307-v1:0$" },
    kind: "rates",
    from: "*",
    unset: ["cacheRead", "cacheWrite"],
    reason:
      "AWS's prompt-caching guide (docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html) does not list Claude 3 Haiku among the models that cache; genai-prices has no cache rates for it, LiteLLM's 0.025 / 0.3125 (and GovCloud 0.03 / 0.375) are generic 0.1x / 1.25x ratios."
  },
  {
    id: "deepseek-v4-page",
    provider: "deepseek",
    models: ["deepseek-v4-flash"],
    kind: "page",
    source: "https://api-docs.deepseek.com/quick_start/pricing",
    checkedAt: "2026-11-26",
    periods: [
      { from: null, rates: { input: "0.14", cacheRead: "0.028", output: "0.28" } },
      { from: "2026-04-26", rates: { input: "0.14", cacheRead: "0.0028", output: "0.28" } },
      ...peakAndOffPeak(
        { input: "0.44", cacheRead: "0.014", output: "1.32" },
        { input: "0.22", cacheRead: "0.007", output: "0.66" }
      )
    ],
    reason:
      "DeepSeek's Models & Pricing page: V4 Flash (2026-04-24) at $0.14 cache-miss input, $0.028 cache hits, $0.28 output; cache hits cut to 1/10 ($0.0028) from 2026-04-26 12:15 UTC (the table's periods start on a day: that day's earlier calls are priced at the new rate). From 2026-08-17 (16:00 UTC the day before) the page prices by the time of day the request is sent: peak (UTC 01:00-04:00 and 06:00-10:00) $0.44 / $0.014 / $1.32, off-peak half that ($0.22 / $0.007 / $0.66); off-peak all weekend (Beijing time, which for these hours is the UTC day) from 2026-08-23 (genai-prices 0.1.8's comment, issue pydantic/genai-prices#582)."
  },
  {
    id: "deepseek-v4-pro-page",
    provider: "deepseek",
    models: ["deepseek-v4-pro"],
    kind: "page",
    source: "https://api-docs.deepseek.com/quick_start/pricing",
    checkedAt: "2026-11-26",
    periods: [
      { from: null, rates: { input: "0.435", cacheRead: "0.03625", output: "0.87" } },
      { from: "2026-04-26", rates: { input: "0.435", cacheRead: "0.003625", output: "0.87" } },
      ...peakAndOffPeak(
        { input: "1.32", cacheRead: "0.044", output: "3.96" },
        { input: "0.66", cacheRead: "0.022", output: "1.98" }
      )
    ],
    reason:
      "DeepSeek's Models & Pricing page: V4 Pro (2026-04-24) at a quarter of its list price from launch ($0.435 cache-miss input, $0.03625 cache hits, $0.87 output; the page made the 75% cut permanent after 2026-05-31), cache hits cut to 1/10 from 2026-04-26 12:15 UTC. From 2026-08-17 peak (UTC 01:00-04:00 and 06:00-10:00) $1.32 / $0.044 / $3.96, off-peak half that ($0.66 / $0.022 / $1.98), by the time the request is sent, weekends off-peak from 2026-08-23, as for V4 Flash. deepseek-chat and deepseek-reasoner, V4 Flash's aliases until their retirement on 2026-07-24, stay unpriced (genai-prices prices them at V3's rates by the time of day)."
  },
  {
    id: "bedrock-claude-v2",
    provider: "bedrock",
    models: ["anthropic.claude-v2"],
    kind: "alias",
    target: "anthropic.claude-v2:1",
    reason:
      "Claude 2.0 (anthropic.claude-v2) and 2.1 (anthropic.claude-v2:1) had the same Bedrock price, 8 / 24; LiteLLM only lists the 2.1 id and genai-prices' AWS list neither."
  },
  {
    id: "bedrock-fable-5-1-us-profile",
    provider: "bedrock",
    models: ["us.anthropic.claude-fable-5-1"],
    kind: "alias",
    target: "anthropic.claude-fable-5-1",
    reason:
      "genai-prices prices Claude Fable 5.1's US profile at the regional rate (10% over global) but spells it us.anthropic.claude-fable-5-1-v1; Claude 5.x Bedrock ids carry no -v1 (us.anthropic.claude-opus-5, the SDK's us.anthropic.claude-fable-5-1)."
  },
  {
    id: "bedrock-not-a-model",
    provider: "bedrock",
    models: ["anthropic.claude-3-7-sonnet-20240620-v1:0", "anthropic.claude-mythos-preview"],
    kind: "exclude",
    reason:
      "Not priced models: Claude 3.7 Sonnet was never released with a 20240620 date (LiteLLM's key prices 1.2x a real model), and LiteLLM's Mythos preview is 0 / 0."
  }
]
