/**
 * The scripted model: a `LanguageModel` that answers from a script, or automatically from the request, in a
 * provider's real wire format, decoded by that provider's real layer (re-exported by `TestKit` whole).
 *
 * @since 0.4.0
 */
import * as Layer from "effect/Layer"
import type * as LanguageModel from "../app/LanguageModel.js"
import * as ProviderTestKits from "../providers/ProviderTestKits.js"
import * as BodyPieces from "./BodyPieces.js"
import * as ScriptedAnswers from "./ScriptedAnswers.js"
import * as ScriptTurns from "./ScriptTurns.js"
import * as TestKitRecording from "./TestKitRecording.js"

export type { ScriptedFormat as ScriptedProvider } from "../providers/ProviderTestKits.js"
export type { Turn } from "./ScriptTurns.js"

/**
 * How the scripted model answers.
 *
 * @since 0.4.0
 * @category Scripted
 */
export interface ScriptedOptions {
  /**
   * The API whose wire format it answers in, and whose layer decodes it (default `"openai"`): a provider, or a
   * compatible host by name (`"deepseek"`), whose chunks and costs are that host's.
   */
  readonly provider?: ProviderTestKits.ScriptedFormat | undefined
  /** The model the requests name, and the answers report (default: the provider's usual small model). */
  readonly model?: string | undefined
  /** Milliseconds before each event after the first: a paced stream (default 0). */
  readonly delayMs?: number | undefined
}

const layerOf = (
  mode: ScriptedAnswers.Mode,
  options: ScriptedOptions
): Layer.Layer<LanguageModel.LanguageModel> => {
  const format = options.provider ?? "openai"
  const kit = ProviderTestKits.scriptedKitOf(format)
  const { wire } = kit.testKit
  return Layer.suspend(() => {
    // Each build of the layer counts its requests from the first turn.
    const answer = ScriptedAnswers.answerer(mode)
    return TestKitRecording.providerModel(kit.provider, wire, options.model ?? wire.defaultModel, undefined).pipe(
      Layer.provide(TestKitRecording.answeringClient((request) => {
        const answered = answer(format, request)
        return {
          status: answered.status,
          headers: answered.headers,
          pieces: BodyPieces.splitAt(answered.body, answered.cuts)
        }
      }, options.delayMs ?? 0))
    )
  })
}

/**
 * A `LanguageModel` that answers from a script: the n-th call gets the n-th turn (after the last, the script
 * starts over), written in the provider's wire format and decoded by its real layer over an in-memory client, so
 * a tool loop calls its tools and structured output gets its value, as they would from the provider. Each build
 * of the layer starts at the first turn. Throws at once, naming the field, for turns that are not valid.
 *
 * @example
 * ```ts
 * import { CallStream, LanguageModel, Message, Tool } from "effect-llm-stream"
 * import { TestKit } from "effect-llm-stream/testing"
 * import { Effect, Schema } from "effect"
 *
 * const getWeather = Tool.handle(
 *   Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) }),
 *   ({ city }) => Effect.succeed(`18°C in ${city}`)
 * )
 *
 * const Scripted = TestKit.scripted([
 *   { text: "Let me check.", toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
 *   { text: "It is 18°C in Paris." }
 * ], { provider: "anthropic" })
 *
 * const answer = LanguageModel.runToolsToEnd({ messages: [Message.user("Weather in Paris?")], tools: [getWeather] })
 * // Effect.runPromise(Effect.provide(answer, Scripted)): two steps, the handler ran with { city: "Paris" }
 *
 * // A structured answer, and an error.
 * const book = TestKit.scripted([{ json: { title: "Dune", year: 1965 } }])
 * const limited = TestKit.scripted([{ error: { status: 429, message: "slow down" } }])
 * ```
 *
 * @since 0.4.0
 * @category Scripted
 */
export const scripted = (
  turns: ReadonlyArray<ScriptTurns.Turn> | { readonly turns: ReadonlyArray<ScriptTurns.Turn> },
  options: ScriptedOptions = {}
): Layer.Layer<LanguageModel.LanguageModel> =>
  layerOf({ turns: ScriptTurns.turnsOf(turns, "TestKit.scripted") }, options)

/**
 * A `LanguageModel` that answers from the request itself, in the provider's wire format: a request with tools
 * gets a call of one of them (the one the last user message names, else the first) with arguments valid for its
 * JSON Schema; once the tool results are sent back, a text answer that quotes them; a request with an output
 * schema gets a value valid for it, streamed in pieces (or, sent as a tool, that tool's call); anything else a
 * text answer quoting the user.
 *
 * @example
 * ```ts
 * import { CallStream, LanguageModel, Message } from "effect-llm-stream"
 * import { TestKit } from "effect-llm-stream/testing"
 * import { Effect, Schema } from "effect"
 *
 * const Book = Schema.Struct({ title: Schema.String, year: Schema.Int })
 * const book = LanguageModel.stream({ messages: [Message.user("A book?")], output: Book }).pipe(
 *   CallStream.object(),
 *   Effect.provide(TestKit.auto({ provider: "google" }))
 * )
 * // a Book valid for its schema: { title: "example", year: 1 }
 * ```
 *
 * @since 0.4.0
 * @category Scripted
 */
export const auto = (options: ScriptedOptions = {}): Layer.Layer<LanguageModel.LanguageModel> =>
  layerOf("auto", options)
