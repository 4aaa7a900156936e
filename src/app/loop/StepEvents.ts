/**
 * The events of a tool loop (`LanguageModel.runTools`), its stop conditions, and the request it takes.
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
import { pricedCostOf, usageOf, usdOf } from "../../core/spend/LoopSums.js"
import type * as Tool from "../../core/Tool.js"
import type * as Usage from "../../core/Usage.js"
import type * as Model from "../store/StreamStoreModel.js"
import type * as Steering from "./Steering.js"

/**
 * A chunk of a step, as it arrives, with the loop's running `cost`: a plain class, lighter than `Data` on the hot path.
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
 * A tool call answered as its handler ends: `result` its output, or (`isError`) what went wrong; step 0: approvals.
 *
 * @since 0.3.0
 * @category Events
 */
export class ToolResultEvent extends Data.TaggedClass("ToolResultEvent")<{
  readonly step: number
  /** The call as it ran: with the input an approval edited, when one did (`asMade`). */
  readonly call: Tool.ToolCall
  /**
   * The handler's output, without the keys the `ai` client's JSON parse refuses (`__proto__`, a `constructor`'s
   * `prototype`); or what went wrong. An MCP result with blocks for the user alone: what the user is shown, `{ output,
   * "effect-llm-stream/forUser" }` (the text the model read, and those blocks, which `message` leaves out).
   */
  readonly result: unknown
  readonly isError: boolean
  readonly message: Message.ToolResultMessage
  /** The call as the model made it, when an approval edited its input before it ran. Since 0.7.0. */
  readonly asMade?: Tool.ToolCall | undefined
  /**
   * The id of the budget question this event answers, as the loop took the answer (`call` the question's own): the
   * served stream signs that it was answered, in its answer (`UIMessageStream.fromSteps`). Since 0.7.0.
   */
  readonly questionId?: string | undefined
  /**
   * Which question `questionId` is: the budget's (`runTools({ budget })`'s `askAt`; so when missing) or a spend
   * limit's (`spendLimit`'s `askAt`): answered `continue`, only the budget's lets the answer go on past the budget's
   * `askAt` unasked. Since 0.7.0.
   */
  readonly questionKind?: "budget" | "spend-limit" | undefined
  /**
   * A spend limit's question: the limit's id (a tag of its key and window under the signing key, never either as it
   * is), which `fromSteps` signs into what the answer spent, and a request continuing the answer gives back
   * (`limitsAnswered`). Since 0.7.0.
   */
  readonly questionLimit?: string | undefined
}> {}

/**
 * What a tool's handler reported while it runs (`Tool.ToolRun.progress`): an interim output, which a later one
 * replaces; the call's `ToolResultEvent` ends it, whose result is what the model reads.
 *
 * @since 0.7.0
 * @category Events
 */
export class ToolProgressEvent extends Data.TaggedClass("ToolProgressEvent")<{
  readonly step: number
  readonly call: Tool.ToolCall
  readonly output: unknown
}> {}

/**
 * A call that needs the program's approval: the loop ends after its step, and `Message.toolApproval` answers it.
 *
 * @since 0.3.0
 * @category Events
 */
export class ApprovalRequestEvent extends Data.TaggedClass("ApprovalRequestEvent")<
  ApprovalRequestFields & {
    /**
     * What kind of pause it is (`PauseKind`): `approval`, a call waiting to run; `input`, a tool's request for input
     * (its `elicitation`); set where it is made (made without one: `input` with an `elicitation`, else `approval`).
     * Since 0.7.0.
     */
    readonly kind: "approval" | "input"
  }
> {
  constructor(fields: ApprovalRequestFields & { readonly kind?: "approval" | "input" | undefined }) {
    super({ ...fields, kind: fields.kind ?? (fields.elicitation === undefined ? "approval" : "input") })
  }
}

/**
 * What an `ApprovalRequestEvent` is made of, besides its kind.
 *
 * @since 0.7.0
 * @category Events
 */
