/**
 * The tool loop (`LanguageModel.runTools`) as a stream: each step, and what `StepDecision` says follows it.
 *
 * @internal
 */
import * as Arr from "effect/Array"
import * as BigDecimal from "effect/BigDecimal"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Pull from "effect/Pull"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import type * as CallEnding from "../../core/call/CallEnding.js"
import type * as Cost from "../../core/call/Cost.js"
import type * as Message from "../../core/Message.js"
import * as ProviderError from "../../core/ProviderError.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as LoopSums from "../../core/spend/LoopSums.js"
import * as SpendLimitGuard from "../../core/spend/SpendLimitGuard.js"
import * as StreamStart from "../../core/stream/StreamStart.js"
import * as ProviderName from "../../core/telemetry/ProviderName.js"
import * as TelemetryEnabled from "../../core/telemetry/TelemetryEnabled.js"
import * as Tool from "../../core/Tool.js"
import * as ApprovalAnswers from "./ApprovalAnswers.js"
import * as ApprovalGate from "./ApprovalGate.js"
import * as LoopBounds from "./LoopBounds.js"
import * as LoopBudget from "./LoopBudget.js"
import * as LoopStep from "./LoopStep.js"
import type * as Steering from "./Steering.js"
import * as SteeringInbox from "./SteeringInbox.js"
import * as StepDecision from "./StepDecision.js"
import * as StepEvents from "./StepEvents.js"
import * as ToolInput from "./ToolInput.js"
import * as ToolRuns from "./ToolRuns.js"

/** A running loop: its model and rules, what each step is sent with, and the conversation and steps so far. */
interface Loop {
  readonly model: LoopStep.Model
  readonly gate: ApprovalGate.Gate
  readonly request: Omit<CallRequest.Request, "messages">
  readonly rules: StepDecision.Rules
  readonly concurrency: number | "unbounded"
  readonly options: ToolRuns.RunOptions
  readonly messages: Array<Message.Message>
  readonly steps: Array<CallEnding.Ending>
  /**
   * Where the loop asks before spending past it, until asked; the request's answer to the question (`budgetAnswer`).
   */
  askAt: BigDecimal.BigDecimal | undefined
  /** Which of the request's spend limits (by index) asked before their cap. */
  readonly limitsAsked: Array<number>
  /**
   * The ids of the limits answered `continue` earlier in the answer (`limitsAnswered`), until they are counted asked.
   */
  limitsAnswered: ReadonlyArray<string> | undefined
  readonly answer: Tool.ToolApproval | undefined
  /** The answer's inbox as read so far, when the request has one (`steering`). */
  steering: SteeringInbox.Reader | undefined
}

type Events<E, R> = Stream.Stream<StepEvents.StepEvent, ProviderError.ProviderError | E, R>

/** The attributes of a step's or a loop's span: its usage and cost. */
const spanAttributes = (steps: ReadonlyArray<CallEnding.Ending>): Record<string, unknown> => {
  const usage = LoopSums.usageOf(steps)
  const cost = LoopSums.costOf(steps)
  const attributes: Record<string, unknown> = {}
  if (usage.inputTokens !== undefined) attributes["gen_ai.usage.input_tokens"] = usage.inputTokens
  if (usage.outputTokens !== undefined) attributes["gen_ai.usage.output_tokens"] = usage.outputTokens
  if (cost !== undefined) attributes["effect_llm_stream.cost_usd"] = cost.usd
  return attributes
}

const inSpan = <E, R>(loop: Loop, stream: Events<E, R>, name: string, attributes: Record<string, unknown>) =>
  loop.options.spans ? Stream.withSpan(stream, name, { attributes }) : stream

/** Annotates the current span (the loop's, or a step's) with `attributes`, made only when the loop has spans. */
const annotate = (loop: Loop, attributes: () => Record<string, unknown>): Effect.Effect<void> =>
  loop.options.spans ? Effect.suspend(() => Effect.annotateCurrentSpan(attributes())) : Effect.void

/**
 * The loop's last event, its totals and reason on the loop's span; `nothing`: what a loop that sent no step spent.
 * Before it, each message of the answer's inbox it ends without, told back (`SteeringEvent.notDelivered`).
 */
