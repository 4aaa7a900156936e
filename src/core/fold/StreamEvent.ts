/**
 * What a streamed chunk means, provider-neutral: the events each provider's decoder reads from one payload, once.
 * Every view of a stream reads these, never the raw payload, so two views cannot disagree about what arrived.
 *
 * @internal
 */
import type * as CostMetadata from "../CostMetadata.js"
import type * as FinishReason from "../FinishReason.js"
import type * as Tool from "../Tool.js"
import type * as Usage from "../Usage.js"
import type * as ContentBlocks from "./ContentBlocks.js"
import * as ToolCallFragments from "./ToolCallFragments.js"

/** Generated text (of the first choice, for OpenAI-style `n > 1`). */
export interface TextDelta {
  readonly _tag: "TextDelta"
  readonly text: string
}

/** Reasoning ("thinking") text, or a reasoning summary. */
export interface ReasoningDelta {
  readonly _tag: "ReasoningDelta"
  readonly text: string
}

/** A piece of a reasoning block's signature (Anthropic, Bedrock), which a turn sent back must carry. */
export interface ReasoningSignature {
  readonly _tag: "ReasoningSignature"
  readonly signature: string
}

/** Reasoning the provider returned encrypted (Anthropic's `redacted_thinking`, Bedrock's `redactedContent`). */
export interface RedactedReasoning {
  readonly _tag: "RedactedReasoning"
  readonly data: string
}

/** Text of the model refusing to answer (OpenAI's `refusal`). */
export interface RefusalDelta {
  readonly _tag: "RefusalDelta"
  readonly text: string
}

/** A piece of spoken output (OpenAI's audio output): base64 audio, its transcript, or both. */
export interface AudioDelta {
  readonly _tag: "AudioDelta"
  readonly data: string | undefined
  readonly transcript: string | undefined
}

/** A file the model made, whole (an image Gemini draws), base64 with its media type. */
export interface FileOutput {
  readonly _tag: "FileOutput"
  readonly mediaType: string
  readonly data: string
}

/** A tool call for the program starts or receives a piece of its arguments (a `ToolCallFragments.ToolCallDelta`). */
export interface ToolCallDelta extends ToolCallFragments.ToolCallDelta {
  readonly _tag: "ToolCallDelta"
}

/** Tool calls are complete: one (its block stopped), one choice's, or all of them. */
export interface ToolCallsEnded {
  readonly _tag: "ToolCallsEnded"
  readonly ended: ToolCallFragments.ToolCallsEnded
}

/** A tool call the provider runs itself starts, or receives a piece of its input. */
export interface ServerToolCallDelta extends ToolCallFragments.ServerToolCallDelta {
  readonly _tag: "ServerToolCallDelta"
}

/** The result of a tool call the provider ran itself. */
export interface ServerToolResult {
  readonly _tag: "ServerToolResult"
  readonly result: Tool.ServerToolResult
}

/** A usage snapshot: the raw object, its normalised `Usage`, and the non-token facts the price depends on. */
export interface UsageReported {
  readonly _tag: "UsageReported"
  readonly raw: unknown
  readonly usage: Usage.Usage
  readonly extras: CostMetadata.Extras
  /**
   * The call's usage with this report folded over what was reported before it (`raw` the raw object), when the
   * provider's rule is not `Usage.merge`'s field-by-field latest on normalised counts.
   */
  readonly fold?: ((earlier: Usage.Usage, raw: unknown) => Usage.Usage) | undefined
}

/**
 * A built-in tool the host ran inside the call, billed apart from the tokens (Groq's compound systems'
 * `executed_tools`): its index in the call (a tool named again under its index is the same run) and its type.
 */
export interface ToolRan {
  readonly _tag: "ToolRan"
  readonly index: number
  readonly type: string
}

/** The provider's raw finish reasons, and the same in the common set. */
export interface Finish {
  readonly _tag: "Finish"
  readonly reasons: ReadonlyArray<string>
  readonly common: ReadonlyArray<FinishReason.FinishReason>
  /** What the provider said of the policy it stopped on, as sent, where it said more (`Fields.policyDetails`). */
  readonly details?: unknown
}

/** What the chunk says about the response: its id, the model, the model prices are looked up by. */
export interface Metadata {
  readonly _tag: "Metadata"
  readonly id: string | undefined
  readonly model: string | undefined
  readonly pricingModel: string | undefined
  /** When the provider created the response (Unix seconds), when it says. */
  readonly created?: number | undefined
}

