/**
 * A step's turn as AG-UI carries it to the client and back: in AG-UI a step is an assistant message (its text parts
 * joined, its tool calls) and a reasoning message per reasoning part. Each part's state (`TurnState.toJson`) is a
 * `REASONING_ENCRYPTED_VALUE` the client keeps as the `encryptedValue` of what it names (a reasoning message, a tool
 * call, or the assistant message for its text parts' states); the order of the parts is the assistant message's
 * `metadata["effect-llm-stream/turn"]`: `["reasoning", <id>]`, `["text", <length>]`, `["call", <id>]`. Read back
 * (`stepOf`), they are the step as the UI message stream's parts, which the step's signature covers.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as CanonicalJson from "../../core/payload/CanonicalJson.js"
import type * as ProviderError from "../../core/ProviderError.js"
import * as TurnState from "../../providers/TurnState.js"
import * as UIHistoryFacts from "../history/UIHistoryFacts.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import type * as AgUiEvent from "./AgUiEvent.js"

/** Where an assistant message's metadata keeps the order of its step's parts. */
export const metadataKey = "effect-llm-stream/turn"

/** A part of a step, in the order of its turn: reasoning (by its message), text (by its length), a call. */
export type Entry =
  | readonly ["reasoning", string]
  | readonly ["text", number]
  | readonly ["call", string]

/** A state as the value the client keeps: its JSON. */
export const valueOf = (
  subtype: AgUiEvent.ReasoningEncryptedValue["subtype"],
  entityId: string,
  state: unknown
): AgUiEvent.ReasoningEncryptedValue => ({
  type: "REASONING_ENCRYPTED_VALUE",
  subtype,
  entityId,
  encryptedValue: JSON.stringify(state)
})

/** A step's parts as they stream, in the order the UI message stream's client adds them (as `UIHistorySigner`). */
export class StepTurn {
  private readonly parts = new UIHistoryFacts.StepParts()

  /** A reasoning or text part, or a call, started. */
  open(kind: UIHistoryFacts.Part["kind"], id: string): void {
    this.parts.part(kind, id)
  }

  /** A text part's delta. */
  text(id: string, delta: string): void {
    this.parts.part("text", id).text.push(delta)
  }

  /** A reasoning or text part ended with its state, or a call's input arrived with its state. */
  end(kind: UIHistoryFacts.Part["kind"], id: string, state: unknown): void {
    const part = this.parts.part(kind, id)
    part.state = state
    if (kind === "call") part.made = true
  }

  /**
   * The end of the step's assistant message: its `TEXT_MESSAGE_END` (its metadata the `signature`, the `step`'s own
   * (its files, what the answer spent, how it ended) and, when a part has state, the order of its parts), then the
   * value of its text parts' states when one has state.
   */
  messageEnd(
    messageId: string,
    signature: AgUiEvent.Metadata | undefined,
    step?: AgUiEvent.Metadata | undefined
  ): Array<AgUiEvent.Event> {
    const taken = this.parts.turn()
    const layout = taken.some((part) => part.state !== undefined)
      ? {
        [metadataKey]: taken.map((part): Entry =>
          part.kind === "text" ? ["text", part.text.join("").length] : [part.kind, part.id]
        )
      }
      : undefined
    const metadata = { ...signature, ...layout, ...step }
    const events: Array<AgUiEvent.Event> = [
      { type: "TEXT_MESSAGE_END", messageId, ...(Object.keys(metadata).length === 0 ? {} : { metadata }) }
    ]
    const texts = taken.filter((part) => part.kind === "text")
    if (texts.some((part) => part.state !== undefined)) {
      events.push(valueOf("message", messageId, texts.map((part) => part.state ?? null)))
    }
    return events
  }
}

/** A reasoning message of the input: its text and its value. */
export interface Reasoning {
  readonly index: number
  readonly content: string
  readonly encryptedValue: string | undefined
}

/** A tool call of an assistant message of the input (not the provider's own), and its place among the message's. */
export interface Call {
  readonly at: number
  readonly id: string
  readonly name: string
  readonly arguments: string
  readonly encryptedValue: string | undefined
}

/** A step read back: its parts as the UI message stream's, its calls among them, the field each part's state is. */
export interface Step {
  readonly parts: ReadonlyArray<UIDecodedMessage.Placed>
  readonly calls: ReadonlySet<UIDecodedMessage.Part>
  readonly fieldOf: (at: number) => string
}

/** A step without parts: a message without state. */
export const noParts = (): Step => ({ parts: [], calls: new Set(), fieldOf: () => "" })

const notSent = (field: string) => UIDecodedMessage.invalid(field, "not a value this server sent")

/** The state a value holds (`undefined` for none): its JSON, `null` meaning none. */
const stateOf = (value: string | undefined, field: string) => {
  if (value === undefined) return Effect.undefined
  try {
    const state: unknown = JSON.parse(value)
    return Effect.succeed(state === null ? undefined : state)
  } catch {
    return Effect.fail(notSent(field))
  }
}

/** A part with its state where the UI message stream's client keeps it. */
const withState = (part: UIDecodedMessage.Part, key: string, state: unknown): UIDecodedMessage.Part =>
  state === undefined ? part : { ...part, [key]: { [TurnState.metadataKey]: state } }