export interface ApprovalRequestFields {
  readonly step: number
  readonly call: Tool.ToolCall
  /** The arguments, decoded with the tool's Schema. */
  readonly input: unknown
  /** The approval's id, signed for the call, when the loop is served to a browser. Since 0.4.0. */
  readonly approvalId?: string | undefined
  /**
   * What the tool asks the user during the call (an MCP server's form). Since 0.6.0. A URL the server asks the user to
   * open (MCP URL-mode elicitation; its schema then takes no content) is under `url`: `href` as it resolves and its
   * `host` in ASCII (punycode for an international domain), to show before the user consents; the library never
   * opens or fetches it. Since 0.7.0.
   */
  readonly elicitation?: {
    readonly message: string
    readonly requestedSchema: Record<string, unknown>
    readonly url?: { readonly href: string; readonly host: string } | undefined
  } | undefined
  /**
   * Who runs the call once approved, when its provider runs it itself rather than a handler of the loop's: an MCP
   * server's label (OpenAI's Responses API runs a remote MCP server's calls, asking first). The answer is the same
   * approval (`Message.toolApproval`); the provider then runs the call, or tells the model it was denied. Since 0.7.0.
   */
  readonly server?: string | undefined
  /** Why `needsApproval` asks (`{ ask: reason }`). Since 0.7.0. */
  readonly reason?: string | undefined
  /**
   * The decision `needsApproval` made itself (`"approve"`, `{ deny: reason }`): nothing waits, the call is answered
   * in its step (run, or denied with the reason the model reads). Since 0.7.0.
   */
  readonly automatic?: { readonly approved: boolean; readonly reason?: string | undefined } | undefined
}

/**
 * The kinds of pause a loop waits on a person for: a call's approval (`approval`), a tool's request for input
 * (`input`, an MCP server's form), a budget's or spend limit's question (`budget`). Each path (the UI stream, AG-UI,
 * `ChatEndpoint`, a durable run) reads a pause by its kind, never by a tool's name or a call's id.
 *
 * @since 0.7.0
 * @category Models
 */
export type PauseKind = "approval" | "input" | "budget"

/**
 * Why an approval ran nothing: its id was not issued for this call (`unverified`), it expired (`expired`), it was
 * used before (`used`), its use could not be recorded (`unrecorded`), or the input it edited was refused (`invalid`,
 * 0.7.0: not JSON, over `ToolInput.maxAnswer` characters, or not what the tool's Schema takes); the call's
 * `ToolResultEvent.result`.
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
  /** Since 0.7.0: `invalid`, an edited input the tool's Schema or the size bound of an answer refuses. */
  readonly reason: "unverified" | "expired" | "used" | "unrecorded" | "invalid"
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
 * The loop stops before its next step to ask whether to go on, once its spend crossed `askAt` (`docs/cost.md`).
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
  /**
   * @since 0.7.0 a spend limit's question: that limit's id (`ToolResultEvent.questionLimit`); its `spent` is then what
   * the limit's key spent in its window, not what the answer spent
   */
  readonly limit?: string | undefined
}> {
  /** @since 0.7.0 its kind of pause (`PauseKind`): a budget's or spend limit's question */
  readonly kind = "budget" as const
}

/**
 * A pause of a loop, read by its `kind`: a call's approval or a tool's request for input (`ApprovalRequestEvent`),
 * or a budget's question (`BudgetQuestionEvent`).
 *
 * @since 0.7.0
 * @category Events
 */
export type PauseEvent = ApprovalRequestEvent | BudgetQuestionEvent

/**
 * Why a loop stopped: no tool called (`stop`), a stop condition (`step-count`, `cost`, `tokens`, `tool-call`,
 * `predicate`), `budget`, `spend-limit`, calls awaiting approval (`approval`), or a question (`budget-question`).
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
 * The loop's last event: its steps, why it stopped, usage, cost, `spend`, `overshoot` (`docs/cost.md`) and messages.
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
  /**
   * @since 0.7.0 the messages steered or queued into the answer (`steering`) that it ended without, for `reason`
   * (each also told by a `SteeringEvent` before this one); none when it waits for a person: they wait with it.
   */
  readonly notDelivered?: ReadonlyArray<NotDelivered> | undefined
}> {}

/**
 * A message sent into an answer (`Steering.steer`, `Steering.queue`) that the answer ended without.
 *
 * @since 0.7.0
 * @category Models
 */
export interface NotDelivered {
  readonly id: string
  readonly kind: "steer" | "queue"
  readonly message: Message.UserMessage
}

/**
 * Why a message sent into an answer was not delivered: why the loop ended (`DoneReason`), it failed (`error`), or it
 * was stopped (`aborted`, told by the stored answer of a stopped resumable stream).
 *
 * @since 0.7.0
 * @category Models
 */
export type NotDeliveredReason = DoneReason | "error" | "aborted"

