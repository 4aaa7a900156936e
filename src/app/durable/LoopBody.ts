/**
 * The body of a durable loop's workflow: the loop of `runTools`, made of the same pieces (`LoopStep` for a step's
 * call, `StepDecision` for what follows it, `ToolRuns` for its calls), whose every model step and tool call is an
 * `Activity`, persisted once by the engine and replayed when the run is resumed, anywhere. A call that needs
 * approval (its tool's, or a call its provider runs once approved), or the question before the budget's cap,
 * suspends the run on a `DurableDeferred` (`ApprovalKeys`) until `approve` answers it. The body is replayed from its
 * start on every resumption, so it decides only from what the activities recorded. The calls of the conversation's
 * last turn that nothing answers are answered first, as step 0 (`Conversation.pendingOf`). A record the engine gives
 * back that this library did not write ends the run (`InvalidRecord`).
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Activity from "effect/workflow/Activity"
import * as DurableDeferred from "effect/workflow/DurableDeferred"
import * as WorkflowEngine from "effect/workflow/WorkflowEngine"
import type * as CallEnding from "../../core/call/CallEnding.js"
import * as Message from "../../core/Message.js"
import * as ProviderError from "../../core/ProviderError.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as Conversation from "../../core/request/Conversation.js"
import * as LoopSums from "../../core/spend/LoopSums.js"
import * as Tool from "../../core/Tool.js"
import * as TurnFormats from "../../providers/TurnFormats.js"
import * as ApprovalAnswers from "../loop/ApprovalAnswers.js"
import * as ApprovalGate from "../loop/ApprovalGate.js"
import * as LoopBudget from "../loop/LoopBudget.js"
import * as LoopStep from "../loop/LoopStep.js"
import * as StepDecision from "../loop/StepDecision.js"
import * as StepEvents from "../loop/StepEvents.js"
import * as ToolEdit from "../loop/ToolEdit.js"
import * as ToolInput from "../loop/ToolInput.js"
import * as ToolRuns from "../loop/ToolRuns.js"
import type * as ActivityWork from "./ActivityWork.js"
import * as ApprovalKeys from "./ApprovalKeys.js"
import { DurableLoopError } from "./DurableLoopError.js"
import * as InvalidRecord from "./InvalidRecord.js"
import * as LiveView from "./LiveView.js"
import * as RunIds from "./RunIds.js"
import * as SteeringKeys from "./SteeringKeys.js"
import * as StepClaims from "./StepClaims.js"
import * as StepRecord from "./StepRecord.js"

/** What every run of one durable loop shares: its model, its request, its rules and its work in flight. */
export interface Setup<Model> {
  readonly modelTag: Context.Key<Model, LoopStep.Model>
  readonly request: Omit<CallRequest.Request, "messages">
  readonly rules: Omit<StepDecision.Rules, "provider">
  readonly concurrency: number | "unbounded"
  /** Where the run asks before spending past its budget (`budget.askAt` of it), if it does. */
  readonly askAt: BigDecimal.BigDecimal | undefined
  /** Why every run fails before anything is asked (a bound or a budget that is not valid), if it does. */
  readonly invalid: ProviderError.InvalidRequestError | undefined
  readonly once: ActivityWork.Once
  /** With `steering`: the bounds of the messages a run takes (`DurableLoop.steer`, `.queue`); else it takes none. */
  readonly steering: SteeringKeys.Bounds | undefined
}

const reasons: ReadonlyArray<StepEvents.DoneReason> = [
  "stop",
  "step-count",
  "cost",
  "tokens",
  "budget",
  "spend-limit",
  "tool-call",
  "approval",
  "predicate"
]

/** A message sent into a run, as it stores one it took or ended without. */
const Steered = Schema.Struct({
  id: Schema.String,
  kind: Schema.Literals(["steer", "queue"]),
  message: Message.UserMessage
})

/** A run's end as stored: enough to build its `DoneEvent` anywhere. */
export const DoneRecord = Schema.Struct({
  reason: Schema.Literals(reasons),
  steps: Schema.Array(StepRecord.StepRecord),
  messages: Schema.Array(Message.Message),
  notDelivered: Schema.optionalKey(Schema.Array(Steered))
})

