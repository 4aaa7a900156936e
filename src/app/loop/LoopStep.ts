/**
 * The pieces of a tool loop's step that `runTools` and the durable loop share.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import type * as Stream from "effect/Stream"
import type * as CallEnding from "../../core/call/CallEnding.js"
import * as CallResponse from "../../core/call/CallResponse.js"
import type * as CallResponseChunk from "../../core/call/CallResponseChunk.js"
import * as Cost from "../../core/call/Cost.js"
import type * as CallBasis from "../../core/estimate/CallBasis.js"
import * as Message from "../../core/Message.js"
import * as ProviderError from "../../core/ProviderError.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as LoopSums from "../../core/spend/LoopSums.js"
import * as ProviderProfiles from "../../providers/ProviderProfiles.js"
import * as LoopBudget from "./LoopBudget.js"
import * as StepEvents from "./StepEvents.js"

/** What the loop streams each step through: a `LanguageModel` service. */
export interface Model extends LoopBudget.StepModel {
  readonly provider: string
  /** Its `gen_ai.provider.name` where its layer names one (`LanguageModel.Service`'s). */
  readonly telemetryName?: string | undefined
  readonly stream: (
    input: CallRequest.Input
  ) => Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError>
}

/**
 * Whether the conversation ends with an answer there is nothing to continue of: one the provider stopped on its policy
 * (`finishReason: "content_filter"`: a refusal, or what its filter cut, is never sent as a prefill to go on from), or
 * one the model finished (`"stop"`, no calls) when the model takes no prefill (Claude 4.6 and later, whose API refuses a
 * conversation that ends with an assistant turn; read from the model behind a name that does not say it, `baseModel`,
 * such as a Bedrock ARN's), whose request would be refused before it is sent. The loop ends at once then.
 */
export const nothingToContinue = (model: Model, messages: ReadonlyArray<Message.Message>): boolean => {
  const last = messages.at(-1)
  if (last?._tag !== "AssistantMessage" || last.toolCalls.length > 0) return false
  return last.finishReason === "content_filter" ||
    (last.finishReason === "stop" && !ProviderProfiles.takesPrefill(model.provider, model.baseModel ?? model.model))
}

/** The stop conditions of a request (default `stepCountIs(10)`). */
export const conditionsOf = (stopWhen: StepEvents.RunRequest["stopWhen"]): ReadonlyArray<StepEvents.StopWhen> =>
  stopWhen === undefined
    ? [StepEvents.stepCountIs(10)]
    : Array.isArray(stopWhen)
    ? stopWhen as ReadonlyArray<StepEvents.StopWhen>
    : [stopWhen as StepEvents.StopWhen]

/** The request's budget as exact amounts (`limit`: `usd` less `spent`), or the error naming the option. */
export const limitOf = (
  provider: string,
  budget: StepEvents.RunRequest["budget"]
): Result.Result<
  { readonly limit: BigDecimal.BigDecimal; readonly spent: BigDecimal.BigDecimal } | undefined,
  ProviderError.InvalidRequestError
> => {
  if (budget === undefined) return Result.succeed(undefined)
  const usd = LoopSums.amountOf(budget.usd, "budget.usd")
  if (Result.isFailure(usd)) {
    return Result.fail(new ProviderError.InvalidRequestError({ provider, message: usd.failure }))
  }
  // What the answer's earlier requests spent: the program's, or read back signed (`ChatRequest.spent`).
  const spent = budget.spent === undefined ? BigDecimal.fromBigInt(0n) : LoopSums.usdOf(budget.spent)
  return Result.succeed({ limit: BigDecimal.subtract(usd.success, spent), spent })
}

/** The reason the first condition that holds gives, if one does. */
export const stopReason = (
  stopWhen: ReadonlyArray<StepEvents.StopWhen>,
  steps: ReadonlyArray<CallEnding.Ending>
): StepEvents.DoneReason | undefined => {
  for (const stop of stopWhen) {
    if (typeof stop === "function") {
      if (stop(steps)) return "predicate"
    } else if (stop.test(steps)) return stop.reason
  }
  return undefined
}