const done = <E, R>(loop: Loop, reason: StepEvents.DoneReason, nothing?: Cost.Cost): Events<E, R> =>
  StreamStart.unwrap(Effect.map(
    leftOver(loop, reason),
    (left) => Stream.concat(toldBack(loop, left, reason), last<E, R>(loop, reason, left, nothing))
  ))

/** Why a loop ends to wait for a person: its inbox is then held for the answer's continuation. */
const pauses: ReadonlySet<StepEvents.DoneReason> = new Set(["approval", "budget-question"])

/** The messages of the answer's inbox the loop ends without (none when it waits for a person: they wait too). */
const leftOver = (loop: Loop, reason: StepEvents.DoneReason | "error"): Effect.Effect<Array<SteeringInbox.Taken>> => {
  const reader = loop.steering
  if (reader === undefined) return Effect.succeed([])
  if (reason !== "error" && pauses.has(reason)) return Effect.as(SteeringInbox.pause(reader), [])
  return SteeringInbox.close(reader)
}

/** The messages `left` as the events that tell them back as not delivered, with `reason`. */
const toldBack = (
  loop: Loop,
  left: ReadonlyArray<SteeringInbox.Taken>,
  reason: StepEvents.NotDeliveredReason
): Stream.Stream<StepEvents.StepEvent> =>
  left.length === 0 ?
    Stream.empty :
    Stream.fromIterable(left.map(({ id, kind, message }) =>
      new StepEvents.SteeringEvent({ step: loop.steps.length, id, kind, message, notDelivered: reason })
    ))

/** The `DoneEvent` (with the messages it ends without), its totals and reason on the loop's span. */
const last = <E, R>(
  loop: Loop,
  reason: StepEvents.DoneReason,
  left: ReadonlyArray<SteeringInbox.Taken>,
  nothing?: Cost.Cost
): Events<E, R> =>
  Stream.fromEffect(Effect.as(
    annotate(loop, () => ({
      ...spanAttributes(loop.steps),
      "effect_llm_stream.tool_loop.steps": loop.steps.length,
      "effect_llm_stream.tool_loop.reason": reason
    })),
    LoopStep.doneEvent(
      loop.steps,
      reason,
      loop.messages,
      loop.rules.limit,
      undefined,
      nothing,
      loop.rules.spent,
      left.map(({ id, kind, message }) => ({ id, kind, message }))
    )
  ))

/** A loop that failed: the messages of its inbox it ends without, told back (`error`), then the failure. */
const failed = <E, R>(loop: Loop, cause: Cause.Cause<ProviderError.ProviderError | E>): Events<E, R> =>
  Cause.hasInterruptsOnly(cause) ? Stream.failCause(cause) : StreamStart.unwrap(Effect.map(
    leftOver(loop, "error"),
    (left) => Stream.concat(toldBack(loop, left, "error"), Stream.failCause(cause))
  ))

/**
 * Streams step `n` on the conversation as it is when it starts; with a budget, with the output cap that fits. A
 * conversation that ends with an answer its model finished and cannot continue ends the loop, nothing sent.
 */
const step = <E, R>(loop: Loop, n: number): Events<E, R> =>
  Stream.suspend(() => {
    if (LoopStep.nothingToContinue(loop.model, loop.messages)) return done<E, R>(loop, "stop")
    const request = { ...loop.request, messages: loop.messages.slice() }
    if (loop.rules.limit === undefined && loop.request.spendLimit === undefined) return send<E, R>(loop, n, request)
    return StreamStart.unwrap(Effect.flatMap(Effect.flatMap(crossed(loop), (c) => asked<E, R>(loop, c)), (question) => {
      if (question?.ends === true) return Effect.succeed(question.events)
      const planned = loop.rules.limit === undefined ? Effect.sync(() => send<E, R>(loop, n, request)) : Effect.map(
        LoopStep.planStep(loop.model, request, loop.rules.limit, loop.steps),
        (plan) =>
          plan._tag === "NoRoom"
            ? done<E, R>(loop, "budget", LoopBudget.nothingAt(plan.price))
            : send<E, R>(loop, n, plan.request)
      )
      return question === undefined ? planned : Effect.map(planned, (events) => Stream.concat(question.events, events))
    }))
  })

