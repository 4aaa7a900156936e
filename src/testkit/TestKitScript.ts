/**
 * What a generated stream holds (text pieces, reasoning, tool calls, usage, finish reason, the provider's
 * wire variants), and its fast-check arbitrary.
 *
 * @internal
 */
import type * as FastCheck from "fast-check"
import type * as CallResponseChunk from "../CallResponseChunk.js"

type FastCheckModule = typeof FastCheck

/**
 * fast-check, an optional peer dependency: only the arbitraries need it, and a program that uses them has
 * it installed to run them. Loaded here when it is installed, so that the rest of the testing entry works
 * without it.
 */
const installed: FastCheckModule | undefined = await import("fast-check").then(
  (module) => module,
  () => undefined
)

const fastCheck = (): FastCheckModule => {
  if (installed === undefined) {
    throw new Error(
      "TestKit.streamArbitrary needs fast-check, an optional peer dependency of effect-llm-stream: npm install --save-dev fast-check@^4"
    )
  }
  return installed
}

/** What `streamArbitrary` generates. */
export interface StreamArbitraryOptions {
  /**
   * One piece of text as the provider streams it. The default mixes words, runs of spaces, newlines
   * and tabs, punctuation, accented letters, CJK, emoji and the occasional empty piece.
   */
  readonly textPiece?: FastCheck.Arbitrary<string> | undefined
  /** The most text pieces in one stream (default 16). */
  readonly maxTextPieces?: number | undefined
  /** The most tool calls in one stream (default 2; 0 for text-only streams). */
  readonly maxToolCalls?: number | undefined
  /** The models a stream may name; the default models of each provider all have a bundled price. */
  readonly models?: ReadonlyArray<string> | undefined
}

/** The models `streamArbitrary` picks from by default (all in the bundled price table). */
export const defaultArbitraryModels: Readonly<Record<CallResponseChunk.Provider, ReadonlyArray<string>>> = {
  openai: ["gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18", "gpt-5-mini-2025-08-07"],
  anthropic: ["claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001", "claude-3-5-haiku-20241022"],
  groq: ["llama-3.3-70b-versatile", "llama-3.1-8b-instant", "openai/gpt-oss-120b"],
  azure: ["gpt-4o-2024-11-20", "gpt-4o-mini-2024-07-18", "gpt-5-mini-2025-08-07"],
  bedrock: [
    "us.amazon.nova-micro-v1:0",
    "amazon.nova-lite-v1:0",
    "anthropic.claude-3-haiku-20240307-v1:0",
    "meta.llama3-3-70b-instruct-v1:0"
  ]
}

/** Raw finish reasons each provider sends when no tool was called (the first is the usual one). */
const finishReasonsWithoutTools: Readonly<Record<CallResponseChunk.Provider, ReadonlyArray<string>>> = {
  openai: ["stop", "length", "content_filter"],
  anthropic: ["end_turn", "max_tokens", "stop_sequence", "refusal", "pause_turn", "model_context_window_exceeded"],
  groq: ["stop", "length"],
  azure: ["stop", "length", "content_filter"],
  bedrock: [
    "end_turn",
    "max_tokens",
    "stop_sequence",
    "content_filtered",
    "guardrail_intervened",
    "model_context_window_exceeded"
  ]
}

const finishReasonWithTools: Readonly<Record<CallResponseChunk.Provider, string>> = {
  openai: "tool_calls",
  anthropic: "tool_use",
  groq: "tool_calls",
  azure: "tool_calls",
  bedrock: "tool_use"
}

const toolCallIdPrefix: Readonly<Record<CallResponseChunk.Provider, string>> = {
  openai: "call_",
  anthropic: "toolu_",
  groq: "call_",
  azure: "call_",
  bedrock: "tooluse_"
}

const defaultTextPiece = (fc: FastCheckModule): FastCheck.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.array(
        fc.constantFrom(
          "The",
          " dragon",
          "book",
          " ",
          "  ",
          "\n",
          "\n\n",
          "\t",
          ",",
          ".",
          " Élise",
          "naïve",
          "日本語",
          "🐉",
          "4242",
          "-",
          "'s",
          "\u00a0"
        ),
        { minLength: 1, maxLength: 4 }
      ).map((parts) => parts.join(""))
    },
    { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 8, unit: "grapheme" }) },
    { weight: 1, arbitrary: fc.constant("") }
  )

/** Splits `text` into pieces at code-point offsets derived from `cuts` (never inside a character). */
export const splitText = (text: string, cuts: ReadonlyArray<number>): ReadonlyArray<string> => {
  const points = Array.from(text)
  if (points.length < 2) return [text]
  const offsets = [...new Set(cuts.map((cut) => 1 + (cut % (points.length - 1))))].sort((a, b) => a - b)
  const pieces: Array<string> = []
  let start = 0
  for (const offset of offsets) {
    pieces.push(points.slice(start, offset).join(""))
    start = offset
  }
  pieces.push(points.slice(start).join(""))
  return pieces
}

export interface ToolCallScript {
  readonly id: string
  readonly name: string
  /** The JSON text of the arguments. */
  readonly arguments: string
  /** Where the arguments are cut into streamed fragments. */
  readonly cuts: ReadonlyArray<number>
}

