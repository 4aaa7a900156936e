/**
 * What the server signs of a UI message it serves, so that the message can come back as history: a step fact (its
 * text, its tool calls, and, when the provider put opaque state on its parts, the turn its parts make in their order,
 * so that no state can be changed or moved) and an outcome fact (one call's output, error text or denial). Each is
 * signed alone under a key of its own in the message's metadata (`metadataKey`), which the client deep-merges, so
 * facts signed by earlier responses stay. Tags are compared timing-safe and bound to the chat and its owner when
 * given (`ChatBinding`), a step's also to the message it was served in (its `start`'s id), and an order fact to the
 * step served before it in that message (`orderFact`).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as CanonicalJson from "../../core/payload/CanonicalJson.js"
import * as TurnState from "../../providers/TurnState.js"
import type * as ApprovalGate from "../loop/ApprovalGate.js"
import * as ForUser from "../loop/ForUser.js"
import type * as UIChunk from "../protocol/UIChunk.js"
import * as SigningKey from "../signing/SigningKey.js"

/**
 * Where what a server signs for a browser holds: the chat (`useChat`'s `id`; AG-UI's `threadId`) and its owner (the
 * signed-in user, the session). Given to `fromSteps` or `fromStream` and to `toMessages`, a signed message or an
 * approval of one chat is refused in another, or by another owner; with neither, it holds in any chat.
 *
 * @since 0.6.0
 * @category Approvals
 */
export interface ChatBinding {
  /** The chat's id (in `toMessages`, default: the body's `id`). */
  readonly chatId?: string | undefined
  /** Who the chat is for: a user's id, a session's (never shown: only its tag is sent). */
  readonly owner?: string | undefined
}

/** A chat's binding as the approval gate's (`ApprovalGate.Binding`: the chat is the run); `undefined` when none. */
export const bindingOf = (chat: ChatBinding | undefined): ApprovalGate.Binding | undefined =>
  chat === undefined || (chat.chatId === undefined && chat.owner === undefined)
    ? undefined
    : { run: chat.chatId, owner: chat.owner }

/** The text of a binding that binds anything, as signatures and seals hold it; `undefined` otherwise. */
const boundText = (binding: ApprovalGate.Binding | undefined): string | undefined =>
  binding === undefined || (binding.run === undefined && binding.owner === undefined)
    ? undefined
    : JSON.stringify([binding.run ?? null, binding.owner ?? null])

/** What a value sealed for a fact is bound to: the fact, in the chat `binding` names. */
export const sealedFor = (fact: string, binding: ApprovalGate.Binding | undefined): string => {
  const bound = boundText(binding)
  return bound === undefined ? fact : `${bound}${fact}`
}

/**
 * The text a fact's tag is made over: its digest, in the chat `binding` names (unbound, as before 0.6), and a step's
 * in the message it was served in (`message`, since 0.7), so that a step moved into another message is not one the
 * server served there.
 */
const taggedText = (
  digest: string,
  binding: ApprovalGate.Binding | undefined,
  fact: string,
  message: string | undefined
): string => {
  if (message !== undefined && kindOf(fact) === "s") {
    return `fact/v3:${JSON.stringify([binding?.run ?? null, binding?.owner ?? null, message])}:${digest}`
  }
  const bound = boundText(binding)
  return bound === undefined ? `fact/v1:${digest}` : `fact/v2:${bound}:${digest}`
}

/**
 * Where the metadata of a message or a tool call's result keeps the signatures of what the server sent (the client
 * returns them: `readRunInput` checks them).
 *
 * @since 0.5.0
 * @category Metadata
 */
export const metadataKey: string = "effect-llm-stream/signed"

/** A tool call of a step: its id, tool and input (as the browser was sent it). */
export interface CallFact {
  readonly id: string
  readonly name: string
  readonly input: unknown
}

/** One part of a step's turn, in the message's order, with the state the provider put on it. */
export type TurnEntry =
  | { readonly kind: "reasoning" | "text"; readonly text: string; readonly state: unknown }
  | { readonly kind: "call"; readonly id: string; readonly state: unknown }

/** A part of a step as the client adds it to the message: its kind, its text so far, its state. */
export interface Part {
  readonly kind: "reasoning" | "text" | "call"
  readonly id: string
  readonly text: Array<string>
  state: unknown
  /** For a call: its input arrived, so it is part of the step. */
  made: boolean
}

