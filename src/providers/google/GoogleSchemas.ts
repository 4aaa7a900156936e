/**
 * The streamed `GenerateContentResponse` of the Gemini API and Vertex AI (`streamGenerateContent?alt=sse`),
 * as `@google/genai` 3.1 types it (`GenerateContentResponse`, `Candidate`, `Content`, `Part`, `FunctionCall`,
 * `PartialArg`, `GenerateContentResponseUsageMetadata`, `GenerateContentResponsePromptFeedback`). Every
 * field is optional on the wire: the schemas hold each field the library reads to its type and keep the
 * rest as sent (grounding, citations, safety ratings, server tool parts), so a field added after this
 * library cannot fail a stream.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as Usage from "../../core/Usage.js"

const Count = Schema.optionalKey(Schema.Finite)
/** A token count: a non-negative safe integer, as every other provider's usage schema holds it. */
const TokenCount = Schema.optionalKey(Schema.Natural)
const OptionalString = Schema.optionalKey(Schema.String)

/** One streamed piece of a function call's arguments, at a JSON Path (RFC 9535) such as `$.items[0].name`. */
export const PartialArg = Schema.Struct({
  jsonPath: OptionalString,
  stringValue: OptionalString,
  numberValue: Count,
  boolValue: Schema.optionalKey(Schema.Boolean),
  nullValue: Schema.optionalKey(Schema.Unknown),
  /** Another piece of the same path follows. */
  willContinue: Schema.optionalKey(Schema.Boolean)
})

export type PartialArg = typeof PartialArg.Type

/**
 * A function call: whole (`name`, `args`, `id`), or streamed (`streamFunctionCallArguments`): a start with
 * `name` and `willContinue`, pieces in `partialArgs`, and an empty `{}` that ends it (which may be left out).
 */
export const FunctionCall = Schema.Struct({
  id: OptionalString,
  name: OptionalString,
  args: Schema.optionalKey(Schema.NullOr(Schema.Record(Schema.String, Schema.Unknown))),
  partialArgs: Schema.optionalKey(Schema.Array(PartialArg)),
  willContinue: Schema.optionalKey(Schema.Boolean)
})

export type FunctionCall = typeof FunctionCall.Type

/** Code the model wrote for the code execution tool, which Google runs. */
export const ExecutableCode = Schema.Struct({ language: OptionalString, code: OptionalString, id: OptionalString })

/** The result of running `ExecutableCode`. */
export const CodeExecutionResult = Schema.Struct({
  outcome: OptionalString,
  output: OptionalString,
  id: OptionalString
})

/**
 * One part of a candidate's content: text (a thought summary with `thought: true`), a `thoughtSignature` (on
 * any part, also on an empty text part), a function call, code execution, inline data (generated images),
 * and server tool parts (`toolCall`, `toolResponse`, `functionResponse`) kept as sent.
 */
export const Part = Schema.Struct({
  text: OptionalString,
  thought: Schema.optionalKey(Schema.Boolean),
  thoughtSignature: OptionalString,
  functionCall: Schema.optionalKey(FunctionCall),
  executableCode: Schema.optionalKey(ExecutableCode),
  codeExecutionResult: Schema.optionalKey(CodeExecutionResult)
})

export type Part = typeof Part.Type

export const Content = Schema.Struct({
  role: OptionalString,
  parts: Schema.optionalKey(Schema.Array(Part))
})

/** One candidate answer (the first is the answer; `candidateCount` asks for more). */
export const Candidate = Schema.Struct({
  index: Count,
  content: Schema.optionalKey(Content),
  finishReason: OptionalString,
  finishMessage: OptionalString,
  safetyRatings: Schema.optionalKey(Schema.Array(Schema.Unknown)),
  citationMetadata: Schema.optionalKey(Schema.Unknown),
  groundingMetadata: Schema.optionalKey(Schema.Unknown),
  urlContextMetadata: Schema.optionalKey(Schema.Unknown),
  /** Where a request with it resumes the answer (`finishReason: "CONTINUATION"`, or a checkpoint on the way). */
  continuationToken: OptionalString
})

export type Candidate = typeof Candidate.Type

