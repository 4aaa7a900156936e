/**
 * The tool loop: stream a step, run its tool calls, send the assistant turn and the results back, and stream
 * again until a stop condition holds, the budget is crossed, or calls wait for the program. Each step is one
 * call's fold (`CallEnding.onEndWatching`): its ending is the step, its running cost watches the budget, and the
 * loop's usage and cost are summed from the steps exactly. A span per loop, a child per step (the call's own
 * span under it) and per tool call.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as CallEnding from "../CallEnding.js"
import type * as Cost from "../Cost.js"
import type * as CallRequest from "../internal/request/CallRequest.js"
import * as TelemetryEnabled from "../internal/telemetry/TelemetryEnabled.js"
import * as Message from "../Message.js"
import * as ProviderError from "../ProviderError.js"
import * as Tool from "../Tool.js"
import * as ApprovalAnswers from "./ApprovalAnswers.js"
import { ApprovalGate } from "./ApprovalGate.js"
import * as LoopBounds from "./LoopBounds.js"
import * as LoopStep from "./LoopStep.js"
import * as LoopSums from "./LoopSums.js"
import * as StepEvents from "./StepEvents.js"
import * as ToolRuns from "./ToolRuns.js"

/** What the loop streams each step through: a `LanguageModel` service. */
export type Model = LoopStep.Model

type Events<Tools extends ReadonlyArray<Tool.Tool>> = StepEvents.Steps<Tools, never>

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

/** The reason the first condition that holds gives, if one does. */
export const stopReason = LoopStep.stopReason

