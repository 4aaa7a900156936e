/**
 * A durable tool loop (`LanguageModel.durableLoop`): the workflow whose body is `LoopBody`, and how a program
 * starts or joins a run (`run`) and answers its approvals (`approve`), each under the run's id and owner
 * (`RunIds`), failing with a `DurableLoopError` when the engine's storage fails or does not answer in time
 * (`EngineCalls`).
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import type * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Workflow from "effect/workflow/Workflow"
import * as WorkflowEngine from "effect/workflow/WorkflowEngine"
import * as Message from "../../core/Message.js"
import * as ProviderError from "../../core/ProviderError.js"
import type * as Tool from "../../core/Tool.js"
import * as LoopBounds from "../loop/LoopBounds.js"
import * as LoopStep from "../loop/LoopStep.js"
import * as Steering from "../loop/Steering.js"
import type * as StepEvents from "../loop/StepEvents.js"
import * as ToolEdit from "../loop/ToolEdit.js"
import * as ToolInput from "../loop/ToolInput.js"
import * as AnswerFit from "../signing/AnswerFit.js"
import * as StreamIds from "../store/StreamIds.js"
import * as ActivityWork from "./ActivityWork.js"
import * as ApprovalKeys from "./ApprovalKeys.js"
import { DurableLoopError } from "./DurableLoopError.js"
import * as EngineCalls from "./EngineCalls.js"
import * as HeldRuns from "./HeldRuns.js"
import * as InvalidRecord from "./InvalidRecord.js"
import * as LoopBody from "./LoopBody.js"
import * as RunIds from "./RunIds.js"
import * as SteeringKeys from "./SteeringKeys.js"
import * as StepRecord from "./StepRecord.js"

/**
 * A durable loop's settings: those of `LanguageModel.runTools` but its messages (each run brings its own) and
 * `onToolError` (a handler's failure is always sent to the model as an error result), and how long `run` and
 * `approve` wait for the engine's storage (`storageTimeout`).
 *
 * @since 0.4.0
 * @category Models
 */
export interface Options<Tools extends ReadonlyArray<Tool.Tool>>
  extends Omit<StepEvents.RunRequest<Tools>, "messages" | "onToolError" | "steering">
{
  /**
   * Messages sent into a run (`steer`, `queue`), journaled with it: at most `maxPending` waiting at once (default 8),
   * each at most `maxBytes` of JSON (default 65536), 64 in all. Without it, a run takes none (`NotFound`). Since 0.7.0.
   */
  readonly steering?: {
    readonly maxPending?: number | undefined
    readonly maxBytes?: number | undefined
  } | undefined
  /**
   * How long `run` waits for its run to be stored (started or joined), and `approve` for its answer to be, before
   * failing with `DurableLoopError` (`Timeout`); default 30 seconds. `run` then waits for the run's end as long as
   * it takes (approvals may take hours), failing as soon as the storage does. Since 0.5.0.
   */
  readonly storageTimeout?: EngineCalls.Timeout | undefined
}

/**
 * What a run starts from: its id (the engine's execution id and its live view's stream id), the conversation,
 * and whose run it is.
 *
 * @since 0.4.0
 * @category Models
 */
export interface RunInput {
  /** The run's id: the engine's execution id and the id its live view is stored under (a stream id). */
  readonly executionId: string
  readonly messages: ReadonlyArray<Message.Message>
  /**
   * Whose run it is: the same id under another owner, or under none, is another run (and another live view), so
   * one owner never joins, reads or answers another's run.
   */
  readonly owner?: string | undefined
}

/**
 * The answer to a call waiting for approval.
 *
 * @since 0.4.0
 * @category Models
 */