/** A step's parts as they stream, in the order the client adds them (a part at its first chunk), by kind and id. */
export class StepParts {
  readonly byKey = new Map<string, Part>()
  /** The part the last chunk was about: a block's deltas find it without a lookup. */
  private last: Part | undefined = undefined

  /** The part of this kind and id, added at the end if the step has none yet. */
  part(kind: Part["kind"], id: string): Part {
    const last = this.last
    if (last !== undefined && last.id === id && last.kind === kind) return last
    const key = `${kind === "call" ? "c" : "p"}${id}`
    let found = this.byKey.get(key)
    if (found === undefined) {
      found = { kind, id, text: [], state: undefined, made: false }
      this.byKey.set(key, found)
    }
    return this.last = found
  }

  /** The parts of the step's turn, in order: each call once its input arrived, each text, each reasoning with state. */
  turn(): Array<Part> {
    return [...this.byKey.values()].filter((part) =>
      part.kind === "call" ? part.made : part.kind === "text" || part.state !== undefined
    )
  }
}

/** The state the provider put on a part: this library's entry of its provider metadata. */
export const stateOn = (metadata: UIChunk.ProviderMetadata | undefined): unknown => metadata?.[TurnState.metadataKey]

/**
 * How a call ended: its output, its error text (with the parts for the user alone shown beside it, `ForUser`, as
 * they were shown), or the user's denial.
 */
export type Outcome =
  | { readonly kind: "output"; readonly output: unknown }
  | { readonly kind: "error"; readonly errorText: string; readonly forUser?: unknown }
  | { readonly kind: "denied" }

/**
 * The outcome of a failure whose text is `errorText`, with the parts for the user alone its provider metadata shows
 * (`ForUser.errorMetadata`: a failure chunk's `providerMetadata`, a tool part's `resultProviderMetadata`), if any.
 */
export const errorOutcome = (errorText: string, metadata: unknown): Outcome => {
  const forUser = ForUser.ofErrorMetadata(metadata)
  return forUser === undefined ? { kind: "error", errorText } : { kind: "error", errorText, forUser }
}

/** Texts longer than this enter a fact as their digest: a long answer is read once, not copied. */
const longText = 64 * 1024

/** A text as a fact holds it: itself, or (when long) its digest. */
const piece = (text: string): Effect.Effect<readonly [0, string] | readonly [1, string]> =>
  text.length <= longText
    ? Effect.succeed([0, text] as const)
    : Effect.map(SigningKey.digest(text), (digest) => [1, digest] as const)

const callPieces = (call: CallFact) =>
  Effect.map(piece(CanonicalJson.canonicalJson(call.input)), (input) => [call.id, call.name, input] as const)

const statePiece = (state: unknown) =>
  state === undefined ? Effect.succeed(null) : piece(CanonicalJson.canonicalJson(state))

const entryPieces = Effect.fnUntraced(function*(entry: TurnEntry) {
  const anchor = entry.kind === "call" ? entry.id : yield* piece(entry.text)
  return [entry.kind, anchor, yield* statePiece(entry.state)] as const
})

/**
 * The text a step fact is signed over: its text, its calls (by id), its turn when a part has state, whether the
 * provider's whole turn goes with it (`carried`: a message stripped of it is not the step served), and, for a step of
 * the provider's own calls alone (`ownCalls`: their ids), those ids: two such steps of one answer (a turn Claude
 * paused twice, searching) are two facts, each with its own turn.
 */
export const stepFact = Effect.fnUntraced(function*(
  text: string,
  calls: Iterable<CallFact>,
  turn?: ReadonlyArray<TurnEntry> | undefined,
  carried = false,
  ownCalls: Iterable<string> = []
) {
  const ordered = [...calls].sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  const withState = turn !== undefined && turn.some((entry) => entry.state !== undefined)
  const own = text === "" && ordered.length === 0 ? [...new Set(ownCalls)].sort() : []
  return JSON.stringify([
    "effect-llm-stream/step/v1",
    yield* piece(text),
    yield* Effect.forEach(ordered, callPieces),
    ...(withState || carried ? [withState ? yield* Effect.forEach(turn!, entryPieces) : []] : []),
    ...(carried ? ["carried"] : []),
    ...(own.length > 0 ? [["own", ...own]] : [])
  ])
})

