/**
 * A call under a spend limit (the guard the `SpendLimit` layers provide): before it is sent, its worst case (the
 * estimated input, held with `InputMargin`, and the most output that fits) is reserved in the store and the request
 * sent with that cap; no room fails the call with `SpendLimitExceeded`, nothing sent. The reservation settles to the
 * reported input, then to the call's `spend` however it ends; a provider that ignores the cap is cut.
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
import * as CallResponse from "../call/CallResponse.js"
import type * as CallResponseChunk from "../call/CallResponseChunk.js"
import * as Cost from "../call/Cost.js"
import * as PriceTable from "../call/PriceTable.js"
import * as CostMetadata from "../CostMetadata.js"
import type * as CallBasis from "../estimate/CallBasis.js"
import * as OutputCap from "../estimate/OutputCap.js"
import type { Accumulator } from "../fold/Accumulator.js"
import * as StreamEnding from "../fold/StreamEnding.js"
import * as ErrorReport from "../http/ErrorReport.js"
import * as ProviderError from "../ProviderError.js"
import type * as CallRequest from "../request/CallRequest.js"
import * as Usage from "../Usage.js"
import * as InputMargin from "./InputMargin.js"
import * as LoopSums from "./LoopSums.js"
import * as SpendLimitGuard from "./SpendLimitGuard.js"
import * as SpendStore from "./SpendStore.js"
import * as SpendWatch from "./SpendWatch.js"

const nano = BigDecimal.fromBigInt(1_000_000_000n)
/** The largest limit, in USD: a window's nanodollars stay exact integers. */
const largest = BigDecimal.fromBigInt(9_000_000n)

/** The fewest output tokens a call under a limit is sent with, unless its limit says otherwise. */
export const defaultMinOutputTokens = 256

/** An amount of USD in nanodollars, rounded up. */
export const toNano = (usd: BigDecimal.BigDecimal): number =>
  BigDecimal.toNumberUnsafe(BigDecimal.ceil(BigDecimal.multiply(usd, nano)))

/** One output token's cost, in nanodollars (not an integer). */
const perTokenOf = (rates: SpendWatch.Rates): number =>
  BigDecimal.toNumberUnsafe(BigDecimal.multiply(rates.perToken, nano))

const formatUsd = (nanodollars: number): string =>
  BigDecimal.format(BigDecimal.normalize(BigDecimal.divideUnsafe(BigDecimal.fromNumberUnsafe(nanodollars), nano)))

/** The most limits one call may be under. */
const maxLimits = 8

/** A limit whose options were checked. */
interface Checked {
  readonly key: string
  readonly limit: BigDecimal.BigDecimal
  readonly windowMillis: number
  readonly minTokens: number
  readonly label: string | undefined
}

const windowOf = (limit: CallRequest.SpendLimit): Result.Result<number, string> => {
  const window = Duration.fromInput(limit.window)
  const millis = Option.isSome(window) && Duration.isFinite(window.value) ? Duration.toMillis(window.value) : NaN
  if (!(millis >= 1000)) {
    const given = String(limit.window).slice(0, 40)
    return Result.fail(`spendLimit.window must be a duration of at least a second ("1 day", "1 hour"), got ${given}`)
  }
  if (millis > SpendStore.maxWindowMillis) {
    return Result.fail(
      `spendLimit.window must be at most ${SpendStore.maxWindowMillis} ms (about 142,000 years: the store's range)`
    )
  }
  return Result.succeed(Math.round(millis))
}