/** How a run fails: the model's error, or a record of it that cannot be read (`DurableLoopError`, `InvalidRecord`). */
export const RunError = Schema.Union([ProviderError.ProviderError, DurableLoopError])

/** What a run starts from, as stored. */
export const Payload = Schema.Struct({
  messages: Schema.Array(Message.Message),
  owner: Schema.optionalKey(Schema.String)
})

/** A run being replayed: its setup and services, and the conversation, steps and asks it has recorded so far. */
interface Run<Model> {
  readonly setup: Setup<Model>
  readonly engineId: string
  readonly live: LiveView.Run
  readonly view: LiveView.Service
  readonly gate: ApprovalGate.Gate
  readonly model: LoopStep.Model
  readonly rules: StepDecision.Rules
  readonly messages: Array<Message.Message>
  readonly steps: Array<CallEnding.Ending>
  readonly records: Array<StepRecord.StepRecord>
  /** How many calls of the run with each id have asked for approval. */
  readonly asked: Map<string, number>
  /** Where the run asks before spending past its budget, until asked. */
  askAt: BigDecimal.BigDecimal | undefined
}

/** A handler's failure is always an error result the model reads: a run that failed on one could not resume. */
const runOptions: ToolRuns.RunOptions = { onToolError: "continue", spans: false }

/**
 * The run's activity `name` that `make` builds of `work` (its `execute`), the work done once in this process
 * whatever the engine does with the activity (`ActivityWork`: it may run an activity again after a storage outage).
 */
const once = <Model, A, E, R, B, E2, R2>(
  run: Run<Model>,
  name: string,
  work: Effect.Effect<A, E, R>,
  make: (execute: Effect.Effect<A, E, R>) => Effect.Effect<B, E2, R2>
) => run.setup.once(`${run.engineId}/${name}`, work, make)

/** The run's activity `name` that writes `work` to its live view, once. */
const shown = <Model, R>(run: Run<Model>, name: string, work: Effect.Effect<void, never, R>) =>
  once(run, name, work, (execute) => Activity.make({ name, execute }))

/**
 * Calls the model for step `n`, recorded once (a retry after a crash is recorded as cut, and shown as a reset
 * step), under the step's claim (`StepClaims`): another runner's attempt meanwhile takes this one's record.
 */
const modelStep = <Model>(run: Run<Model>, n: number) =>
  Effect.flatMap(claimOf(n), ({ claims, key }) =>
    Effect.tap(
      once(run, `step/${n}`, claims.claimed(key, StepRecord.StepRecord, askModel(run, n)), (execute) =>
        Activity.make({
          name: `step/${n}`,
          success: StepRecord.StepRecord,
          error: ProviderError.ConfigurationError,
          execute
        })),
      // Recorded by the engine: the claim is no longer needed.
      () => claims.forget(key)
    ))

/** The claims of the run's steps, and the key of step `n`'s: its workflow, run and step. */
const claimOf = (n: number) =>
  Effect.gen(function*() {
    const instance = yield* WorkflowEngine.WorkflowInstance
    return {
      claims: yield* StepClaims.StepClaims,
      key: `${instance.workflow._tag}/${instance.executionId}/step/${n}`
    }
  })

/** Asks the model for step `n`, its chunks written to the live view: the step's record. */
const askModel = <Model>(run: Run<Model>, n: number) =>
  Effect.gen(function*() {
    // Recorded once: a retry of the step (an earlier attempt was cut by a crash) finds it recorded.
    let first = false
    yield* shown(
      run,
      `step/${n}/begun`,
      Effect.andThen(run.view.beginStep(run.live, n, false), Effect.sync(() => (first = true)))
    )
    if (!first) yield* run.view.beginStep(run.live, n, true)
    // The budget counts the attempts a crash cut too.
    const uncounted = StepRecord.cutCost(run.records, run.steps)
    const request = { ...run.setup.request, messages: run.messages.slice() }
    const plan = yield* LoopStep.planStep(run.model, request, run.rules.limit, run.steps, uncounted)
    if (plan._tag === "NoRoom") return StepRecord.noRoom(plan.price)
    const watched = LoopStep.watchedStep(run.model, plan.request, run.steps, run.rules.limit, uncounted)
    const writer = yield* run.view.stepWriter(run.live, n)
    yield* watched.chunks.pipe(
      Stream.runForEachArray((chunks) =>
        writer.push(chunks.map((chunk) => new StepEvents.ChunkEvent({ step: n, chunk, cost: watched.running() })))
      ),
      // A failure is the step's ending (`Failed`).
      Effect.ignore
    )
    yield* writer.end
    const ending = watched.ending()
    if (ending === undefined) return yield* Effect.die(new Error("a step ended without its ending"))
    return StepRecord.fromEnding(ending, !first, watched.bound())
  })

