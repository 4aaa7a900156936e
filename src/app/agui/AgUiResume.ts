/**
 * Reads a run input's `resume` entries as the answers to the approvals of the run before. Each interrupt's id is the
 * signed approval id the loop issued for a call (`ApprovalToken`), so an entry answers the one waiting call its id
 * checks out for: one this server did not issue for a call still waiting, or answered twice, is a 400; an expired one
 * is left to the loop. An answer of another kind than the interrupt asks (a form's values to an approval, an approval
 * without them to a form, an edit of a call its provider runs, anything but go on or stop to a budget question:
 * `AnswerFit`), or a form's values that do not fit the form the server asked with (`FormFit`), is a 400 too, the
 * interrupt left open. `resolved` is a `Tool.toolApproval` (its `content`, and an edited `input`, at most
 * `ToolInput.maxAnswer` characters of JSON); `cancelled` takes the call out of its turn, so the model never sees it,
 * and uses its interrupt up as an answer does (`useUp`). A call of the client's history that nothing answers is taken
 * out the same way: a client's history never runs a tool by itself.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type * as Message from "../../core/Message.js"
import type * as ProviderError from "../../core/ProviderError.js"
import * as Conversation from "../../core/request/Conversation.js"
import * as Tool from "../../core/Tool.js"
import * as TurnCarry from "../../providers/TurnCarry.js"
import * as TurnFormats from "../../providers/TurnFormats.js"
import * as UIToMessages from "../history/UIToMessages.js"
import type * as ApprovalGate from "../loop/ApprovalGate.js"
import * as FormFit from "../loop/FormFit.js"
import * as LoopBudget from "../loop/LoopBudget.js"
import * as ToolEdit from "../loop/ToolEdit.js"
import * as ToolInput from "../loop/ToolInput.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import * as AnswerFit from "../signing/AnswerFit.js"
import * as ApprovalToken from "../signing/ApprovalToken.js"
import * as AgUiHistory from "./AgUiHistory.js"
import * as AgUiInputSchema from "./AgUiInputSchema.js"
import type * as AgUiMessages from "./AgUiMessages.js"

type Entry = NonNullable<typeof AgUiInputSchema.RunAgentInput.Type["resume"]>[number]

/** The call a budget's question stands for (`LoopBudget.questionCall`), no call of the conversation. */
const question = { call: LoopBudget.questionCall, at: -1, asks: "question" as const }

/** A waiting call an interrupt was issued for, and what the interrupt asks (its id says: `ApprovalToken.Asks`). */
interface Found extends AgUiMessages.Waiting {
  readonly asks: ApprovalToken.Asks | "question"
}

/** The most entries a resume may have, and the most waiting calls each is checked against. */
export const maxEntries = 64

/** An interrupt a resume cancelled, and the call it was issued for (a budget's question's own call for one). */
export interface Cancelled {
  readonly interruptId: string
  readonly call: Tool.ToolCall
}

/** The answers: approvals for the loop, the conversation without the calls abandoned, the interrupts cancelled. */
export interface Answered {
  readonly messages: Array<Message.Message>
  readonly approvals: Array<Tool.ToolApproval>
  readonly cancelled: Array<Cancelled>
}

/** The waiting call an interrupt id was issued for (an expired one too) in the thread `binding` names, if any. */
const callOf = (
  interruptId: string,
  waiting: ReadonlyArray<AgUiMessages.Waiting>,
  binding: ApprovalGate.Binding | undefined
): Effect.Effect<Found | undefined> =>
  Effect.gen(function*() {
    if (!ApprovalToken.isApprovalId(interruptId)) return undefined
    for (const candidate of waiting) {
      const verdict = yield* ApprovalToken.check(interruptId, AgUiHistory.callFact(candidate.call), binding)
      if (verdict._tag === "Accepted") return { ...candidate, asks: verdict.asks }
      if (verdict.reason === "expired") return { ...candidate, asks: verdict.asks ?? "approval" }
    }
    return undefined
  })

/** The budget question the last answer waits on: its id, and whether the input continues that answer. */
export interface Asked {
  readonly id: string
  readonly continued: boolean
}

/**
 * What an entry answers: the budget question the last answer waits on (cancelled, or answered by continuing that
 * answer), or a waiting call; else a refusal naming `field`.
 */
const interruptOf = (
  entry: Entry,
  field: string,
  waiting: ReadonlyArray<AgUiMessages.Waiting>,
  binding: ApprovalGate.Binding | undefined,
  asked: Asked | undefined
) =>
  Effect.gen(function*() {
    const found = asked !== undefined && entry.interruptId === asked.id
      ? question
      : yield* callOf(entry.interruptId, waiting, binding)
    if (found === undefined) {
      return yield* UIDecodedMessage.invalid(
        `${field}.interruptId`,
        "not an interrupt this server issued for a tool call waiting for its answer"
      )
    }
    if (found === question && entry.status !== "cancelled" && asked?.continued !== true) {
      return yield* UIDecodedMessage.invalid(
        `${field}.interruptId`,
        "a budget question is answered by continuing the answer that asked it, not with a new message"
      )
    }
    return found
  })

/**
 * The approval a resolved entry at `index` gives the interrupt it answers (`found`): its payload decoded, of the kind
 * the interrupt asks (`asked`: `AnswerFit`), each of its members bounded as on every path a client answers by; else a
 * 400.
 */