export interface Decision {
  readonly approved: boolean
  readonly reason?: string | undefined
  /**
   * The id of the approval request the answer is to (the live view's `tool-approval-request` carries it): when
   * given, the call runs only if the `ApprovalGate` admits it (issued for exactly that call, in this run and step,
   * not expired, used once), else it is answered with an `ApprovalRefused` error result.
   */
  readonly approvalId?: string | undefined
  /** The run's owner, as given to `run`: an answer under another owner reaches no run of this one. Since 0.5.0. */
  readonly owner?: string | undefined
  /**
   * The answer to a tool's request for input (`ApprovalRequestEvent.elicitation`, an MCP server's form): approved,
   * the form's values (checked against its schema; at most 64 K characters of JSON, else `approve` fails with
   * `InvalidRun`); not approved, a decline, or a cancel with `action: "cancel"`. Since 0.6.0.
   */
  readonly content?: { readonly [key: string]: unknown } | undefined
  readonly action?: "cancel" | undefined
  /**
   * With `approved: true`, the input the call runs with instead of the model's (an edit): checked against the tool's
   * Schema when the run takes it (a refused one runs nothing: an `ApprovalRefused` error result, `invalid`); not
   * JSON or over 64 K characters of JSON, `approve` fails with `InvalidRun`. The run's conversation then holds the
   * call as it ran. Since 0.7.0.
   */
  readonly input?: unknown
  /**
   * The interrupt the answer is to when that is no call's: `budget`, the question before the budget's cap (approved
   * goes on), whatever `callId` says. Without it, `callId` `Tool.budgetQuestion` answers the question only while it
   * waits (0.6's form, deprecated): else it is a model's call of that id. Since 0.7.0.
   */
  readonly interrupt?: "budget" | undefined
}

/**
 * A durable loop: `layer`, `run`, `approve` (see `LanguageModel.durableLoop`).
 *
 * @since 0.4.0
 * @category Models
 */
export interface DurableLoop<Tools extends ReadonlyArray<Tool.Tool>, Model> {
  readonly name: string
  /** Registers the workflow and its activities with the engine; needs the model and the handlers' services. */
  readonly layer: Layer.Layer<never, never, WorkflowEngine.WorkflowEngine | Model | StepEvents.HandlerContext<Tools>>
  /**
   * Starts the run under `executionId` (and `owner`), or joins the one already there (whatever its messages), and
   * waits for its end, through any approvals; `{ discard: true }` returns its id once it is started.
   */
  readonly run: {
    (
      input: RunInput,
      options: { readonly discard: true }
    ): Effect.Effect<string, DurableLoopError, WorkflowEngine.WorkflowEngine>
    (
      input: RunInput,
      options?: { readonly discard?: false | undefined }
    ): Effect.Effect<
      StepEvents.DoneEvent,
      ProviderError.ProviderError | DurableLoopError,
      WorkflowEngine.WorkflowEngine
    >
  }
  /**
   * Answers the call `callId` of the run `executionId` (of `decision.owner`) waiting for approval; the first
   * answer holds. A run whose calls repeat an id has each answered in turn: the earliest waiting one. The question
   * before the budget's cap (`budget.askAt`) is answered by its kind (`{ interrupt: "budget" }`): approved goes on. A
   * tool's request for input (an MCP server's form) is answered the same way, with `content` or `action`. An answer
   * of another kind than its interrupt asks (a form's values or a cancel to an approval, an approval without values to
   * a form, more than go on or stop to the budget's question, an edited input to a call its provider runs), or a
   * form's values that do not fit the form the tool asked with (as the run's journal holds it: types, required fields,
   * enums, formats, lengths, bounds), fails with `InvalidRun`, its message one sentence saying why (naming the field);
   * nothing is stored or run, and the interrupt still waits (since 0.7.0). An answer given before its call asks (no
   * question to check it against yet) is kept, and checked as the call asks: one that does not fit is dropped, a
   * warning logged naming the check, and the question waits, asked in the live view, for another answer (since 0.7.0).
   */
  readonly approve: (
    executionId: string,
    callId: string,
    decision: Decision
  ) => Effect.Effect<void, DurableLoopError, WorkflowEngine.WorkflowEngine>
  /**
   * Steers the run `executionId` (of `owner`), with the loop's `steering` option: `message` (a user message or its
   * text) is journaled with the run, on any instance sharing its engine, and goes into its next model request, after
   * the tool results of the step under way (or, sent while it waits for approval, after the answered calls' results);
   * it outlives a crash and is taken once, in whichever process resumes the run. An `id` sent again is taken once.
   * Fails with `SteeringError` (`NotFound`, `Ended`, `TooLarge`, `Full`) or `DurableLoopError` (the engine's storage).
   * Since 0.7.0.
   */
  readonly steer: (
    executionId: string,
    message: Message.UserMessage | string,
    options?: SendOptions
  ) => Effect.Effect<{ readonly id: string }, Steering.SteeringError | DurableLoopError, WorkflowEngine.WorkflowEngine>
  /**
   * Queues `message` for the run `executionId` (of `owner`), as `steer` does: taken once the model has answered, the
   * run goes on with it. Since 0.7.0.
   */
  readonly queue: (
    executionId: string,
    message: Message.UserMessage | string,
    options?: SendOptions
  ) => Effect.Effect<{ readonly id: string }, Steering.SteeringError | DurableLoopError, WorkflowEngine.WorkflowEngine>
}

