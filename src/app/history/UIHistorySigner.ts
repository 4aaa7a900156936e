/**
 * Signs the history in a served UI message stream, batch by batch, as the last thing `fromStream` and `fromSteps` do
 * (`UIHistoryFacts`): `start` carries an empty set of signed facts (the message is one this server served), each
 * step's fact is signed before the `finish-step`, `abort` or `error` that ends it, each call's outcome right after its
 * output. Signatures travel in `message-metadata` chunks, as does what the converters hand the signer (`handOff`),
 * which it takes out of the stream. A batch with nothing to sign passes as it came: no Effect per chunk.
 *
 * @internal
 */
import * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import type * as ApprovalGate from "../loop/ApprovalGate.js"
import type * as UIChunk from "../protocol/UIChunk.js"
import * as SigningKey from "../signing/SigningKey.js"
import * as UIEditedCalls from "./UIEditedCalls.js"
import * as UIHistoryFacts from "./UIHistoryFacts.js"
import * as UISealedResults from "./UISealedResults.js"
import * as UITurnCarry from "./UITurnCarry.js"
import * as UITurnOutputs from "./UITurnOutputs.js"

/**
 * What a converter hands the signer: a step's whole turn (`UITurnCarry`), a call's result as the model read it, or a
 * call's edit (`UIEditedCalls`), before the input it ran with.
 */
export type HandOff =
  | { readonly _tag: "Turn"; readonly turn: UITurnCarry.Pending }
  | { readonly _tag: "Result"; readonly result: UISealedResults.Pending }
  | { readonly _tag: "Edit"; readonly edit: UIEditedCalls.Pending }

/** The key of the metadata chunk that hands the signer something. */
const handOffKey = "effect-llm-stream/for-signer"

/** The chunk that hands `handOff` to the signer, which never sends it as it is. */
export const handOff = (handOff: HandOff): UIChunk.MessageMetadata => ({
  type: "message-metadata",
  messageMetadata: { [handOffKey]: handOff }
})

interface Step {
  readonly calls: Map<string, UIHistoryFacts.CallFact>
  /** What the browser holds otherwise, which its turn leaves out (`UITurnOutputs`). */
  readonly shown: { readonly outputs: Map<string, unknown>; readonly files: Array<string> }
  /** The step's whole turn, when its parts would not write it again (`UITurnCarry`). */
  turn: UITurnCarry.Pending | undefined
  readonly parts: UIHistoryFacts.StepParts
  /** The ids of the provider's own calls (a step of them alone is told from another by them). */
  readonly own: Set<string>
}

/** The step's text, and its turn. */
const factOf = (step: Step): Effect.Effect<string> => {
  const text = [...step.parts.byKey.values()].flatMap((part) => part.kind === "text" ? part.text : []).join("")
  const turn = step.parts.turn().map((part): UIHistoryFacts.TurnEntry =>
    part.kind === "call"
      ? { kind: "call", id: part.id, state: part.state }
      : { kind: part.kind, text: part.text.join(""), state: part.state }
  )
  const own = step.shown.files.length === 0 ? step.own : []
  return UIHistoryFacts.stepFact(text, [...step.calls.values()], turn, step.turn !== undefined, own)
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
  /** A step's turn, and what the browser holds otherwise, which it leaves out. */
  readonly turn?: UITurnCarry.Pending | undefined
  readonly shown?: UITurnOutputs.Shown | undefined
  /** An outcome's call, and what the model was told of it when the browser is shown other text (sent sealed). */
  readonly call?: string | undefined
  sealed?: UISealedResults.Pending | undefined
  /** A call's edit, signed with the input the model made (`UIEditedCalls`). */
  readonly edit?: UIEditedCalls.Pending | undefined
  /** A step the history reads back (text, calls or a file): signed in its order (`UIHistoryFacts.orderFact`). */
  readonly ordered?: boolean | undefined
}

/** Where the message's order stands: after the step the response signed last, or the one it went on after. */
interface Chain {
  at: UIHistoryFacts.Chain
}

