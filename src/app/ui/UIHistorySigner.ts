/**
 * The last stage of a served UI message stream: it signs what the browser is sent (`UIHistoryFacts`), so that the
 * message can come back as history. `start` carries an empty set of signed facts (the message is one this server
 * served, even if the browser stops it before anything is signed); each step's fact (its text, calls, and the turn
 * its parts make when they carry the provider's state: see `UIHistoryFacts`) is signed before its
 * `finish-step` (or the `abort` or `error` that cuts it: those end what the browser reads), each call's outcome
 * right after its output. Signatures travel in `message-metadata` chunks. A batch with nothing to sign is passed on
 * as it came: one pass over its chunk types, no Effect per chunk.
 *
 * @internal
 */
import * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as TurnState from "../../providers/TurnState.js"
import type * as UIChunk from "./UIChunk.js"
import * as UIHistoryFacts from "./UIHistoryFacts.js"

/** A part of a step, as the `ai` client adds it to the message: its kind, its text so far, its state. */
interface Slot {
  readonly kind: "reasoning" | "text" | "call"
  readonly id: string
  readonly text: Array<string>
  state: unknown
  /** For a call: its input arrived (`tool-input-available` or `tool-input-error`), so it is part of the step. */
  made: boolean
}

interface Step {
  readonly calls: Map<string, UIHistoryFacts.CallFact>
  /** The step's parts in the order the client adds them (a part at its `*-start`), by their id. */
  readonly parts: Map<string, Slot>
  /** The part the last chunk was about: a block's deltas find it without a lookup. */
  last: Slot | undefined
}

/** This library's entry of a chunk's provider metadata: the state the provider put on the part (see `TurnState`). */
const stateOf = (metadata: UIChunk.ProviderMetadata | undefined): unknown => metadata?.[TurnState.metadataKey]

/** The step's part with this key, added (at the end) if the step has none yet. */
const slot = (step: Step, kind: Slot["kind"], id: string): Slot => {
  const last = step.last
  if (last !== undefined && last.id === id && last.kind === kind) return last
  const key = `${kind === "call" ? "c" : "p"}${id}`
  let found = step.parts.get(key)
  if (found === undefined) {
    found = { kind, id, text: [], state: undefined, made: false }
    step.parts.set(key, found)
  }
  return step.last = found
}

/** The step's text, and its turn: its reasoning parts with state, its text parts and its calls, in order. */
const factOf = (step: Step): Effect.Effect<string> => {
  const parts = [...step.parts.values()]
  const text = parts.flatMap((part) => part.kind === "text" ? part.text : []).join("")
  const turn = parts.filter(UIHistoryFacts.inTurn).map((part): UIHistoryFacts.TurnEntry =>
    part.kind === "call"
      ? { kind: "call", id: part.id, state: part.state }
      : { kind: part.kind, text: part.text.join(""), state: part.state }
  )
  return UIHistoryFacts.stepFact(text, [...step.calls.values()], turn)
}

const marked = (chunk: UIChunk.Start): UIChunk.Start => {
  const metadata = chunk.messageMetadata
  const marker = { [UIHistoryFacts.metadataKey]: {} }
  return {
    ...chunk,
    messageMetadata: typeof metadata === "object" && metadata !== null && !Array.isArray(metadata)
      ? { ...metadata, ...marker }
      : marker
  }
}

/** A fact to sign, placed before or after the chunk at `at` of a batch. */
interface Placed {
  readonly at: number
  readonly after: boolean
  readonly fact: Effect.Effect<string>
}

/**
 * The chunks with their signatures. `calls` holds the calls a message's earlier responses made (a tool loop's
 * answers to approvals end calls this response never sent): the stage looks up an output's call there when this
 * response did not make it.
 */
