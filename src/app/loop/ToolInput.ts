/**
 * A tool's request for input during its call (an MCP server's form, SEP-2322), asked through the approval channel.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as Tool from "../../core/Tool.js"
import { ApprovalRequestEvent, ToolResultEvent } from "./StepEvents.js"

/**
 * A handler's output that asks the user for input; `keep` keeps what the tool needs under the approval's id, for the
 * owner of the run that asks.
 */
export class InputRequired extends Data.TaggedClass("InputRequired")<{
  readonly elicitation: NonNullable<ApprovalRequestEvent["elicitation"]>
  readonly input: unknown
  readonly keep: (approvalId: string | undefined, owner?: string) => Effect.Effect<void>
  /** What the tool needs to go on, given back as `Answering.kept` by a durable loop (its journal); never shown. */
  readonly kept?: unknown
}> {}

/**
 * A handler's output when the user's answer does not fit the form its tool asked: the model reads `text` (what does
 * not fit, in the form's own terms); the person is told the `field` it gets wrong (the label the form shows it under;
 * none when no one field is wrong) in one sentence of the redactor's (`UIRedaction.redact`).
 */
export class AnswerMisfit extends Data.TaggedClass("AnswerMisfit")<{
  readonly text: string
  readonly field: string | undefined
}> {}

/** The user's answer to a request for input, as MCP's `inputResponses` carry it. */
export type InputAnswer =
  | { readonly action: "accept"; readonly content: { readonly [key: string]: unknown } }
  | { readonly action: "decline" }
  | { readonly action: "cancel" }

/** An answer's content is at most this many characters of JSON (on every path a client answers by). */
export const maxAnswer = 64 * 1024

/**
 * Why an answer's content is refused: not JSON (a cycle, a bigint: a program's value, not a browser's) or over
 * `maxAnswer` characters of it; `undefined` when it fits.
 */
export const tooLong = (content: unknown): string | undefined => {
  let text: string | undefined
  try {
    text = JSON.stringify(content)
  } catch {
    return "not JSON"
  }
  return (text ?? "").length > maxAnswer ? `over ${maxAnswer} characters of JSON` : undefined
}

/** Why an answer's reason (a person's words, which the model reads) is refused: over `maxAnswer` characters. */
export const reasonTooLong = (reason: string | undefined): string | undefined =>
  reason !== undefined && reason.length > maxAnswer ? `over ${maxAnswer} characters` : undefined

/** The user's answer, and what the tool kept when it asked (`undefined` when nothing waits under the approval). */
export interface Answering {
  readonly answer: InputAnswer
  readonly kept: unknown
  /** The call as an approval edited it before its tool asked (`InputEdit`), when one did. */
  readonly call?: Tool.ToolCall | undefined
}

/** Keeps the call an approval edited while its tool's request for input waits under `approvalId`, for `owner`. */
export type KeepEdit = (edited: Tool.ToolCall, approvalId: string | undefined, owner?: string) => Effect.Effect<void>

/** The call as an approval edited it, kept under `approvalId` for `owner` (`KeepEdit`), else `made`. */
export type EditedCall = (
  made: Tool.ToolCall,
  approvalId: string | undefined,
  owner?: string
) => Effect.Effect<Tool.ToolCall>

/** The answer a handler runs with, when an approval answers its request for input; `undefined` otherwise. */
export const Answer: Context.Reference<Answering | undefined> = /* @__PURE__ */ Context.Reference<
  Answering | undefined
>("effect-llm-stream/ToolInput/Answer", { defaultValue: () => undefined })

/**
 * The answer `approval` gives to `call`'s request for input (kept for `owner`), if its tool waits or it carries one.
 */
export const answerOf = (
  tools: ReadonlyArray<Tool.Tool>,
  call: Tool.ToolCall,
  approval: Tool.ToolApproval,
  owner?: string,
  editedCall: EditedCall = (made) => Effect.succeed(made)
): Effect.Effect<Answering | undefined> => {
  const tool = tools.find((candidate) => candidate.name === call.name) as {
    waitsForInput?: (call: Tool.ToolCall, approvalId: string | undefined, owner?: string) => Effect.Effect<unknown>
  } | undefined
  const waitsForInput = tool?.waitsForInput
  if (typeof waitsForInput !== "function") return Effect.undefined
  return Effect.flatMap(editedCall(call, approval.approvalId, owner), (asRuns) =>
    Effect.map(
      waitsForInput(asRuns, approval.approvalId, owner),
      // A call an approval edited, approved, goes on only as an answer (to nothing, once what it waited on is gone):
      // never approved anew as the model made it.
      (kept) =>
        kept === undefined && approval.content === undefined && approval.action === undefined &&
          (asRuns === call || !approval.approved)
          ? undefined
          : {
            kept,
            answer: approval.approved
              ? { action: "accept", content: approval.content ?? {} }
              : { action: approval.action === "cancel" ? "cancel" : "decline" },
            ...(asRuns === call ? {} : { call: asRuns })
          }
    ))
}

/**
 * The answers, each request for input made an approval request (`asked` records that one was), what it waits on kept
 * for `owner` (the owner of the run, whose ids `issue` binds). The id is issued for the call as the model made it,
 * which the client's history holds, signed as a request for input's (`asks: "input"`: it takes a form's values, an
 * approval's id never); a call an approval edited is kept under it (`keepEdit`: the gate's).
 */
export const ask = <A, E, R>(
  answers: Stream.Stream<A, E, R>,
  issue: (call: Tool.ToolCall, asked: { readonly asks: "input" }) => Effect.Effect<string | undefined>,
  asked: { asked: boolean },
  owner?: string,
  keepEdit: KeepEdit = () => Effect.void
): Stream.Stream<A | ApprovalRequestEvent, E, R> =>
  Stream.mapEffect(answers, (event): Effect.Effect<A | ApprovalRequestEvent> => {
    if (!(event instanceof ToolResultEvent && event.result instanceof InputRequired)) return Effect.succeed(event)
    asked.asked = true
    const { elicitation, input, keep } = event.result
    const edited = event.asMade === undefined ? undefined : event.call
    return Effect.flatMap(issue(event.asMade ?? event.call, { asks: "input" }), (approvalId) =>
      Effect.as(
        Effect.andThen(
          keep(approvalId, owner),
          edited === undefined ? Effect.void : keepEdit(edited, approvalId, owner)
        ),
        new ApprovalRequestEvent({ step: event.step, call: event.call, input, approvalId, elicitation, kind: "input" })
      ))
  })
