/**
 * The scripted model's script: the turns it answers with, one per request, as TypeScript values (`TestKit.scripted`)
 * or a JSON file (`npx effect-llm-stream replay --script turns.json`), and their Schema, whose failures name the
 * field (`turns[1].toolCalls[0].name`).
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"

const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/** A tool call a turn makes. */
export const ToolCallTurn = Schema.Struct({
  /** The tool's name. */
  name: Schema.String,
  /** Its arguments: an object (or any JSON value), or their JSON text; default `{}`. */
  arguments: Schema.optionalKey(Schema.Unknown),
  /** Its id; default one the provider's kind (`call_…`, `toolu_…`). */
  id: Schema.optionalKey(Schema.String)
})

/** The usage a turn reports; a count left out is estimated from the text (about four characters a token). */
export const UsageTurn = Schema.Struct({
  inputTokens: Schema.optionalKey(Count),
  outputTokens: Schema.optionalKey(Count),
  /** A part of the input tokens: read from the provider's cache. */
  cachedTokens: Schema.optionalKey(Count),
  /** A part of the output tokens: the reasoning. */
  reasoningTokens: Schema.optionalKey(Count)
})

/** An error the provider answers with, instead of a stream. */
export const ErrorTurn = Schema.Struct({
  /** The HTTP status: 429 (rate limited), 401 (a refused key), 400, 500, 503, 529, ... */
  status: Schema.Int.check(Schema.isBetween({ minimum: 400, maximum: 599 })),
  message: Schema.String
})

/** One answer. */
export const Turn = Schema.Struct({
  /** The answer's text, streamed word by word. */
  text: Schema.optionalKey(Schema.String),
  /** Reasoning (a summary, or thinking) before the text. */
  reasoning: Schema.optionalKey(Schema.String),
  /** Tool calls after the text, their arguments streamed in pieces. */
  toolCalls: Schema.optionalKey(Schema.Array(ToolCallTurn)),
  /**
   * A structured answer: this value's JSON streamed in pieces as the text, or, when the request asks for its
   * output through a tool (the output strategy `"tool"`), as that tool's call.
   */
  json: Schema.optionalKey(Schema.Unknown),
  usage: Schema.optionalKey(UsageTurn),
  error: Schema.optionalKey(ErrorTurn),
  /** The stream stops after the content, without its end: the client sees a truncated stream. */
  cut: Schema.optionalKey(Schema.Boolean)
})

/**
 * One answer of the scripted model, all fields optional: `text` (streamed word by word), `reasoning` (before
 * it), `toolCalls` (`{ name, arguments, id? }`, the arguments an object or their JSON text, streamed in pieces),
 * `json` (a structured answer: its JSON as the text, or the output tool's call when the request asks for its
 * output through a tool), `usage` (`{ inputTokens, outputTokens, cachedTokens, reasoningTokens }`, each left out
 * estimated at four characters a token), `error` (`{ status, message }`: the provider's error response instead of
 * a stream), `cut` (the stream stops after the content, without its end: a truncated stream).
 *
 * @since 0.4.0
 * @category Scripted
 */
export type Turn = typeof Turn.Type

/** A script: its turns, or `{ "turns": [...] }`. */
export const Script = Schema.Union([
  Schema.Array(Turn),
  Schema.Struct({ turns: Schema.Array(Turn) })
])

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

const fieldOf = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (field, key) =>
      typeof key === "number" ? `${field}[${key}]` : field === "" ? String(key) : `${field}.${String(key)}`,
    ""
  )

/** The turns of a script (parsed JSON or values), or why it is not one, naming the field. */
export const decode = (input: unknown): Result.Result<ReadonlyArray<Turn>, string> => {
  const decoded = Schema.decodeUnknownResult(Script)(input)
  if (Result.isFailure(decoded)) {
    const issue = formatter(decoded.failure.issue).issues[0]
    const path = (issue?.path ?? []).map((key) => typeof key === "object" ? key.key : key)
    // A bare array of turns is named as the `turns` of `{ "turns": [...] }`.
    const field = fieldOf(typeof path[0] === "number" ? ["turns", ...path] : path)
    return Result.fail(`${field === "" ? "the script" : field}: ${issue?.message ?? decoded.failure.message}`)
  }
  const turns = Array.isArray(decoded.success) ? decoded.success : (decoded.success as { turns: Array<Turn> }).turns
  return turns.length === 0 ? Result.fail("the script has no turns") : Result.succeed(turns)
}

/** The turns of a script, checked: throws, naming `caller` and the field, for turns that are not valid. */
export const turnsOf = (script: unknown, caller: string): ReadonlyArray<Turn> => {
  const decoded = decode(script)
  if (Result.isFailure(decoded)) throw new Error(`${caller}: ${decoded.failure}`)
  return decoded.success
}