export const signed = <E, R>(
  self: Stream.Stream<UIChunk.Chunk, E, R>,
  calls: ReadonlyMap<string, UIHistoryFacts.CallFact> = new Map()
): Stream.Stream<UIChunk.Chunk, E, R> =>
  Stream.suspend(() => {
    const made = new Map<string, UIHistoryFacts.CallFact>()
    let step: Step | undefined

    const closeStep = (at: number, placed: Array<Placed>) => {
      if (
        step !== undefined && (step.calls.size > 0 || [...step.parts.values()].some((part) => part.kind === "text"))
      ) {
        placed.push({ at, after: false, fact: factOf(step) })
      }
      step = undefined
    }

    const outcome = (at: number, toolCallId: string, result: UIHistoryFacts.Outcome, placed: Array<Placed>) => {
      const call = made.get(toolCallId) ?? calls.get(toolCallId)
      if (call !== undefined) placed.push({ at, after: true, fact: UIHistoryFacts.outcomeFact(call, result) })
    }

    const push = (
      chunks: Arr.NonEmptyReadonlyArray<UIChunk.Chunk>
    ): Effect.Effect<Arr.NonEmptyReadonlyArray<UIChunk.Chunk>> => {
      const placed: Array<Placed> = []
      let start: number | undefined
      for (let at = 0; at < chunks.length; at++) {
        const chunk = chunks[at]!
        switch (chunk.type) {
          case "start":
            start = at
            break
          case "start-step":
            step = { calls: new Map(), parts: new Map(), last: undefined }
            break
          case "text-start":
          case "reasoning-start":
            if (step !== undefined) slot(step, chunk.type === "text-start" ? "text" : "reasoning", chunk.id)
            break
          case "text-delta":
          case "reasoning-delta":
            if (step !== undefined) {
              slot(step, chunk.type === "text-delta" ? "text" : "reasoning", chunk.id).text.push(chunk.delta)
            }
            break
          case "text-end":
          case "reasoning-end":
            if (step !== undefined) {
              slot(step, chunk.type === "text-end" ? "text" : "reasoning", chunk.id).state = stateOf(
                chunk.providerMetadata
              )
            }
            break
          case "tool-input-start":
            if (step !== undefined && chunk.providerExecuted !== true) slot(step, "call", chunk.toolCallId)
            break
          case "tool-input-available":
          case "tool-input-error": {
            if (chunk.providerExecuted === true) break
            const call = { id: chunk.toolCallId, name: chunk.toolName, input: chunk.input }
            made.set(call.id, call)
            if (step !== undefined) {
              step.calls.set(call.id, call)
              const part = slot(step, "call", call.id)
              part.made = true
              part.state = stateOf(chunk.providerMetadata)
            }
            if (chunk.type === "tool-input-error") {
              outcome(at, call.id, { kind: "error", errorText: chunk.errorText }, placed)
            }
            break
          }
          case "tool-output-available":
            if (chunk.providerExecuted !== true && chunk.preliminary !== true) {
              outcome(at, chunk.toolCallId, { kind: "output", output: chunk.output }, placed)
            }
            break
          case "tool-output-error":
            if (chunk.providerExecuted !== true) {
              outcome(at, chunk.toolCallId, { kind: "error", errorText: chunk.errorText }, placed)
            }
            break
          case "tool-output-denied":
            outcome(at, chunk.toolCallId, { kind: "denied" }, placed)
            break
          case "finish-step":
          case "abort":
          case "error":
          case "finish":
            closeStep(at, placed)
            break
        }
      }
      if (placed.length === 0 && start === undefined) return Effect.succeed(chunks)
      return Effect.map(
        Effect.forEach(placed, ({ fact }) => Effect.flatMap(fact, (text) => UIHistoryFacts.sign([text]))),
        (signatures) => {
          const out: Array<UIChunk.Chunk> = []
          let next = 0
          for (let at = 0; at < chunks.length; at++) {
            while (next < placed.length && placed[next]!.at === at && !placed[next]!.after) {
              out.push({ type: "message-metadata", messageMetadata: signatures[next++] })
            }
            const chunk = chunks[at]!
            out.push(at === start ? marked(chunk as UIChunk.Start) : chunk)
            while (next < placed.length && placed[next]!.at === at && placed[next]!.after) {
              out.push({ type: "message-metadata", messageMetadata: signatures[next++] })
            }
          }
          return out as unknown as Arr.NonEmptyReadonlyArray<UIChunk.Chunk>
        }
      )
    }
    return Stream.mapArrayEffect(self, push)
  })
