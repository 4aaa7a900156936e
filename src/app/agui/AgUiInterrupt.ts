/**
 * An AG-UI interrupt of a call waiting for the user, shown whole with the members a 1.0 client keeps (`@ag-ui/core`
 * 1.0's `InterruptSchema`): `message`, one sentence for a person (a form's own message; worded by `ChatPage.asked`,
 * as the pages word the UI message stream's parts); `metadata`, the call's `{ toolName, input }` (with the `server`
 * that runs a call its provider runs once approved, and the `url` and `host` of a page its tool asks the user to open,
 * answered as a form of no fields) or the budget question's `{ spent, cap }`; `responseSchema`, the
 * answer `resume` takes (a form's schema, or the question's `{ approved }`); `expiresAt`, when its signed id stops
 * being answerable.
 *
 * @internal
 */
import type * as UIChunk from "../protocol/UIChunk.js"
import * as ApprovalToken from "../signing/ApprovalToken.js"
import type * as SigningKey from "../signing/SigningKey.js"
import * as ChatPage from "../ui/ChatPage.js"
import type * as AgUiEvent from "./AgUiEvent.js"

/** A call as its `tool-input-available` chunk gave it. */
export interface Call {
  readonly name: string
  readonly input: unknown
}

/** The interrupt reason a budget's question is asked with on AG-UI (0.6.0's, kept: a client reads it). */
const budgetReason = "budget_question"

/**
 * The members of an approval's descriptor an interrupt's `metadata` shows beside the call: `server`, who runs a call
 * its provider runs once approved (a remote MCP server's label, `ApprovalRequestEvent.server`).
 */
const shownOfDescriptor = ["server"] as const

/** The members of `descriptor` that `shownOfDescriptor` names, where it has them. */
const descriptorShown = (descriptor: unknown): Readonly<Record<string, unknown>> => {
  if (typeof descriptor !== "object" || descriptor === null) return {}
  const members = descriptor as Readonly<Record<string, unknown>>
  return Object.fromEntries(shownOfDescriptor.flatMap((key) => key in members ? [[key, members[key]]] : []))
}

/** What `resume` answers a budget's question with: go on (`approved`), or stop. */
const questionSchema = { type: "object", properties: { approved: { type: "boolean" } }, required: ["approved"] }

/**
 * The interrupt of the approval request `chunk` for `call`, its signed id answerable until `expiresAt`; `question`
 * when the loop said it is a budget's question (by its event's kind, never by a tool's name).
 */
export const interruptOf = (
  chunk: UIChunk.ToolApprovalRequest,
  call: Call | undefined,
  expiresAt: string | undefined,
  question: boolean
): AgUiEvent.Interrupt => {
  const pending = ChatPage.asked({
    approvalId: chunk.approvalId,
    toolName: call?.name ?? "",
    input: call?.input,
    descriptor: chunk.approvalDescriptor,
    question
  })
  const common = { id: chunk.approvalId, message: pending.text, ...(expiresAt === undefined ? {} : { expiresAt }) }
  if (pending._tag === "BudgetQuestion") {
    const metadata = { spent: pending.spent, cap: pending.cap }
    return { ...common, reason: budgetReason, responseSchema: questionSchema, metadata }
  }
  return {
    ...common,
    reason: "tool_call",
    toolCallId: chunk.toolCallId,
    ...(pending._tag === "Form" || pending._tag === "Link" ? { responseSchema: pending.schema } : {}),
    metadata: {
      toolName: pending.toolName,
      input: pending.input,
      ...(pending._tag === "Link" ? { url: pending.href, host: pending.host } : {}),
      ...descriptorShown(chunk.approvalDescriptor)
    }
  }
}

/** When an interrupt id `key` signed stops being answerable (ISO 8601); `undefined` for an id it did not issue. */
export const expiryOf = (key: SigningKey.Service) => (interruptId: string): string | undefined => {
  const expiresAt = ApprovalToken.expiresAtOf(interruptId, key.approvalTtl)
  return expiresAt === undefined ? undefined : new Date(expiresAt).toISOString()
}