/** The answer's budget as the loop stands (none without one). */
const budgetOf = (loop: Loop) =>
  loop.rules.limit && LoopStep.answerBudget(loop.rules.limit, loop.rules.spent, LoopSums.spendOf(loop.steps))

/**
 * What the loop asks about before its next step (the question's fields), what `stop` ends it with, and a spend
 * limit's id.
 */
type Crossing = Pick<StepEvents.BudgetQuestionEvent, "spent" | "cap" | "label"> & {
  reason: "budget" | "spend-limit"
  limit?: string | undefined
}

/**
 * The first `askAt` crossed, each asked once (a limit answered earlier in the answer, never): the budget's, else a
 * spend limit's.
 */
const crossed = (loop: Loop): Effect.Effect<Crossing | undefined> => {
  const [budget, askAt] = [budgetOf(loop), loop.askAt]
  if (budget && askAt && !BigDecimal.isLessThan(budget.spent, BigDecimal.multiply(budget.usd, askAt))) {
    loop.askAt = undefined
    return Effect.succeed({ spent: budget.spent, cap: budget.usd, reason: "budget" })
  }
  const limits = loop.request.spendLimit
  if (limits === undefined) return Effect.undefined
  return Effect.gen(function*() {
    const read = (yield* SpendLimitGuard.SpendLimitGuard)?.crossed
    if (read === undefined) return undefined
    const answered = loop.limitsAnswered
    if (answered !== undefined) {
      loop.limitsAnswered = undefined
      loop.limitsAsked.push(...yield* answeredIn(loop.gate, limits, answered))
    }
    const found = yield* read(limits, loop.limitsAsked)
    if (found === undefined) return undefined
    loop.limitsAsked.push(found.index)
    const limit = yield* (loop.gate.limitId?.(SpendLimitGuard.limitsOf(limits)[found.index]) ?? Effect.undefined)
    return { ...found.question, reason: "spend-limit", limit } as const
  })
}

/** The places in `limits` of the limits whose id (`gate`'s) is one of `answered`. */
const answeredIn = (
  gate: ApprovalGate.Gate,
  limits: CallRequest.SpendLimit | ReadonlyArray<CallRequest.SpendLimit>,
  answered: ReadonlyArray<string>
): Effect.Effect<Array<number>> => {
  const limitId = gate.limitId
  if (answered.length === 0 || limitId === undefined) return Effect.succeed([])
  return Effect.map(
    Effect.forEach(SpendLimitGuard.limitsOf(limits), limitId),
    (ids) => ids.flatMap((id, index) => id !== undefined && answered.includes(id) ? [index] : [])
  )
}

/** The question once `askAt` is crossed, unless the request answers it: its events, and whether they end the loop. */
const asked = <E, R>(
  loop: Loop,
  crossing: Crossing | undefined
): Effect.Effect<{ readonly events: Events<E, R>; readonly ends: boolean } | undefined> => {
  if (crossing === undefined) return Effect.undefined
  const { reason, ...fields } = crossing
  const call = LoopBudget.questionCall
  const ask = Effect.map(loop.gate.issue(call), (questionId) => ({
    ends: true,
    events: Stream.concat(
      Stream.succeed(new StepEvents.BudgetQuestionEvent({ ...fields, questionId })),
      done<E, R>(loop, "budget-question")
    )
  }))
  const answer = loop.answer
  if (answer === undefined) return ask
  return Effect.flatMap(loop.gate.admit(call, answer), (refusal) => {
    if (refusal !== undefined) return ask
    const go = answer.approved
    const answered = Stream.succeed(
      ToolRuns.answered(0, call, go ? "continue" : answer, go ? "continue" : "stop", !go, {
        id: answer.approvalId,
        kind: reason,
        limit: crossing.limit
      })
    )
    return Effect.succeed({ ends: !go, events: go ? answered : Stream.concat(answered, done<E, R>(loop, reason)) })
  })
}

