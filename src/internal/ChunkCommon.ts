/**
 * The accessors every chunk class has, and the pure functions their shared derivations use: each
 * provider's chunk class is a plain `Schema.Class` whose getters call these, so provider-agnostic code
 * never needs a type switch.
 *
 * @internal
 */
import * as CostMetadata from "../CostMetadata.js"
import type * as FinishReason from "../FinishReason.js"
import type * as Provider from "../Provider.js"
import type * as Tool from "../Tool.js"
import type * as Usage from "../Usage.js"
import type * as ContentBlocks from "./ContentBlocks.js"

/** The accessors every chunk class has. */
export interface Common {
  readonly provider: Provider.Provider
  /** The raw provider payload this chunk was decoded from: the provider's whole object. */
  readonly chunk: unknown
  /** Text generated in this chunk (the first choice's, for OpenAI-style `n > 1`); `""` when none. */
  readonly content: string
  /** Reasoning ("thinking") text generated in this chunk; `""` when none. */
  readonly reasoning: string
  /**
   * Refusal text in this chunk (OpenAI's `delta.refusal` and `response.refusal.delta`, the first choice's);
   * `""` when none, and always for providers that stream a refusal as text (Anthropic, Bedrock).
   */
  readonly refusal: string
  /** The provider's raw finish reasons reported in this chunk; empty when none. */
  readonly finishReasons: ReadonlyArray<string>
  /** `finishReasons` mapped to the common set. */
  readonly commonFinishReasons: ReadonlyArray<FinishReason.FinishReason>
  /** The model that produced the response, when this chunk names it. */
  readonly model: string | undefined
  /**
   * The model name prices are looked up by: `model`, except for an Azure deployment configured with a
   * `baseModel`, and Bedrock's requested model id.
   */
  readonly pricingModel: string | undefined
  /** The response id, when this chunk carries it. */
  readonly id: string | undefined
  /** The provider's raw usage object, when this chunk carries one. */
  readonly usage: unknown
  /** Normalised usage reported by this chunk (see `Usage`), or `undefined` when it reports none. */
  readonly commonUsage: Usage.Usage | undefined
  /** All input tokens (cache reads and writes included), when this chunk reports usage. */
  readonly inputTokens: number | undefined
  /** Input tokens read from the prompt cache, when reported. */
  readonly cachedTokens: number | undefined
  /** All output tokens, when reported. */
  readonly outputTokens: number | undefined
  /** What the call's cost depends on, as far as this chunk reports it. */
  readonly costMetadata: CostMetadata.CostMetadata
  /** Fragments of the tool calls the program answers. */
  readonly toolCallDeltas: ReadonlyArray<Tool.ToolCallDelta>
  /** The tool calls this chunk completes. */
  readonly toolCallsEnded: ReadonlyArray<Tool.ToolCallsEnded>
  /** Fragments of the tool calls the provider runs itself (Anthropic's and Bedrock's server tools). */
  readonly serverToolCallDeltas: ReadonlyArray<Tool.ServerToolCallDelta>
  /** Results of server tool calls carried by this chunk. */
  readonly serverToolResults: ReadonlyArray<Tool.ServerToolResult>
  /**
   * What this chunk changes in the response's content blocks (providers whose assistant turn is sent
   * back as blocks: Anthropic, Bedrock); `undefined` when nothing.
   */
  readonly contentBlockUpdate: ContentBlocks.Update | undefined
}

/** An empty list, shared. */
export const none: ReadonlyArray<never> = []

/** Raw finish reasons in the common set. */
export const commonFinishReasons = (
  reasons: ReadonlyArray<string>,
  toCommon: (raw: string) => FinishReason.FinishReason
): ReadonlyArray<FinishReason.FinishReason> => reasons.length === 0 ? none : reasons.map(toCommon)

/** Normalised usage of a raw usage object, when there is one. */
export const commonUsage = <U>(usage: U | undefined, normalise: (usage: U) => Usage.Usage): Usage.Usage | undefined =>
  usage === undefined ? undefined : normalise(usage)

/** The cost metadata of a chunk: its usage and the non-token facts the provider reports with it. */
export const costMetadata = (
  usage: Usage.Usage | undefined,
  extras: () => CostMetadata.Extras
): CostMetadata.CostMetadata => CostMetadata.fromUsage(usage, usage === undefined ? {} : extras())