/** Runs the loop (`LanguageModel.runTools`) over the model's streams. */
export const run = <const Tools extends ReadonlyArray<Tool.Tool>>(
  model: Model,
  request: StepEvents.RunRequest<Tools>
): Events<Tools> =>
  Stream.unwrap(Effect.map(TelemetryEnabled.Enabled, (spans) => {
    const { budget, concurrency: _, maxCallsPerStep: __, maxSteps: ___, onToolError: onError, stopWhen, ...rest } =
      request
    const tools: ReadonlyArray<Tool.Tool> = request.tools ?? []
    const options: ToolRuns.RunOptions = { onToolError: onError ?? "continue", spans }
    const withSpan = (stream: Events<Tools>, name: string, attributes: Record<string, unknown>): Events<Tools> =>
      spans ? Stream.withSpan(stream, name, { attributes }) : stream
    const bounds = LoopBounds.boundsOf(request)
    if (typeof bounds === "string") {
      return Stream.fail(new ProviderError.InvalidRequestError({ provider: model.provider, message: bounds }))
    }
    const concurrency = bounds.concurrency
    const conditions = LoopStep.conditionsOf(stopWhen)
    const checked = LoopStep.limitOf(model.provider, budget)
    if (Result.isFailure(checked)) return Stream.fail(checked.failure)
    const limit = checked.success
    const approvals = ApprovalAnswers.answerApprovals<StepEvents.HandlerError<Tools>, StepEvents.HandlerContext<Tools>>(
      model.provider,
      request,
      concurrency,
      options
    )
    const messages = approvals.messages
    const steps: Array<CallEnding.Ending> = []

    const done = (reason: StepEvents.DoneReason, nothing?: Cost.Cost): Events<Tools> => {
      const event = LoopStep.doneEvent(steps, reason, messages, limit, undefined, nothing)
      return Stream.fromEffect(
        Effect.as(
          Effect.annotateCurrentSpan({
            ...spanAttributes(steps),
            "effect_llm_stream.tool_loop.steps": steps.length,
            "effect_llm_stream.tool_loop.reason": reason
          }),
          event
        )
      )
    }

    // Suspended: the conversation is read when the step starts (the approvals' answers fill it before step 1).
    const step = (n: number): Events<Tools> =>
      Stream.suspend(() =>
        limit === undefined ? sendStep(n, { ...rest, messages: messages.slice() }) : Stream.unwrap(
          // With a budget, the step is sent with the output cap that fits in what is left, or not at all.
          Effect.map(
            LoopStep.planStep(model, { ...rest, messages: messages.slice() }, limit, steps),
            (plan) => plan._tag === "NoRoom" ? done("budget", plan.nothing) : sendStep(n, plan.request)
          )
        )
      )

    const sendStep = (n: number, stepRequest: CallRequest.Request): Events<Tools> =>
      Stream.suspend(() => {
        // The running cost of the loop, from the one fold of the step; past the budget, the step ends.
        const watched = LoopStep.watchedStep(model, stepRequest, steps, limit)
        const chunks = watched.chunks.pipe(
          Stream.map((chunk) => new StepEvents.ChunkEvent({ step: n, chunk, cost: watched.running() })),
          // A failure is the step's ending (`Failed`, observed when the step's stream is closed): its StepEndEvent
          // comes first, then the failure. A defect passes through.
          Stream.catchCause((cause) => Cause.hasFails(cause) ? Stream.empty : Stream.failCause(cause))
        )
        let next: (() => Events<Tools>) | undefined
        const after: Events<Tools> = Stream.unwrap(Effect.suspend((): Effect.Effect<Events<Tools>> => {
          const end = watched.ending()
          if (end === undefined) return Effect.die(new Error("a step ended without its ending"))
          steps.push(end)
          const stepEnd = Stream.fromEffect(
            Effect.as(
              Effect.annotateCurrentSpan(spanAttributes([end])),
              new StepEvents.StepEndEvent({ step: n, ending: end })
            )
          )
          const settled = LoopStep.settle(model, end, limit, messages, watched.bound(), steps.length)
          if (settled._tag === "Fail") return Effect.succeed(Stream.concat(stepEnd, Stream.fail(settled.error)))
          if (settled._tag === "Done") {
            const reason = settled.reason
            next = () => done(reason)
            return Effect.succeed(stepEnd)
          }
          const response = settled.response
          const capped = LoopBounds.capCalls<StepEvents.HandlerError<Tools>, StepEvents.HandlerContext<Tools>>(
            n,
            response.toolCalls,
            bounds.maxCallsPerStep
          )
          const plan = ToolRuns.plan<StepEvents.HandlerError<Tools>, StepEvents.HandlerContext<Tools>>(
            n,
            tools,
            capped.run,
            options
          )
          const results: Array<Message.ToolResultMessage | undefined> = []
          // Each approval request carries the id the gate issues for its call (served to a browser: a signed one).
          const asks = Stream.fromIterableEffect(Effect.flatMap(ApprovalGate, (gate) =>
            Effect.forEach(plan.approvals, ({ call, input }) =>
              Effect.map(
                gate.issue(call),
                (approvalId) => new StepEvents.ApprovalRequestEvent({ step: n, call, input, approvalId })
              ))))
          const decide = Effect.sync(() => {
            for (const result of results) if (result !== undefined) messages.push(result)
            const reason = plan.approvals.length > 0
              ? "approval"
              : plan.unhandled.length > 0
              ? "tool-call"
              : stopReason(conditions, steps) ?? (steps.length >= bounds.maxSteps ? "step-count" : undefined)
            next = reason === undefined
              ? () =>
                step(n + 1)
              : () => done(reason)
          })
          return Effect.succeed(
            asks.pipe(
              Stream.concat(ToolRuns.runAll([...plan.answers, ...capped.refused], concurrency, results)),
              Stream.concat(Stream.drain(Stream.fromEffect(decide))),
              Stream.concat(stepEnd)
            )
          )
        }))
        return Stream.concat(
          withSpan(Stream.concat(chunks, after), `tool_loop step ${n}`, { "effect_llm_stream.tool_loop.step": n }),
          Stream.suspend(() => next === undefined ? Stream.empty : next())
        )
      })

    return withSpan(Stream.concat(approvals.answers, step(1)), "tool_loop", { "gen_ai.operation.name": "tool_loop" })
  })) as Events<Tools>

/** The loop run to its end: its `DoneEvent`. */
export const runToEnd = <const Tools extends ReadonlyArray<Tool.Tool>>(
  model: Model,
  request: StepEvents.RunRequest<Tools>
) =>
  Effect.flatMap(
    Stream.runFold(run(model, request), (): StepEvents.DoneEvent | undefined =>
      undefined, (last, event) =>
      event._tag === "DoneEvent" ? event : last),
    (done) =>
      done === undefined ? Effect.die(new Error("a tool loop ended without its DoneEvent")) : Effect.succeed(done)
  )
