/**
 * The durable deferreds a durable loop's approvals wait on, and which one `approve` answers. A call that needs
 * approval waits on a deferred named by its id and by how many calls of the run with that id asked before it:
 * the first, `approval/<id>` (as in 0.4); a later one, `approvals/<k>/<id>`, whose asking the run also records
 * (`asked/<k>/<id>`). So two calls of two steps with one id (a provider that repeats ids) are never confused:
 * `approve` answers the earliest that asked and has no answer yet (or, before any asked, the first: an answer
 * given ahead), never a later one that has not asked, and an answer holds for its call only. The question before a
 * budget's cap is no call: it waits on a deferred of its own kind (`interrupt/budget`, asked once a run), so a
 * model's call of any id (`budget_question` too) is never answered by an answer to it, nor it by theirs. Each asking
 * also records what it asks (`asks/<k>/<id>`: an approval, a form's values, an approval of a call its provider runs),
 * and, for a form, the form it asks with (`form/<k>/<id>`), so that an answer of another kind (`AnswerFit`), or a
 * form's values that do not fit it (`FormFit`), are refused before they are stored, the call still waiting. An answer
 * given before its call asked is kept apart (`ahead/<id>`) and checked as the call asks (`markAsked`): one that fits
 * is its answer; one that does not is dropped (`dropped/<id>`, a warning logged naming the check), the call waiting.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as DurableDeferred from "effect/workflow/DurableDeferred"
import type * as Workflow from "effect/workflow/Workflow"
import * as WorkflowEngine from "effect/workflow/WorkflowEngine"
import * as ErrorReport from "../../core/http/ErrorReport.js"
import * as Tool from "../../core/Tool.js"
import * as FormFit from "../loop/FormFit.js"
import * as AnswerFit from "../signing/AnswerFit.js"
import * as RunIds from "./RunIds.js"

const { _tag: _, toolCallId: __, ...answerFields } = Tool.ToolApproval.fields

/** An answer as the run stores it: a `ToolApproval`'s fields but the call's id, which its deferred's name holds. */
export const Decision = Schema.Struct(answerFields)

/** The deferred the `occurrence`-th call of the run with the id `callId` waits on for its answer. */
export const approvalOf = (callId: string, occurrence: number) =>
  DurableDeferred.make(occurrence === 1 ? `approval/${callId}` : `approvals/${occurrence}/${callId}`, {
    success: Decision
  })

/** The deferred the run's question before its budget's cap waits on (the run asks it once). */
export const budgetQuestion = DurableDeferred.make("interrupt/budget", { success: Decision })

/** The record that the run asked its budget's question. */
const budgetAsked = DurableDeferred.make("asked/interrupt/budget")

/** Records `exit` in `deferred`, inside the run, once. */
const recordOnce = <A extends Schema.Constraint>(deferred: DurableDeferred.DurableDeferred<A>, exit: Exit.Exit<any>) =>
  Effect.gen(function*() {
    const engine = yield* WorkflowEngine.WorkflowEngine
    if (Option.isSome(yield* engine.deferredResult(deferred))) return
    const token = yield* DurableDeferred.token(deferred)
    yield* DurableDeferred.done(deferred, { token, exit })
  })

/** Records, inside the run, that it asks its budget's question (once). */
export const markBudgetAsked: Effect.Effect<
  void,
  never,
  WorkflowEngine.WorkflowEngine | WorkflowEngine.WorkflowInstance
> = recordOnce(budgetAsked, Exit.void)

/** The record that the `occurrence`-th call with the id `callId` asked (kept from the second on). */
const askedOf = (callId: string, occurrence: number) => DurableDeferred.make(`asked/${occurrence}/${callId}`)

/** What a call waiting asks: an approval, a form's values (`input`), or an approval of a call its provider runs. */
export type Asks = Exclude<AnswerFit.Asked, "question">