/** Step `n`'s chunks as events, in one stage; a failure ends them (its `StepEndEvent` comes first, then it). */
const chunkEvents = (n: number, watched: LoopStep.WatchedStep): Stream.Stream<StepEvents.StepEvent> =>
  Stream.transformPull(watched.chunks, (upstream) =>
    Effect.succeed(Effect.matchCauseEffect(upstream, {
      onSuccess: (chunks) =>
        Effect.succeed(
          Arr.map(chunks, (chunk) => new StepEvents.ChunkEvent({ step: n, chunk, cost: watched.running() }))
        ),
      onFailure: (cause) =>
        Pull.isDoneCause(cause) || Cause.hasFails(cause) ? Cause.done() : Effect.failCause(cause as Cause.Cause<never>)
    })))

/** What follows a step, once its decision set it; read when the step's own stream has ended. */
interface Next<E, R> {
  events: Events<E, R> | undefined
}

/** Sends step `n` in its span (its chunks, then its calls answered), then, outside it, what its decision says. */
const send = <E, R>(loop: Loop, n: number, request: CallRequest.Request): Events<E, R> => {
  const next: Next<E, R> = { events: undefined }
  const watched = LoopStep.watchedStep(loop.model, request, loop.steps, loop.rules.limit)
  const chunks = chunkEvents(n, watched)
  const after = StreamStart.unwrap(Effect.suspend(() => afterStep<E, R>(loop, n, watched, next)))
  const attributes = { "effect_llm_stream.tool_loop.step": n }
  return Stream.concat(
    inSpan(loop, Stream.concat(chunks, after), `tool_loop step ${n}`, attributes),
    Stream.suspend(() => next.events ?? Stream.die(new Error("a step ended without what follows it")))
  )
}

/** What follows step `n`'s ending, as `StepDecision` decides it; its `StepEndEvent` comes last. */
const afterStep = <E, R>(
  loop: Loop,
  n: number,
  watched: LoopStep.WatchedStep,
  next: Next<E, R>
): Effect.Effect<Events<E, R>> => {
  const ending = watched.ending()
  if (ending === undefined) return Effect.die(new Error("a step ended without its ending"))
  loop.steps.push(ending)
  const end = new StepEvents.StepEndEvent({ step: n, ending, budget: budgetOf(loop) })
  const stepEnd = Stream.fromEffect(Effect.as(annotate(loop, () => spanAttributes([ending])), end))
  const decision = StepDecision.decide(loop.rules, ending, loop.steps, watched.bound())
  switch (decision._tag) {
    case "Fail":
      return Effect.succeed(Stream.concat(stepEnd, Stream.fail(decision.error)))
    case "Stop":
      if (decision.turn !== undefined) loop.messages.push(decision.turn)
      next.events = decision.reason === "stop"
        ? steered<E, R>(loop, n + 1, ["steer", "queue"], done<E, R>(loop, decision.reason))
        : done<E, R>(loop, decision.reason)
      return Effect.succeed(stepEnd)
    case "Answer":
      loop.messages.push(decision.turn)
      return Effect.succeed(Stream.concat(answerCalls(loop, n, decision, next), stepEnd))
  }
}

/** Answers step `n`'s calls: a request per call that waits for approval, then each result as its handler ends. */
const answerCalls = <E, R>(
  loop: Loop,
  n: number,
  decision: Extract<StepDecision.Decision, { readonly _tag: "Answer" }>,
  next: Next<E, R>
): Events<E, R> => {
  const asked = decision.calls.filter((plan) => plan._tag === "Ask" || plan._tag === "AskProvider")
  const now = decision.calls.filter((plan) => plan._tag === "Run" || plan._tag === "Invalid" || plan._tag === "NotRun")
  const results: Array<Message.ToolResultMessage | undefined> = []
  // The calls asked, and those `needsApproval` decided itself (said as decided, before they are answered).
  const decided = now.filter((plan) => plan._tag === "Run" && plan.automatic !== undefined)
  const asks = Stream.fromIterableEffect(
    Effect.forEach([...asked, ...decided], (plan) =>
      Effect.map(
        loop.gate.issue(plan.call),
        (approvalId) =>
          new StepEvents.ApprovalRequestEvent({
            step: n,
            call: plan.call,
            input: plan._tag === "Run" || plan._tag === "Ask" || plan._tag === "AskProvider" ? plan.input : undefined,
            approvalId,
            kind: "approval",
            ...(plan._tag === "AskProvider" ? { server: plan.server } : {}),
            ...(plan._tag === "Ask" && plan.reason !== undefined ? { reason: plan.reason } : {}),
            ...(plan._tag === "Run" && plan.automatic !== undefined ? { automatic: plan.automatic } : {})
          })
      ))
  )
  const input = { asked: false }
  const answers = ToolInput.ask(
    ToolRuns.runAll(now.map((plan) => ToolRuns.answer<E, R>(n, plan, loop.options)), loop.concurrency, results),
    loop.gate.issue,
    input,
    loop.gate.owner,
    loop.gate.keepEdit
  )
  const settled = Effect.sync(() => {
    for (const result of results) if (result !== undefined) loop.messages.push(result)
    const then = input.asked ? "approval" : decision.then
    next.events = then === undefined
      ? steered<E, R>(loop, n + 1, ["steer"], step<E, R>(loop, n + 1))
      : done<E, R>(loop, then)
  })
  return Stream.concat(Stream.concat(asks, answers), Stream.drain(Stream.fromEffect(settled)))
}