const isText = (entry: Entry): boolean => entry[0] === "text"

const isEntry = (entry: unknown): entry is Entry =>
  Array.isArray(entry) && entry.length === 2 &&
  (entry[0] === "text"
    ? Number.isSafeInteger(entry[1]) && entry[1] >= 0
    : (entry[0] === "reasoning" || entry[0] === "call") && typeof entry[1] === "string")

/** The order of a message's parts as it came in its metadata (not read yet). */
const rawLayout = (metadata: unknown): unknown =>
  Predicate.isObject(metadata) ? (metadata as Record<string, unknown>)[metadataKey] : undefined

/** How many parts the order in a message's metadata names (counted against the input's cap). */
export const partCount = (metadata: unknown): number => {
  const layout = rawLayout(metadata)
  return Array.isArray(layout) ? layout.length : 0
}

/** The order of a message's parts, from its metadata: `undefined` when it has none. */
const layoutOf = (metadata: unknown): ReadonlyArray<Entry> | undefined | "invalid" => {
  const layout = rawLayout(metadata)
  if (layout === undefined) return undefined
  return Array.isArray(layout) && layout.every(isEntry) ? layout : "invalid"
}

/** What reading a message's parts needs: the message's fields, its calls, the input's reasoning messages. */
interface Reading {
  readonly field: string
  readonly content: string
  readonly texts: ReadonlyArray<unknown> | undefined
  readonly calls: ReadonlyMap<string, Call>
  readonly reasoning: ReadonlyMap<string, Reasoning>
}

/** Where a part is read from: the text read so far, the text parts so far. */
interface Cursor {
  offset: number
  textAt: number
}

/** The part an entry names, and the field its state is; `undefined` when the message has no such part. */
const partOf = (entry: Entry, reading: Reading, cursor: Cursor) =>
  Effect.gen(function*() {
    const { field } = reading
    if (entry[0] === "text") {
      if (cursor.offset + entry[1] > reading.content.length) return undefined
      const text = reading.content.slice(cursor.offset, cursor.offset += entry[1])
      const state = reading.texts?.[cursor.textAt++] ?? undefined
      return { part: withState({ type: "text", text }, "providerMetadata", state), at: `${field}.encryptedValue` }
    }
    if (entry[0] === "reasoning") {
      const found = reading.reasoning.get(entry[1])
      if (found === undefined) return undefined
      const at = `messages[${found.index}].encryptedValue`
      const part = { type: "reasoning", text: found.content }
      return { part: withState(part, "providerMetadata", yield* stateOf(found.encryptedValue, at)), at }
    }
    const call = reading.calls.get(entry[1])
    if (call === undefined) return undefined
    const at = `${field}.toolCalls[${call.at}].encryptedValue`
    const part = {
      type: "dynamic-tool",
      toolName: call.name,
      toolCallId: call.id,
      state: "input-available",
      input: CanonicalJson.argumentsValue(call.arguments)
    }
    return { part: withState(part, "callProviderMetadata", yield* stateOf(call.encryptedValue, at)), at, call }
  })

/**
 * The step an assistant message of the input stands for, as the UI message stream's parts, in the order its metadata
 * gives, each with its state. An order that is not the message's (a part it lacks, one named twice, text that does
 * not add up, calls left out) is a 400 naming the message; a value that is not state this server sent, a 400 naming it.
 */
export const stepOf = (
  message: { readonly content?: string | undefined; readonly metadata?: unknown; readonly encryptedValue?: string },
  index: number,
  calls: ReadonlyArray<Call>,
  reasoning: ReadonlyMap<string, Reasoning>
): Effect.Effect<Step, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const field = `messages[${index}]`
    const fields: Array<string> = []
    const parts: Array<UIDecodedMessage.Placed> = []
    const callParts = new Set<UIDecodedMessage.Part>()
    const step: Step = { parts, calls: callParts, fieldOf: (at) => fields[at] ?? field }
    const layout = layoutOf(message.metadata)
    if (layout === undefined) return step
    const misordered = UIDecodedMessage.invalid(
      field,
      "an assistant message changed since this server served it (the order of its parts does not fit its text and calls)"
    )
    if (layout === "invalid") return yield* misordered
    const texts = yield* stateOf(message.encryptedValue, `${field}.encryptedValue`)
    if (texts !== undefined && (!Array.isArray(texts) || texts.length !== layout.filter(isText).length)) {
      return yield* notSent(`${field}.encryptedValue`)
    }
    const content = message.content ?? ""
    const reading: Reading = {
      field,
      content,
      texts: texts as ReadonlyArray<unknown> | undefined,
      calls: new Map(calls.map((call) => [call.id, call])),
      reasoning
    }
    const cursor: Cursor = { offset: 0, textAt: 0 }
    const named = new Set<string>()
    for (const entry of layout) {
      const key = `${entry[0]}:${entry[1]}`
      const read = entry[0] === "text" || !named.has(key) ? yield* partOf(entry, reading, cursor) : undefined
      if (read === undefined) return yield* misordered
      named.add(key)
      parts.push({ part: read.part, at: fields.push(read.at) - 1 })
      if ("call" in read) callParts.add(read.part)
    }
    if (cursor.offset !== content.length || callParts.size !== calls.length) return yield* misordered
    return step
  })