/**
 * The text an outcome fact is signed over: the call it ends and how (a failure with parts for the user alone, those
 * parts after its text: a fact no failure without them has).
 */
export const outcomeFact = Effect.fnUntraced(
  function*(call: CallFact, outcome: Outcome) {
    const ended = outcome.kind === "output"
      ? CanonicalJson.canonicalJson(outcome.output)
      : outcome.kind === "error"
      ? outcome.errorText
      : ""
    const forUser = outcome.kind === "error" && outcome.forUser !== undefined
      ? [yield* piece(CanonicalJson.canonicalJson(outcome.forUser))]
      : []
    return JSON.stringify([
      "effect-llm-stream/outcome/v1",
      yield* callPieces(call),
      outcome.kind,
      yield* piece(ended),
      ...forUser
    ])
  }
)

/**
 * The text an edit fact is signed over: a call as the model made it (`made`) and the input it ran with, a person's
 * edit (`Message.toolApproval({ input })`), so that a part that shows the input the call ran with is read back as the
 * call its step was signed with.
 */
export const editFact = Effect.fnUntraced(function*(made: CallFact, ran: unknown) {
  return JSON.stringify([
    "effect-llm-stream/edit/v1",
    yield* callPieces(made),
    yield* piece(CanonicalJson.canonicalJson(ran))
  ])
})

/**
 * The text an order fact is signed over: a step (its fact's digest) in the message it was served in, after the step
 * served before it there (`previous`, its digest; `null` for the message's first step; `undefined` for a response's
 * first step, when the response was not told the step before it), and, for the same step right after itself, how many
 * times in a row it came before (`repeats`: a model that says the same words after a queued message). A step sent
 * twice, out of its order or without the step before it, or said again more times than it was, is then not one the
 * server served there. A continued answer's first step follows the step its message held last (`Chain`), as
 * `toMessages` read it (`ChatRequest.lastStep`); one not told it may follow any step (`unplaced`).
 */
export const orderFact = (
  message: string,
  step: string,
  previous: string | null | undefined,
  repeats = 0
): string =>
  JSON.stringify([
    "effect-llm-stream/order/v1",
    message,
    step,
    previous ?? null,
    ...(previous === undefined ? ["unplaced"] : repeats > 0 ? [repeats] : [])
  ])

/**
 * Where a message's order stands: the digest of its last step (`null` before its first; `undefined` not known: a
 * response not told the step before it), and how many times in a row that step came before it.
 */
export interface Chain {
  readonly previous: string | null | undefined
  readonly repeats: number
}

/** A message's order before its first step. */
export const noStep: Chain = { previous: null, repeats: 0 }

/** The order after the step of digest `step`. */
export const chainAfter = (chain: Chain, step: string): Chain => ({
  previous: step,
  repeats: chain.previous === step ? chain.repeats + 1 : 0
})

/** The order fact of the step of digest `step` in `message`, after `chain`. */
export const orderAfter = (message: string, step: string, chain: Chain): string =>
  orderFact(message, step, chain.previous, chain.previous === step ? chain.repeats + 1 : 0)

/**
 * A message's order as `ChatRequest.lastStep` says it: its last step's digest (then `.` and its repeats when it has
 * any), `""` before its first step, `undefined` when not known.
 */
export const lastStepOf = ({ previous, repeats }: Chain): string | undefined => {
  if (previous === undefined) return undefined
  if (previous === null) return ""
  return repeats === 0 ? previous : `${previous}.${repeats}`
}

/** The order `lastStep` says (`lastStepOf`): a digest is base64url, so its last `.` starts the repeats. */
export const chainOf = (lastStep: string | undefined): Chain => {
  if (lastStep === undefined) return { previous: undefined, repeats: 0 }
  if (lastStep === "") return noStep
  const dot = lastStep.lastIndexOf(".")
  return dot === -1
    ? { previous: lastStep, repeats: 0 }
    : { previous: lastStep.slice(0, dot), repeats: Number(lastStep.slice(dot + 1)) }
}

/** A fact's key (its kind and the start of its public digest, for lookup) and its digest, which is tagged. */
const fingerprint = (fact: string) =>
  Effect.map(SigningKey.digest(fact), (digest) => ({ key: `${kindOf(fact)}${digest.slice(0, 15)}`, digest }))