/**
 * Before step `n`: the messages of `kinds` waiting in the answer's inbox, taken into the conversation (each a
 * `SteeringEvent`), then step `n`; `otherwise` when none waits (or the request has no inbox).
 */
const steered = <E, R>(
  loop: Loop,
  n: number,
  kinds: ReadonlyArray<Steering.Kind>,
  otherwise: Events<E, R>
): Events<E, R> => {
  const reader = loop.steering
  if (reader === undefined) return otherwise
  return StreamStart.unwrap(Effect.map(SteeringInbox.caughtUp(reader), () => {
    const taken = reader.take(kinds)
    if (taken.length === 0) return otherwise
    for (const { message } of taken) loop.messages.push(message)
    const events = taken.map(({ id, kind, message }) => new StepEvents.SteeringEvent({ step: n, id, kind, message }))
    const mark = Stream.drain(Stream.fromEffect(SteeringInbox.markTaken(reader, taken.map(({ id }) => id))))
    return Stream.concat(Stream.concat(mark, Stream.fromIterable(events)), step<E, R>(loop, n))
  }))
}

/** The loop of a request, or the error naming the bound or budget it cannot have. */
const start = <E, R>(
  model: LoopStep.Model,
  request: StepEvents.RunRequest,
  gate: ApprovalGate.Gate,
  spans: boolean
): Result.Result<
  { readonly loop: Loop; readonly answers: Events<E, R> | undefined },
  ProviderError.InvalidRequestError
> => {
  const { budget, concurrency: _, limitsAnswered, maxCallsPerStep: __, maxSteps: ___, ...others } = request
  const { onToolError, steering: ____, stopWhen, ...rest } = others
  const bounds = LoopBounds.boundsOf(request)
  if (typeof bounds === "string") {
    return Result.fail(new ProviderError.InvalidRequestError({ provider: model.provider, message: bounds }))
  }
  const limit = LoopStep.limitOf(model.provider, budget)
  if (Result.isFailure(limit)) return Result.fail(limit.failure)
  const options: ToolRuns.RunOptions = { onToolError: onToolError ?? "continue", spans }
  // The answer to the question before the budget's cap is not a call's.
  const isAnswer = (message: Message.Message | Tool.ToolApproval): message is Tool.ToolApproval =>
    LoopBudget.isBudgetAnswer(message, request.messages)
  const approvals = ApprovalAnswers.answerApprovals<E, R>(
    model.provider,
    { ...request, messages: request.messages.filter((message) => !isAnswer(message)) },
    gate,
    bounds.concurrency,
    options
  )
  const loop: Loop = {
    model,
    gate,
    request: rest,
    rules: {
      provider: model.provider,
      tools: request.tools ?? [],
      conditions: LoopStep.conditionsOf(stopWhen),
      maxSteps: bounds.maxSteps,
      maxCallsPerStep: bounds.maxCallsPerStep,
      limit: limit.success?.limit,
      spent: limit.success?.spent,
      approvals: "end"
    },
    concurrency: bounds.concurrency,
    options,
    messages: approvals.messages,
    steps: [],
    askAt: budget?.askAt === undefined || !limit.success ? undefined : BigDecimal.fromNumberUnsafe(budget.askAt),
    limitsAsked: [],
    limitsAnswered,
    answer: request.messages.filter(isAnswer).at(-1),
    steering: undefined
  }
  return Result.succeed({ loop, answers: approvals.answers })
}

