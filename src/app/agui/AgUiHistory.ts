/**
 * Reads the assistant and tool messages of a run's input as the turns and tool results they stand for, only as far as
 * this server produced them (the signatures `fromStream` and `fromSteps` sent: `UIHistoryFacts`, as for the UI message
 * stream). An assistant message (one step) must be the step the server signed, its turn included (`AgUiTurn`), once
 * and in the order the thread's runs served it (`AgUiThreadOrder`); one the client stopped before its step ended is
 * not sent back, nor its calls' results. A tool message must answer a call before it, once, with an outcome the server
 * signed (its text, or its parts as they were served: `AgUiResultParts`) or from a tool that runs in the client
 * (`clientTools`).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Message from "../../core/Message.js"
import * as CanonicalJson from "../../core/payload/CanonicalJson.js"
import type * as ProviderError from "../../core/ProviderError.js"
import * as Tool from "../../core/Tool.js"
import * as TurnCarry from "../../providers/TurnCarry.js"
import * as UIHistoryCheck from "../history/UIHistoryCheck.js"
import * as UIHistoryFacts from "../history/UIHistoryFacts.js"
import * as UIHistoryState from "../history/UIHistoryState.js"
import * as UISealedResults from "../history/UISealedResults.js"
import * as UITurnCarry from "../history/UITurnCarry.js"
import * as UITurnOutputs from "../history/UITurnOutputs.js"
import type * as ApprovalGate from "../loop/ApprovalGate.js"
import * as ForUser from "../loop/ForUser.js"
import * as ToolEdit from "../loop/ToolEdit.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import * as SpentToken from "../signing/SpentToken.js"
import * as AgUiContent from "./AgUiContent.js"
import * as AgUiConverter from "./AgUiConverter.js"
import type * as AgUiInputSchema from "./AgUiInputSchema.js"
import * as AgUiThreadOrder from "./AgUiThreadOrder.js"
import * as AgUiTurn from "./AgUiTurn.js"

type Assistant = typeof AgUiInputSchema.AssistantMessage.Type
type ToolMessage = typeof AgUiInputSchema.ToolMessage.Type

/** An assistant message as read: its turn (none when not sent back), its calls, the provider's own calls. */
export interface ReadAssistant {
  readonly turn: Message.AssistantMessage | undefined
  readonly calls: ReadonlyArray<Tool.ToolCall>
  readonly serverCalls: ReadonlyArray<string>
}

/** A call as the server signed it: its id, tool and input. */
export const callFact = (call: Tool.ToolCall): UIHistoryFacts.CallFact => ({
  id: call.id,
  name: call.name,
  input: CanonicalJson.argumentsValue(call.arguments)
})

const isMarked = (metadata: unknown): boolean =>
  typeof metadata === "object" && metadata !== null &&
  (metadata as Record<string, unknown>)[AgUiConverter.providerExecutedKey] === true

/**
 * Whether an assistant message is the one a run sends for a pause outside any step (`AgUiConverter.pauseKey`, marked
 * so): nothing but what the answer spent (no text, call, state or signature), no turn of the model's. Its fact is read (and checked)
 * where the answer it ends is continued (`AgUiReadInput`); elsewhere it says nothing.
 */
export const isPause = (message: Assistant): boolean =>
  (message.content ?? "") === "" && (message.toolCalls ?? []).length === 0 && message.encryptedValue === undefined &&
  typeof message.metadata === "object" && message.metadata !== null && SpentToken.metadataKey in message.metadata &&
  (message.metadata as Record<string, unknown>)[AgUiConverter.pauseKey] === true &&
  UIHistoryFacts.signedOf(message.metadata) === undefined

/**
 * The ids of the UI message an assistant message's step may have been signed in: its own (a run's first step), or its
 * run's (`<id>-<n>`, the n-th step's: `AgUiConverter`).
 */