/** The record of what the `occurrence`-th call with the id `callId` asks. */
const asksOf = (callId: string, occurrence: number) =>
  DurableDeferred.make(`asks/${occurrence}/${callId}`, {
    success: Schema.Literals(["approval", "input", "provider"])
  })

/** The record of the form the `occurrence`-th call with the id `callId` asks with: its requested schema's JSON. */
const formOf = (callId: string, occurrence: number) =>
  DurableDeferred.make(`form/${occurrence}/${callId}`, { success: Schema.String })

/** The answer given to the call with the id `callId` before its first asking, kept until it asks (`markAsked`). */
const aheadOf = (callId: string) => DurableDeferred.make(`ahead/${callId}`, { success: Decision })

/** The record that the answer given ahead to the call with the id `callId` did not fit what it asked: dropped. */
const droppedOf = (callId: string) => DurableDeferred.make(`dropped/${callId}`)

/** A form a call's tool asks with: its requested schema; a URL to open takes no content (`FormFit.keep`). */
export interface Form {
  readonly requestedSchema: Readonly<Record<string, unknown>>
  readonly url?: unknown
}

/**
 * What `decision` does not fit of what a call asks (`asks`, `AnswerFit`), or of the form it asks with (`form`, its
 * requested schema's JSON, `FormFit`); `undefined` when it fits.
 */
const misfitAgainst = (
  asks: Asks,
  form: string | undefined,
  decision: typeof Decision.Type
): AnswerFit.Misfit | undefined => {
  const misfit = AnswerFit.misfitOf(asks, decision)
  if (misfit !== undefined || asks !== "input" || !decision.approved) return misfit
  const schema: unknown = form === undefined ? undefined : Result.getOrUndefined(Result.try(() => JSON.parse(form)))
  const content = decision.content
  if (typeof schema !== "object" || schema === null || content === undefined) return undefined
  const wrong = FormFit.misfit(schema as Readonly<Record<string, unknown>>, content)
  return wrong === undefined ? undefined : { member: "content", message: FormFit.told(wrong.field) }
}

/**
 * Takes, inside the run, the answer given to the call `callId` before its first asking, checked against what it asks
 * (`asks`, with `form`): one that fits becomes its answer; one that does not is dropped (once, logged), the call
 * waiting for another.
 */
const takeAhead = (callId: string, asks: Asks, form: string | undefined) =>
  Effect.gen(function*() {
    const engine = yield* WorkflowEngine.WorkflowEngine
    const ahead = yield* engine.deferredResult(aheadOf(callId))
    if (Option.isNone(ahead) || !Exit.isSuccess(ahead.value)) return
    if (Option.isSome(yield* engine.deferredResult(approvalOf(callId, 1)))) return
    if (Option.isSome(yield* engine.deferredResult(droppedOf(callId)))) return
    const misfit = misfitAgainst(asks, form, ahead.value.value)
    if (misfit === undefined) return yield* recordOnce(approvalOf(callId, 1), ahead.value)
    yield* recordOnce(droppedOf(callId), Exit.void)
    const { executionId } = yield* WorkflowEngine.WorkflowInstance
    yield* Effect.logWarning(
      `durable loop ${ErrorReport.loggable(RunIds.executionIdOf(executionId), 64)}: the answer given to ` +
        `${ErrorReport.loggable(callId, 64)} before it asked was dropped, the question waits (${misfit.member})`,
      misfit.message
    )
  })

/**
 * Records, inside the run, that its `occurrence`-th call with the id `callId` asks (once; from the second on), what it
 * asks (`asks`), and the form it asks with (`form`, a tool's request for input's), which an answer is checked against;
 * each record before the one that says more (an answer that finds the asking finds what it asks). The first asking
 * then takes the answer given ahead, if it fits (`takeAhead`).
 */
