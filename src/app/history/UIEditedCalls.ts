/**
 * A call a person edited before it ran (`Message.toolApproval({ input })`), as the UI message stream shows it and reads
 * it back. The stream sends the input the call ran with (a `tool-input-available` before its output: the `ai` client's
 * part then shows it, keeping its approval), and the server signs the edit (`UIHistoryFacts.editFact`) with the input
 * the model made, which the message's metadata keeps (`metadataKey`, by call id). Read back, a part whose input is the
 * one the call ran with is the call its step was signed with, made as the model made it, then told the model as it ran
 * (`TurnCarry.withEditedCall`, as the loop tells it). An edit this server did not sign is a 400.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type * as Message from "../../core/Message.js"
import * as CanonicalJson from "../../core/payload/CanonicalJson.js"
import type * as ProviderError from "../../core/ProviderError.js"
import * as Tool from "../../core/Tool.js"
import * as TurnCarry from "../../providers/TurnCarry.js"
import type * as ApprovalGate from "../loop/ApprovalGate.js"
import type * as StepEvents from "../loop/StepEvents.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import type * as UIRequestSchema from "../protocol/UIRequestSchema.js"
import * as UIHistoryFacts from "./UIHistoryFacts.js"

/** Where a message's metadata keeps the input the model made of each call a person edited, by the call's id. */
export const metadataKey = "effect-llm-stream/edits"

/** An edit for the signer: the call as the model made it, and the input it ran with. */
export interface Pending {
  readonly made: UIHistoryFacts.CallFact
  readonly input: unknown
}

/** The edit of a call that ran edited (`ToolResultEvent.asMade`), for the signer; `undefined` for one that did not. */
export const pendingOf = (event: StepEvents.ToolResultEvent): Pending | undefined => {
  const made = event.asMade
  if (made === undefined) return undefined
  const input = CanonicalJson.argumentsValue(made.arguments)
  return { made: { id: made.id, name: made.name, input }, input: CanonicalJson.argumentsValue(event.call.arguments) }
}

/** The metadata of an edit signed (its fact, `fact`, in the chat `binding` names), with the input the model made. */
export const signed = (
  pending: Pending,
  fact: string,
  binding: ApprovalGate.Binding | undefined
): Effect.Effect<Record<string, unknown>> =>
  Effect.map(
    UIHistoryFacts.sign([fact], binding),
    (metadata) => ({ ...metadata, [metadataKey]: { [pending.made.id]: pending.made.input } })
  )

type ToolPart = UIRequestSchema.ToolPart & UIDecodedMessage.Part

/** The input the model made of each call of `ended` (parts with an outcome) a signed edit says ran edited, by id. */
export const madeInputs = (
  ended: ReadonlyArray<{ readonly part: ToolPart; readonly at: number }>,
  metadata: unknown,
  binding: ApprovalGate.Binding | undefined,
  index: number
): Effect.Effect<ReadonlyMap<string, unknown>, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const made = new Map<string, unknown>()
    const edits = typeof metadata === "object" && metadata !== null
      ? (metadata as Readonly<Record<string, unknown>>)[metadataKey]
      : undefined
    if (typeof edits !== "object" || edits === null) return made
    const signed = UIHistoryFacts.signedOf(metadata) ?? {}
    for (const { at, part } of ended) {
      if (!Object.hasOwn(edits, part.toolCallId)) continue
      const input = (edits as Readonly<Record<string, unknown>>)[part.toolCallId]
      const call = { id: part.toolCallId, name: UIDecodedMessage.nameOf(part), input }
      const { valid } = yield* UIHistoryFacts.check(signed, yield* UIHistoryFacts.editFact(call, part.input), binding)
      if (!valid) {
        return yield* UIDecodedMessage.invalid(
          `messages[${index}].parts[${at}]`,
          `the input of tool call ${JSON.stringify(part.toolCallId)} is not one this server ran it with`
        )
      }
      made.set(part.toolCallId, input)
    }
    return made
  })

/** A call as the model made it: with the input `made` holds for it, if a person edited it. */
export const asMade = (call: Tool.ToolCall, made: ReadonlyMap<string, unknown>): Tool.ToolCall =>
  made.has(call.id)
    ? new Tool.ToolCall({ id: call.id, name: call.name, arguments: JSON.stringify(made.get(call.id) ?? {}) })
    : call

/**
 * A turn made as the model made it, with each call a person edited (`made`) as it ran (`ran`), as the loop tells it.
 */
export const asRan = (
  turn: Message.Message,
  ran: ReadonlyArray<Tool.ToolCall>,
  made: ReadonlyMap<string, unknown>
): Message.Message =>
  turn._tag !== "AssistantMessage" || made.size === 0
    ? turn
    : ran.reduce((told, call) => made.has(call.id) ? TurnCarry.withEditedCall(told, call) : told, turn)
