/**
 * Carries a step's whole provider turn through the browser when its parts alone would not give it back. The parts a
 * browser keeps (text, reasoning with its state, the model's tool calls) write most turns again exactly; a turn that
 * holds more does not: a provider's own tool call and its result (Anthropic's `server_tool_use` and
 * `web_search_tool_result`, the Responses API's `web_search_call`, Gemini's `executableCode` and
 * `codeExecutionResult`), a text's citations, a call's `caller`, a reasoning summary in several parts. Sent back
 * without them, the next request is not the conversation the provider answered: the model no longer sees its search
 * results, and Anthropic's models with preserved thinking refuse every thinking block after the change (a 400, "The
 * block is bound to a different conversation"; platform.claude.com, "Prefix checks on thinking blocks": "a serializer
 * that drops unknown block types, drops empty fields, or reorders blocks edits the prefix").
 *
 * Such a turn goes to the browser whole, once per step, in the message's metadata (`metadataKey`, under the key of
 * the step's signed fact), signed with the step (`turnFact`); `toMessages` sends it back as it came, the calls the
 * browser has not answered left out.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type * as Accumulator from "../../core/fold/Accumulator.js"
import * as ContentBlocks from "../../core/fold/ContentBlocks.js"
import * as Message from "../../core/Message.js"
import type * as AssistantTurn from "../../core/provider/AssistantTurn.js"
import type * as ProviderError from "../../core/ProviderError.js"
import * as TurnState from "../../providers/TurnState.js"
import * as CanonicalJson from "../signing/CanonicalJson.js"
import * as UIDecodedMessage from "./UIDecodedMessage.js"
import * as UIHistoryFacts from "./UIHistoryFacts.js"

/** Where a message's metadata keeps the carried turns, by the key of their step's signed fact. */
export const metadataKey = "effect-llm-stream/turns"

/**
 * The key of the metadata chunk the converter ends a step with to hand its turn to the history's signer; the signer
 * takes it out of the stream and sends the turn under `metadataKey` instead.
 */
export const pendingKey = "effect-llm-stream/turn"

/** A step's turn as its provider sent it. */
export interface Carried {
  readonly format: AssistantTurn.Format
  readonly blocks: ReadonlyArray<unknown>
}

/** A JSON value without its empty fields (`null`, `[]`), which no provider reads as a value. */
const withoutEmpty = (_key: string, value: unknown): unknown =>
  value === null || (Array.isArray(value) && value.length === 0) ? undefined : value

const sameJson = (a: unknown, b: unknown): boolean =>
  CanonicalJson.canonicalJson(JSON.parse(JSON.stringify(a, withoutEmpty) ?? "null")) ===
    CanonicalJson.canonicalJson(JSON.parse(JSON.stringify(b, withoutEmpty) ?? "null"))

/**
 * Whether the browser's parts write `block` again: it is a text, a reasoning or a tool call, and (where the API
 * checks a turn field by field) writing that part gives the block back, its empty fields aside. Reasoning without
 * state and empty text are parts the browser does not send back, as the provider does not need them.
 */
const partRebuilds = (format: AssistantTurn.Format, block: unknown): boolean => {
  const part = TurnState.partOf(format, block)
  if (part === undefined) return false
  if (!TurnState.isExact(format)) return true
  if (part._tag === "Reasoning" && part.state === undefined) return true
  if (part._tag === "Text" && part.text === "" && part.state === undefined) return true
  return sameJson(TurnState.blockOf(format, part), block)
}

/** The step's turn, when its parts would not write it again; `undefined` when they do (or it has no blocks). */
export const ofStep = (fold: Accumulator.Accumulator): Carried | undefined => {
  const format = fold.blockRecords[0]?.format
  if (format === undefined) return undefined
  const blocks = ContentBlocks.sendable(ContentBlocks.build(fold.blockRecords, ContentBlocks.textsOf(fold)))
  return blocks.every((block) => partRebuilds(format, block)) ? undefined : { format, blocks }
}

/** The text the signature of a carried turn is over: the step it belongs to (its fact's key), and the turn. */
export const turnFact = (stepKey: string, carried: Carried): string =>
  JSON.stringify(["effect-llm-stream/turn/v1", stepKey, CanonicalJson.canonicalJson(carried)])

/** Whether a message's metadata carries turns. */
export const carriesTurns = (metadata: unknown): boolean =>
  typeof metadata === "object" && metadata !== null && Object.hasOwn(metadata, metadataKey)

/**
 * The turn a message's metadata carries for the step whose fact has `stepKey`: `undefined` when it carries none,
 * `"invalid"` when what is there is not a turn.
 */
export const carriedOf = (metadata: unknown, stepKey: string): Carried | undefined | "invalid" => {
  const turns = typeof metadata === "object" && metadata !== null
    ? (metadata as Readonly<Record<string, unknown>>)[metadataKey]
    : undefined
  if (turns === undefined) return undefined
  if (typeof turns !== "object" || turns === null || Array.isArray(turns)) return "invalid"
  const turn = Object.hasOwn(turns, stepKey) ? (turns as Readonly<Record<string, unknown>>)[stepKey] : undefined
  if (turn === undefined) return undefined
  if (typeof turn !== "object" || turn === null) return "invalid"
  const { blocks, format } = turn as Readonly<Record<string, unknown>>
  return TurnState.isFormat(format) && Array.isArray(blocks) ? { format, blocks } : "invalid"
}

/** The carried turn as the provider's blocks of the assistant message, without the calls not sent (`sent`: their ids). */
export const contentOf = (carried: Carried, sent: ReadonlySet<string>): Message.ProviderContent =>
  new Message.ProviderContent({
    provider: carried.format,
    blocks: carried.blocks.filter((block) => {
      const part = TurnState.partOf(carried.format, block)
      return part?._tag !== "ToolCall" || sent.has(part.id)
    })
  })

/**
 * A step's fact, as the server signed it, and the turn the message's metadata carries for it, if it carries one (a
 * message that carries turns is looked up under the fact that says so; `"invalid"` what is there is not a turn: a
 * refusal naming `field`).
 */
export const stepFactOf = (
  text: string,
  calls: ReadonlyArray<UIHistoryFacts.CallFact>,
  turn: ReadonlyArray<UIHistoryFacts.TurnEntry>,
  metadata: unknown,
  field: string
): Effect.Effect<{ readonly fact: string; readonly carried: Carried | undefined }, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    if (carriesTurns(metadata)) {
      const withTurn = yield* UIHistoryFacts.stepFact(text, calls, turn, true)
      const carried = carriedOf(metadata, yield* UIHistoryFacts.keyOf(withTurn))
      if (carried === "invalid") {
        return yield* Effect.fail(
          UIDecodedMessage.invalid(field, "a provider's turn that is not one this server sends")
        )
      }
      if (carried !== undefined) return { fact: withTurn, carried }
    }
    return { fact: yield* UIHistoryFacts.stepFact(text, calls, turn), carried: undefined }
  })

/** The refusal of a turn changed since the server served it. */
export const changed = (field: string): ProviderError.InvalidRequestError =>
  UIDecodedMessage.invalid(field, "a provider's turn changed since this server served it")

/** Whether the turn a message carries for the step of `fact` is the one this server signed with it. */
export const turnServed = (
  signed: Readonly<Record<string, unknown>>,
  fact: string,
  carried: Carried
): Effect.Effect<boolean> =>
  Effect.flatMap(
    UIHistoryFacts.keyOf(fact),
    (key) => Effect.map(UIHistoryFacts.check(signed, turnFact(key, carried)), ({ valid }) => valid)
  )
