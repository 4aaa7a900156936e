/**
 * What a tool loop emits, step by step, and when it stops: the events of `LanguageModel.runTools` (every chunk,
 * each tool result, the calls waiting for approval, each step's ending, and why the loop stopped with the whole
 * conversation), the stop conditions, and the request the loop takes.
 *
 * @since 0.3.0
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Data from "effect/Data"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type * as Stream from "effect/Stream"
import type * as CallEnding from "../../core/call/CallEnding.js"
import type * as CallResponse from "../../core/call/CallResponse.js"
import type * as CallResponseChunk from "../../core/call/CallResponseChunk.js"
import type * as Cost from "../../core/call/Cost.js"
import type * as Message from "../../core/Message.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import { costOf, usageOf, usdOf } from "../../core/spend/LoopSums.js"
import type * as Tool from "../../core/Tool.js"
import type * as Usage from "../../core/Usage.js"

/**
 * A chunk of a step, as it arrives; `cost` is the loop's running cost when it arrived (the steps before and
 * this step so far: `undefined` until usage was reported, or for a model without a price). One is made per
 * chunk: a plain class (its fields set in its constructor), lighter than a `Data` class on the hot path.
 *
 * @since 0.3.0
 * @category Events
 */
export class ChunkEvent {
  /** @since 0.3.0 */
  get _tag(): "ChunkEvent" {
    return "ChunkEvent"
  }
  readonly step: number
  readonly chunk: CallResponseChunk.CallResponseChunk
  readonly cost: Cost.Cost | undefined
  constructor(fields: {
    readonly step: number
    readonly chunk: CallResponseChunk.CallResponseChunk
    readonly cost: Cost.Cost | undefined
  }) {
    this.step = fields.step
    this.chunk = fields.chunk
    this.cost = fields.cost
  }
}

/**
 * A tool call answered, as its handler ends: `result` is the handler's output, or (with `isError`) what went
 * wrong (the handler's error, a `Tool.ToolCallError` for an unknown tool or arguments that fail the Schema, a
 * timeout, a denial); `message` is the result as the model is sent it. Step 0 holds the calls answered by the
 * approvals of the request, before its first step.
 *
 * @since 0.3.0
 * @category Events
 */
export class ToolResultEvent extends Data.TaggedClass("ToolResultEvent")<{
  readonly step: number
  readonly call: Tool.ToolCall
  readonly result: unknown
  readonly isError: boolean
  readonly message: Message.ToolResultMessage
}> {}

/**
 * A call that needs the program's approval: the loop ends after its step (`reason: "approval"`), and
 * `Message.toolApproval({ toolCallId: call.id, approved })` in the next request answers it (with `approvalId`,
 * the answer is checked against the approval the server issued, and runs the call at most once).
 *
 * @since 0.3.0
 * @category Events
 */
export class ApprovalRequestEvent extends Data.TaggedClass("ApprovalRequestEvent")<{
  readonly step: number
  readonly call: Tool.ToolCall
  /** The arguments, decoded with the tool's Schema. */
  readonly input: unknown
  /**
   * The approval's id, when the loop is served to a browser (`UIMessageStream.fromSteps`, `withApprovalChecks`):
   * signed with the server's key for the call's id, tool and input, and when it was issued (it expires, by default
   * after an hour). Since 0.4.0.
   */
  readonly approvalId?: string | undefined
  /**
   * What the tool asks the user, when it is not the call's approval but a request for input during the call (an
   * MCP server's form, `Mcp.tools({ elicitation: "approval" })`): the answer's `content` must fit `requestedSchema`
   * (a flat JSON Schema object). Since 0.6.0.
   */
  readonly elicitation?: { readonly message: string; readonly requestedSchema: Record<string, unknown> } | undefined
}> {}

/**
 * Why an approval ran nothing: its id was not issued by this server for this call (`unverified`: forged, copied
 * onto another call, the call's input altered, or nothing checks ids: the loop is not run with
 * `UIMessageStream.withApprovalChecks`), it expired (`expired`), it was used before (`used`: the same approval sent
 * again, on any instance sharing the `StreamStore`), or its use could not be recorded (`unrecorded`: the store
 * failed). The call's `ToolResultEvent` carries it as its `result`, with `isError`; the model reads its message.
 *
 * @example
 * ```ts
 * import { LanguageModel } from "effect-llm-stream"
 *
 * const refused = (event: LanguageModel.ToolResultEvent) => event.result instanceof LanguageModel.ApprovalRefused
 * ```
 *
 * @since 0.4.0
 * @category Errors
 */
export class ApprovalRefused extends Data.TaggedError("ApprovalRefused")<{
  readonly toolCallId: string
  readonly reason: "unverified" | "expired" | "used" | "unrecorded"
  readonly message: string
}> {}

