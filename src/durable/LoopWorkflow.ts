/**
 * The tool loop as an Effect `Workflow` (`LanguageModel.durableLoop`): the loop of `runTools`, made of the same
 * pieces (`LoopStep`, `ToolRuns`), whose every model step and tool call is an `Activity`, persisted once by the
 * engine and replayed when the run is resumed, anywhere; a call that needs approval suspends the run on a
 * `DurableDeferred` until `approve` answers it. The body is replayed from the start on every resumption, so it
 * decides only from what the activities recorded.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Activity from "effect/workflow/Activity"
import * as DurableDeferred from "effect/workflow/DurableDeferred"
import * as Workflow from "effect/workflow/Workflow"
import * as WorkflowEngine from "effect/workflow/WorkflowEngine"
import type * as CallEnding from "../CallEnding.js"
import { ApprovalGate } from "../loop/ApprovalGate.js"
import * as LoopBounds from "../loop/LoopBounds.js"
import * as LoopStep from "../loop/LoopStep.js"
import * as StepEvents from "../loop/StepEvents.js"
import * as ToolRuns from "../loop/ToolRuns.js"
import * as Message from "../Message.js"
import * as ProviderError from "../ProviderError.js"
import * as Tool from "../Tool.js"
import * as LiveView from "./LiveView.js"
import * as StepRecord from "./StepRecord.js"

/** A durable loop's settings: those of `runTools` but its messages (each run brings its own). */
export interface Options<Tools extends ReadonlyArray<Tool.Tool>>
  extends Omit<StepEvents.RunRequest<Tools>, "messages" | "onToolError">
{}

/** What a run starts from. */
export interface RunInput {
  /** The run's id: the engine's execution id and the id its live view is stored under (a stream id). */
  readonly executionId: string
  readonly messages: ReadonlyArray<Message.Message>
  /** Whose run it is: its live view can be read only with the same owner. */
  readonly owner?: string | undefined
}

/** The answer to a call waiting for approval. */
export interface Decision {
  readonly approved: boolean
  readonly reason?: string | undefined
  /**
   * The id of the approval request the answer is to (the live view's `tool-approval-request` carries it): when
   * given, the call runs only if the `ApprovalGate` admits it (issued for exactly that call, not expired, used
   * once), else it is answered with an `ApprovalRefused` error result.
   */
  readonly approvalId?: string | undefined
}

/** A durable tool loop: its workflow's layer, and how to run it and answer its approvals. */
export interface DurableLoop<Tools extends ReadonlyArray<Tool.Tool>, Model> {
  readonly name: string
  /** Registers the workflow and its activities with the engine; needs the model and the handlers' services. */
  readonly layer: Layer.Layer<never, never, WorkflowEngine.WorkflowEngine | Model | StepEvents.HandlerContext<Tools>>
  /**
   * Starts the run under `executionId`, or joins the one already there (whatever its messages), and waits
   * for its end, through any approvals; `{ discard: true }` returns its id once it is started.
   */
  readonly run: {
    (input: RunInput, options: { readonly discard: true }): Effect.Effect<string, never, WorkflowEngine.WorkflowEngine>
    (
      input: RunInput,
      options?: { readonly discard?: false | undefined }
    ): Effect.Effect<StepEvents.DoneEvent, ProviderError.ProviderError, WorkflowEngine.WorkflowEngine>
  }
  /** Answers the call `callId` of the run `executionId`, waiting for approval; the first answer holds. */
  readonly approve: (
    executionId: string,
    callId: string,
    decision: Decision
  ) => Effect.Effect<void, never, WorkflowEngine.WorkflowEngine>
}

const reasons: ReadonlyArray<StepEvents.DoneReason> = [
  "stop",
  "step-count",
  "cost",
  "tokens",
  "budget",
  "tool-call",
  "approval",
  "predicate"
]

/** A run's end as stored: enough to build its `DoneEvent` anywhere. */
const DoneRecord = Schema.Struct({
  reason: Schema.Literals(reasons),
  steps: Schema.Array(StepRecord.StepRecord),
  messages: Schema.Array(Message.Message)
})