/**
 * Whose run a message goes to (`owner`, as given to `run`), and its `id` (default: a new one), which makes a retry
 * safe.
 *
 * @since 0.7.0
 * @category Models
 */
export interface SendOptions {
  readonly owner?: string | undefined
  readonly id?: string | undefined
}

/**
 * The setup every run of the loop shares, from its options (a bad bound or budget fails each run); the work of its
 * activities is the layer's (`ActivityWork`).
 */
const setupOf = <Tools extends ReadonlyArray<Tool.Tool>, Model>(
  modelTag: Context.Key<Model, LoopStep.Model>,
  options: Options<Tools>
): Omit<LoopBody.Setup<Model>, "once"> => {
  const {
    budget,
    concurrency: _,
    maxCallsPerStep: __,
    maxSteps: ___,
    steering,
    stopWhen,
    storageTimeout: ____,
    ...request
  } = options
  const bounds = LoopBounds.boundsOf({ ...request, ...options, steering: undefined, messages: [] })
  const checked = LoopStep.limitOf("durable loop", budget)
  const valid = typeof bounds === "string" ? { concurrency: 1, maxCallsPerStep: 1, maxSteps: 1 } : bounds
  return {
    modelTag,
    request,
    rules: {
      tools: options.tools ?? [],
      conditions: LoopStep.conditionsOf(stopWhen),
      maxSteps: valid.maxSteps,
      maxCallsPerStep: valid.maxCallsPerStep,
      limit: Result.getOrUndefined(checked)?.limit,
      spent: Result.getOrUndefined(checked)?.spent,
      approvals: "wait"
    },
    concurrency: valid.concurrency,
    askAt: budget?.askAt === undefined ? undefined : BigDecimal.fromNumberUnsafe(budget.askAt),
    invalid: typeof bounds === "string"
      ? new ProviderError.InvalidRequestError({ provider: "durable loop", message: bounds })
      : Result.isFailure(checked)
      ? checked.failure
      : undefined,
    steering: steering === undefined ? undefined : Steering.inbox("", steering)
  }
}

/** The run's engine id, or the error saying why its id or owner names no run. */
const engineIdOf = (
  naming: RunIds.Naming,
  executionId: string,
  owner: string | undefined
): Effect.Effect<string, DurableLoopError> => {
  const problem = RunIds.problemOf(naming, executionId, owner)
  return problem === undefined
    ? RunIds.engineIdOf(naming, executionId, owner)
    : Effect.fail(
      new DurableLoopError({ reason: "InvalidRun", executionId: executionId.slice(0, 64), message: problem })
    )
}

/** Whether a decision's fields are an answer's (an app may hand on what a browser sent, unchecked). */
const isDecision = Schema.is(ApprovalKeys.Decision)