const messageIdsOf = (id: string): ReadonlyArray<string> => {
  const run = id.replace(/-[0-9]+$/, "")
  return run === id ? [id] : [id, run]
}

/** A step read in the input's thread: what it holds, the order of the thread's steps so far (`AgUiThreadOrder`). */
interface Stepped {
  readonly text: string
  readonly calls: ReadonlyArray<Tool.ToolCall>
  readonly step: AgUiTurn.Step
  readonly ownCalls: ReadonlyArray<string>
  readonly order: AgUiThreadOrder.ThreadOrder
}

/** The step fact's tag in `signed`, and the run message it was signed in (`messageIdsOf`), if valid in one. */
const signedIn = Effect.fnUntraced(function*(
  signed: Readonly<Record<string, unknown>>,
  fact: string,
  messageId: string,
  binding: ApprovalGate.Binding | undefined
) {
  for (const id of messageIdsOf(messageId)) {
    const checked = yield* UIHistoryFacts.check(signed, fact, binding, id)
    if (checked.valid) return { ...checked, id }
  }
  return undefined
})

/**
 * Whether a message's step is the one the server signed (with the turn it carries: `UITurnCarry`), in its order:
 * `false` when the client stopped it before it ended; a refusal otherwise.
 */
const stepServed = (
  message: Assistant,
  { calls, order, ownCalls, step, text }: Stepped,
  field: string,
  binding: ApprovalGate.Binding | undefined
) =>
  Effect.gen(function*() {
    const signed = UIHistoryFacts.signedOf(message.metadata)
    if (signed === undefined) {
      return yield* UIDecodedMessage.invalid(
        field,
        "an assistant message this server did not serve (it has no signature): the client cannot write the history " +
          "(see readRunInput's history option)"
      )
    }
    // A message of nothing (stopped before its content) goes as it is; one whose step was a file the model made
    // alone (an image) is the turn it carries. One that names parts (their order: `AgUiTurn`) is checked: the state
    // on them (a thought and its signature) would reach the provider as the model's own.
    const named = step.parts.length > 0
    if (text === "" && calls.length === 0 && !named && !UITurnCarry.carriesTurns(message.metadata)) {
      return { served: true, carried: undefined }
    }
    const turn = UIHistoryState.turnOf(step.parts, step.calls)
    const { carried, fact } = yield* UITurnCarry.stepFactOf(
      text,
      calls.map(callFact),
      turn,
      message.metadata,
      field,
      ownCalls
    )
    const found = yield* signedIn(signed, fact, message.id, binding)
    const valid = found !== undefined
    if (
      found !== undefined && (carried === undefined || (yield* UITurnCarry.turnServed(signed, fact, carried, binding)))
    ) {
      // A step the history reads back (text, calls, a file or a carried turn) is signed in its order.
      const files = AgUiConverter.filesOf(message.metadata).length > 0
      if (text !== "" || calls.length > 0 || carried !== undefined || files) {
        const repeatable = calls.length === 0 && carried === undefined
        yield* AgUiThreadOrder.checked(order, signed, found.id, { ...found, repeatable }, field, binding)
      }
      return { served: true, carried }
    }
    // Stopped before its step ended, a message has no signature, and no order of parts: that comes with its signature.
    if (!valid && !named && !Object.keys(signed).some(UIHistoryFacts.isStepKey)) {
      return { served: false, carried: undefined }
    }
    return yield* UIDecodedMessage.invalid(field, "an assistant message changed since this server served it")
  })

/**
 * Reads the assistant message at `index`, its turn's parts among its own and the input's `reasoning` messages, its
 * place among the thread's steps read so far (`order`).
 */
