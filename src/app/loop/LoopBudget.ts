/**
 * A tool loop's budget as a cap: each step sent with the output that fits, and cut once its running cost crosses.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as CallEnding from "../../core/call/CallEnding.js"
import * as CallResponse from "../../core/call/CallResponse.js"
import type * as CallResponseChunk from "../../core/call/CallResponseChunk.js"
import * as Cost from "../../core/call/Cost.js"
import * as PriceTable from "../../core/call/PriceTable.js"
import * as CostMetadata from "../../core/CostMetadata.js"
import * as CallBasis from "../../core/estimate/CallBasis.js"
import type * as Message from "../../core/Message.js"
import type * as Provider from "../../core/Provider.js"
import * as ProviderProfile from "../../core/provider/ProviderProfile.js"
import * as ProviderError from "../../core/ProviderError.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as LoopSums from "../../core/spend/LoopSums.js"
import * as SpendWatch from "../../core/spend/SpendWatch.js"
import * as Tool from "../../core/Tool.js"
import * as Usage from "../../core/Usage.js"
import * as ProviderProfiles from "../../providers/ProviderProfiles.js"

/**
 * The call a budget's question is signed, claimed and answered as (its id 0.6's `budget_question`, which
 * `Message.budgetAnswer` and a durable run's `approve(id, "budget_question")` name): no call a model made, read by
 * the loops as the question's own kind (`isBudgetAnswer`), never as a tool's.
 */
export const questionCall: Tool.ToolCall = /* @__PURE__ */ new Tool.ToolCall({
  id: Tool.budgetQuestion,
  name: Tool.budgetQuestion,
  arguments: "{}"
})

/**
 * Whether `message` answers a budget's question rather than a call of the conversation: by its kind
 * (`Message.budgetAnswer`); an approval of 0.6's form (the question's id, unmarked) only where no call of
 * `messages` has that id (a model's call may: its ids are the model's).
 */
export const isBudgetAnswer = (
  message: { readonly _tag: string },
  messages: ReadonlyArray<{ readonly _tag: string }>
): message is Tool.ToolApproval => {
  if (message._tag !== "ToolApproval") return false
  const approval = message as Tool.ToolApproval
  if (approval.interrupt === "budget") return true
  return approval.toolCallId === questionCall.id && !messages.some((other) =>
    other._tag === "AssistantMessage" &&
    (other as Message.AssistantMessage).toolCalls.some((call) => call.id === questionCall.id)
  )
}

/** The model a step is sent to, as far as the loop knows it. */
export interface StepModel {
  readonly provider: Provider.Provider | string
  /** The model (and the one it is priced as), for a budget's caps. */
  readonly model?: string | undefined
  readonly baseModel?: string | undefined
}

/** A step to send (with the output cap that fits), or none: its input alone does not fit (at `price`). */
export type Plan =
  | { readonly _tag: "Send"; readonly request: CallRequest.Request }
  | { readonly _tag: "NoRoom"; readonly price: PriceTable.ModelPrice | undefined }

/** What a step that was not sent costs: $0 at its model's prices (`undefined` without them). */
export const nothingAt = (price: PriceTable.ModelPrice | undefined): Cost.Cost | undefined =>
  price === undefined
    ? undefined
    : Result.getOrUndefined(
      Cost.compute(price, CostMetadata.fromUsage(Usage.make({ inputTokens: 0, outputTokens: 0 }), { requests: 0 }))
    )

/** The step's request within what is left of the budget; a model without a price fails at once. */
export const plan = (
  model: StepModel,
  request: CallRequest.Request,
  limit: BigDecimal.BigDecimal,
  steps: ReadonlyArray<CallEnding.Ending>
): Effect.Effect<Plan, ProviderError.ConfigurationError> =>
  Effect.gen(function*() {
    const provider = model.provider
    // A host's name has no profile of the library's: what is known of every provider applies to it.
    const profile = ProviderProfiles.profileOf(provider)
    if (model.model === undefined) return { _tag: "Send", request } as const
    const pricingModel = model.baseModel ?? model.model
    const basis = new CallBasis.Basis(
      provider,
      model.model,
      pricingModel,
      ProviderProfile.factsOf(profile, model.model, pricingModel),
      request
    )
    yield* basis.ready
    const table = yield* PriceTable.current
    const rates = SpendWatch.ratesOf(table, basis)
    if (Result.isFailure(rates)) {
      return yield* Effect.fail(
        new ProviderError.ConfigurationError({
          provider: model.provider,
          message: `a budget needs the cost of every step: ${rates.failure}`
        })
      )
    }
    const spent = Option.match(LoopSums.spendOf(steps).cost, {
      onNone: () => BigDecimal.fromBigInt(0n),
      onSome: (cost) => cost.total
    })
    const fits = SpendWatch.capWithin(rates.success, BigDecimal.subtract(limit, spent))
    // A thinking budget takes its tokens from the cap: a cap that cannot hold it cannot be sent.
    const thinking = request.reasoning?.budgetTokens ?? 0
    if (fits < 1 || fits <= thinking) {
      return { _tag: "NoRoom", price: Result.getOrUndefined(table.lookup(provider, pricingModel)) } as const
    }
    return { _tag: "Send", request: { ...request, outputCap: fits } } as const
  })

/** A step's stream observed to its ending (`f`), with its running cost; past a budget's `limit`, `Interrupted`. */
export const watchStep = <C extends CallResponseChunk.Common, E, R, R2>(
  self: Stream.Stream<C, E, R>,
  f: (ending: CallEnding.Ending<E>) => Effect.Effect<void, never, R2>,
  budget: { readonly limit: BigDecimal.BigDecimal; readonly spent: BigDecimal.BigDecimal } | undefined,
  before: Cost.Cost | undefined,
  onCost: (running: Cost.Cost | undefined, basis: CallBasis.Basis | undefined) => void
) =>
  CallEnding.observeEnding(self, f, (table) => {
    let meter: SpendWatch.Meter | undefined
    let pricedUsage: unknown = undefined
    let pricedModel: string | undefined = undefined
    let reported: Cost.Cost | undefined
    return (accumulator, basis) => {
      if (accumulator.usage !== pricedUsage || accumulator.pricingModel !== pricedModel) {
        pricedUsage = accumulator.usage
        pricedModel = accumulator.pricingModel
        // Not priced before the provider reports its tokens: a `CostUnavailable` per step is an `Error` with a stack.
        const cost = accumulator.usage.totalTokens === undefined
          ? undefined
          : CallResponse.fromAccumulator(accumulator, table, basis && { spendBasis: basis, cut: false }).costResult
        reported = cost === undefined ? undefined : Result.getOrUndefined(cost)
        // A usage without a price leaves the running cost unknown, not the steps' before it.
        onCost(cost !== undefined && LoopSums.isUnpriced(cost) ? undefined : LoopSums.addCost(before, reported), basis)
      }
      if (budget === undefined) return false
      // A model that records no request (a service of the program's own) is watched by the cost it reports.
      if (basis === undefined) {
        return reported !== undefined &&
          BigDecimal.isGreaterThan(BigDecimal.sum(budget.spent, reported.total), budget.limit)
      }
      meter ??= new SpendWatch.Meter(table, basis)
      const cost = meter.costOf(accumulator)
      return cost !== undefined && BigDecimal.isGreaterThan(BigDecimal.sum(budget.spent, cost.total), budget.limit)
    }
  })