/**
 * A fact's kind, the first letter of its key: `s` a step, `t` a step's carried turn (`UITurnCarry`), `n` a step's
 * order (`orderFact`), `e` a call's edit (`editFact`), `o` an outcome.
 */
const kindOf = (fact: string): string =>
  fact.startsWith("[\"effect-llm-stream/step/")
    ? "s"
    : fact.startsWith("[\"effect-llm-stream/turn/")
    ? "t"
    : fact.startsWith("[\"effect-llm-stream/order/")
    ? "n"
    : fact.startsWith("[\"effect-llm-stream/edit/")
    ? "e"
    : "o"

/** A fact's key in a message's signed facts. */
export const keyOf = (fact: string): Effect.Effect<string> => Effect.map(fingerprint(fact), ({ key }) => key)

/** Whether a key of a message's signed facts is a step's. */
export const isStepKey = (key: string): boolean => key.startsWith("s")

/** Signs facts (in the chat `binding` names; a step's, in the message `message`): the metadata that carries them. */
export const sign = Effect.fnUntraced(function*(
  facts: ReadonlyArray<string>,
  binding?: ApprovalGate.Binding | undefined,
  message?: string | undefined
) {
  const signing = yield* SigningKey.Signing
  const signed: Record<string, string> = {}
  for (const fact of facts) {
    const { digest, key } = yield* fingerprint(fact)
    signed[key] = yield* signing.tag(taggedText(digest, binding, fact, message))
  }
  return { [metadataKey]: signed }
})

/** The signed facts of a message's metadata (`undefined` when it has none: not a message this server served). */
export const signedOf = (metadata: unknown): Readonly<Record<string, unknown>> | undefined => {
  const signed = typeof metadata === "object" && metadata !== null
    ? (metadata as Record<string, unknown>)[metadataKey]
    : undefined
  return typeof signed === "object" && signed !== null && !Array.isArray(signed)
    ? signed as Record<string, unknown>
    : undefined
}

/**
 * Whether `signed` holds a valid tag of `fact` (a step's, in the message `message`), its key, and whether it holds any
 * tag under that key (`tagged`); `before07`: a step's tag as a server before 0.7 made it (in no message), taken so that
 * a conversation served before an upgrade goes on.
 */
export const check = Effect.fnUntraced(
  function*(
    signed: Readonly<Record<string, unknown>>,
    fact: string,
    binding?: ApprovalGate.Binding | undefined,
    message?: string | undefined
  ) {
    const { digest, key } = yield* fingerprint(fact)
    const found = Object.hasOwn(signed, key) ? signed[key] : undefined
    if (typeof found !== "string") return { key, digest, valid: false, tagged: false, before07: false }
    const signing = yield* SigningKey.Signing
    const tag = yield* signing.tag(taggedText(digest, binding, fact, message))
    if (SigningKey.sameTag(tag, found)) return { key, digest, valid: true, tagged: true, before07: false }
    // A step a server before 0.7 signed names no message (nor, apart, an order): read as it was read then.
    const before07 = message !== undefined && kindOf(fact) === "s" &&
      SigningKey.sameTag(yield* signing.tag(taggedText(digest, binding, fact, undefined)), found)
    return { key, digest, valid: before07, tagged: true, before07 }
  }
)

/** Whether `signed` holds the order fact of the step of digest `step` in the message `message`, after `chain`. */
export const inOrder = (
  signed: Readonly<Record<string, unknown>>,
  message: string,
  step: string,
  chain: Chain,
  binding?: ApprovalGate.Binding | undefined
): Effect.Effect<boolean> => Effect.map(check(signed, orderAfter(message, step, chain), binding), ({ valid }) => valid)

/**
 * Whether `signed` holds the order fact of the step of digest `step` in the message `message` as a response's first
 * step whose response was not told the step before it (a continuation an app served without `lastStep`): it may
 * follow any step.
 */
export const unplaced = (
  signed: Readonly<Record<string, unknown>>,
  message: string,
  step: string,
  binding?: ApprovalGate.Binding | undefined
): Effect.Effect<boolean> =>
  Effect.map(check(signed, orderFact(message, step, undefined), binding), ({ valid }) => valid)