/** The container the provider ran the response's code in, which a request going on with its calls names. */
export interface Container {
  readonly _tag: "Container"
  readonly id: string
}

/**
 * One change the provider made to the request's input before the model read it (a thinking block or a reasoning item
 * withheld: the conversation lost that state), or a block it kept though it failed a check.
 *
 * @since 0.6.0
 * @category Models
 */
export interface InputTransformation {
  /**
   * What happened: Anthropic's entry `type` (`thinking_dropped`, `thinking_mismatch_allowed`), the Responses API's
   * `{type}_{action}` (`reasoning_removed`), or a newer kind.
   */
  readonly kind: string
  /** Where the input was: Anthropic's `messages.{i}.content.{j}`, the Responses API's reasoning item id. */
  readonly path: string
  /** Which check it failed (`model_binding_mismatch`, `prefix_mismatch`, ...), when the provider says. */
  readonly reason: string | undefined
}

/**
 * The provider's list of what it changed in the request's input (see `InputTransformation`), whole: it replaces any
 * before.
 */
export interface InputTransformed {
  readonly _tag: "InputTransformed"
  readonly entries: ReadonlyArray<InputTransformation>
}

/** The longest text of an entry kept, and the most entries: what a provider sends is bounded. */
const maxText = 256
const maxEntries = 1000

const textOf = (value: unknown): string | undefined =>
  typeof value === "string" && value.length <= maxText ? value : undefined

/** `InputTransformed` of a provider's raw list, each entry read by `read` (too long a text is `undefined`). */
export const inputTransformed = (
  raw: unknown,
  read: (text: (name: string) => string | undefined) => InputTransformation | undefined
): InputTransformed | undefined => {
  if (!Array.isArray(raw)) return undefined
  const entries = raw.slice(0, maxEntries).flatMap((entry) => {
    if (typeof entry !== "object" || entry === null) return []
    const read1 = read((name) => textOf((entry as Record<string, unknown>)[name]))
    return read1 === undefined || read1.kind === "" || read1.path === "" ? [] : [read1]
  })
  return { _tag: "InputTransformed", entries }
}

/** What the chunk changes in the assistant turn's content blocks (Anthropic, Bedrock, the Responses API). */
export interface BlockUpdate {
  readonly _tag: "BlockUpdate"
  readonly update: ContentBlocks.Update
}

/** Any event. */
export type StreamEvent =
  | TextDelta
  | ReasoningDelta
  | ReasoningSignature
  | RedactedReasoning
  | RefusalDelta
  | AudioDelta
  | FileOutput
  | ToolCallDelta
  | ToolCallsEnded
  | ServerToolCallDelta
  | ServerToolResult
  | UsageReported
  | ToolRan
  | Finish
  | Metadata
  | Container
  | BlockUpdate
  | InputTransformed

/** No events, shared. */
export const none: ReadonlyArray<never> = []

/** `TextDelta` of `text`. */
export const text = (text: string): TextDelta => ({ _tag: "TextDelta", text })

/** `ReasoningDelta` of `text`. */
export const reasoning = (text: string): ReasoningDelta => ({ _tag: "ReasoningDelta", text })

/** `RefusalDelta` of `text`. */
export const refusal = (text: string): RefusalDelta => ({ _tag: "RefusalDelta", text })

/** `ToolCallDelta` of a fragment. */
export const toolCallDelta = (delta: ToolCallFragments.ToolCallDelta): ToolCallDelta => ({
  _tag: "ToolCallDelta",
  ...delta
})

/** `ServerToolCallDelta` of a fragment. */
export const serverToolCallDelta = (delta: ToolCallFragments.ServerToolCallDelta): ServerToolCallDelta => ({
  _tag: "ServerToolCallDelta",
  ...delta
})

/** `ToolCallsEnded`, shared for "every call". */
export const allCallsEnded: ToolCallsEnded = { _tag: "ToolCallsEnded", ended: { _tag: "AllEnded" } }

/** `ToolCallsEnded` of one call, by its index. */
export const callEnded = (index: number): ToolCallsEnded => ({
  _tag: "ToolCallsEnded",
  ended: { _tag: "CallEnded", index }
})