/** The limit's options, or the message naming the one that is not valid. */
const check = (limit: CallRequest.SpendLimit): Result.Result<Checked, string> => {
  if (typeof limit !== "object" || limit === null) return Result.fail("spendLimit must be { key, usd, window }")
  if (typeof limit.key !== "string" || limit.key === "" || limit.key.length > 512) {
    return Result.fail("spendLimit.key must be a non-empty string of at most 512 characters")
  }
  const usd = LoopSums.amountOf(limit.usd, "spendLimit.usd")
  if (Result.isFailure(usd)) return Result.fail(usd.failure)
  if (BigDecimal.isGreaterThan(usd.success, largest)) return Result.fail("spendLimit.usd must be at most 9000000")
  const windowMillis = windowOf(limit)
  if (Result.isFailure(windowMillis)) return Result.fail(windowMillis.failure)
  const minTokens = limit.minOutputTokens ?? defaultMinOutputTokens
  if (!Number.isSafeInteger(minTokens) || minTokens < 1) {
    return Result.fail(`spendLimit.minOutputTokens must be a positive integer, got ${String(minTokens).slice(0, 40)}`)
  }
  const label = limit.label
  if (label !== undefined && (typeof label !== "string" || label === "" || label.length > 100)) {
    return Result.fail("spendLimit.label must be a non-empty string of at most 100 characters")
  }
  if (limit.askAt !== undefined && !(typeof limit.askAt === "number" && limit.askAt > 0 && limit.askAt <= 1)) {
    return Result.fail("spendLimit.askAt must be a number above 0 and at most 1")
  }
  return Result.succeed({ key: limit.key, limit: usd.success, windowMillis: windowMillis.success, minTokens, label })
}

/** Every limit's options checked (at most `maxLimits`, no two of one key and window), or the first message. */
const checkAll = (limits: ReadonlyArray<CallRequest.SpendLimit>): Result.Result<ReadonlyArray<Checked>, string> => {
  if (limits.length > maxLimits) {
    return Result.fail(`spendLimit may hold at most ${maxLimits} limits, got ${limits.length}`)
  }
  const checked: Array<Checked> = []
  for (const limit of limits) {
    const one = check(limit)
    if (Result.isFailure(one)) return Result.fail(one.failure)
    if (checked.some((other) => other.key === one.success.key && other.windowMillis === one.success.windowMillis)) {
      return Result.fail("spendLimit holds two limits of one key and window")
    }
    checked.push(one.success)
  }
  return Result.succeed(checked)
}

/** How a limit is named in its error's message: its label, or its amount and window. */
const nameOf = (checked: Checked): string =>
  `the spend limit ${checked.label === undefined ? "" : `"${checked.label}" `}of $${
    BigDecimal.format(checked.limit)
  } per ${Duration.format(Duration.millis(checked.windowMillis))}`

/** The fields a limit's `SpendLimitExceeded` names it by. */
const fieldsOf = (checked: Checked) => ({
  key: checked.key,
  limit: BigDecimal.format(checked.limit),
  ...(checked.label === undefined ? {} : { label: checked.label })
})

/** The call had no room: nothing was sent. */
const refused = (provider: string, checked: Checked, full: SpendStore.Full) =>
  new ProviderError.SpendLimitExceeded({
    provider,
    message: `${nameOf(checked)} has no room for this call (at least ${checked.minTokens} output tokens): $${
      formatUsd(full.spent)
    } spent in this window; it resets at ${new Date(full.resetsAt).toISOString()}`,
    ...fieldsOf(checked),
    spent: formatUsd(full.spent),
    resetsAt: full.resetsAt
  })

/**
 * The call spent past what its reservation held (`held` when it crossed), and was cut there: `spent`, what it spent in
 * all, settled.
 */
const cut = (
  provider: string,
  checked: Checked,
  reservation: SpendStore.Reservation,
  held: number,
  spent: number
) =>
  new ProviderError.SpendLimitExceeded({
    provider,
    message: `the answer was cut when it passed the $${formatUsd(held)} ${nameOf(checked)} held for it, at $${
      formatUsd(spent)
    }; the window resets at ${new Date(reservation.resetsAt).toISOString()}`,
    ...fieldsOf(checked),
    spent: formatUsd(spent),
    resetsAt: reservation.resetsAt
  })

/** A settlement the store failed is tried again four times, backing off from 50 ms. */
const settleRetries = { schedule: Schedule.exponential("50 millis"), times: 4 }

/** What a call's reservations (one per limit) hold: `held`, what the call may spend; `moveTo` moves them. */
class Holding {
  held: number
  readonly #stored: Array<number>
  readonly #store: SpendStore.Store
  readonly #reservations: ReadonlyArray<SpendStore.Reservation>
  readonly #keys: ReadonlyArray<string>

