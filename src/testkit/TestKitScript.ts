/**
 * The fast-check arbitrary of a generated stream's script (text pieces, reasoning, tool calls, usage,
 * finish reason, the provider's wire variants: `core/provider/StreamScript.ts`), with what the
 * provider's test kit says it sends (models, finish reasons, tool-call ids).
 *
 * @internal
 */
/** @ts-ignore fast-check is an optional peer dependency: a program that never calls streamArbitrary type-checks without it */
import type * as FastCheck from "fast-check"
import type * as CallResponseChunk from "../core/call/CallResponseChunk.js"
import * as StreamScript_ from "../core/provider/StreamScript.js"
import * as ProviderTestKits from "../providers/ProviderTestKits.js"

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

/**
 * What `streamArbitrary` generates.
 *
 * @since 0.1.0
 * @category Models
 */
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

/**
 * The models `streamArbitrary` picks from by default (all in the bundled price table).
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultArbitraryModels: Readonly<Record<CallResponseChunk.Provider, ReadonlyArray<string>>> =
  ProviderTestKits
    .each(ProviderTestKits.testKits, (kit) => kit.payloads.models)

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

export const splitText = StreamScript_.splitText
export type ToolCallScript = StreamScript_.ToolCallScript
export type UsageScript = StreamScript_.UsageScript
export type StreamScript = StreamScript_.StreamScript
export type WireVariant = StreamScript_.WireVariant

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
    id: alphanumeric(fc, 24).map((suffix) =>
      `${ProviderTestKits.testKits[provider].payloads.toolCallIdPrefix}${suffix}`
    ),
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
    finishReasonWithoutTools: fc.constantFrom(...ProviderTestKits.testKits[provider].payloads.finishReasons),
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