/**
 * A step ended: its `CallEnding` (the response with its usage and cost), after its tools ran.
 *
 * @since 0.3.0
 * @category Events
 */
export class StepEndEvent extends Data.TaggedClass("StepEndEvent")<{
  readonly step: number
  readonly ending: CallEnding.Ending
  /** @since 0.6.0 with a budget: the answer's cap, and what it spent so far (this step included) */
  readonly budget?: { readonly usd: BigDecimal.BigDecimal; readonly spent: BigDecimal.BigDecimal } | undefined
}> {}

/**
 * The loop stops before its next step to ask whether to go on (`budget-question`): what the answer spent crossed
 * `askAt` of its budget's `cap`, or what a spend limit's key spent in its window crossed its `askAt` (its `label`,
 * if it has one). `Message.budgetAnswer({ questionId, answer })` in the next request answers it: `continue` goes on
 * up to the cap, `stop` ends the loop (`budget`, or `spend-limit`); checked and taken once as an approval is.
 *
 * @since 0.6.0
 * @category Events
 */
export class BudgetQuestionEvent extends Data.TaggedClass("BudgetQuestionEvent")<{
  readonly spent: BigDecimal.BigDecimal
  readonly cap: BigDecimal.BigDecimal
  readonly questionId?: string | undefined
  /** @since 0.6.0 the spend limit's `label` */
  readonly label?: string | undefined
}> {}

/**
 * Why a loop stopped: the model answered without calling a tool (`stop`), a stop condition held (`step-count`,
 * `cost`, `tokens`, `tool-call` for `hasToolCall` or a call of a tool without a handler, `predicate`), the
 * budget was crossed or its cap reached (`budget`, also when a spend limit cut the step at the cap the budget
 * set), the spend limit ended the answer (`spend-limit`: a step refused after others, or cut at its own cap),
 * calls wait for approval (`approval`), or the loop asks before spending past its budget's `askAt`
 * (`budget-question`, since 0.6.0).
 *
 * @since 0.3.0
 * @category Models
 */
export type DoneReason =
  | "stop"
  | "step-count"
  | "cost"
  | "tokens"
  | "budget"
  | "spend-limit"
  | "tool-call"
  | "approval"
  | "predicate"
  | "budget-question"

/**
 * The loop's last event: its steps (each one's `CallEnding`), why it stopped, the summed usage as the providers
 * reported it (a field no step reported stays `undefined`), the exact summed cost of that usage (`None` when no
 * step could be priced; a step without usage adds nothing), `spend` (the summed `CallResponse.spend`: what the
 * steps are billed for, estimated where a step ended before its usage arrived), `overshoot` (the spend past the
 * budget: zero when within it or without a budget; `None` when the spend has no price) and the whole
 * conversation, to continue it.
 *
 * @since 0.3.0
 * @category Events
 */
export class DoneEvent extends Data.TaggedClass("DoneEvent")<{
  readonly steps: ReadonlyArray<CallEnding.Ending>
  readonly reason: DoneReason
  readonly usage: Usage.Usage
  /** @since 0.4.0 an `Option`, like `CallResponse.cost` */
  readonly cost: Option.Option<Cost.Cost>
  /** @since 0.4.0 an `Option` */
  readonly overshoot: Option.Option<Cost.Cost>
  /** @since 0.4.0 */
  readonly spend: CallResponse.Spend
  readonly messages: ReadonlyArray<Message.Message>
  /** @since 0.6.0 with a budget: the answer's cap, and what it spent in all (`budget.spent` and this loop's spend) */
  readonly budget?: { readonly usd: BigDecimal.BigDecimal; readonly spent: BigDecimal.BigDecimal } | undefined
}> {}

/**
 * Every event of a tool loop.
 *
 * @since 0.3.0
 * @category Events
 */
export type StepEvent =
  | ChunkEvent
  | ToolResultEvent
  | ApprovalRequestEvent
  | BudgetQuestionEvent
  | StepEndEvent
  | DoneEvent

/**
 * When a loop stops, checked after each step whose tools ran: the reason it gives and the test of the steps
 * so far.
 *
 * @since 0.3.0
 * @category Stop conditions
 */
export interface StopCondition {
  readonly _tag: "StopCondition"
  readonly reason: DoneReason
  readonly test: (steps: ReadonlyArray<CallEnding.Ending>) => boolean
}

/**
 * A stop condition, or a predicate of the steps so far (`reason: "predicate"`).
 *
 * @since 0.3.0
 * @category Stop conditions
 */
export type StopWhen = StopCondition | ((steps: ReadonlyArray<CallEnding.Ending>) => boolean)

const condition = (reason: DoneReason, test: StopCondition["test"]): StopCondition => ({
  _tag: "StopCondition",
  reason,
  test
})

/**
 * Stops after `n` steps (the default stop condition is `stepCountIs(10)`).
 *
 * @since 0.3.0
 * @category Stop conditions
 */