/** Tokens of one modality (`TEXT`, `IMAGE`, `AUDIO`, `VIDEO`, `DOCUMENT`). */
export const ModalityTokenCount = Schema.Struct({ modality: OptionalString, tokenCount: TokenCount })

const Details = Schema.optionalKey(Schema.Array(ModalityTokenCount))

/**
 * A `usageMetadata` (its `promptTokenCount` includes the cached tokens; `trafficType` is Vertex's).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const UsageMetadata = Schema.Struct({
  promptTokenCount: TokenCount,
  cachedContentTokenCount: TokenCount,
  candidatesTokenCount: TokenCount,
  toolUsePromptTokenCount: TokenCount,
  thoughtsTokenCount: TokenCount,
  totalTokenCount: TokenCount,
  promptTokensDetails: Details,
  cacheTokensDetails: Details,
  candidatesTokensDetails: Details,
  toolUsePromptTokensDetails: Details,
  trafficType: OptionalString,
  serviceTier: OptionalString
})

/**
 * @since 0.3.0
 * @category Models
 */
export type UsageMetadata = typeof UsageMetadata.Type

/** Why the prompt was refused (`blockReason`: `SAFETY`, `PROHIBITED_CONTENT`, `MODEL_ARMOR`, ...). */
export const PromptFeedback = Schema.Struct({
  blockReason: OptionalString,
  blockReasonMessage: OptionalString,
  safetyRatings: Schema.optionalKey(Schema.Array(Schema.Unknown))
})

/**
 * One streamed `GenerateContentResponse` (the first candidate is the answer); fields the library does not read are
 * kept as sent.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const GenerateContentResponse = Schema.Struct({
  candidates: Schema.optionalKey(Schema.Array(Candidate)),
  promptFeedback: Schema.optionalKey(PromptFeedback),
  usageMetadata: Schema.optionalKey(UsageMetadata),
  modelVersion: OptionalString,
  responseId: OptionalString,
  createTime: OptionalString
})

/**
 * @since 0.3.0
 * @category Models
 */
export type GenerateContentResponse = typeof GenerateContentResponse.Type

/** A streamed call's piece carried by a part: its index (the call's block), id, name and arguments. */
export const CallPlace = Schema.Struct({
  index: Schema.Finite,
  id: Schema.optionalKey(Schema.String),
  name: Schema.optionalKey(Schema.String),
  arguments: Schema.String,
  /** The call is complete after this part. */
  ends: Schema.Boolean
})

/** Where one part of the answer sits in the stream: its content block, and the call piece it carries. */
export const PartPlace = Schema.Struct({
  block: Schema.Finite,
  /** The part starts its block (a text part continuing the text before it does not). */
  starts: Schema.Boolean,
  call: Schema.optionalKey(CallPlace),
  /** A streamed call this part ends before its own piece (a new call started without the `{}` marker). */
  closes: Schema.optionalKey(CallPlace),
  /**
   * The id of the provider's call a result part without an id of its own answers: a code execution's result
   * (`codeExecutionResult`) answers the code before it (`executableCode`).
   */
  answers: Schema.optionalKey(Schema.String)
})

/**
 * What a lone event cannot say and the decoder resolves from the stream before it: each part's block and
 * call, a streamed call the finish reason ends, and whether the answer made calls for the program.
 */
export const Placement = Schema.Struct({
  parts: Schema.Array(PartPlace),
  closes: Schema.optionalKey(CallPlace),
  calls: Schema.Boolean,
  /** The event ends a request whose answer the next one continues (`CONTINUATION`): its finish is not the end. */
  continues: Schema.optionalKey(Schema.Boolean),
  /** The usage of the requests before this one of a continued answer, which this event's usage adds to. */
  usageBefore: Schema.optionalKey(Usage.Usage),
  /** The block the answer placed last, on an event that cites pages (a citation's text when the event has no parts). */
  citedBlock: Schema.optionalKey(Schema.Finite)
})

export type Placement = typeof Placement.Type

/** The first candidate (the answer), by its `index` (0 or left out), else the first listed. */
export const answerOf = (response: GenerateContentResponse): Candidate | undefined => {
  const candidates = response.candidates
  if (candidates === undefined || candidates.length === 0) return undefined
  for (const candidate of candidates) if (candidate.index === undefined || candidate.index === 0) return candidate
  return candidates[0]
}