/** A step's order fact, after the step `chain` holds, which it then is. */
const orderOf = (fact: string, message: string | undefined, chain: Chain): Effect.Effect<string> =>
  Effect.map(SigningKey.digest(fact), (digest) => {
    const order = UIHistoryFacts.orderAfter(message ?? "", digest, chain.at)
    chain.at = UIHistoryFacts.chainAfter(chain.at, digest)
    return order
  })

/** The metadata of a fact signed: with the step's turn it carries, or the outcome's sealed result. */
const signed = (
  placed: Placed,
  fact: string,
  binding: ApprovalGate.Binding | undefined,
  message: string | undefined,
  chain: Chain
): Effect.Effect<unknown> => {
  const { edit, sealed, turn } = placed
  if (edit !== undefined) return UIEditedCalls.signed(edit, fact, binding)
  if (sealed !== undefined) {
    return Effect.zipWith(
      UIHistoryFacts.sign([fact], binding),
      UISealedResults.sealed(sealed, fact, binding),
      (metadata, texts) => ({ ...metadata, ...texts })
    )
  }
  return Effect.gen(function*() {
    // The order fact names its message itself (signed in the chat, as the turn's fact is).
    const order = placed.ordered === true ? [yield* orderOf(fact, message, chain)] : []
    if (turn === undefined) return yield* UIHistoryFacts.sign([fact, ...order], binding, message)
    const key = yield* UIHistoryFacts.keyOf(fact)
    const elided = placed.shown === undefined ? turn.turn : yield* UITurnOutputs.elided(turn.turn, placed.shown)
    const sent = yield* UITurnCarry.sentOf({ ...turn, turn: elided }, key)
    const metadata = yield* UIHistoryFacts.sign([fact, UITurnCarry.turnFact(key, sent), ...order], binding, message)
    return { ...metadata, [UITurnCarry.metadataKey]: { [key]: sent } }
  })
}

/** The chunks a text or reasoning part is made of, and those about a tool call. */
type PartChunk = Extract<
  UIChunk.Chunk,
  { readonly type: `${"text" | "reasoning"}-${"start" | "delta" | "end"}` }
>
type ToolChunk = Extract<UIChunk.Chunk, { readonly type: `tool-${string}` }>

/** What a stream's signer has seen: the calls made, the step under way, and the batch's facts to sign. */
class Signer {
  readonly made = new Map<string, UIHistoryFacts.CallFact>()
  /** The calls a person edited, whose input as they ran follows (no call of the step under way). */
  readonly edited = new Set<string>()
  step: Step | undefined = undefined
  placed: Array<Placed> = []
  start: number | undefined = undefined
  /** The message the stream serves (its `start`'s id): its steps are signed in it. */
  messageId: string | undefined = undefined
  /** The chunks taken out of the batch (hand-offs). */
  taken: Array<number> = []

  readonly calls: ReadonlyMap<string, UIHistoryFacts.CallFact>

  constructor(calls: ReadonlyMap<string, UIHistoryFacts.CallFact>) {
    this.calls = calls
  }

  /** Notes what the chunk at `at` of the batch adds to the message, and the facts it makes to sign. */
  see(chunk: UIChunk.Chunk, at: number): void {
    switch (chunk.type) {
      case "start":
        this.start = at
        this.messageId = chunk.messageId
        break
      case "start-step":
        this.step = {
          calls: new Map(),
          parts: new UIHistoryFacts.StepParts(),
          turn: undefined,
          shown: { outputs: new Map(), files: [] },
          own: new Set()
        }
        break
      case "message-metadata":
        this.handedOff(chunk, at)
        break
      case "text-start":
      case "reasoning-start":
      case "text-delta":
      case "reasoning-delta":
      case "text-end":
      case "reasoning-end":
        if (this.step !== undefined) this.part(this.step, chunk)
        break
      case "file": {
        const data = UITurnOutputs.base64Of(chunk.url)
        if (data !== undefined) this.step?.shown.files.push(data)
        break
      }
      case "finish-step":
      case "abort":
      case "error":
      case "finish":
        this.closeStep(at)
        break
      default:
        if (chunk.type.startsWith("tool-")) this.tool(chunk as ToolChunk, at)
    }
  }