export const stepCountIs = (n: number): StopCondition => condition("step-count", (steps) => steps.length >= n)

/**
 * Stops once the summed cost of the steps is above `usd` (checked between steps; `budget` is the hard cap).
 *
 * @since 0.3.0
 * @category Stop conditions
 */
export const costExceeds = (usd: number | string | BigDecimal.BigDecimal): StopCondition => {
  const limit = usdOf(usd)
  return condition("cost", (steps) => {
    const cost = costOf(steps)
    return cost !== undefined && BigDecimal.isGreaterThan(cost.total, limit)
  })
}

/**
 * Stops once the summed tokens of the steps (input and output) are above `n`.
 *
 * @since 0.3.0
 * @category Stop conditions
 */
export const tokensExceed = (n: number): StopCondition =>
  condition("tokens", (steps) => {
    const usage = usageOf(steps)
    return (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0) > n
  })

/**
 * Stops after a step in which the model called the tool `name` (its handler has run).
 *
 * @since 0.3.0
 * @category Stop conditions
 */
export const hasToolCall = (name: string): StopCondition =>
  condition(
    "tool-call",
    (steps) => steps[steps.length - 1]?.response.toolCalls.some((call) => call.name === name) ?? false
  )

/**
 * A tool loop's request: a request whose `tools` may have handlers (`Tool.handle`; calls of a tool without one
 * end the loop for the program to answer), whose messages may answer approvals (`Message.toolApproval`), with
 * when to stop (`stopWhen`, default `stepCountIs(10)`), a hard `budget` in USD (each step sent with the output cap
 * that fits in what is left, not sent when its input alone does not fit, and cut as soon as its running
 * estimate crosses; see `docs/cost.md`), a `spendLimit` applied to each step, how many handlers of a step run at
 * once (`concurrency`, default 8), whether a handler's failure is sent to the model as an error result
 * (`onToolError: "continue"`, the default) or fails the loop (`"fail"`), and two hard bounds (since 0.4.0) that
 * hold whatever `stopWhen` says: `maxSteps` (default 20; the loop then stops with `step-count`) and
 * `maxCallsPerStep` (default 32; the calls of a step past it are not run, each answered with an error result the
 * model reads). Since 0.6.0, `budget.spent` is what the answer's earlier requests spent (`ChatRequest.spent`: one
 * budget holds across an answer), and with `budget.askAt` (a fraction of `usd`) the loop asks before spending past it.
 *
 * @since 0.3.0
 * @category Models
 */
export interface RunRequest<Tools extends ReadonlyArray<Tool.Tool> = ReadonlyArray<Tool.Tool>>
  extends Omit<CallRequest.Request, "messages" | "tools">
{
  readonly messages: ReadonlyArray<Message.Message | Tool.ToolApproval>
  readonly tools?: Tools | undefined
  readonly stopWhen?: StopWhen | ReadonlyArray<StopWhen> | undefined
  readonly budget?: {
    readonly usd: number | string | BigDecimal.BigDecimal
    readonly spent?: number | string | BigDecimal.BigDecimal | undefined
    readonly askAt?: number | undefined
  } | undefined
  readonly concurrency?: number | "unbounded" | undefined
  readonly onToolError?: "continue" | "fail" | undefined
  readonly maxSteps?: number | undefined
  readonly maxCallsPerStep?: number | undefined
}

/**
 * The errors the handlers of `Tools` fail with.
 *
 * @since 0.3.0
 * @category Models
 */
export type HandlerError<Tools extends ReadonlyArray<Tool.Tool>> = Tools[number] extends infer T
  ? T extends Tool.Handled<any, infer E, any> ? E : never
  : never

/**
 * The services the handlers of `Tools` require.
 *
 * @since 0.3.0
 * @category Models
 */
export type HandlerContext<Tools extends ReadonlyArray<Tool.Tool>> = Tools[number] extends infer T
  ? T extends Tool.Handled<any, any, infer R> ? R : never
  : never

/**
 * A tool loop's stream, whose model is `R`: its events, failing with a `ProviderError` or a handler's error.
 *
 * @since 0.3.0
 * @category Models
 */
export type Steps<Tools extends ReadonlyArray<Tool.Tool>, R> = Stream.Stream<
  StepEvent,
  ProviderError.ProviderError | HandlerError<Tools>,
  R | HandlerContext<Tools>
>

/**
 * The effect of a tool loop run to its end, whose model is `R`: its `DoneEvent`.
 *
 * @since 0.3.0
 * @category Models
 */
export type Done<Tools extends ReadonlyArray<Tool.Tool>, R> = Effect.Effect<
  DoneEvent,
  ProviderError.ProviderError | HandlerError<Tools>,
  R | HandlerContext<Tools>
>