/**
 * The journal of the call the activity `name` answers (`ToolRuns.Journal`): each id it keeps is recorded in an
 * activity of its own under that name (in the order the handler keeps them), given back on a replay.
 */
const journalOf = <Model>(run: Run<Model>, name: string) =>
  Effect.map(Effect.context<WorkflowEngine.WorkflowEngine | WorkflowEngine.WorkflowInstance>(), (context) => {
    let kept = 0
    const journal: ToolRuns.Journal = {
      keep: <E>(start: Effect.Effect<string | undefined, E>) =>
        Effect.suspend(() => {
          // What `start` came to in this process: a failure, or an answer without an id, is not kept.
          let exit: Exit.Exit<string | undefined, E> | undefined
          const keptName = `${name}/kept/${kept++}`
          const keeping = once(
            run,
            keptName,
            Effect.map(Effect.exit(start), (done) => {
              exit = done
              return Exit.isSuccess(done) ? done.value ?? null : null
            }),
            (execute) => Activity.make({ name: keptName, success: Schema.NullOr(Schema.String), execute })
          )
          return Effect.flatMap(
            Effect.provideContext(keeping, context),
            (id) => exit ?? Effect.succeed(id ?? undefined)
          )
        })
    }
    return journal
  })

/** The answer to call `at` (its index) of step `n` (`answering`), recorded in an activity of its own and shown. */
const recordAnswer = <Model>(
  run: Run<Model>,
  n: number,
  at: number | string,
  call: Tool.ToolCall,
  answering: Effect.Effect<StepEvents.ToolResultEvent>
) =>
  Effect.flatMap(
    once(
      run,
      `step/${n}/call/${at}`,
      journalOf(run, `step/${n}/call/${at}`).pipe(
        Effect.flatMap((journal) => Effect.provideService(answering, ToolRuns.Journal, journal)),
        // A request for input is shown as it is asked (`inputAnswered`).
        Effect.tap((event) =>
          event.result instanceof ToolInput.InputRequired ? Effect.void : run.view.events(run.live, [event])
        ),
        Effect.map((event) => StepRecord.fromToolResult(event, call))
      ),
      (execute) => Activity.make({ name: `step/${n}/call/${at}`, success: StepRecord.ToolRecord, execute })
    ),
    (record) => StepRecord.toToolResult(n, call, record)
  )

/** Where step `n`'s approvals are valid: this run, its owner and the step. */
const bindingOf = <Model>(run: Run<Model>, n: number): ApprovalGate.Binding => ({
  run: run.live.executionId,
  owner: run.live.owner,
  step: n
})

/**
 * Whether the gate admits `decision` to answer the call (at `at` of step `n`): its id checked and its use claimed,
 * in an activity of its own, recorded before the call is answered. So a retry of the answer (its handler cut by a
 * crash, run again as documented) reads the recorded admission, never a claim its first attempt used up; a program's
 * answer (no id) is admitted as it is, nothing recorded.
 */
const admitted = <Model>(
  run: Run<Model>,
  n: number,
  at: number | string,
  call: Tool.ToolCall,
  decision: typeof ApprovalKeys.Decision.Type
) => {
  if (decision.approvalId === undefined) return Effect.succeed<ApprovalGate.Refusal>(undefined)
  const approval = new Tool.ToolApproval({ toolCallId: call.id, ...decision })
  const name = `step/${n}/call/${at}/admitted`
  return Effect.map(
    once(
      run,
      name,
      Effect.map(run.gate.admit(call, approval, bindingOf(run, n)), StepRecord.fromRefusal),
      (execute) => Activity.make({ name, success: StepRecord.AdmissionRecord, execute })
    ),
    (record) => StepRecord.toRefusal(call, record)
  )
}