/** The loop's last event; `uncounted`: the estimate of attempts no step records (a durable loop's, cut by a crash). */
export const doneEvent = (
  steps: ReadonlyArray<CallEnding.Ending>,
  reason: StepEvents.DoneReason,
  messages: ReadonlyArray<Message.Message>,
  limit: BigDecimal.BigDecimal | undefined,
  uncounted?: Cost.Cost | undefined,
  nothing?: Cost.Cost | undefined,
  earlier?: BigDecimal.BigDecimal | undefined,
  notDelivered?: ReadonlyArray<StepEvents.NotDelivered> | undefined
): StepEvents.DoneEvent => {
  const counted = LoopSums.spendOf(steps)
  const spend: CallResponse.Spend = uncounted === undefined ? counted : {
    usage: counted.usage,
    cost: Option.some(LoopSums.addCost(Option.getOrUndefined(counted.cost), uncounted)!),
    estimated: true
  }
  return new StepEvents.DoneEvent({
    steps,
    reason,
    usage: LoopSums.usageOf(steps),
    cost: Option.fromUndefinedOr(LoopSums.costOf(steps)),
    // Against what the providers billed; a loop that sent nothing (`nothing`: $0 at its model's prices) is within.
    overshoot: Option.orElse(
      Option.map(spend.cost, (cost) => Cost.excess(cost, limit ?? cost.total)),
      () => Option.fromUndefinedOr(nothing)
    ),
    spend,
    messages,
    budget: answerBudget(limit, earlier, spend),
    ...(notDelivered === undefined || notDelivered.length === 0 ? {} : { notDelivered })
  })
}

/** The answer's budget after `spend` (`undefined` without one): its cap and what it spent in all. */
export const answerBudget = (
  limit: BigDecimal.BigDecimal | undefined,
  earlier: BigDecimal.BigDecimal = BigDecimal.fromBigInt(0n),
  spend: CallResponse.Spend
): StepEvents.DoneEvent["budget"] =>
  limit === undefined ? undefined : {
    usd: BigDecimal.sum(limit, earlier),
    spent: Option.match(spend.cost, { onNone: () => earlier, onSome: (cost) => BigDecimal.sum(earlier, cost.total) })
  }

/** The step's request: with a budget, with the output cap that fits in what is left, or not at all (`NoRoom`). */
export const planStep = (
  model: Model,
  request: CallRequest.Request,
  limit: BigDecimal.BigDecimal | undefined,
  steps: ReadonlyArray<CallEnding.Ending>,
  uncounted?: Cost.Cost | undefined
): Effect.Effect<LoopBudget.Plan, ProviderError.ConfigurationError> =>
  limit === undefined
    ? Effect.succeed({ _tag: "Send", request })
    : LoopBudget.plan(
      model,
      request,
      uncounted === undefined ? limit : BigDecimal.subtract(limit, uncounted.total),
      steps
    )

/** Streams one step's model call, watched against the budget: its chunks, then (once they end) its ending. */
export interface WatchedStep {
  /** What capped the step's output below its own cap (a budget, a spend limit), once it started. */
  readonly bound: () => CallBasis.Bound | undefined
  /** The call's chunks; a failure passes through, after the ending is known. */
  readonly chunks: Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError>
  /** The loop's running cost when the last chunk arrived (the steps before, and this one so far). */
  readonly running: () => Cost.Cost | undefined
  readonly ending: () => CallEnding.Ending | undefined
}

/** Hears each step's ending, a stopped one too, where a server keeps what an answer spent (`ChatEndpoint`). */
export const StepEndings = Context.Reference<((ending: CallEnding.Ending) => void) | undefined>(
  "effect-llm-stream/StepEndings",
  { defaultValue: () => undefined }
)

/** Streams one step (`request`, planned by `planStep`): the loop's running cost past `limit` ends it. */
export const watchedStep = (
  model: Model,
  request: CallRequest.Request,
  steps: ReadonlyArray<CallEnding.Ending>,
  limit: BigDecimal.BigDecimal | undefined,
  uncounted?: Cost.Cost | undefined
): WatchedStep => {
  let ending: CallEnding.Ending | undefined
  let basis: CallBasis.Basis | undefined
  // After a step whose usage has no price, the running cost is unknown, not the sum of the others.
  const unpriced = LoopSums.hasUnpriced(steps)
  const before = unpriced ? undefined : LoopSums.addCost(LoopSums.costOf(steps), uncounted)
  let running = before
  const spent = limit === undefined ? undefined : Option.match(LoopSums.spendOf(steps).cost, {
    onNone: () => uncounted?.total ?? BigDecimal.fromBigInt(0n),
    onSome: (cost) => uncounted === undefined ? cost.total : BigDecimal.sum(cost.total, uncounted.total)
  })
  const chunks = LoopBudget.watchStep(
    model.stream(request),
    (end) =>
      Effect.withFiber((fiber) => {
        ending = end
        fiber.getRef(StepEndings)?.(end)
        return Effect.void
      }),
    limit === undefined ? undefined : { limit, spent: spent! },
    before,
    (cost, seen) => {
      running = unpriced ? undefined : cost
      basis = seen
    }
  )
  // A call the spend limit refused was never sent: no cap of its own ended it.
  return { chunks, running: () => running, ending: () => ending, bound: () => basis?.sent ? basis.bound : undefined }
}