export const readAssistant = (
  message: Assistant,
  index: number,
  trust: UIHistoryCheck.Trust,
  reasoning: ReadonlyMap<string, AgUiTurn.Reasoning>,
  outputsOf: (id: string) => ReadonlyArray<unknown>,
  order: AgUiThreadOrder.ThreadOrder
): Effect.Effect<ReadAssistant, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const field = `messages[${index}]`
    const all = (message.toolCalls ?? []).map((call, at) => ({ call, at }))
    const own = all.filter(({ call }) => !isMarked(call.metadata)).map(({ at, call }): AgUiTurn.Call => ({
      at,
      id: call.id,
      name: call.function.name,
      arguments: call.function.arguments,
      encryptedValue: call.encryptedValue
    }))
    const calls = own.map((call) => new Tool.ToolCall({ id: call.id, name: call.name, arguments: call.arguments }))
    const serverCalls = all.filter(({ call }) => isMarked(call.metadata)).map(({ call }) => call.id)
    const text = message.content ?? ""
    // Trusted, a message whose order no longer fits its text and calls (text edited) goes without its state.
    const parts = AgUiTurn.stepOf(message, index, own, reasoning)
    const step = yield* (trust.signed ? parts : Effect.orElseSucceed(parts, AgUiTurn.noParts))
    // The provider's own calls tell a step of them alone from another (a file the model made is told by itself).
    const files = AgUiConverter.filesOf(message.metadata)
    const ownCalls = files.length === 0 ? serverCalls : []
    const checked = trust.signed
      ? yield* stepServed(message, { text, calls, step, ownCalls, order }, field, trust.binding)
      : undefined
    if (checked?.served === false) {
      return { turn: undefined, calls: [], serverCalls: [...serverCalls, ...calls.map((call) => call.id)] }
    }
    // Trusted, a turn the message carries is taken as it came (looked up under the step's fact).
    const carried = checked !== undefined
      ? checked.carried
      : UITurnCarry.carriesTurns(message.metadata)
      ? (yield* UITurnCarry.stepFactOf(
        text,
        calls.map(callFact),
        UIHistoryState.turnOf(step.parts, step.calls),
        message.metadata,
        field,
        ownCalls
      )).carried
      : undefined
    // How the model ended the step, as the server wrote it (`AgUiConverter.finishReasonKey`).
    const finishReason = UIHistoryCheck.finishReasonOf(message.metadata, AgUiConverter.finishReasonKey)
    const content = carried !== undefined
      ? TurnCarry.contentOf(
        yield* UITurnOutputs.restored(carried.turn, { outputsOf, fileOf: (at) => files[at] }, `${field}.metadata`),
        calls
      )
      : yield* UIHistoryState.contentOf(UIHistoryCheck.toldModel(step.parts, finishReason), step.calls, step.fieldOf)
    // What the model said: a turn of a notice alone goes empty, and is left out (`Conversation.withheldTurns`).
    const said = UIHistoryCheck.saidOf(text, finishReason)
    const turn = Message.assistant(said, { toolCalls: calls, content, finishReason }) as Message.AssistantMessage
    return { turn, calls, serverCalls }
  })

/**
 * The failure content parts may be: its text, then the parts for the user alone shown beside it (`ForUser`), as the
 * converter writes them (`AgUiConverter`: the failure's chunk's parts after its text); none when they are not so.
 */
const failureOf = (content: ReadonlyArray<unknown>): Array<UIHistoryFacts.Outcome> => {
  const [first, ...forUser] = content
  const text = typeof first === "object" && first !== null && (first as { readonly type?: unknown }).type === "text"
    ? (first as { readonly text?: unknown }).text
    : undefined
  return typeof text === "string" && forUser.length > 0 && ForUser.carries(forUser)
    ? [{ kind: "error", errorText: text, forUser }]
    : []
}

/**
 * The outcomes a tool message's content may be, as the server signs them, in the order they are tried: parts are the
 * output they were served as (`AgUiResultParts`).
 */
