/**
 * What the server signs of a UI message it serves, so that the message can come back as history: facts that
 * survive the `ai` client's accumulation and its approval states. A step fact is a step's text and its tool calls
 * (id, tool, input), and, when the provider put opaque state on its parts (`TurnState`), the turn its parts make
 * in their order: each reasoning part with state (its text and state), each text part (its text, and its state),
 * each tool call (its id, and its state), so that the browser can neither change a state nor move it to another
 * part; an outcome fact is one call's output, error text or denial. Each is signed alone, under a
 * key of its own (a public digest of the fact, for lookup) in the message's metadata, at
 * `metadata["effect-llm-stream/signed"]`: the client deep-merges metadata, so facts signed by earlier responses
 * (an approval's continuation adds outcomes to an earlier step) stay. The tags are checked with a timing-safe
 * comparison. A server that serves several chats binds each tag to the chat (or AG-UI thread) and its owner
 * (`ChatBinding`): a message signed in one chat is then refused in another, or by another owner.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as CanonicalJson from "../../core/payload/CanonicalJson.js"
import type * as ApprovalGate from "../loop/ApprovalGate.js"
import * as SigningKey from "../signing/SigningKey.js"

/**
 * Where what a server signs for a browser holds: the chat (`useChat`'s `id`; AG-UI's `threadId`) and its owner (the
 * signed-in user, the session). Given to the serving function (`fromSteps`, `fromStream`: what it signs, and the
 * approval ids it issues) and to `toMessages` (what it checks, with the same binding), a signed message or an
 * approval of one chat is refused in another chat, or by another owner. Each left out binds nothing of its own; with
 * neither, what is signed holds in any chat (one chat per server, or a server that keeps its own history).
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

/** The text a fact's tag is made over: its digest, in the chat `binding` names (unbound, as before 0.6). */
const taggedText = (digest: string, binding: ApprovalGate.Binding | undefined): string => {
  const bound = boundText(binding)
  return bound === undefined ? `fact/v1:${digest}` : `fact/v2:${bound}:${digest}`
}

/**
 * Where the metadata of a message, a tool call's result or a run's end keeps the signatures of what the server sent
 * (the client keeps them in its messages and returns them: `readRunInput` checks them).
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

/**
 * One part of a step's turn, in the message's order: reasoning with the state the provider put on it, text, or a
 * tool call (by its id), each with its state (this library's entry of the part's provider metadata, as sent).
 */
export type TurnEntry =
  | { readonly kind: "reasoning" | "text"; readonly text: string; readonly state: unknown }
  | { readonly kind: "call"; readonly id: string; readonly state: unknown }

/**
 * Whether a part of a step, as the client adds it to the message, is a part of the step's turn: each tool call once
 * its input arrived (`made`), each text part, each reasoning part with state.
 */
export const inTurn = (
  part: { readonly kind: "reasoning" | "text" | "call"; readonly state: unknown; readonly made: boolean }
): boolean => part.kind === "call" ? part.made : part.kind === "text" || part.state !== undefined

/** How a call ended: its output, its error text, or the user's denial. */
export type Outcome =
  | { readonly kind: "output"; readonly output: unknown }
  | { readonly kind: "error"; readonly errorText: string }
  | { readonly kind: "denied" }

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

const entryPieces = (entry: TurnEntry) =>
  Effect.gen(function*() {
    const anchor = entry.kind === "call" ? entry.id : yield* piece(entry.text)
    return [entry.kind, anchor, yield* statePiece(entry.state)] as const
  })

/**
 * The text a step fact is signed over: its text and its calls (in the order of their ids), its turn when a part of
 * it has state (`turn`, in the message's order; see `TurnEntry`), and whether the provider's whole turn goes with it
 * (`carried`: `UITurnCarry`), so that a message stripped of it is not the step served.
 */
export const stepFact = (
  text: string,
  calls: Iterable<CallFact>,
  turn?: ReadonlyArray<TurnEntry> | undefined,
  carried = false
): Effect.Effect<string> =>
  Effect.gen(function*() {
    const ordered = [...calls].sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    const withState = turn !== undefined && turn.some((entry) => entry.state !== undefined)
    return JSON.stringify([
      "effect-llm-stream/step/v1",
      yield* piece(text),
      yield* Effect.forEach(ordered, callPieces),
      ...(withState || carried ? [withState ? yield* Effect.forEach(turn!, entryPieces) : []] : []),
      ...(carried ? ["carried"] : [])
    ])
  })

/** The text an outcome fact is signed over: the call it ends and how. */
export const outcomeFact = (call: CallFact, outcome: Outcome): Effect.Effect<string> =>
  Effect.gen(function*() {
    const ended = outcome.kind === "output"
      ? CanonicalJson.canonicalJson(outcome.output)
      : outcome.kind === "error"
      ? outcome.errorText
      : ""
    return JSON.stringify(["effect-llm-stream/outcome/v1", yield* callPieces(call), outcome.kind, yield* piece(ended)])
  })

/**
 * A fact's key (for lookup: its kind, and the first characters of a public digest of the fact) and its digest, which
 * is tagged (`taggedText`).
 */
const fingerprint = (fact: string) =>
  Effect.map(SigningKey.digest(fact), (digest) => ({ key: `${kindOf(fact)}${digest.slice(0, 15)}`, digest }))

/** A fact's kind, the first letter of its key: `s` a step, `t` a step's carried turn (`UITurnCarry`), `o` an outcome. */
const kindOf = (fact: string): string =>
  fact.startsWith("[\"effect-llm-stream/step/") ? "s" : fact.startsWith("[\"effect-llm-stream/turn/") ? "t" : "o"

/** A fact's key in a message's signed facts. */
export const keyOf = (fact: string): Effect.Effect<string> => Effect.map(fingerprint(fact), ({ key }) => key)

/** Whether a key of a message's signed facts is a step's. */
export const isStepKey = (key: string): boolean => key.startsWith("s")

/** Signs facts (in the chat `binding` names): the metadata that carries them. */
export const sign = (
  facts: ReadonlyArray<string>,
  binding?: ApprovalGate.Binding | undefined
): Effect.Effect<{ readonly [metadataKey]: Record<string, string> }> =>
  Effect.gen(function*() {
    const signing = yield* SigningKey.Signing
    const signed: Record<string, string> = {}
    for (const fact of facts) {
      const { digest, key } = yield* fingerprint(fact)
      signed[key] = yield* signing.tag(taggedText(digest, binding))
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
 * Whether `signed` (a message's signed facts) holds a valid tag of `fact` (in the chat `binding` names), its key, and
 * whether it holds a tag under that key at all (`tagged`: a fact signed, if not here, or forged).
 */
export const check = (
  signed: Readonly<Record<string, unknown>>,
  fact: string,
  binding?: ApprovalGate.Binding | undefined
): Effect.Effect<{ readonly key: string; readonly valid: boolean; readonly tagged: boolean }> =>
  Effect.gen(function*() {
    const { digest, key } = yield* fingerprint(fact)
    const found = Object.hasOwn(signed, key) ? signed[key] : undefined
    if (typeof found !== "string") return { key, valid: false, tagged: false }
    const signing = yield* SigningKey.Signing
    return { key, valid: SigningKey.sameTag(yield* signing.tag(taggedText(digest, binding)), found), tagged: true }
  })