  constructor(
    store: SpendStore.Store,
    reservations: ReadonlyArray<SpendStore.Reservation>,
    keys: ReadonlyArray<string>
  ) {
    this.#store = store
    this.#reservations = reservations
    this.#keys = keys
    this.#stored = reservations.map((reservation) => reservation.amount)
    this.held = Math.min(...this.#stored)
  }

  /** Moves the store's reservations to `amount` (retried; a store that still fails leaves one, logged). */
  moveTo(amount: number): Effect.Effect<void> {
    // What each holds now, read when the move is made (as `held` is), not when it runs.
    const moves = this.#reservations.map((reservation, index) => ({ ...reservation, amount: this.#stored[index]! }))
    this.held = amount
    this.#stored.fill(amount)
    return Effect.forEach(
      moves,
      (from, index) =>
        from.amount === amount ? Effect.void : this.#store.settle(from, amount).pipe(
          Effect.retry(settleRetries),
          Effect.catch((failure) =>
            Effect.logWarning(ErrorReport.loggable(
              `spend limit: the reservation of ${this.#keys[index]} could not be settled: ${failure.message}`
            ))
          )
        ),
      { discard: true }
    )
  }
}

/** The cost of the input the provider reported (with the call's cached tokens), in nanodollars. */
const reportedInput = (table: PriceTable.Service, basis: CallBasis.Basis, usage: Usage.Usage): number | undefined => {
  const input = Usage.make({ ...usage, outputTokens: 0, reasoningTokens: undefined, outputAudioTokens: undefined })
  const cost = Cost.price(table, basis.provider, basis.pricingModel, CostMetadata.fromUsage(input))
  return Result.isSuccess(cost) ? toNano(cost.success.total) : undefined
}

/** What a call's output is held to: its cap's cost, and the tokens the count adds around an answer (`perAnswer`). */
interface OutputHeld {
  readonly held: number
  readonly framing: number
}

/** How a call's input is held until reported: its margin, and the call's part in measuring its model. */
interface InputHeld {
  readonly gate: InputMargin.Gate
  readonly margin: number
  readonly measuring: InputMargin.Measuring
}

/** The call's stream under its reservation: moved to the reported input, cut past it, settled at its end. */
const underReservation = <C extends CallResponseChunk.Common>(
  stream: Stream.Stream<C, ProviderError.ProviderError>,
  table: PriceTable.Service,
  basis: CallBasis.Basis,
  holding: Holding,
  output: OutputHeld,
  input: InputHeld,
  crossed: (held: number, spent: number) => ProviderError.SpendLimitExceeded
): Stream.Stream<C, ProviderError.ProviderError> => {
  const meter = new SpendWatch.Meter(table, basis, input.margin)
  let reported = false
  let moved = false
  let over = false
  // What the call was held to when it crossed: the settlement then moves `held` to what it spent past that.
  let heldWhenCut = 0
  const observed = StreamEnding.observe(
    stream,
    (accumulator: Accumulator, outcome) => {
      const inputTokens = accumulator.usage.inputTokens
      if (!reported && inputTokens !== undefined) input.gate.reported(basis, input.measuring, inputTokens)
      const spend = CallResponse.fromAccumulator(accumulator, table, {
        spendBasis: basis,
        cut: outcome._tag !== "Completed"
      }).spend
      // Once settled, the model's other calls may reserve (with what this one measured).
      return Effect.ensuring(
        holding.moveTo(Option.match(spend.cost, { onNone: () => holding.held, onSome: (c) => toNano(c.total) })),
        Effect.sync(() => input.gate.settled(input.measuring, outcome._tag === "Completed"))
      )
    },
    (accumulator) => {
      if (!reported && accumulator.usage.inputTokens !== undefined) {
        // The provider said what the input is: the call may spend it and its output cap (the store follows).
        reported = true
        input.gate.reported(basis, input.measuring, accumulator.usage.inputTokens)
        const cost = reportedInput(table, basis, accumulator.usage)
        if (cost !== undefined) holding.held = cost + output.held
      }
      const cost = meter.costOf(accumulator)
      over = cost !== undefined && toNano(cost.total) > holding.held + output.framing
      if (over) heldWhenCut = holding.held
      return over
    }
  )
  return Stream.concat(
    Stream.mapArrayEffect(observed, (chunks) => {
      if (moved || !reported) return Effect.succeed(chunks)
      moved = true
      return Effect.as(
        Effect.ensuring(holding.moveTo(holding.held), Effect.sync(() => input.gate.settled(input.measuring, false))),
        chunks
      )
    }),
    Stream.suspend(() => over ? Stream.fail(crossed(heldWhenCut, holding.held)) : Stream.empty)
  )
}

