/**
 * One generated stream before it is written in a provider's format (`<Provider>TestKit.ts`), with the wire
 * variants the providers have sent over time. `testkit/TestKitScript.ts` generates them.
 *
 * @internal
 */

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

/** The stream's raw finish reason: `withTools` (the provider's) when it calls tools, else the script's. */
export const finishReason = (script: StreamScript, withTools: string): string =>
  script.toolCalls.length > 0 ? withTools : script.finishReasonWithoutTools