  /** Takes out what a converter hands the signer: a step's turn, or a call's sealed result. */
  handedOff(chunk: UIChunk.MessageMetadata, at: number): void {
    const metadata = chunk.messageMetadata
    if (typeof metadata !== "object" || metadata === null || !Object.hasOwn(metadata, handOffKey)) return
    const handOff = (metadata as Record<string, HandOff>)[handOffKey]!
    this.taken.push(at)
    if (handOff._tag === "Turn") {
      if (this.step !== undefined) this.step.turn = handOff.turn
      return
    }
    if (handOff._tag === "Edit") {
      const { edit } = handOff
      this.edited.add(edit.made.id)
      this.placed.push({ at, after: true, fact: UIHistoryFacts.editFact(edit.made, edit.input), edit })
      return
    }
    // The outcome of the call it is for, the last signed so far.
    for (let index = this.placed.length - 1; index >= 0; index--) {
      const outcome = this.placed[index]!
      if (outcome.call === handOff.result.toolCallId) {
        outcome.sealed = handOff.result
        return
      }
    }
  }

  /** Adds a text or reasoning chunk to its part of the step. */
  part(step: Step, chunk: PartChunk): void {
    const part = step.parts.part(chunk.type.startsWith("text") ? "text" : "reasoning", chunk.id)
    if (chunk.type === "text-delta" || chunk.type === "reasoning-delta") part.text.push(chunk.delta)
    else if (chunk.type === "text-end" || chunk.type === "reasoning-end") {
      part.state = UIHistoryFacts.stateOn(chunk.providerMetadata)
    }
  }

  /** Notes a call the model made (this server's tools: not the provider's), and the outcome of one. */
  tool(chunk: ToolChunk, at: number): void {
    switch (chunk.type) {
      case "tool-input-start":
        if (chunk.providerExecuted === true) this.step?.own.add(chunk.toolCallId)
        else if (this.step !== undefined) this.step.parts.part("call", chunk.toolCallId)
        break
      case "tool-input-available":
      case "tool-input-error": {
        if (chunk.providerExecuted === true) {
          this.step?.own.add(chunk.toolCallId)
          break
        }
        const call = { id: chunk.toolCallId, name: chunk.toolName, input: chunk.input }
        this.made.set(call.id, call)
        // The input an edited call ran with: its outcome's, not a call the step under way made.
        if (this.edited.has(call.id)) break
        if (this.step !== undefined) {
          this.step.calls.set(call.id, call)
          const part = this.step.parts.part("call", call.id)
          part.made = true
          part.state = UIHistoryFacts.stateOn(chunk.providerMetadata)
        }
        if (chunk.type === "tool-input-error") this.outcome(at, call.id, { kind: "error", errorText: chunk.errorText })
        break
      }
      case "tool-output-available":
        if (chunk.preliminary === true) break
        if (chunk.providerExecuted !== true) {
          this.outcome(at, chunk.toolCallId, { kind: "output", output: chunk.output })
        } else this.step?.shown.outputs.set(chunk.toolCallId, chunk.output)
        break
      case "tool-output-error":
        if (chunk.providerExecuted !== true) {
          this.outcome(at, chunk.toolCallId, UIHistoryFacts.errorOutcome(chunk.errorText, chunk.providerMetadata))
        }
        break
      case "tool-output-denied":
        this.outcome(at, chunk.toolCallId, { kind: "denied" })
        break
    }
  }