/** Reserves the call's worst case for the limit: the reservation, or the error that refuses the call. */
const reserve = (
  store: SpendStore.Store,
  request: CallRequest.ProviderRequest,
  basis: CallBasis.Basis,
  checked: Checked,
  rates: SpendWatch.Rates,
  own: number,
  margin: number
) =>
  Effect.gen(function*() {
    const provider = basis.provider
    const reserved = yield* Effect.mapError(
      store.reserve({
        key: checked.key,
        windowMillis: checked.windowMillis,
        limit: toNano(checked.limit),
        // The input is held with the margin its estimate's error needs (`InputMargin`), until it is reported.
        input: Math.ceil(toNano(rates.input) * margin),
        perToken: perTokenOf(rates),
        maxTokens: own,
        minTokens: request.maxTokens === undefined ? checked.minTokens : Math.min(checked.minTokens, request.maxTokens),
        now: yield* Clock.currentTimeMillis
      }),
      (failure) =>
        new ProviderError.SpendLimitStoreError({ provider, message: `spend limit store: ${failure.message}` })
    )
    return reserved._tag === "Full" ? Result.fail(refused(provider, checked, reserved)) : Result.succeed(reserved)
  })

/** The reservations of a call under several limits, the smallest last, and the limit that set its cap. */
interface Reserved {
  readonly holding: Holding
  readonly reservation: SpendStore.Reservation
  readonly binding: number
}

/** Reserves the call's worst case in each limit in turn, each capped by those before; no room releases them all. */
const reserveAll = (
  store: SpendStore.Store,
  request: CallRequest.ProviderRequest,
  basis: CallBasis.Basis,
  limits: ReadonlyArray<Checked>,
  rates: SpendWatch.Rates,
  own: number,
  margin: number
) =>
  Effect.gen(function*(): Effect.fn.Return<
    Result.Result<Reserved, ProviderError.SpendLimitExceeded>,
    ProviderError.SpendLimitStoreError
  > {
    const minTokens = Math.max(...limits.map((limit) => limit.minTokens))
    const reservations: Array<SpendStore.Reservation> = []
    const holding = () => new Holding(store, reservations, limits.map((limit) => limit.key))
    let binding = 0
    for (const [index, limit] of limits.entries()) {
      const cap = reservations.at(-1)?.maxTokens ?? own
      const reserved = yield* Effect.tapError(
        reserve(store, request, basis, { ...limit, minTokens }, rates, cap, margin),
        () => holding().moveTo(0)
      )
      if (Result.isFailure(reserved)) {
        yield* holding().moveTo(0)
        return Result.fail(reserved.failure)
      }
      if (reserved.success.maxTokens < cap) binding = index
      reservations.push(reserved.success)
    }
    const reservation = reservations.at(-1)!
    const held = holding()
    yield* held.moveTo(reservation.amount)
    return Result.succeed<Reserved>({ holding: held, reservation, binding })
  })