export interface UsageScript {
  /** Input tokens neither read from nor written to a cache. */
  readonly uncachedInput: number
  readonly cacheRead: number | undefined
  readonly cacheWrite: number | undefined
  readonly output: number
  /** A part of `output`. */
  readonly reasoning: number | undefined
}

/** One stream, before it is written in a provider's format. */
export interface StreamScript {
  readonly model: string
  readonly responseId: string
  readonly requestId: string
  readonly created: number
  readonly texts: ReadonlyArray<string>
  readonly reasoning: ReadonlyArray<string>
  readonly signature: string
  readonly toolCalls: ReadonlyArray<ToolCallScript>
  readonly finishReasonWithoutTools: string
  readonly usage: UsageScript
  /** Wire-shape variants: older and newer API versions, optional fields and blocks. */
  readonly variant: WireVariant
}

export interface WireVariant {
  /** OpenAI: `usage: null` on every chunk but the last (2025) rather than absent (2024). */
  readonly usageNullOnEveryChunk: boolean
  /** OpenAI, Azure: `prompt_tokens_details` and `completion_tokens_details` in the usage. */
  readonly usageDetails: boolean
  /** OpenAI: `service_tier` on every chunk. */
  readonly serviceTier: boolean
  /** Azure: the prompt annotation chunk first. */
  readonly promptAnnotation: boolean
  /** Groq: usage on the finish chunk (as recorded) rather than in a chunk with `choices: []`. */
  readonly usageOnFinishChunk: boolean
  /** Groq: the top-level `usage` beside `x_groq.usage`. */
  readonly topLevelUsage: boolean
  /** Anthropic, Bedrock: the cache token counts. */
  readonly cacheFields: boolean
  /** Anthropic: cache writes with the one-hour lifetime rather than the five-minute one. */
  readonly oneHourCache: boolean
  /** Anthropic: the `message_delta` usage repeats the input counts. */
  readonly deltaRepeatsInput: boolean
  /** Anthropic thinking, Bedrock reasoning, Groq `delta.reasoning`. */
  readonly reasoning: boolean
}

const alphanumeric = (fc: FastCheckModule, length: number): FastCheck.Arbitrary<string> =>
  fc.string({
    unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
    minLength: length,
    maxLength: length
  })

const toolCallArbitrary = (
  fc: FastCheckModule,
  provider: CallResponseChunk.Provider
): FastCheck.Arbitrary<ToolCallScript> =>
  fc.record({
    id: alphanumeric(fc, 24).map((suffix) => `${toolCallIdPrefix[provider]}${suffix}`),
    name: fc.constantFrom("get_weather", "search_books", "lookup_order"),
    arguments: fc.dictionary(
      fc.constantFrom("city", "query", "days", "unit", "order_id"),
      fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.boolean()
      ),
      { maxKeys: 3 }
    ).map((input) => JSON.stringify(input)),
    cuts: fc.array(fc.nat(), { maxLength: 6 })
  })

const usageArbitrary = (fc: FastCheckModule): FastCheck.Arbitrary<UsageScript> =>
  fc.record({
    uncachedInput: fc.integer({ min: 0, max: 100_000 }),
    cacheRead: fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: undefined }),
    cacheWrite: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
    output: fc.integer({ min: 0, max: 20_000 }),
    reasoning: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined })
  }).map((usage) => ({
    ...usage,
    reasoning: usage.reasoning === undefined ? undefined : Math.min(usage.reasoning, usage.output)
  }))

export const scriptArbitrary = (
  provider: CallResponseChunk.Provider,
  options: StreamArbitraryOptions
): FastCheck.Arbitrary<StreamScript> => {
  const fc = fastCheck()
  const textPiece = options.textPiece ?? defaultTextPiece(fc)
  const models = options.models ?? defaultArbitraryModels[provider]
  if (models.length === 0) throw new Error("TestKit.streamArbitrary: `models` is empty")
  return fc.record({
    model: fc.constantFrom(...models),
    responseId: alphanumeric(fc, 24),
    requestId: fc.uuid(),
    created: fc.integer({ min: 1_700_000_000, max: 1_800_000_000 }),
    texts: fc.array(textPiece, { maxLength: options.maxTextPieces ?? 16 }),
    reasoning: fc.array(textPiece, { maxLength: 4 }),
    signature: alphanumeric(fc, 32),
    toolCalls: fc.uniqueArray(toolCallArbitrary(fc, provider), {
      maxLength: options.maxToolCalls ?? 2,
      selector: (call) => call.id
    }),
    finishReasonWithoutTools: fc.constantFrom(...finishReasonsWithoutTools[provider]),
    usage: usageArbitrary(fc),
    variant: fc.record({
      usageNullOnEveryChunk: fc.boolean(),
      usageDetails: fc.boolean(),
      serviceTier: fc.boolean(),
      promptAnnotation: fc.boolean(),
      usageOnFinishChunk: fc.boolean(),
      topLevelUsage: fc.boolean(),
      cacheFields: fc.boolean(),
      oneHourCache: fc.boolean(),
      deltaRepeatsInput: fc.boolean(),
      reasoning: fc.boolean()
    })
  })
}

export const finishReasonOf = (provider: CallResponseChunk.Provider, script: StreamScript): string =>
  script.toolCalls.length > 0 ? finishReasonWithTools[provider] : script.finishReasonWithoutTools