/**
 * The answer to a call that waited, once `decision` came and the gate gave its verdict on it (`refusal`: a refused
 * id answers the call with the refusal); a denial answers the call; an approval runs it, or, for a call its provider
 * runs (`AskProvider`), is the answer the provider is sent (`ApprovalAnswers.providerAnswered`).
 * The answer to the tool's request for input (`input`) runs it with the answer (`ToolInput.Answer`), whatever it
 * is, and what the tool kept when it asked (`InputRequired.kept`, from the run's journal).
 */
const decided = <Model>(
  run: Run<Model>,
  n: number,
  plan: Extract<StepDecision.CallPlan, { readonly _tag: "Ask" | "AskProvider" | "Run" }>,
  decision: typeof ApprovalKeys.Decision.Type,
  refusal: ApprovalGate.Refusal,
  input?: InputAnswering
): Effect.Effect<StepEvents.ToolResultEvent> => {
  const call = plan.call
  if (refusal !== undefined) return Effect.succeed(ToolRuns.answered(n, call, refusal, refusal.message, true))
  const approval = new Tool.ToolApproval({ toolCallId: call.id, ...decision })
  return plan._tag === "AskProvider"
    ? Effect.succeed(ApprovalAnswers.providerAnswered(n, call, approval))
    : toolAnswered(run, n, plan, decision, approval, input)
}

/**
 * An answer to a tool's request for input: what the tool kept when it asked, and the plan its call runs again with
 * (the call as an approval edited it, when one did).
 */
interface InputAnswering {
  readonly kept: unknown
  readonly runs: Extract<StepDecision.CallPlan, { readonly _tag: "Ask" | "Run" }>
}

/** The answer `decided` gives a call of a tool of the run (its handler run, or not), before the gate's admission. */
const toolAnswered = <Model>(
  run: Run<Model>,
  n: number,
  plan: Extract<StepDecision.CallPlan, { readonly _tag: "Ask" | "Run" }>,
  decision: typeof ApprovalKeys.Decision.Type,
  approval: Tool.ToolApproval,
  input: InputAnswering | undefined
): Effect.Effect<StepEvents.ToolResultEvent> => {
  const call = plan.call
  // An approval that edits the input runs the call as edited (`ToolEdit`), or nothing when its tool refuses it.
  const edit = input === undefined ? ToolEdit.editOf(run.rules.tools, call, approval) : undefined
  const runs = input?.runs ?? (edit === undefined || edit instanceof StepEvents.ApprovalRefused ? plan : edit.plan)
  const running = runs._tag === "Run" || runs._tag === "Ask"
    ? Effect.map(
      ToolRuns.answer<never, never>(n, { ...runs, _tag: "Run" }, runOptions),
      (event) => ToolEdit.ranEdited(event, call)
    )
    : Effect.succeed(ToolRuns.answered(n, call, undefined, `tool ${call.name} has no handler`, true))
  const answer: ToolInput.InputAnswer = decision.approved
    ? { action: "accept", content: decision.content ?? {} }
    : { action: decision.action ?? "decline" }
  return input
    ? Effect.provideService(running, ToolInput.Answer, { answer, kept: input.kept })
    : edit instanceof StepEvents.ApprovalRefused
    ? Effect.succeed(ToolRuns.answered(n, call, edit, edit.message, true))
    : decision.approved
    ? running
    : Effect.succeed(ToolRuns.answered(n, call, approval, ToolRuns.deniedText(approval.reason), true))
}

/** A call of the step that waits for approval: a tool's, or one its provider runs once approved. */
type Waiting = {
  readonly plan: Extract<StepDecision.CallPlan, { readonly _tag: "Ask" | "AskProvider" }>
  readonly index: number
  /** How many calls of the run with its id asked before it, and it (`ApprovalKeys`). */
  readonly occurrence: number
}

