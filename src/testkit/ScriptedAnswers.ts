/**
 * The scripted model's answers, the same in tests (`TestKit.scripted`, `TestKit.auto`) and from the bin
 * (`replay --script`, `--auto`): each request is read in its API's format (`<Provider>Scripted.ts`), answered
 * with the next turn of the script (the n-th request the n-th turn, starting over after the last) or the
 * automatic turn (`AutoTurn`), and the turn written as that API streams it: the provider's own events (its test
 * kit's payloads), cut at each event so that a paced server sends one at a time; an error turn as the provider's
 * error body, a cut turn without the stream's end.
 *
 * @internal
 */
import type * as ScriptedKit from "../core/provider/ScriptedKit.js"
import type * as StreamScript from "../core/provider/StreamScript.js"
import * as ProviderTestKits from "../providers/ProviderTestKits.js"
import * as AutoTurn from "./AutoTurn.js"
import type * as ScriptTurns from "./ScriptTurns.js"

export type { ScriptedFormat as Format } from "../providers/ProviderTestKits.js"

/** Where the turns come from: a script, or the request itself. */
export type Mode = { readonly turns: ReadonlyArray<ScriptTurns.Turn> } | "auto"

/** An answer on the wire. */
export interface WireAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
  /** Byte offsets after each event (a paced server writes one event at a time). */
  readonly cuts: ReadonlyArray<number>
  /** What was answered, for a log line: `turn 2 of 3`, `auto: a call of get_weather`. */
  readonly summary: string
}

const encoder = new TextEncoder()

/** About four characters a token: the counts a turn leaves out. */
const tokens = (characters: number): number => Math.max(1, Math.ceil(characters / 4))

/** Words with the spaces after them (leading spaces a piece of their own): text as a model streams it. */
const words = (text: string): ReadonlyArray<string> => text.match(/\S+\s*|\s+/g) ?? []

/** Pieces of about `size` characters (never inside a character). */
const pieces = (text: string, size: number): ReadonlyArray<string> => {
  const points = Array.from(text)
  const out: Array<string> = []
  for (let start = 0; start < points.length; start += size) out.push(points.slice(start, start + size).join(""))
  return out
}

/** Cuts for `StreamScript.splitText` that give pieces of `size` code points. */
const cutsEvery = (text: string, size: number): ReadonlyArray<number> => {
  const length = Array.from(text).length
  const cuts: Array<number> = []
  for (let offset = size; offset < length - 1; offset += size) cuts.push(offset - 1)
  return cuts
}

/** The byte offsets after each event: SSE events end with a blank line; AWS event-stream frames say their length. */
const eventCuts = (contentType: string, body: Uint8Array): ReadonlyArray<number> => {
  const cuts: Array<number> = []
  if (contentType === "application/vnd.amazon.eventstream") {
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength)
    for (let offset = 0; offset + 4 <= body.length;) {
      offset += view.getUint32(offset)
      if (offset < body.length) cuts.push(offset)
    }
    return cuts
  }
  for (let index = 1; index < body.length - 1; index++) {
    if (body[index] === 10 && body[index - 1] === 10) cuts.push(index + 1)
  }
  return cuts
}

/** The tool a structured output goes through, when the request sends it as a tool. */
const outputTool = (request: ScriptedKit.RequestView): string | undefined => {
  const choice = request.toolChoice
  if (typeof choice === "object") return choice.name
  return choice === "required" && request.outputSchema === undefined ? request.tools.at(-1)?.name : undefined
}

const describe = (turn: ScriptTurns.Turn): string =>
  turn.error !== undefined
    ? `error ${turn.error.status}`
    : [
      turn.reasoning === undefined ? [] : ["reasoning"],
      turn.text === undefined ? [] : ["text"],
      (turn.toolCalls ?? []).map((call) => `a call of ${call.name}`),
      "json" in turn ? ["json"] : [],
      turn.cut === true ? ["cut"] : []
    ].flat().join(", ") || "an empty answer"

interface ScriptContext {
  readonly id: string
  readonly requestCharacters: number
}

/** The turn's tool calls, then the call of the tool a structured output goes through (`viaTool`), if any. */
const callsOf = (
  kit: ScriptedKit.ScriptedKit,
  turn: ScriptTurns.Turn,
  viaTool: string | undefined,
  context: ScriptContext
): StreamScript.StreamScript["toolCalls"] =>
  [
    ...(turn.toolCalls ?? []),
    ...(viaTool === undefined ? [] : [{ name: viaTool, arguments: turn.json }])
  ].map((call, index) => {
    const args = typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments ?? {})
    return {
      id: "id" in call && call.id !== undefined
        ? call.id
        : `${kit.testKit.payloads.toolCallIdPrefix}${context.id}${index}`,
      name: call.name,
      arguments: args,
      cuts: cutsEvery(args, 8)
    }
  })

/**
 * The turn's usage, as given or as the provider would count it: the request's text and the prompt it adds
 * (Anthropic's for tools) as input, the characters `answered` as output.
 */