const outcomesOf = (content: string | ReadonlyArray<unknown>): Array<UIHistoryFacts.Outcome> => {
  if (typeof content !== "string") return [{ kind: "output", output: content }, ...failureOf(content)]
  const outcomes: Array<UIHistoryFacts.Outcome> = [{ kind: "output", output: content }]
  try {
    outcomes.push({ kind: "output", output: JSON.parse(content) })
  } catch {
    // Text that is not JSON was sent as it is.
  }
  outcomes.push({ kind: "error", errorText: content }, { kind: "denied" })
  return outcomes
}

/** The outcome of a tool message the server signed in the thread `binding` names (`undefined` when none of them). */
const signedOutcome = (message: ToolMessage, call: Tool.ToolCall, binding: ApprovalGate.Binding | undefined) =>
  Effect.gen(function*() {
    const signed = UIHistoryFacts.signedOf(message.metadata)
    if (signed === undefined) return undefined
    for (const outcome of outcomesOf(message.content)) {
      const fact = yield* UIHistoryFacts.outcomeFact(callFact(call), outcome)
      const { valid } = yield* UIHistoryFacts.check(signed, fact, binding)
      if (valid) return outcome
    }
    return undefined
  })

/**
 * The call a tool message answers as it ran: `call`, or, where the message's metadata keeps the input a person edited
 * (`AgUiConverter.editedInputKey`), the call with that input (its outcome's signature, checked by `readTool`, covers
 * it; a tool that runs in the client has no edit: its result is unsigned); an input not JSON or over an answer's
 * bound is a 400.
 */
export const ranCall = (
  message: ToolMessage,
  index: number,
  call: Tool.ToolCall,
  trust: UIHistoryCheck.Trust
): Effect.Effect<Tool.ToolCall, ProviderError.InvalidRequestError> => {
  const metadata = message.metadata
  if (
    typeof metadata !== "object" || metadata === null || !(AgUiConverter.editedInputKey in metadata) ||
    (trust.signed && trust.clientTools.has(call.name))
  ) {
    return Effect.succeed(call)
  }
  const input = (metadata as Readonly<Record<string, unknown>>)[AgUiConverter.editedInputKey]
  const unfit = ToolEdit.unfit(input)
  if (unfit !== undefined) return UIDecodedMessage.invalid(`messages[${index}].metadata`, `its edited input: ${unfit}`)
  return Effect.succeed(new Tool.ToolCall({ id: call.id, name: call.name, arguments: JSON.stringify(input) }))
}

/** Reads the tool message at `index`, answering `call`. */
export const readTool = (
  message: ToolMessage,
  index: number,
  call: Tool.ToolCall,
  trust: UIHistoryCheck.Trust
): Effect.Effect<Message.Message, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const field = `messages[${index}]`
    const outcome = trust.signed ? yield* signedOutcome(message, call, trust.binding) : undefined
    if (trust.signed && outcome === undefined && !trust.clientTools.has(call.name)) {
      return yield* UIDecodedMessage.invalid(
        field,
        `the result of tool call ${JSON.stringify(call.id)} was not produced by this server (a tool that runs in ` +
          "the client is declared with clientTools)"
      )
    }
    // A result the server signed goes back as it was served: it sends no `error` text, which would reach the model.
    if (outcome !== undefined && message.error !== undefined) {
      return yield* UIDecodedMessage.invalid(
        `${field}.error`,
        `the result of tool call ${JSON.stringify(call.id)} changed since this server served it`
      )
    }
    // As the model read it, when the client was shown other than that (sealed: `UISealedResults`).
    const told = yield* UISealedResults.modelResult(
      message.metadata,
      callFact(call),
      outcome !== undefined ? [outcome] : outcomesOf(message.content),
      `${field}.metadata`,
      trust.binding
    )
    if (told !== undefined) return told
    const returned = yield* AgUiContent.contentOf(
      message.content,
      ["messages", index, "content"],
      true
    )
    const content = AgUiContent.withError(returned, message.error)
    return Message.toolResult({
      toolCallId: call.id,
      name: call.name,
      content,
      isError: outcome === undefined ? message.error !== undefined : outcome.kind !== "output"
    })
  })