/**
 * Asks for approval of step `n`'s calls that wait for it, or what a call's tool asks (`elicitation`), in the activity
 * `step/<n>/<name>`: each request with the id the gate issues, bound to the step (and who runs the call, `server`,
 * when its provider does).
 */
const ask = <Model>(
  run: Run<Model>,
  n: number,
  name: string,
  waiting: ReadonlyArray<{
    readonly plan: { readonly call: Tool.ToolCall; readonly input: unknown; readonly server?: string | undefined }
    readonly elicitation?: ToolInput.InputRequired["elicitation"]
  }>
) =>
  shown(
    run,
    `step/${n}/${name}`,
    Effect.flatMap(
      // A form's id signed as one (`asks`): it takes a form's values, an approval's never.
      Effect.forEach(waiting, ({ elicitation, plan }) =>
        run.gate.issue(
          plan.call,
          elicitation === undefined ? bindingOf(run, n) : { ...bindingOf(run, n), asks: "input" }
        )),
      (approvalIds) =>
        run.view.events(
          run.live,
          waiting.map(({ elicitation, plan: { call, input, server } }, at) =>
            new StepEvents.ApprovalRequestEvent({
              step: n,
              call,
              input,
              approvalId: approvalIds[at],
              elicitation,
              kind: elicitation === undefined ? "approval" : "input",
              ...(server === undefined ? {} : { server })
            })
          )
        )
    )
  )

/**
 * The answer to call `index` of step `n` (`event`) once the user answered what its tool asked instead (an MCP
 * server's form, `ToolInput.InputRequired`): each request asked as an approval is (its id issued by the gate, its
 * asking recorded) and waited for; `approve`'s answer (`content`, a decline or a cancel) given to the handler run
 * again, in an activity of its own, until it answers.
 */
const inputAnswered = <Model>(
  run: Run<Model>,
  n: number,
  index: number,
  plan: Extract<StepDecision.CallPlan, { readonly _tag: "Ask" | "Run" }>,
  event: StepEvents.ToolResultEvent
) =>
  Effect.gen(function*() {
    const call = plan.call
    // Asked (its id issued, the answer checked) for the call as the model made it; run again as an approval edited it.
    const edited = event.asMade === undefined ? undefined : StepDecision.planCall(run.rules.tools, event.call)
    const runs = edited?._tag === "Run" || edited?._tag === "Ask" ? edited : plan
    for (let round = 1; event.result instanceof ToolInput.InputRequired; round++) {
      const { elicitation, kept } = event.result
      const occurrence = (run.asked.get(call.id) ?? 0) + 1
      run.asked.set(call.id, occurrence)
      yield* ApprovalKeys.markAsked(call.id, occurrence, "input", elicitation)
      yield* ask(run, n, `call/${index}/ask/${round}`, [{ plan, elicitation }])
      const decision = yield* DurableDeferred.await(ApprovalKeys.approvalOf(call.id, occurrence))
      const at = `${index}/answer/${round}`
      const refusal = yield* admitted(run, n, at, call, decision)
      event = yield* recordAnswer(run, n, at, call, decided(run, n, plan, decision, refusal, { kept, runs }))
    }
    return event
  })

/** The calls of a step that wait for approval, each counted among the run's calls with its id that asked. */
const waitingOf = <Model>(run: Run<Model>, plans: ReadonlyArray<StepDecision.CallPlan>): ReadonlyArray<Waiting> => {
  const waiting: Array<Waiting> = []
  plans.forEach((plan, index) => {
    if (plan._tag !== "Ask" && plan._tag !== "AskProvider") return
    const occurrence = (run.asked.get(plan.call.id) ?? 0) + 1
    run.asked.set(plan.call.id, occurrence)
    waiting.push({ plan, index, occurrence })
  })
  return waiting
}