const usageOf = (
  kit: ScriptedKit.ScriptedKit,
  turn: ScriptTurns.Turn,
  request: ScriptedKit.RequestView,
  context: ScriptContext,
  answered: number
): StreamScript.StreamScript["usage"] => {
  const usage = turn.usage ?? {}
  const input = usage.inputTokens ?? tokens(context.requestCharacters) + (kit.addedInputTokens?.(request) ?? 0)
  const cached = usage.cachedTokens === undefined ? undefined : Math.min(usage.cachedTokens, input)
  const output = usage.outputTokens ?? tokens(answered)
  const thought = usage.reasoningTokens ?? (turn.reasoning === undefined ? undefined : tokens(turn.reasoning.length))
  return {
    uncachedInput: input - (cached ?? 0),
    cacheRead: cached,
    cacheWrite: undefined,
    output,
    reasoning: thought === undefined ? undefined : Math.min(thought, output)
  }
}

/** The stream a turn is, as a script its provider's test kit writes. */
const scriptOf = (
  kit: ScriptedKit.ScriptedKit,
  turn: ScriptTurns.Turn,
  request: ScriptedKit.RequestView,
  context: ScriptContext
): StreamScript.StreamScript => {
  const viaTool = "json" in turn ? outputTool(request) : undefined
  const calls = callsOf(kit, turn, viaTool, context)
  const json = "json" in turn && viaTool === undefined ? JSON.stringify(turn.json) ?? "null" : undefined
  const texts = [...words(turn.text ?? ""), ...(json === undefined ? [] : pieces(json, 8))]
  const reasoning = words(turn.reasoning ?? "")
  const answered = texts.join("").length + (turn.reasoning ?? "").length +
    calls.reduce((total, call) => total + call.arguments.length, 0)
  const usage = usageOf(kit, turn, request, context, answered)
  return {
    model: request.model ?? kit.testKit.wire.defaultModel,
    responseId: context.id,
    requestId: `00000000-0000-4000-8000-${context.id.slice(-12).padStart(12, "0")}`,
    created: 1_760_000_000,
    texts,
    reasoning,
    signature: `c2lnbmF0dXJl${context.id}`,
    toolCalls: calls,
    finishReasonWithoutTools: kit.testKit.payloads.finishReasons[0]!,
    usage,
    variant: {
      usageNullOnEveryChunk: true,
      usageDetails: true,
      serviceTier: true,
      promptAnnotation: true,
      usageOnFinishChunk: true,
      topLevelUsage: true,
      cacheFields: usage.cacheRead !== undefined,
      oneHourCache: false,
      deltaRepeatsInput: false,
      reasoning: reasoning.length > 0
    }
  }
}

const errorAnswer = (kit: ScriptedKit.ScriptedKit, status: number, message: string, summary: string): WireAnswer => {
  const { body, headers } = kit.error(status, message)
  return { status, headers, body: encoder.encode(body), cuts: [], summary }
}

/** One turn written in `format`, answering `request`. */
export const write = (
  format: ProviderTestKits.ScriptedFormat,
  turn: ScriptTurns.Turn,
  request: ScriptedKit.RequestView,
  context: { readonly id: string; readonly requestCharacters: number; readonly summary: string }
): WireAnswer => {
  const kit = ProviderTestKits.scriptedKitOf(format)
  if (turn.error !== undefined) return errorAnswer(kit, turn.error.status, turn.error.message, context.summary)
  const payloads = kit.testKit.payloads.of(scriptOf(kit, turn, request, context))
  const body = turn.cut === true ? kit.cut(payloads) : kit.testKit.wire.body(payloads)
  const contentType = kit.testKit.wire.contentType
  return {
    status: 200,
    headers: { "content-type": contentType },
    body,
    cuts: eventCuts(contentType, body),
    summary: context.summary
  }
}

/** A request's path and body, as the server received it. */
export interface WireRequest {
  readonly path: string
  readonly body: string
}

/** The answerer of one scripted model (its own count of requests): each request's answer in its format. */
export const answerer = (mode: Mode): (format: ProviderTestKits.ScriptedFormat, request: WireRequest) => WireAnswer => {
  let count = 0
  // Tool-call and response ids of this model's answers: unique within it, and apart from another model's.
  const tag = Math.random().toString(36).slice(2, 8).padEnd(6, "0")
  return (format, { body, path }) => {
    const index = count++
    const kit = ProviderTestKits.scriptedKitOf(format)
    let json: unknown
    try {
      json = JSON.parse(body)
    } catch {
      json = undefined
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      return errorAnswer(kit, 400, "the request body is not a JSON object", "error 400: not JSON")
    }
    const request = kit.read(path, json as Record<string, unknown>)
    const turns = mode === "auto" ? undefined : mode.turns
    const turn = turns === undefined ? AutoTurn.answer(request) : turns[index % turns.length]!
    const at = turns === undefined ? "auto" : `turn ${(index % turns.length) + 1} of ${turns.length}`
    return write(format, turn, request, {
      id: `${tag}${index.toString(36).padStart(4, "0")}`,
      requestCharacters: body.length,
      summary: `${at}: ${describe(turn)}`
    })
  }
}