const approvalOf = (
  entry: Entry,
  index: number,
  found: Found | typeof question,
  asked: AnswerFit.Asked,
  owner: string | undefined
): Effect.Effect<Tool.ToolApproval, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const field = `resume[${index}]`
    const payload = yield* UIToMessages.decode(AgUiInputSchema.ApprovalPayload, entry.payload, [
      "resume",
      index,
      "payload"
    ])
    if (payload.approved && payload.action === "cancel") {
      return yield* UIDecodedMessage.invalid(`${field}.payload.action`, "an answer both approved and cancelled")
    }
    // An answer of another kind than its interrupt asks (as its id was signed): refused, the interrupt left open.
    const misfit = AnswerFit.misfitOf(asked, payload)
    if (misfit !== undefined) return yield* Effect.fail(AnswerFit.refusal(`${field}.payload.${misfit.member}`, misfit))
    // A form's values, bounded as on the UI message stream, and checked against the form the server asked with
    // (`FormFit`, kept under the interrupt's id): refused, the interrupt left open; the tool checks again (`McpInput`).
    const tooLong = ToolInput.tooLong(payload.content)
    if (tooLong !== undefined) return yield* UIDecodedMessage.invalid(`${field}.payload.content`, tooLong)
    const unfitForm = asked === "input" && payload.approved && payload.content !== undefined
      ? yield* FormFit.refusalOf(entry.interruptId, payload.content, owner)
      : undefined
    if (unfitForm !== undefined) return yield* Effect.fail(FormFit.refusal(`${field}.payload.content`, unfitForm))
    // A person's reason, bounded as any answer (a durable run's `approve` too): the model reads it.
    const reasonTooLong = ToolInput.reasonTooLong(payload.reason)
    if (reasonTooLong !== undefined) return yield* UIDecodedMessage.invalid(`${field}.payload.reason`, reasonTooLong)
    // An edit, bounded as any answer; checked against the tool's Schema by the loop (`ToolEdit`).
    const unfit = payload.input === undefined ? undefined : ToolEdit.unfit(payload.input)
    if (unfit !== undefined) return yield* UIDecodedMessage.invalid(`${field}.payload.input`, unfit)
    const interrupt = found === question ? { interrupt: "budget" as const } : {}
    return Tool.toolApproval({ toolCallId: found.call.id, ...payload, approvalId: entry.interruptId, ...interrupt })
  })

/**
 * Answers the entries of a resume against the calls waiting in `messages` (interrupts of the thread `binding` names),
 * and the budget question the last answer waits on, `asked` (its id as signed with what the answer spent), if any:
 * the id of another answer's question is no interrupt of this one, and a question is answered only by continuing the
 * answer that asked it (with a new message of the user's, only cancelled).
 */
export const answer = (
  entries: ReadonlyArray<Entry>,
  read: AgUiMessages.Read,
  binding?: ApprovalGate.Binding | undefined,
  asked?: Asked | undefined
): Effect.Effect<Answered, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    if (entries.length > maxEntries) {
      return yield* UIDecodedMessage.invalid("resume", `${entries.length} entries, over ${maxEntries}`)
    }
    const waiting = read.waiting.slice(-maxEntries)
    // The calls their provider runs once approved, as the model made them (`TurnFormats.approvalsAsked`).
    const providerRun = new Set(
      waiting.flatMap(({ at, call }) => TurnFormats.approvalsAsked(read.messages[at]).has(call.id) ? [call.id] : [])
    )
    const answered = new Set<string>()
    const cancelled = new Set<string>()
    const approvals: Array<Tool.ToolApproval> = []
    const cancels: Array<Cancelled> = []
    for (const [index, entry] of entries.entries()) {
      const field = `resume[${index}]`
      const found = yield* interruptOf(entry, field, waiting, binding, asked)
      const toolCallId = found.call.id
      if (answered.has(toolCallId)) {
        return yield* UIDecodedMessage.invalid(`${field}.interruptId`, "an interrupt answered twice")
      }
      answered.add(toolCallId)
      if (entry.status === "cancelled") {
        cancelled.add(Conversation.keyOf(found.at, toolCallId))
        cancels.push({ interruptId: entry.interruptId, call: found.call })
        continue
      }
      const provider = found.asks === "approval" && providerRun.has(toolCallId)
      approvals.push(yield* approvalOf(entry, index, found, provider ? "provider" : found.asks, binding?.owner))
    }
    // The calls nothing answers leave as the one policy says (`Conversation.unansweredLeaving`), and those cancelled.
    return {
      messages: TurnCarry.withoutUnanswered(read.messages, answered, read.clientFrom, cancelled),
      approvals,
      cancelled: cancels
    }
  })

/**
 * Uses up the interrupts a resume cancelled as the loop's gate uses up an approval or a denial (its use claimed in the
 * `StreamStore`, `ApprovalToken.claim`): a later answer of one, from any copy of the thread, runs nothing (`used`). An
 * expired one is answerable no more; a store that cannot record the use is logged.
 */
export const useUp = (
  cancelled: ReadonlyArray<Cancelled>,
  binding: ApprovalGate.Binding | undefined
): Effect.Effect<void> =>
  Effect.forEach(cancelled, ({ call, interruptId }) =>
    Effect.gen(function*() {
      const verdict = yield* ApprovalToken.check(interruptId, AgUiHistory.callFact(call), binding)
      if (verdict._tag === "Accepted") yield* ApprovalToken.claim("approval", verdict)
    }).pipe(
      Effect.catch((error) =>
        Effect.logWarning(`AG-UI: the use of a cancelled interrupt could not be recorded: ${error.message}`)
      )
    ), { discard: true })