/** The error results of the calls not run (past `maxCallsPerStep`), shown. */
const refuseNotRun = <Model>(run: Run<Model>, n: number, plans: ReadonlyArray<StepDecision.CallPlan>) => {
  const over = plans.flatMap((plan, index) => plan._tag === "NotRun" ? [{ plan, index }] : [])
  if (over.length === 0) return Effect.succeed([])
  return Effect.flatMap(
    Effect.forEach(over, ({ plan }) => ToolRuns.answer<never, never>(n, plan, runOptions)),
    (refused) =>
      Effect.as(
        shown(run, `step/${n}/refused`, run.view.events(run.live, refused)),
        over.map(({ index }, at) => ({ index, event: refused[at]! }))
      )
  )
}

/**
 * The answer to a call `plan` runs now: its handler's (for a pending call of the stored conversation's `pending`
 * turn, once its run is claimed, inside the activity that records it), or its error result.
 */
const runNow = <Model>(
  run: Run<Model>,
  n: number,
  plan: Extract<StepDecision.CallPlan, { readonly _tag: "Run" | "Invalid" }>,
  pending: Message.AssistantMessage | undefined
): Effect.Effect<StepEvents.ToolResultEvent> => {
  const answering = ToolRuns.answer<never, never>(n, plan, runOptions)
  return pending === undefined || plan._tag !== "Run"
    ? answering
    : ApprovalGate.runOnce(run.gate, n, pending, plan.call, answering)
}

/**
 * Answers step `n`'s calls as `plans` say: the calls that wait asked, the others answered (`concurrency` at a
 * time), then each waiting call answered once its decision comes; the results in the order of the calls. Step 0
 * answers the `pending` turn of the stored conversation.
 */
const answerCalls = <Model>(
  run: Run<Model>,
  n: number,
  plans: ReadonlyArray<StepDecision.CallPlan>,
  turnAt: number,
  pending?: Message.AssistantMessage
) =>
  Effect.gen(function*() {
    const results: Array<StepEvents.ToolResultEvent | undefined> = plans.map(() => undefined)
    const waiting = waitingOf(run, plans)
    // Recorded before the requests are shown: an answer to one finds the call it is for.
    for (const { occurrence, plan } of waiting) {
      yield* ApprovalKeys.markAsked(plan.call.id, occurrence, plan._tag === "AskProvider" ? "provider" : "approval")
    }
    if (waiting.length > 0) yield* ask(run, n, "ask", waiting)
    yield* Effect.forEach(plans, (plan, index) =>
      plan._tag === "Run" || plan._tag === "Invalid"
        ? Effect.map(
          recordAnswer(run, n, index, plan.call, runNow(run, n, plan, pending)),
          (event) => {
            results[index] = event
          }
        )
        : Effect.void, { concurrency: run.setup.concurrency, discard: true })
    for (const { index, occurrence, plan } of waiting) {
      const decision = yield* DurableDeferred.await(ApprovalKeys.approvalOf(plan.call.id, occurrence))
      const refusal = yield* admitted(run, n, index, plan.call, decision)
      results[index] = yield* recordAnswer(run, n, index, plan.call, decided(run, n, plan, decision, refusal))
    }
    // The calls whose tools asked for input instead of answering, asked in turn.
    for (const [index, event] of results.entries()) {
      const plan = plans[index]!
      if (event?.result instanceof ToolInput.InputRequired && (plan._tag === "Run" || plan._tag === "Ask")) {
        results[index] = yield* inputAnswered(run, n, index, plan, event)
      }
    }
    for (const { event, index } of yield* refuseNotRun(run, n, plans)) results[index] = event
    // A call a person edited goes on in the conversation as it ran.
    const edits = results.flatMap((result, index) =>
      result !== undefined && result.call.arguments !== plans[index]!.call.arguments
        ? [{ turn: turnAt, call: result.call }]
        : []
    )
    run.messages.splice(0, run.messages.length, ...ToolEdit.withEdits(run.messages, edits))
    return results.flatMap((result) => result === undefined ? [] : [result.message])
  })

/**
 * Whether the run goes on to step `n`: once what the answer spent crossed `askAt` of its budget, it asks (once) and
 * waits for the answer as a call waits for approval, on a deferred of the question's own kind (its id issued by the
 * gate for `LoopBudget.questionCall`) that `approve` answers: approved goes on; denied, or refused by the gate, stops.
 */
