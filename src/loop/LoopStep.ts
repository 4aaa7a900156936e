/**
 * The pieces of a tool loop's step that `runTools` and the durable loop share: the stop conditions and the
 * budget a request gives, one step's model call watched against the budget (its ending and the loop's running
 * cost), what a step's ending decides (fail, stop, or answer its tool calls), and the loop's `DoneEvent`.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Stream from "effect/Stream"
import * as CallEnding from "../CallEnding.js"
import * as CallResponse from "../CallResponse.js"
import type * as CallResponseChunk from "../CallResponseChunk.js"
import * as Cost from "../Cost.js"
import type * as CallRequest from "../internal/request/CallRequest.js"
import * as Message from "../Message.js"
import * as ProviderError from "../ProviderError.js"
import * as LoopSums from "./LoopSums.js"
import * as StepEvents from "./StepEvents.js"

/** What the loop streams each step through: a `LanguageModel` service. */
export interface Model {
  readonly provider: string
  readonly stream: (
    input: CallRequest.Input
  ) => Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError>
}

/** The stop conditions of a request (default `stepCountIs(10)`). */
export const conditionsOf = (stopWhen: StepEvents.RunRequest["stopWhen"]): ReadonlyArray<StepEvents.StopWhen> =>
  stopWhen === undefined
    ? [StepEvents.stepCountIs(10)]
    : Array.isArray(stopWhen)
    ? stopWhen as ReadonlyArray<StepEvents.StopWhen>
    : [stopWhen as StepEvents.StopWhen]

/** The budget of a request as an exact amount, if it has one. */
export const limitOf = (budget: StepEvents.RunRequest["budget"]): BigDecimal.BigDecimal | undefined =>
  budget === undefined ? undefined : LoopSums.usdOf(budget.usd)

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

/** The loop's last event, from its steps, why it stopped and the conversation. */
export const doneEvent = (
  steps: ReadonlyArray<CallEnding.Ending>,
  reason: StepEvents.DoneReason,
  messages: ReadonlyArray<Message.Message>,
  limit: BigDecimal.BigDecimal | undefined
): StepEvents.DoneEvent => {
  const cost = LoopSums.costOf(steps)
  return new StepEvents.DoneEvent({
    steps,
    reason,
    usage: LoopSums.usageOf(steps),
    cost,
    overshoot: cost === undefined ? undefined : Cost.excess(cost, limit ?? cost.total),
    messages
  })
}

/** One step's model call, watched against the budget: its chunks, then (once they end) its ending. */
export interface WatchedStep {
  /** The call's chunks; a failure passes through, after the ending is known. */
  readonly chunks: Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError>
  /** The loop's running cost when the last chunk arrived (the steps before, and this one so far). */
  readonly running: () => Cost.Cost | undefined
  /** The step's ending, once its stream ended. */
  readonly ending: () => CallEnding.Ending | undefined
}

/**
 * Streams one step: the model is sent `request` with `messages`; the running cost (from `before`, the cost
 * of the steps before, and the one fold of this step) past `limit` ends the step (`Interrupted`).
 */
export const watchedStep = (
  model: Model,
  request: Omit<CallRequest.Request, "messages">,
  messages: ReadonlyArray<Message.Message>,
  before: Cost.Cost | undefined,
  limit: BigDecimal.BigDecimal | undefined
): WatchedStep => {
  let ending: CallEnding.Ending | undefined
  let crossed = false
  let seen: Option.Option<unknown> | undefined
  let running = before
  const watch = (cost: Option.Option<Cost.Cost>): boolean => {
    if (cost !== seen) {
      seen = cost
      running = LoopSums.addCost(before, Option.getOrUndefined(cost))
      crossed = limit !== undefined && running !== undefined && BigDecimal.isGreaterThan(running.total, limit)
    }
    return crossed
  }
  const chunks = CallEnding.onEndWatching(
    model.stream({ ...request, messages: messages.slice() }),
    watch,
    (end) =>
      Effect.sync(() => {
        ending = end
      })
  )
  return { chunks, running: () => running, ending: () => ending }
}

/** What a step's ending decides. */
export type Settled =
  /** The loop fails (the step failed, or a budget cannot be watched). */
  | { readonly _tag: "Fail"; readonly error: ProviderError.ProviderError }
  /** The loop is done. */
  | { readonly _tag: "Done"; readonly reason: StepEvents.DoneReason }
  /** The step's tool calls are to be answered. */
  | { readonly _tag: "Calls"; readonly response: CallResponse.CallResponse }

/**
 * Decides after a step's ending, adding its assistant turn to `messages`: a failure fails the loop; a step cut
 * by the budget keeps its text and ends the loop; a step that cannot be priced under a budget fails it before
 * anything more is sent; an answer without tool calls ends it.
 */
export const settle = (
  model: Model,
  end: CallEnding.Ending,
  limit: BigDecimal.BigDecimal | undefined,
  messages: Array<Message.Message>
): Settled => {
  if (end._tag === "Failed") return { _tag: "Fail", error: end.error }
  const response = end.response
  if (end._tag === "Interrupted") {
    // Cut by the budget: nothing more is sent; the text that arrived stays in the conversation.
    if (response.content !== "") messages.push(Message.assistant(response.content))
    return { _tag: "Done", reason: "budget" }
  }
  const unpriced = limit === undefined ? undefined : response.costResult
  if (unpriced !== undefined && unpriced._tag === "Failure") {
    // A budget that cannot be watched is not silently ignored: the loop stops before anything more is sent.
    const message = `a budget needs the cost of every step: ${unpriced.failure.message}`
    return { _tag: "Fail", error: new ProviderError.InvalidRequestError({ provider: model.provider, message }) }
  }
  messages.push(CallResponse.toMessage(response))
  return response.toolCalls.length === 0 ? { _tag: "Done", reason: "stop" } : { _tag: "Calls", response }
}