/** A text of an answer past `ToolInput.maxAnswer` characters: the field that is, or `undefined`. */
const overlong = (texts: Record<string, string | undefined>): string | undefined =>
  Object.keys(texts).find((name) => (texts[name]?.length ?? 0) > ToolInput.maxAnswer)

/** Why an answer to the call `callId` cannot be stored (its fields, their sizes), or `undefined`. */
const problemOf = (callId: string, decision: Omit<Decision, "owner">): string | undefined => {
  if (typeof callId !== "string" || !isDecision(decision)) {
    return "the answer is not { approved: boolean, reason?: string, approvalId?: string, content?: object, " +
      "action?: \"cancel\", interrupt?: \"budget\" } to a call id"
  }
  const long = overlong({ callId, reason: decision.reason, approvalId: decision.approvalId })
  if (long !== undefined) return `the answer's ${long} is over ${ToolInput.maxAnswer} characters`
  const tooLong = ToolInput.tooLong(decision.content)
  if (tooLong !== undefined) return `the answer's content is ${tooLong}`
  const unfit = decision.input === undefined ? undefined : ToolEdit.unfit(decision.input)
  return unfit === undefined ? undefined : `the answer's edited input: ${unfit}`
}

/**
 * Nothing when the answer fitted what its interrupt asks, else (`AnswerFit`: not stored, the interrupt still
 * waiting) the error saying what does not fit, in the interrupt's own sentence.
 */
const fitted = (executionId: string) => (misfit: AnswerFit.Misfit | undefined): Effect.Effect<void, DurableLoopError> =>
  misfit === undefined
    ? Effect.void
    : Effect.fail(
      new DurableLoopError({ reason: "InvalidRun", executionId: executionId.slice(0, 64), message: misfit.message })
    )

/** An answer as the run stores it (its fields given), or the error saying why it is none (`problemOf`). */
const storedOf = (executionId: string, callId: string, { owner: _, ...decision }: Decision) => {
  const problem = problemOf(callId, decision)
  return problem !== undefined
    ? Effect.fail(
      new DurableLoopError({ reason: "InvalidRun", executionId: executionId.slice(0, 64), message: problem })
    )
    : Effect.succeed(
      Object.fromEntries(
        Object.entries(decision).filter(([, value]) => value !== undefined)
      ) as typeof ApprovalKeys.Decision.Type
    )
}

/**
 * A run's `steer` (`kind`) or `queue`: the message journaled with the run of its id and owner (`SteeringKeys.send`),
 * within the storage's `timeout`.
 */
const sender = (
  workflow: EngineCalls.Flow,
  naming: RunIds.Naming,
  name: string,
  bounds: SteeringKeys.Bounds | undefined,
  timeout: Duration.Duration,
  kind: Steering.Kind
) =>
(executionId: string, message: Message.UserMessage | string, sendOptions?: SendOptions) =>
  Effect.gen(function*() {
    const engineId = yield* engineIdOf(naming, executionId, sendOptions?.owner)
    const user = typeof message === "string" ? new Message.UserMessage({ text: message }) : message
    const id = sendOptions?.id ?? StreamIds.newId()
    const refused = Steering.refusalOf(executionId, user, id)
    if (refused !== undefined) return yield* refused
    if (bounds === undefined) {
      return yield* new Steering.SteeringError({
        reason: "NotFound",
        streamId: executionId,
        message: `The durable loop ${JSON.stringify(name)} takes no messages (its steering option)`
      })
    }
    const hasEnded = Effect.flatMap(
      WorkflowEngine.WorkflowEngine,
      (engine) =>
        Effect.map(engine.poll(workflow, engineId), (result) =>
          result._tag === "Some" && result.value._tag === "Complete")
    )
    const sent = yield* EngineCalls.stored(
      EngineCalls.make(executionId, timeout),
      Effect.result(SteeringKeys.send({ workflow, engineId, executionId, hasEnded }, kind, user, id, bounds))
    )
    return yield* Result.isSuccess(sent) ? Effect.succeed(sent.success) : Effect.fail(sent.failure)
  })