const goesOn = <Model>(run: Run<Model>, n: number) =>
  Effect.gen(function*() {
    const budget = LoopStep.answerBudget(run.rules.limit, run.rules.spent, LoopSums.spendOf(run.steps))
    const askAt = run.askAt
    if (!budget || !askAt || BigDecimal.isLessThan(budget.spent, BigDecimal.multiply(budget.usd, askAt))) return true
    run.askAt = undefined
    const call = LoopBudget.questionCall
    yield* ApprovalKeys.markBudgetAsked
    yield* shown(
      run,
      `step/${n}/budget-question`,
      Effect.flatMap(run.gate.issue(call, bindingOf(run, n)), (questionId) =>
        run.view.events(run.live, [
          new StepEvents.BudgetQuestionEvent({ spent: budget.spent, cap: budget.usd, questionId })
        ]))
    )
    const { interrupt: _, ...decision } = yield* DurableDeferred.await(ApprovalKeys.budgetQuestion)
    const approval = new Tool.ToolApproval({ toolCallId: call.id, ...decision, interrupt: "budget" })
    return yield* once(
      run,
      `step/${n}/budget-answer`,
      Effect.gen(function*() {
        const go = decision.approved &&
          (decision.approvalId === undefined ||
            (yield* run.gate.admit(call, approval, bindingOf(run, n))) === undefined)
        const answer = go ? "continue" : "stop"
        yield* run.view.events(run.live, [ToolRuns.answered(n, call, answer, answer, !go)])
        return go
      }),
      (execute) => Activity.make({ name: `step/${n}/budget-answer`, success: Schema.Boolean, execute })
    )
  })

/**
 * The messages of `kinds` sent into the run that the boundary `name` takes (`SteeringKeys.take`), in an activity of
 * its own that shows them; each goes into the conversation before step `n`. None for a loop without `steering`.
 */
const steered = <Model>(run: Run<Model>, n: number, name: string, kinds: ReadonlyArray<"steer" | "queue">) =>
  run.setup.steering === undefined ? Effect.succeed(0) : Effect.map(
    once(
      run,
      name,
      Effect.tap(SteeringKeys.take(kinds, name), (taken) =>
        run.view.events(
          run.live,
          taken.map(({ id, kind, message }) => new StepEvents.SteeringEvent({ step: n, id, kind, message }))
        )),
      (execute) => Activity.make({ name, success: Schema.Array(Steered), execute })
    ),
    (taken) => {
      for (const { message } of taken) run.messages.push(message)
      return taken.length
    }
  )

/** Closes the run to messages, and gives those it ends without (recorded once). */
const leftOver = <Model>(run: Run<Model>) =>
  run.setup.steering === undefined ? Effect.succeed([]) : Effect.andThen(
    SteeringKeys.markClosed,
    once(
      run,
      "steering/left",
      SteeringKeys.take(["steer", "queue"], "steering/left"),
      (execute) => Activity.make({ name: "steering/left", success: Schema.Array(Steered), execute })
    )
  )

/** Shows the run's end (its `DoneEvent`, or its failure) in its live view. */
const close = <Model>(run: Run<Model>, end: StepEvents.DoneEvent | ProviderError.ProviderError | DurableLoopError) =>
  shown(run, "close", run.view.close(run.live, end))

/**
 * The run stops with `reason`: its end shown, and stored with its step `records` (the run's, and a last step that
 * was not asked, if there is one).
 */
const finish = <Model>(run: Run<Model>, reason: StepEvents.DoneReason, records = run.records) =>
  Effect.gen(function*() {
    const nothing = yield* StepRecord.nothingOf(records)
    const notDelivered = yield* leftOver(run)
    yield* close(
      run,
      LoopStep.doneEvent(
        run.steps,
        reason,
        run.messages,
        run.rules.limit,
        StepRecord.cutCost(run.records, run.steps),
        nothing,
        run.rules.spent,
        notDelivered
      )
    )
    return { reason, steps: records, messages: run.messages, ...(notDelivered.length === 0 ? {} : { notDelivered }) }
  })