/**
 * A message sent into the running loop (`Steering.steer`, `Steering.queue`) and taken: it goes into the conversation
 * before step `step`, whose request carries it (a steered one after the tool results of the step before it); or,
 * with `notDelivered`, one the answer ended without.
 *
 * @since 0.7.0
 * @category Events
 */
export class SteeringEvent extends Data.TaggedClass("SteeringEvent")<{
  readonly step: number
  readonly id: string
  readonly kind: "steer" | "queue"
  readonly message: Message.UserMessage
  /**
   * Set when the answer ended before the message was taken: why it ended (the message is not in the conversation),
   * the event then comes just before the `DoneEvent` (or the loop's failure, `error`).
   */
  readonly notDelivered?: NotDeliveredReason | undefined
}> {}

/**
 * Every event of a tool loop.
 *
 * @since 0.3.0
 * @category Events
 */
export type StepEvent =
  | ChunkEvent
  | SteeringEvent
  | ToolResultEvent
  | ToolProgressEvent
  | ApprovalRequestEvent
  | BudgetQuestionEvent
  | StepEndEvent
  | DoneEvent

/**
 * When a loop stops, checked after each step whose tools ran: the reason it gives and the test of the steps.
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
    // What the priced steps cost: above `usd`, the whole bill is too, though a step without a price leaves it unknown.
    const cost = pricedCostOf(steps)
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
 * A tool loop's request (`docs/tools.md`): `tools` with handlers (`Tool.handle`), messages that may answer approvals,
 * `stopWhen` (default `stepCountIs(10)`), a hard `budget` in USD (`spent`, `askAt` since 0.6.0), and bounds (0.4.0).
 *
 * @since 0.3.0
 * @category Models
 */
export interface RunRequest<Tools extends ReadonlyArray<Tool.Tool> = ReadonlyArray<Tool.Tool>>
  extends Omit<CallRequest.Request, "messages" | "tools">
{
  readonly messages: ReadonlyArray<Message.Message | Tool.ToolApproval>
  /** Calls of a tool without a handler end the loop for the program to answer. */
  readonly tools?: Tools | undefined
  readonly stopWhen?: StopWhen | ReadonlyArray<StopWhen> | undefined
  /** Each step is sent with the output cap that fits what is left, and cut when its running cost crosses it. */
  readonly budget?: {
    readonly usd: number | string | BigDecimal.BigDecimal
    /** What the answer's earlier requests spent (`ChatRequest.spent`). */
    readonly spent?: number | string | BigDecimal.BigDecimal | undefined
    /** The fraction of `usd` past which the loop asks before its next step. */
    readonly askAt?: number | undefined
  } | undefined
  /** How many handlers of a step run at once (default 8). */
  readonly concurrency?: number | "unbounded" | undefined
  /** A handler's failure is an error result the model reads (`"continue"`, the default) or fails the loop. */
  readonly onToolError?: "continue" | "fail" | undefined
  /** The most steps, whatever `stopWhen` says (default 20; the loop then stops with `step-count`). */
  readonly maxSteps?: number | undefined
  /** The most calls of a step that run (default 32); the rest are answered with an error result. */
  readonly maxCallsPerStep?: number | undefined
  /** The answer's inbox (`Steering.inbox`): messages steered or queued into it from any instance. Since 0.7.0. */
  readonly steering?: Steering.Inbox | undefined
  /**
   * The spend limits whose question was answered `continue` earlier in the answer, by id (`ChatRequest.limitsAnswered`,
   * `RunInput.limitsAnswered`, as this server signed them): not asked again. Since 0.7.0.
   */
  readonly limitsAnswered?: ReadonlyArray<string> | undefined
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
 * What a tool loop fails with: a `ProviderError`, a handler's error, or, with `steering`, the `StreamStoreError` of a
 * store that could not open the answer's inbox (down, or full).
 *
 * @since 0.7.0
 * @category Models
 */
export type LoopError<Tools extends ReadonlyArray<Tool.Tool>> =
  | ProviderError.ProviderError
  | HandlerError<Tools>
  | Model.StreamStoreError

/**
 * A tool loop's stream, whose model is `R`: its events, failing with a `LoopError`.
 *
 * @since 0.3.0
 * @category Models
 */
export type Steps<Tools extends ReadonlyArray<Tool.Tool>, R> = Stream.Stream<
  StepEvent,
  LoopError<Tools>,
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
  LoopError<Tools>,
  R | HandlerContext<Tools>
>