export const markAsked = (
  callId: string,
  occurrence: number,
  asks: Asks,
  form?: Form | undefined
): Effect.Effect<void, never, WorkflowEngine.WorkflowEngine | WorkflowEngine.WorkflowInstance> => {
  const schema = form === undefined || form.url !== undefined ? undefined : JSON.stringify(form.requestedSchema)
  return Effect.andThen(
    schema === undefined ? Effect.void : recordOnce(formOf(callId, occurrence), Exit.succeed(schema)),
    Effect.andThen(
      recordOnce(asksOf(callId, occurrence), Exit.succeed(asks)),
      occurrence === 1 ? takeAhead(callId, asks, schema) : recordOnce(askedOf(callId, occurrence), Exit.void)
    )
  )
}

/** The result a deferred of the run `engineId` holds, if any. */
const resultsIn = (workflow: Workflow.Any, engineId: string) =>
  Effect.map(WorkflowEngine.WorkflowEngine, (engine) => {
    const instance = WorkflowEngine.WorkflowInstance.initial(workflow, engineId)
    return <A extends Schema.Constraint>(deferred: DurableDeferred.DurableDeferred<A>) =>
      Effect.provideService(engine.deferredResult(deferred), WorkflowEngine.WorkflowInstance, instance)
  })

/** Whether a deferred of the run `engineId` holds its result. */
const recordedIn = (workflow: Workflow.Any, engineId: string) =>
  Effect.map(
    resultsIn(workflow, engineId),
    (result) => <A extends Schema.Constraint>(deferred: DurableDeferred.DurableDeferred<A>) =>
      Effect.map(result(deferred), Option.isSome)
  )

/**
 * Whether an asking of the call `callId` before its `occurrence`-th was answered under `approvalId`: an answer given
 * again under that id (a second tab's approval of the call, once its tool asks its form) is that asking's, which
 * holds its first answer, never the one the call waits on now.
 */
const answeredUnder = (
  workflow: Workflow.Any,
  engineId: string,
  callId: string,
  occurrence: number,
  approvalId: string
): Effect.Effect<boolean, never, WorkflowEngine.WorkflowEngine> =>
  Effect.gen(function*() {
    const result = yield* resultsIn(workflow, engineId)
    for (let earlier = 1; earlier < occurrence; earlier++) {
      const recorded = yield* result(approvalOf(callId, earlier))
      if (Option.isSome(recorded) && Exit.isSuccess(recorded.value) && recorded.value.value.approvalId === approvalId) {
        return true
      }
    }
    return false
  })

/**
 * Which call with the id `callId` an answer to the run `engineId` is for: the earliest that asked and has no
 * answer yet, the first when none has asked, or `undefined` when every call that asked has its answer (the first
 * answer holds).
 */
const occurrenceToAnswer = (
  workflow: Workflow.Any,
  engineId: string,
  callId: string
): Effect.Effect<number | undefined, never, WorkflowEngine.WorkflowEngine> =>
  Effect.gen(function*() {
    const recorded = yield* recordedIn(workflow, engineId)
    if (!(yield* recorded(approvalOf(callId, 1)))) return 1
    for (let occurrence = 2;; occurrence++) {
      if (!(yield* recorded(askedOf(callId, occurrence)))) return undefined
      if (!(yield* recorded(approvalOf(callId, occurrence)))) return occurrence
    }
  })

/**
 * What `decision` does not fit of what the `occurrence`-th call with the id `callId` asks, or of the form it asks
 * with, as the run's journal holds them (`misfitAgainst`); `undefined` when it fits, or its asking recorded nothing of
 * what it asks (a run asked before 0.7).
 */
const misfitOf = (
  workflow: Workflow.Any,
  engineId: string,
  callId: string,
  occurrence: number,
  decision: typeof Decision.Type
): Effect.Effect<AnswerFit.Misfit | undefined, never, WorkflowEngine.WorkflowEngine> =>
  Effect.gen(function*() {
    const result = yield* resultsIn(workflow, engineId)
    const asks = yield* result(asksOf(callId, occurrence))
    if (Option.isNone(asks) || !Exit.isSuccess(asks.value)) return undefined
    const form = yield* result(formOf(callId, occurrence))
    return misfitAgainst(
      asks.value.value,
      Option.isSome(form) && Exit.isSuccess(form.value) ? form.value.value : undefined,
      decision
    )
  })