/** The run fails with `error`: what it ends without told back (`error`), then its failure shown. */
const failed = <Model, E extends ProviderError.ProviderError | DurableLoopError>(
  run: Run<Model>,
  n: number,
  error: E
) =>
  Effect.gen(function*() {
    const left = yield* leftOver(run)
    yield* shown(
      run,
      "steering/failed",
      run.view.events(
        run.live,
        left.map(({ id, kind, message }) =>
          new StepEvents.SteeringEvent({ step: n, id, kind, message, notDelivered: "error" })
        )
      )
    )
    yield* close(run, error)
    return yield* Effect.fail(error)
  })

/**
 * The run ends on a record the storage gave back that this library did not write (`error`): its failure shown in the
 * live view and stored (only stored, when showing it reads another such record).
 */
const unreadable = <Model>(run: Run<Model>, error: DurableLoopError) =>
  Effect.catchCause(
    failed(run, run.steps.length + 1, error),
    (cause) => Cause.hasInterruptsOnly(cause) ? Effect.failCause(cause) : Effect.fail(error)
  )

/** The run's steps, from its start (replayed from the records the engine holds), to its end. */
const steps = <Model>(run: Run<Model>) =>
  Effect.gen(function*() {
    yield* shown(run, "open", run.view.open(run.live))
    if (run.setup.steering !== undefined) yield* SteeringKeys.markOpen
    // The calls of the conversation's last turn that nothing answers, answered first as a step's are (step 0); one
    // its provider runs once approved is asked, as in a step.
    const pending = Conversation.pendingOf(run.messages)
    if (pending !== undefined) {
      const turn = run.messages[pending.turn] as Message.AssistantMessage
      const asked = TurnFormats.approvalsAsked(turn)
      const plans = pending.calls.map((call) => StepDecision.planCall(run.rules.tools, call, asked))
      run.messages.push(...(yield* answerCalls(run, 0, plans, pending.turn, turn)))
    }
    for (let n = 1;; n++) {
      // Steered into the run since the last step (or since it started, or while it waited for a person).
      yield* steered(run, n, `step/${n}/steering`, ["steer"])
      if (!(yield* goesOn(run, n))) return yield* finish(run, "budget")
      const record = yield* modelStep(run, n)
      // No room in the budget for the step's input: nothing was asked.
      if (StepRecord.isNoRoom(record)) return yield* finish(run, "budget", [...run.records, record])
      const ending = yield* StepRecord.toEnding(record)
      run.records.push(record)
      run.steps.push(ending)
      const decision = StepDecision.decide(run.rules, ending, run.steps, record.bound)
      if (decision._tag === "Fail") return yield* failed(run, n, decision.error)
      if (decision.turn !== undefined) run.messages.push(decision.turn)
      if (decision._tag === "Stop") {
        // After the model's answer, a message steered or queued meanwhile makes the run go on with it.
        const goOn = decision.reason === "stop" &&
          (yield* steered(run, n + 1, `step/${n}/after`, ["steer", "queue"])) > 0
        if (goOn) continue
        return yield* finish(run, decision.reason)
      }
      run.messages.push(...(yield* answerCalls(run, n, decision.calls, run.messages.length - 1)))
      if (decision.then !== undefined) return yield* finish(run, decision.then)
    }
  })

/** The body of the workflow of a loop made with `setup`: one run, from its payload. */
export const body = <Model>(setup: Setup<Model>) => (payload: typeof Payload.Type, engineId: string) =>
  Effect.gen(function*() {
    if (setup.invalid !== undefined) return yield* Effect.fail(setup.invalid)
    const model = yield* setup.modelTag
    const run: Run<Model> = {
      setup,
      engineId,
      live: { executionId: RunIds.executionIdOf(engineId), owner: payload.owner },
      view: yield* LiveView.LiveView,
      gate: yield* ApprovalGate.ApprovalGate,
      model,
      rules: { ...setup.rules, provider: model.provider },
      messages: [...payload.messages],
      steps: [],
      records: [],
      asked: new Map(),
      askAt: setup.askAt
    }
    // A record the engine could not decode, or the loop could not, ends the run (`InvalidRecord`).
    return yield* steps(run).pipe(
      InvalidRecord.checked(run.live.executionId),
      Effect.catchTag("DurableLoopError", (error) => unreadable(run, error))
    )
  })