const DecisionSchema = Schema.Struct({
  approved: Schema.Boolean,
  reason: Schema.optionalKey(Schema.String),
  approvalId: Schema.optionalKey(Schema.String)
})

const approvalOf = (callId: string) => DurableDeferred.make(`approval/${callId}`, { success: DecisionSchema })

/** The work of the activities running in this process, by execution and activity. */
const running = new Map<string, Fiber.Fiber<unknown, unknown>>()

/**
 * Runs an activity's work in a fiber of its own, joined by the activity. The engine aborts an activity whose run
 * it preempts (a durable deferred completed while the run was replaying: an approval racing a takeover) and runs
 * it again on the next replay; its work then goes on, and the new attempt joins it instead of calling the model or
 * the handler a second time. Only a crash (the process gone) makes the work start again.
 */
const once = <A, E, R>(key: string, work: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.suspend(() => {
    const current = running.get(key) as Fiber.Fiber<A, E> | undefined
    const fiber = current === undefined
      ? Effect.tap(Effect.forkDetach(work), (fiber) => Effect.sync(() => running.set(key, fiber)))
      : Effect.succeed(current)
    return Effect.flatMap(fiber, (fiber) =>
      Effect.onExit(Fiber.join(fiber), (exit) =>
        // An attempt aborted while the work goes on leaves it for the next one to join.
        Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause)
          ? Effect.void
          : Effect.sync(() => running.delete(key))))
  })