  /**
   * Ends the step under way: its fact is signed before the chunk at `at`, if it has text, calls, a file, or a turn
   * carried whole (the provider's own tools alone: the Responses API's reasoning, `image_generation_call` and a
   * message of no text, which the next request must send as they came).
   */
  closeStep(at: number): void {
    const step = this.step
    const texts = step === undefined ? [] : [...step.parts.byKey.values()].filter((part) => part.kind === "text")
    const carries = step?.turn !== undefined
    if (step !== undefined && (step.calls.size > 0 || step.shown.files.length > 0 || texts.length > 0 || carries)) {
      // A step of empty text alone is signed, and not read back: it has no place in the order.
      const ordered = step.calls.size > 0 || step.shown.files.length > 0 || carries ||
        texts.some((part) => part.text.join("") !== "")
      this.placed.push({ at, after: false, fact: factOf(step), turn: step.turn, shown: step.shown, ordered })
    }
    this.step = undefined
  }

  /** A call's outcome, signed after the chunk at `at`, if the call is known (made here or in `calls`). */
  outcome(at: number, toolCallId: string, result: UIHistoryFacts.Outcome): void {
    const call = this.made.get(toolCallId) ?? this.calls.get(toolCallId)
    if (call !== undefined) {
      this.placed.push({ at, after: true, fact: UIHistoryFacts.outcomeFact(call, result), call: toolCallId })
    }
  }
}

/** The batch with the signatures of `placed` put where they go, and its `start` (if any) marked. */
const withSignatures = (
  chunks: Arr.NonEmptyReadonlyArray<UIChunk.Chunk>,
  placed: ReadonlyArray<Placed>,
  start: number | undefined,
  signatures: ReadonlyArray<unknown>,
  taken: ReadonlyArray<number>
): Arr.NonEmptyReadonlyArray<UIChunk.Chunk> => {
  const out: Array<UIChunk.Chunk> = []
  let next = 0
  for (let at = 0; at < chunks.length; at++) {
    while (next < placed.length && placed[next]!.at === at && !placed[next]!.after) {
      out.push({ type: "message-metadata", messageMetadata: signatures[next++] })
    }
    const chunk = chunks[at]!
    if (!taken.includes(at)) out.push(at === start ? marked(chunk as UIChunk.Start) : chunk)
    while (next < placed.length && placed[next]!.at === at && placed[next]!.after) {
      out.push({ type: "message-metadata", messageMetadata: signatures[next++] })
    }
  }
  return out as unknown as Arr.NonEmptyReadonlyArray<UIChunk.Chunk>
}

/**
 * Signs the history of one answer's UI chunks, batch by batch. `calls`: the calls earlier responses made (a loop's
 * answers to approvals end calls this response never sent); `binding`: the chat the signatures hold in; `lastStep`:
 * the step the message it continues held last (`ChatRequest.lastStep`), which its first step is signed after.
 */
export class HistorySigner {
  readonly #signer: Signer
  readonly #binding: ApprovalGate.Binding | undefined
  readonly #chain: Chain

  constructor(
    calls: ReadonlyMap<string, UIHistoryFacts.CallFact> = new Map(),
    binding?: ApprovalGate.Binding | undefined,
    lastStep?: string | undefined
  ) {
    this.#signer = new Signer(calls)
    this.#binding = binding
    this.#chain = { at: UIHistoryFacts.chainOf(lastStep) }
  }

  /** The batch with its signatures. */
  batch(chunks: Arr.NonEmptyReadonlyArray<UIChunk.Chunk>): Effect.Effect<Arr.NonEmptyReadonlyArray<UIChunk.Chunk>> {
    const signer = this.#signer
    signer.placed = []
    signer.start = undefined
    signer.taken = []
    for (let at = 0; at < chunks.length; at++) signer.see(chunks[at]!, at)
    const { placed, start, taken } = signer
    if (placed.length === 0 && start === undefined && taken.length === 0) return Effect.succeed(chunks)
    return Effect.map(
      Effect.forEach(
        placed,
        (entry) =>
          Effect.flatMap(entry.fact, (text) => signed(entry, text, this.#binding, signer.messageId, this.#chain))
      ),
      (signatures) => withSignatures(chunks, placed, start, signatures, taken)
    )
  }
}