/** `ToolCallsEnded` of one choice's calls. */
export const choiceEnded = (choice: number): ToolCallsEnded => ({
  _tag: "ToolCallsEnded",
  ended: { _tag: "ChoiceEnded", choice }
})

/** `Finish` of raw reasons, mapped to the common set with the provider's `toCommon`. */
export const finish = (
  reasons: ReadonlyArray<string>,
  toCommon: (raw: string) => FinishReason.FinishReason
): Finish => ({ _tag: "Finish", reasons, common: reasons.map(toCommon) })

/**
 * `UsageReported` of a raw usage object, normalised with the provider's `normalise`; `fold`, when given, the
 * provider's rule for folding it over the usage reported before it.
 */
export const usage = <U>(
  raw: U,
  normalise: (usage: U) => Usage.Usage,
  extras: CostMetadata.Extras = {},
  fold?: (earlier: Usage.Usage, raw: U) => Usage.Usage
): UsageReported =>
  fold === undefined
    ? { _tag: "UsageReported", raw, usage: normalise(raw), extras }
    : { _tag: "UsageReported", raw, usage: normalise(raw), extras, fold: fold as UsageReported["fold"] }

/** `BlockUpdate` of an update. */
export const block = (update: ContentBlocks.Update): BlockUpdate => ({ _tag: "BlockUpdate", update })

/**
 * A citation of block `index`'s text naming a page: its `url` and `title` (what a `source-url` part of the UI message
 * stream shows), beside the provider's own `fields` as sent.
 */
export const pageCitation = (
  index: number,
  url: string,
  title: string | null | undefined,
  fields?: Readonly<Record<string, unknown>>
): BlockUpdate =>
  block({ _tag: "Citation", index, citation: { ...fields, url, ...(typeof title === "string" ? { title } : {}) } })

/**
 * A citation of block `index`'s text naming one of the request's documents: `document`, as the provider reads the
 * citation (what a `source-document` part of the UI message stream shows), beside the citation as sent.
 */
export const documentCitation = (
  index: number,
  citation: unknown,
  document: ContentBlocks.CitedDocument | undefined
): BlockUpdate =>
  block(
    document === undefined ? { _tag: "Citation", index, citation } : { _tag: "Citation", index, citation, document }
  )

/** The request's document at position `index` (a whole number from 0) with `title`, or `undefined` for no position. */
export const documentAt = (index: unknown, title: unknown): ContentBlocks.CitedDocument | undefined =>
  typeof index === "number" && Number.isSafeInteger(index) && index >= 0
    ? { key: `index ${index}`, index, title: nonEmpty(title), filename: undefined, mediaType: undefined }
    : undefined

/** A string with something in it, else `undefined`. */
export const nonEmpty = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined

/** `ToolRan` of the tool at `index`, of `type`. */
export const toolRan = (index: number, type: string): ToolRan => ({ _tag: "ToolRan", index, type })

/** The most runs of built-in tools a call keeps; a run past them is kept as one of no type, which has no fee. */
const maxToolRuns = 1000

/** The runs of built-in tools so far with a report's, by their index: a run reported again keeps its latest type. */
const mergeRuns = (
  runs: Readonly<Record<string, string>> | undefined,
  reported: Readonly<Record<string, string>> | undefined
): Readonly<Record<string, string>> | undefined => {
  if (runs === undefined || reported === undefined) return runs ?? reported
  const merged: Record<string, string> = { ...runs }
  let count = Object.keys(merged).length
  for (const [index, type] of Object.entries(reported)) {
    if (index in merged || count < maxToolRuns) {
      if (!(index in merged)) count++
      merged[index] = type
    } else merged["-1"] = ""
  }
  return merged
}

/**
 * The cost facts reported so far with a new report's: each fact keeps its latest reported value, but the runs of
 * built-in tools, which add up (each run once).
 */
export const mergeExtras = (extras: CostMetadata.Extras, reported: CostMetadata.Extras): CostMetadata.Extras => ({
  batchMode: reported.batchMode ?? extras.batchMode,
  cost: reported.cost ?? extras.cost,
  statedCost: reported.statedCost ?? extras.statedCost,
  region: reported.region ?? extras.region,
  speed: reported.speed ?? extras.speed,
  tier: reported.tier ?? extras.tier,
  parts: reported.parts ?? extras.parts,
  toolRuns: mergeRuns(extras.toolRuns, reported.toolRuns)
})