/**
 * Stores `decision` as the answer to the call with the id `callId` of the run `engineId` that it is for
 * (`occurrenceToAnswer`); nothing when every call that asked has its answer, or when `decision` comes under the id of
 * an asking answered already (`answeredUnder`). An answer of another kind than its interrupt asks (`AnswerFit`), or
 * a form's values that do not fit its form (`FormFit`), is not stored: what does not fit is given back, the interrupt
 * still waiting. One given before the call asked is kept apart, checked as it asks (`markAsked`), unless it asked
 * meanwhile: then it is checked here.
 */
export const answer = (
  workflow: Workflow.Any,
  engineId: string,
  callId: string,
  decision: typeof Decision.Type
): Effect.Effect<AnswerFit.Misfit | undefined, never, WorkflowEngine.WorkflowEngine> =>
  Effect.gen(function*() {
    if (yield* answersBudget(workflow, engineId, callId, decision)) {
      const misfit = AnswerFit.misfitOf("question", decision)
      if (misfit === undefined) yield* settle(workflow, engineId, budgetQuestion, decision)
      return misfit
    }
    const occurrence = yield* occurrenceToAnswer(workflow, engineId, callId)
    if (occurrence === undefined) return undefined
    const { approvalId } = decision
    if (approvalId !== undefined && (yield* answeredUnder(workflow, engineId, callId, occurrence, approvalId))) {
      return undefined
    }
    if (occurrence === 1 && !(yield* askedFirst(workflow, engineId, callId))) {
      yield* settle(workflow, engineId, aheadOf(callId), decision)
      // The run records its asking, then reads what was given ahead: one of the two sees the other's record.
      if (!(yield* askedFirst(workflow, engineId, callId))) return undefined
    }
    const misfit = yield* misfitOf(workflow, engineId, callId, occurrence, decision)
    if (misfit === undefined) yield* settle(workflow, engineId, approvalOf(callId, occurrence), decision)
    return misfit
  })

/** Whether the first call with the id `callId` of the run `engineId` asked (recorded what it asks). */
const askedFirst = (workflow: Workflow.Any, engineId: string, callId: string) =>
  Effect.flatMap(recordedIn(workflow, engineId), (recorded) => recorded(asksOf(callId, 1)))

/**
 * Whether `decision` answers the run's budget question: by its kind (`interrupt: "budget"`); or, 0.6's form, the
 * question's id (`Tool.budgetQuestion`) unmarked while the question waits (else it is a model's call of that id).
 */
const answersBudget = (
  workflow: Workflow.Any,
  engineId: string,
  callId: string,
  decision: typeof Decision.Type
): Effect.Effect<boolean, never, WorkflowEngine.WorkflowEngine> =>
  decision.interrupt === "budget"
    ? Effect.succeed(true)
    : callId !== Tool.budgetQuestion
    ? Effect.succeed(false)
    : Effect.flatMap(
      recordedIn(workflow, engineId),
      (recorded) =>
        Effect.zipWith(recorded(budgetAsked), recorded(budgetQuestion), (asked, answered) => asked && !answered)
    )

/** Stores `decision` in the deferred of the run `engineId`; the first answer holds. */
const settle = (
  workflow: Workflow.Any,
  engineId: string,
  deferred: DurableDeferred.DurableDeferred<typeof Decision>,
  decision: typeof Decision.Type
) =>
  DurableDeferred.done(deferred, {
    token: DurableDeferred.tokenFromExecutionId(deferred, { workflow, executionId: engineId }),
    exit: Exit.succeed(decision)
  })