/**
 * The `DoneEvent` of a run's stored end: its steps' records decoded (a `SchemaError` for one this library did not
 * write).
 */
const doneEventOf = <Model>(setup: Omit<LoopBody.Setup<Model>, "once">, record: typeof LoopBody.DoneRecord.Type) =>
  Effect.gen(function*() {
    const steps = record.steps.filter((step) => !StepRecord.isNoRoom(step))
    const endings = yield* Effect.forEach(steps, StepRecord.toEnding)
    return LoopStep.doneEvent(
      endings,
      record.reason,
      record.messages,
      setup.rules.limit,
      StepRecord.cutCost(steps, endings),
      yield* StepRecord.nothingOf(record.steps),
      setup.rules.spent,
      record.notDelivered
    )
  })

/** Makes a durable loop: its name, whose model is the service of `modelTag`, and its settings. */
export type Make = <const Tools extends ReadonlyArray<Tool.Tool>, Model>(
  modelTag: Context.Key<Model, LoopStep.Model>,
  name: string,
  options: Options<Tools>
) => DurableLoop<Tools, Model>

/** Makes the durable loop `name`, whose model is the service of `modelTag`, its runs named by `naming`. */
export const make = <const Tools extends ReadonlyArray<Tool.Tool>, Model>(
  modelTag: Context.Key<Model, LoopStep.Model>,
  name: string,
  options: Options<Tools>,
  naming: RunIds.Naming
): DurableLoop<Tools, Model> => {
  const setup = setupOf(modelTag, options)
  const timeout = EngineCalls.timeoutOf(options.storageTimeout)
  const workflow = Workflow.make(name, {
    payload: LoopBody.Payload,
    success: LoopBody.DoneRecord,
    // A run that cannot read its records fails with `InvalidRecord`, stored: every later `run` gives it at once.
    error: LoopBody.RunError,
    // Runs are started under the caller's id (`run`), never one made from the payload.
    idempotencyKey: () => ""
  })
  // Each run kept by its fiber while it replays here, so that one found to have lost a reply is let go of; the
  // work of its activities kept in the layer's scope, which closing the layer interrupts.
  const layer = Layer.unwrap(Effect.map(ActivityWork.make, (once) => {
    const body = LoopBody.body({ ...setup, once })
    return workflow.toLayer((payload, engineId) =>
      Effect.flatMap(HeldRuns.HeldRuns, (runs) => runs.held(workflow, engineId, body(payload, engineId)))
    )
  })) as unknown as DurableLoop<Tools, Model>["layer"]

  const run = ((input: RunInput, runOptions?: { readonly discard?: boolean | undefined }) =>
    Effect.gen(function*() {
      const engineId = yield* engineIdOf(naming, input.executionId, input.owner)
      const payload = { messages: input.messages, ...(input.owner === undefined ? {} : { owner: input.owner }) }
      const calls = EngineCalls.make(input.executionId, timeout)
      yield* EngineCalls.started(calls, workflow, engineId, payload)
      if (runOptions?.discard === true) return input.executionId
      const record = yield* EngineCalls.ended(calls, workflow, engineId, payload)
      return yield* InvalidRecord.checked(input.executionId)(doneEventOf(setup, record))
    })) as DurableLoop<Tools, Model>["run"]

  const approve = (executionId: string, callId: string, decision: Decision) =>
    Effect.flatMap(
      engineIdOf(naming, executionId, decision.owner),
      (engineId) =>
        Effect.flatMap(storedOf(executionId, callId, decision), (stored) =>
          Effect.flatMap(
            EngineCalls.stored(
              EngineCalls.make(executionId, timeout),
              ApprovalKeys.answer(workflow, engineId, callId, stored)
            ),
            fitted(executionId)
          ))
    )

  const send = (kind: Steering.Kind) => sender(workflow, naming, name, setup.steering, timeout, kind)
  return { name, layer, run, approve, steer: send("steer"), queue: send("queue") }
}
