/**
 * Where the model layer finds the spend limits' guard, which the `SpendLimit` layers provide (a program that never
 * limits spend carries none of its code). A request with `spendLimit` and no layer fails, naming the layer.
 *
 * @internal
 */
import type * as BigDecimal from "effect/BigDecimal"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as CallResponseChunk from "../call/CallResponseChunk.js"
import type * as CallBasis from "../estimate/CallBasis.js"
import * as ProviderError from "../ProviderError.js"
import type * as CallRequest from "../request/CallRequest.js"

/** Runs a call under its request's spend limit (`send` sends the request it is given). */
export interface Guard {
  <C extends CallResponseChunk.Common, Request extends CallRequest.ProviderRequest>(
    request: Request,
    basis: CallBasis.Basis,
    send: (request: Request) => Stream.Stream<C, ProviderError.ProviderError>
  ): Stream.Stream<C, ProviderError.ProviderError>
  /** The first of the limits not `asked` whose key spent its `askAt` of it in the window: its index, the question. */
  readonly crossed?: (
    limits: CallRequest.SpendLimit | ReadonlyArray<CallRequest.SpendLimit>,
    asked: ReadonlyArray<number>
  ) => Effect.Effect<{ readonly index: number; readonly question: Question } | undefined>
}

/** The limits a request names: none, one, or several. */
export const limitsOf = (
  given: CallRequest.SpendLimit | ReadonlyArray<CallRequest.SpendLimit> | undefined
): ReadonlyArray<CallRequest.SpendLimit> =>
  given === undefined ? [] : Array.isArray(given) ? given : [given as CallRequest.SpendLimit]

/** The guard the `SpendLimit` layer in context provides, if one does. */
export const SpendLimitGuard = Context.Reference<Guard | undefined>("effect-llm-stream/SpendLimit", {
  defaultValue: () => undefined
})

/** The call's stream: as it is without `spendLimit`, else under the guard in context. */
export const guarded: Guard = (request, basis, send) =>
  request.spendLimit === undefined ? send(request) : Stream.unwrap(Effect.withFiber((fiber) => {
    const guard = fiber.getRef(SpendLimitGuard)
    return Effect.succeed(
      guard === undefined
        ? Stream.fail(
          new ProviderError.InvalidRequestError({
            provider: basis.provider,
            message: "spendLimit needs a store: provide SpendLimit.layerMemory() or SpendLimit.layerRedis({ url })"
          })
        )
        : guard(request, basis, send)
    )
  }))

/** The question before a spend limit's cap: what its key spent in the window, the cap, and the limit's label. */
export type Question = {
  readonly spent: BigDecimal.BigDecimal
  readonly cap: BigDecimal.BigDecimal
  readonly label?: string
}