/** The loop's stream, made as it starts (so that a caller looking up its model starts both in one stage). */
export const make = <const Tools extends ReadonlyArray<Tool.Tool>>(
  model: LoopStep.Model,
  request: StepEvents.RunRequest<Tools>,
  gate?: ApprovalGate.Gate | undefined
): Effect.Effect<StepEvents.Steps<Tools, never>> =>
  Effect.withFiber((fiber): Effect.Effect<StepEvents.Steps<Tools, never>> => {
    // Spans only where a tracer takes them: each wraps every pull of the step's chunks.
    const spans = TelemetryEnabled.spansWanted(fiber)
    type E = StepEvents.HandlerError<Tools>
    type R = StepEvents.HandlerContext<Tools>
    const started = start<E, R>(model, request, gate ?? fiber.getRef(ApprovalGate.ApprovalGate), spans)
    if (Result.isFailure(started)) return Effect.succeed(Stream.fail(started.failure))
    const { answers, loop } = started.success
    // Without approvals to answer, step 1 is the loop: a `Stream.concat` would be a stage on every event of every step.
    const input = { asked: false }
    // A continuation's first request carries what was steered while the answer waited, after the tool results.
    const first = Stream.suspend(() => steered<E, R>(loop, 1, ["steer"], step<E, R>(loop, 1)))
    const steps = answers === undefined ?
      (request.steering === undefined ? step<E, R>(loop, 1) : first) :
      Stream.concat(
        ToolInput.ask(answers, loop.gate.issue, input, loop.gate.owner, loop.gate.keepEdit),
        Stream.suspend(() => input.asked ? done<E, R>(loop, "approval") : first)
      )
    // An agent run in this process: the conventions' `invoke_agent` internal span (docs/gen-ai/gen-ai-agent-spans.md,
    // v1.44.0), under the library's own span name, as the conventions let a framework name it.
    const spanned = inSpan(loop, steps, "tool_loop", {
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.provider.name": ProviderName.of(model.provider, model.telemetryName)
    })
    const inbox = request.steering
    if (inbox === undefined) return Effect.succeed(spanned)
    // The inbox opens as the loop starts, is read in the loop's scope, and ends with it. A store down or full fails
    // the loop with its own failure (a 503 served); any other refusal is this server's to fix.
    return Effect.succeed(Stream.unwrap(Effect.match(SteeringInbox.open(inbox), {
      onFailure: (error): StepEvents.Steps<Tools, never> =>
        Stream.fail(
          SteeringInbox.isStoreFailure(error) ? error : new ProviderError.InvalidRequestError({
            provider: model.provider,
            message: `The answer's steering inbox could not be opened: ${error.message}`
          })
        ),
      onSuccess: (reader) => (loop.steering = reader, Stream.catchCause(spanned, (cause) => failed<E, R>(loop, cause)))
    })))
  })

/** Runs the loop (`LanguageModel.runTools`) over the model's streams (`make`, as the stream starts). */
export const run = <const Tools extends ReadonlyArray<Tool.Tool>>(
  model: LoopStep.Model,
  request: StepEvents.RunRequest<Tools>,
  gate?: ApprovalGate.Gate | undefined
): StepEvents.Steps<Tools, never> => StreamStart.unwrap(make(model, request, gate))

/** Runs the loop to its end and gives its `DoneEvent`. */
export const runToEnd = <const Tools extends ReadonlyArray<Tool.Tool>>(
  model: LoopStep.Model,
  request: StepEvents.RunRequest<Tools>
) =>
  Effect.flatMap(Stream.runLast(run(model, request)), (last) =>
    last._tag === "Some" && last.value._tag === "DoneEvent"
      ? Effect.succeed(last.value)
      : Effect.die(new Error("a tool loop ended without its DoneEvent")))