/** The call sent under a reservation of its worst case in each of its limits, or the error that refused it. */
const sendReserved = <C extends CallResponseChunk.Common, Request extends CallRequest.ProviderRequest>(
  store: SpendStore.Store,
  request: Request,
  basis: CallBasis.Basis,
  send: (request: Request) => Stream.Stream<C, ProviderError.ProviderError>,
  limits: ReadonlyArray<Checked>,
  table: PriceTable.Service,
  rates: SpendWatch.Rates,
  input: InputHeld
): Effect.Effect<Stream.Stream<C, ProviderError.ProviderError>, ProviderError.ProviderError> =>
  Effect.gen(function*() {
    const own = OutputCap.capFor(basis, request.maxTokens, Number.MAX_SAFE_INTEGER) ?? OutputCap.unknownModelCap
    const reserved = yield* reserveAll(store, request, basis, limits, rates, own, input.margin)
    if (Result.isFailure(reserved)) return yield* Effect.fail(reserved.failure)
    const { binding, holding, reservation } = reserved.success
    if (reservation.maxTokens < own) basis.bound = "spend-limit"
    // What the output may cost: the reservation less its input, as the store reserved it.
    const perToken = perTokenOf(rates)
    const output = { held: Math.ceil(reservation.maxTokens * perToken), framing: basis.family.perAnswer * perToken }
    basis.sent = true
    return underReservation(
      send({ ...request, maxTokens: reservation.maxTokens }),
      table,
      basis,
      holding,
      output,
      input,
      (held, spent) => cut(basis.provider, limits[binding]!, reservation, held, spent)
    )
  })

/** The guard over `store`: a call's stream under its `spendLimit`, measuring input estimates as it lives. */
export const make = (store: SpendStore.Store): SpendLimitGuard.Guard => {
  const gate = new InputMargin.Gate()
  return Object.assign(<C extends CallResponseChunk.Common, Request extends CallRequest.ProviderRequest>(
    request: Request,
    basis: CallBasis.Basis,
    send: (request: Request) => Stream.Stream<C, ProviderError.ProviderError>
  ): Stream.Stream<C, ProviderError.ProviderError> => {
    const limits = SpendLimitGuard.limitsOf(request.spendLimit)
    if (limits.length === 0) return send(request)
    const provider = basis.provider
    return Stream.unwrap(
      Effect.gen(
        function*(): Effect.fn.Return<Stream.Stream<C, ProviderError.ProviderError>, ProviderError.ProviderError> {
          // Not sent until the store has room for it: a call refused before has spent nothing.
          basis.sent = false
          const checked = checkAll(limits)
          if (Result.isFailure(checked)) {
            return yield* Effect.fail(new ProviderError.InvalidRequestError({ provider, message: checked.failure }))
          }
          const table = yield* PriceTable.current
          yield* basis.ready
          const rates = SpendWatch.ratesOf(table, basis)
          if (Result.isFailure(rates)) {
            const message = `a spend limit needs the model's price: ${rates.failure}`
            return yield* Effect.fail(new ProviderError.ConfigurationError({ provider, message }))
          }
          const { margin, measuring } = yield* gate.enter(basis)
          return yield* Effect.onError(
            sendReserved(store, request, basis, send, checked.success, table, rates.success, {
              gate,
              margin,
              measuring
            }),
            () => Effect.sync(() => gate.settled(measuring, false))
          )
        }
      )
    )
  }, { crossed: crossedIn(store) })
}

/** The first limit not `asked` whose key spent its `askAt` in the window (the store's `spent`); none on failure. */
const crossedIn = (store: SpendStore.Store): NonNullable<SpendLimitGuard.Guard["crossed"]> => (limits, asked) =>
  Effect.gen(function*() {
    for (const [index, limit] of SpendLimitGuard.limitsOf(limits).entries()) {
      const checked = check(limit)
      if (Result.isFailure(checked) || limit.askAt === undefined || asked.includes(index)) continue
      const { key, label, limit: cap, windowMillis } = checked.success
      const spent = BigDecimal.divideUnsafe(BigDecimal.fromNumberUnsafe(yield* store.spent(key, windowMillis)), nano)
      const at = BigDecimal.multiply(cap, BigDecimal.fromNumberUnsafe(limit.askAt))
      if (!BigDecimal.isLessThan(spent, at)) return { index, question: { spent, cap, ...(label && { label }) } }
    }
    return undefined
  }).pipe(Effect.orElseSucceed(() => undefined))