/** Makes the durable loop `name`, whose model is the service of `modelTag`. */
export const make = <const Tools extends ReadonlyArray<Tool.Tool>, Model>(
  modelTag: Context.Key<Model, LoopStep.Model>,
  name: string,
  options: Options<Tools>
): DurableLoop<Tools, Model> => {
  const { budget, concurrency: _, maxCallsPerStep: __, maxSteps: ___, stopWhen, tools: declared, ...request } = options
  const tools: ReadonlyArray<Tool.Tool> = declared ?? []
  const conditions = LoopStep.conditionsOf(stopWhen)
  // The same bounds and budget as `runTools`: a bad one fails every run, before anything is asked.
  const bounds = LoopBounds.boundsOf({ ...options, messages: [] })
  const checked = LoopStep.limitOf("durable loop", budget)
  const invalid = typeof bounds === "string"
    ? new ProviderError.InvalidRequestError({ provider: "durable loop", message: bounds })
    : Result.isFailure(checked)
    ? checked.failure
    : undefined
  const limit = Result.getOrUndefined(checked)
  const { concurrency, maxCallsPerStep, maxSteps } = typeof bounds === "string"
    ? { concurrency: 1, maxCallsPerStep: 1, maxSteps: 1 }
    : bounds
  const runOptions: ToolRuns.RunOptions = { onToolError: "continue", spans: false }
  const workflow = Workflow.make(name, {
    payload: { messages: Schema.Array(Message.Message), owner: Schema.optionalKey(Schema.String) },
    success: DoneRecord,
    error: ProviderError.ProviderError,
    // Runs are started under the caller's id (`run`), never one made from the payload.
    idempotencyKey: () => ""
  })

  const body = (payload: typeof workflow.payloadSchema.Type, executionId: string) =>
    Effect.gen(function*() {
      if (invalid !== undefined) return yield* Effect.fail(invalid)
      const model = yield* modelTag
      const view = yield* LiveView.LiveView
      const gate = yield* ApprovalGate
      const run: LiveView.Run = { executionId, owner: payload.owner }
      const messages: Array<Message.Message> = [...payload.messages]
      const steps: Array<CallEnding.Ending> = []
      const records: Array<StepRecord.StepRecord> = []
      yield* Activity.make({ name: "open", execute: view.open(run) })

      const step = (n: number) =>
        Activity.make({
          name: `step/${n}`,
          success: StepRecord.StepRecord,
          error: ProviderError.ConfigurationError,
          execute: once(
            `${executionId}/step/${n}`,
            Effect.gen(function*() {
              // Recorded once: a retry of the step (an earlier attempt was cut by a crash) finds it recorded.
              let first = false
              yield* Activity.make({
                name: `step/${n}/begun`,
                execute: Effect.andThen(view.beginStep(run, n, false), Effect.sync(() => (first = true)))
              })
              if (!first) yield* view.beginStep(run, n, true)
              // The budget counts the attempts a crash cut too.
              const uncounted = StepRecord.cutCost(records, steps)
              const plan = yield* LoopStep.planStep(
                model,
                { ...request, messages: messages.slice() },
                limit,
                steps,
                uncounted
              )
              if (plan._tag === "NoRoom") return StepRecord.noRoom
              const watched = LoopStep.watchedStep(model, plan.request, steps, limit, uncounted)
              const writer = yield* view.stepWriter(run, n)
              yield* watched.chunks.pipe(
                Stream.runForEachArray((chunks) =>
                  writer.push(
                    chunks.map((chunk) => new StepEvents.ChunkEvent({ step: n, chunk, cost: watched.running() }))
                  )
                ),
                // A failure is the step's ending (`Failed`).
                Effect.ignore
              )
              yield* writer.end
              const ending = watched.ending()
              if (ending === undefined) return yield* Effect.die(new Error("a step ended without its ending"))
              return StepRecord.fromEnding(ending, !first)
            })
          )
        })

      /**
       * Answers one call (planned alone: run, an error result, or waiting for `decision`) in an activity of its
       * own: the handler's result, or the error result, is recorded.
       */
      const answer = (
        n: number,
        index: number,
        call: Tool.ToolCall,
        planned: ToolRuns.Plan<never, never>,
        decision?: Decision
      ) => {
        const denial = decision === undefined || decision.approved ? undefined : new Tool.ToolApproval({
          toolCallId: call.id,
          approved: false,
          ...(decision.reason === undefined ? {} : { reason: decision.reason })
        })
        const answered: Effect.Effect<StepEvents.ToolResultEvent> = denial !== undefined
          ? Effect.succeed(ToolRuns.answered(n, call, denial, ToolRuns.deniedText(denial), true))
          : planned.answers[0] ??
            ToolRuns.runHandler(
              n,
              tools.find((tool) => tool.name === call.name) as Tool.Handled<Tool.Tool, never, never>,
              call,
              planned.approvals[0]!.input,
              runOptions
            )
        // An answer that names its approval request is admitted by the gate first (inside the activity: its use is
        // claimed once).
        const approvalId = decision?.approvalId
        const answering: Effect.Effect<StepEvents.ToolResultEvent> = approvalId === undefined ?
          answered :
          Effect.flatMap(
            gate.admit(call, new Tool.ToolApproval({ toolCallId: call.id, approved: decision!.approved, approvalId })),
            (refusal) =>
              refusal === undefined
                ? answered
                : Effect.succeed(ToolRuns.answered(n, call, refusal, refusal.message, true))
          )
        return Effect.map(
          Activity.make({
            name: `step/${n}/call/${index}`,
            success: StepRecord.ToolRecord,
            execute: once(
              `${executionId}/step/${n}/call/${index}`,
              Effect.tap(answering, (event) => view.events(run, [event])).pipe(Effect.map(StepRecord.fromToolResult))
            )
          }),
          (record) => StepRecord.toToolResult(n, call, record)
        )
      }

      const close = (end: StepEvents.DoneEvent | ProviderError.ProviderError) =>
        Activity.make({ name: "close", execute: view.close(run, end) })

      const done = (reason: StepEvents.DoneReason) =>
        Effect.as(
          close(LoopStep.doneEvent(steps, reason, messages, limit, StepRecord.cutCost(records, steps))),
          { reason, steps: records, messages }
        )

      for (let n = 1;; n++) {
        const record = yield* step(n)
        // No room in the budget for the step's input: nothing was asked.
        if (StepRecord.isNoRoom(record)) return yield* done("budget")
        const ending = StepRecord.toEnding(record)
        records.push(record)
        steps.push(ending)
        const settled = LoopStep.settle(model, ending, limit, messages)
        if (settled._tag === "Fail") {
          yield* close(settled.error)
          return yield* Effect.fail(settled.error)
        }
        if (settled._tag === "Done") return yield* done(settled.reason)
        const capped = LoopBounds.capCalls<never, never>(n, settled.response.toolCalls, maxCallsPerStep)
        const calls = capped.run
        const kinds = calls.map((call) => ToolRuns.plan<never, never>(n, tools, [call], runOptions))
        const waiting = calls.flatMap((call, index) => kinds[index]!.approvals.length > 0 ? [index] : [])
        if (waiting.length > 0) {
          yield* Activity.make({
            name: `step/${n}/ask`,
            execute: Effect.flatMap(
              // Each request carries the id the gate issues for its call (signed, when one is in context).
              Effect.forEach(waiting, (index) => gate.issue(calls[index]!)),
              (approvalIds) =>
                view.events(
                  run,
                  waiting.map((index, at) =>
                    new StepEvents.ApprovalRequestEvent({
                      step: n,
                      call: calls[index]!,
                      input: kinds[index]!.approvals[0]!.input,
                      approvalId: approvalIds[at]
                    })
                  )
                )
            )
          })
        }
        const results = yield* Effect.forEach(
          calls.flatMap((call, index) =>
            kinds[index]!.answers.length > 0 ? [answer(n, index, call, kinds[index]!)] : []
          ),
          (answered) => answered,
          { concurrency }
        )
        for (const index of waiting) {
          const decision = yield* DurableDeferred.await(approvalOf(calls[index]!.id))
          results.push(yield* answer(n, index, calls[index]!, kinds[index]!, decision))
        }
        // The calls past `maxCallsPerStep` are answered with error results, their handlers never run.
        if (capped.refused.length > 0) {
          const refused = yield* Effect.all(capped.refused)
          yield* Activity.make({ name: `step/${n}/refused`, execute: view.events(run, refused) })
          results.push(...refused)
        }
        // The results in the order of the calls.
        for (const call of settled.response.toolCalls) {
          const result = results.find((event) => event.call.id === call.id)
          if (result !== undefined) messages.push(result.message)
        }
        const reason = kinds.some((kind) => kind.unhandled.length > 0)
          ? "tool-call"
          : LoopStep.stopReason(conditions, steps) ?? (steps.length >= maxSteps ? "step-count" : undefined)
        if (reason !== undefined) return yield* done(reason)
      }
    })

  const layer = workflow.toLayer(body) as unknown as DurableLoop<Tools, Model>["layer"]

  const run =
    ((input: RunInput, runOptions?: { readonly discard?: boolean | undefined }) =>
      Effect.flatMap(WorkflowEngine.WorkflowEngine, (engine): Effect.Effect<unknown, ProviderError.ProviderError> => {
        const payload = {
          messages: input.messages,
          ...(input.owner === undefined ? {} : { owner: input.owner })
        }
        if (runOptions?.discard === true) {
          return engine.execute(workflow, { executionId: input.executionId, payload, discard: true })
        }
        return Effect.map(
          engine.execute(workflow, { executionId: input.executionId, payload }),
          (record) => {
            const steps = record.steps.filter((step) => !StepRecord.isNoRoom(step))
            return LoopStep.doneEvent(
              steps.map(StepRecord.toEnding),
              record.reason,
              record.messages,
              limit,
              StepRecord.cutCost(steps, steps.map(StepRecord.toEnding))
            )
          }
        )
      })) as DurableLoop<Tools, Model>["run"]

  const approve = (executionId: string, callId: string, decision: Decision) => {
    const deferred = approvalOf(callId)
    return DurableDeferred.done(deferred, {
      token: DurableDeferred.tokenFromExecutionId(deferred, { workflow, executionId }),
      exit: Exit.succeed({
        approved: decision.approved,
        ...(decision.reason === undefined ? {} : { reason: decision.reason }),
        ...(decision.approvalId === undefined ? {} : { approvalId: decision.approvalId })
      })
    })
  }

  return { name, layer, run, approve }
}
