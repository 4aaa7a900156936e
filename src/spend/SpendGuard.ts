/**
 * A call under a spend limit (the guard the `SpendLimit` layers provide): before it is sent, its worst case (the estimated input and the most output that
 * fits, up to its own cap) is reserved in the store, and the request is sent with that cap; no room fails the
 * call with `SpendLimitExceeded`, nothing sent. As it streams, its running cost (`SpendWatch.Meter`) is held to
 * the reservation: a provider that ignores the cap is cut. When it ends, however it ends, the reservation
 * settles to its `spend` (retried; a store still failing leaves the reservation as it was, and the ending is
 * reported all the same).
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as CallResponse from "../CallResponse.js"
import type * as CallResponseChunk from "../CallResponseChunk.js"
import type * as CallBasis from "../internal/estimate/CallBasis.js"
import * as OutputCap from "../internal/estimate/OutputCap.js"
import * as Tokenizer from "../internal/estimate/Tokenizer.js"
import * as StreamEnding from "../internal/fold/StreamEnding.js"
import type * as CallRequest from "../internal/request/CallRequest.js"
import * as LoopSums from "../loop/LoopSums.js"
import * as SpendWatch from "../loop/SpendWatch.js"
import * as PriceTable from "../PriceTable.js"
import * as ProviderError from "../ProviderError.js"
import type * as SpendLimitGuard from "./SpendLimitGuard.js"
import type * as SpendStore from "./SpendStore.js"

const nano = BigDecimal.fromBigInt(1_000_000_000n)
/** The largest limit, in USD: a window's nanodollars stay exact integers. */
const largest = BigDecimal.fromBigInt(9_000_000n)

/** An amount of USD in nanodollars, rounded up. */
export const toNano = (usd: BigDecimal.BigDecimal): number =>
  BigDecimal.toNumberUnsafe(BigDecimal.ceil(BigDecimal.multiply(usd, nano)))

interface Checked {
  readonly key: string
  readonly limit: BigDecimal.BigDecimal
  readonly windowMillis: number
}

const check = (limit: CallRequest.SpendLimit): Result.Result<Checked, string> => {
  if (typeof limit !== "object" || limit === null) return Result.fail("spendLimit must be { key, usd, window }")
  if (typeof limit.key !== "string" || limit.key === "" || limit.key.length > 512) {
    return Result.fail("spendLimit.key must be a non-empty string of at most 512 characters")
  }
  const usd = LoopSums.amountOf(limit.usd, "spendLimit.usd")
  if (Result.isFailure(usd)) return Result.fail(usd.failure)
  if (BigDecimal.isGreaterThan(usd.success, largest)) return Result.fail("spendLimit.usd must be at most 9000000")
  const window = Duration.fromInput(limit.window)
  const millis = Option.isSome(window) && Duration.isFinite(window.value) ? Duration.toMillis(window.value) : NaN
  if (!(millis >= 1000)) {
    return Result.fail(
      `spendLimit.window must be a duration of at least a second ("1 day", "1 hour"), got ${
        String(limit.window).slice(0, 40)
      }`
    )
  }
  return Result.succeed({ key: limit.key, limit: usd.success, windowMillis: Math.round(millis) })
}

const formatUsd = (nanodollars: number): string =>
  BigDecimal.format(BigDecimal.normalize(BigDecimal.divideUnsafe(BigDecimal.fromNumberUnsafe(nanodollars), nano)))

/** A settlement the store failed is tried again four times, backing off from 50 ms. */
const settleRetries = { schedule: Schedule.exponential("50 millis"), times: 4 }

/** The guard over `store`: the stream of a call (`send`, given the request to send) under its `spendLimit`. */
export const make =
  (store: SpendStore.Store): SpendLimitGuard.Guard =>
  <C extends CallResponseChunk.Common, Request extends CallRequest.ProviderRequest>(
    request: Request,
    basis: CallBasis.Basis,
    send: (request: Request) => Stream.Stream<C, ProviderError.ProviderError>
  ): Stream.Stream<C, ProviderError.ProviderError> => {
    const limit = request.spendLimit
    if (limit === undefined) return send(request)
    const provider = basis.provider
    const refuse = (message: string) => Stream.fail(new ProviderError.InvalidRequestError({ provider, message }))
    return Stream.unwrap(
      Effect.gen(
        function*(): Effect.fn.Return<Stream.Stream<C, ProviderError.ProviderError>, ProviderError.ProviderError> {
          const checked = check(limit)
          if (Result.isFailure(checked)) return refuse(checked.failure)
          const { key, windowMillis } = checked.success
          const table = yield* PriceTable.current
          yield* basis.ready
          const rates = SpendWatch.ratesOf(table, basis)
          if (Result.isFailure(rates)) return refuse(`a spend limit needs the model's price: ${rates.failure}`)
          const own = OutputCap.capFor(basis, request.maxTokens, Number.MAX_SAFE_INTEGER) ?? OutputCap.unknownModelCap
          const storeError = (failure: SpendStore.Failure) =>
            new ProviderError.SpendLimitStoreError({ provider, message: `spend limit store: ${failure.message}` })
          const now = yield* Clock.currentTimeMillis
          const reserved = yield* Effect.mapError(
            store.reserve({
              key,
              windowMillis,
              limit: toNano(checked.success.limit),
              // The input is held with a margin for the estimate's error (5 % counted with the model's own
              // tokenizer, 25 % otherwise), so a call whose provider counts more does not hit its reservation early.
              input: Math.ceil(toNano(rates.success.input) * (Tokenizer.isExact(basis.family) ? 1.05 : 1.25)),
              perToken: BigDecimal.toNumberUnsafe(BigDecimal.multiply(rates.success.perToken, nano)),
              maxTokens: own,
              now
            }),
            storeError
          )
          if (reserved._tag === "Full") {
            return Stream.fail(
              new ProviderError.SpendLimitExceeded({
                provider,
                message: `the spend limit of $${BigDecimal.format(checked.success.limit)} per ${
                  Duration.format(Duration.millis(windowMillis))
                } has no room for this call: $${formatUsd(reserved.spent)} spent in this window; it resets at ${
                  new Date(reserved.resetsAt).toISOString()
                }`,
                key,
                limit: BigDecimal.format(checked.success.limit),
                spent: formatUsd(reserved.spent),
                resetsAt: reserved.resetsAt
              })
            )
          }
          const meter = new SpendWatch.Meter(table, basis)
          const held = reserved.amount
          return StreamEnding.observe(
            send({ ...request, maxTokens: reserved.maxTokens }),
            (accumulator, outcome) => {
              const cut = outcome._tag !== "Completed"
              const spend = CallResponse.fromAccumulator(accumulator, table, { spendBasis: basis, cut }).spend
              const amount = Option.match(spend.cost, { onNone: () => held, onSome: (cost) => toNano(cost.total) })
              return store.settle(reserved, amount).pipe(
                Effect.retry(settleRetries),
                Effect.catch((failure) =>
                  Effect.logWarning(`spend limit: the reservation of ${key} could not be settled: ${failure.message}`)
                )
              )
            },
            (accumulator) => {
              const cost = meter.costOf(accumulator)
              return cost !== undefined && toNano(cost.total) > held
            }
          )
        }
      )
    )
  }
