/**
 * The durable deferreds a durable loop's approvals wait on, and which one `approve` answers. A call that needs
 * approval waits on a deferred named by its id and by how many calls of the run with that id asked before it:
 * the first, `approval/<id>` (as in 0.4); a later one, `approvals/<k>/<id>`, whose asking the run also records
 * (`asked/<k>/<id>`). So two calls of two steps with one id (a provider that repeats ids) are never confused:
 * `approve` answers the earliest that asked and has no answer yet (or, before any asked, the first: an answer
 * given ahead), never a later one that has not asked, and an answer holds for its call only.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as DurableDeferred from "effect/workflow/DurableDeferred"
import type * as Workflow from "effect/workflow/Workflow"
import * as WorkflowEngine from "effect/workflow/WorkflowEngine"

/** An answer as the run stores it. */
export const Decision = Schema.Struct({
  approved: Schema.Boolean,
  reason: Schema.optionalKey(Schema.String),
  approvalId: Schema.optionalKey(Schema.String),
  /** The answer to a tool's request for input: the form's values, or a cancel (`ToolInput.InputAnswer`). */
  content: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
  action: Schema.optionalKey(Schema.Literal("cancel")),
  /** An approval's edited input: the call runs with it instead (`ToolEdit`). */
  input: Schema.optionalKey(Schema.Unknown)
})

/** The deferred the `occurrence`-th call of the run with the id `callId` waits on for its answer. */
export const approvalOf = (callId: string, occurrence: number) =>
  DurableDeferred.make(occurrence === 1 ? `approval/${callId}` : `approvals/${occurrence}/${callId}`, {
    success: Decision
  })

/** The record that the `occurrence`-th call with the id `callId` asked (kept from the second on). */
const askedOf = (callId: string, occurrence: number) => DurableDeferred.make(`asked/${occurrence}/${callId}`)

/** Records, inside the run, that its `occurrence`-th call with the id `callId` asks (once; nothing for the first). */
export const markAsked = (
  callId: string,
  occurrence: number
): Effect.Effect<void, never, WorkflowEngine.WorkflowEngine | WorkflowEngine.WorkflowInstance> =>
  occurrence === 1 ? Effect.void : Effect.gen(function*() {
    const asked = askedOf(callId, occurrence)
    const engine = yield* WorkflowEngine.WorkflowEngine
    if (Option.isSome(yield* engine.deferredResult(asked))) return
    const token = yield* DurableDeferred.token(asked)
    yield* DurableDeferred.done(asked, { token, exit: Exit.void })
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
    const engine = yield* WorkflowEngine.WorkflowEngine
    const instance = WorkflowEngine.WorkflowInstance.initial(workflow, engineId)
    const recorded = <A extends Schema.Constraint>(deferred: DurableDeferred.DurableDeferred<A>) =>
      Effect.map(
        Effect.provideService(engine.deferredResult(deferred), WorkflowEngine.WorkflowInstance, instance),
        Option.isSome
      )
    if (!(yield* recorded(approvalOf(callId, 1)))) return 1
    for (let occurrence = 2;; occurrence++) {
      if (!(yield* recorded(askedOf(callId, occurrence)))) return undefined
      if (!(yield* recorded(approvalOf(callId, occurrence)))) return occurrence
    }
  })

/**
 * Stores `decision` as the answer to the call with the id `callId` of the run `engineId` that it is for
 * (`occurrenceToAnswer`); nothing when every call that asked has its answer.
 */
export const answer = (
  workflow: Workflow.Any,
  engineId: string,
  callId: string,
  decision: typeof Decision.Type
): Effect.Effect<void, never, WorkflowEngine.WorkflowEngine> =>
  Effect.flatMap(occurrenceToAnswer(workflow, engineId, callId), (occurrence) => {
    if (occurrence === undefined) return Effect.void
    const deferred = approvalOf(callId, occurrence)
    return DurableDeferred.done(deferred, {
      token: DurableDeferred.tokenFromExecutionId(deferred, { workflow, executionId: engineId }),
      exit: Exit.succeed(decision)
    })
  })
