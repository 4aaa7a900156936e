/**
 * Spend limits per key, across instances: a request's `spendLimit: { key, usd, window, minOutputTokens? }` (also
 * each step of `runTools`) caps what `key` (a user, a team) spends in each window. A call reserves its worst case
 * before it is sent, and is refused with `SpendLimitExceeded` rather than sent to be cut short; the reservation
 * settles to its `spend` when it ends (docs/cost.md, "Spend limits per user, across instances").
 *
 * @example
 * ```ts
 * import { LanguageModel, Message, SpendLimit } from "effect-llm-stream"
 * import { Effect, Stream } from "effect"
 *
 * const answer = (userId: string, question: string) =>
 *   LanguageModel.stream({
 *     messages: [Message.user(question)],
 *     spendLimit: { key: userId, usd: "0.50", window: "1 day" }
 *   }).pipe(Stream.runDrain)
 *
 * // One Redis for every instance: Effect.provide(SpendLimit.layerRedis({ url: "redis://localhost:6379" }))
 * const program = answer("user-42", "Hi").pipe(Effect.provide(SpendLimit.layerMemory()))
 * ```
 *
 * @since 0.4.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import * as ProviderError from "../../core/ProviderError.js"
import * as SpendGuard from "../../core/spend/SpendGuard.js"
import * as SpendLimitGuard from "../../core/spend/SpendLimitGuard.js"
import * as MemorySpendStore from "./MemorySpendStore.js"
import * as RedisSpendStore from "./RedisSpendStore.js"

export { SpendLimitExceeded, SpendLimitStoreError } from "../../core/ProviderError.js"
export type { SpendLimit as Options } from "../../core/request/CallRequest.js"

/**
 * Spend limits kept in this process's memory: for one instance (or tests).
 *
 * @example
 * ```ts
 * import { SpendLimit } from "effect-llm-stream"
 *
 * const Limits = SpendLimit.layerMemory()
 * ```
 *
 * @since 0.4.0
 * @category Layers
 */
export const layerMemory = (): Layer.Layer<never> =>
  Layer.sync(SpendLimitGuard.SpendLimitGuard, () => SpendGuard.make(MemorySpendStore.make()))

/**
 * Spend limits kept in Redis (node-redis, an optional peer: `npm install redis`), shared by every instance: one
 * entry per key and window length under `prefix` (default `effect-llm-stream:spend:`), each reservation and
 * settlement one atomic script, on Redis's clock. `url` is best `Redacted` (it may hold a password). A Redis that
 * cannot be reached fails the layer with `SpendLimitStoreError` (at startup, not at the first request).
 *
 * @example
 * ```ts
 * import { SpendLimit } from "effect-llm-stream"
 * import { Config, Effect, Layer } from "effect"
 *
 * const Limits = Layer.unwrap(
 *   Effect.map(Config.Redacted("REDIS_URL"), (url) => SpendLimit.layerRedis({ url, prefix: "myapp:spend:" }))
 * )
 * ```
 *
 * @since 0.4.0
 * @category Layers
 */
export const layerRedis = (options: {
  /** @since 0.5.0 a `Redacted` URL too */
  readonly url: string | Redacted.Redacted<string>
  readonly prefix?: string | undefined
}): Layer.Layer<never, ProviderError.SpendLimitStoreError> =>
  Layer.effect(
    SpendLimitGuard.SpendLimitGuard,
    Effect.mapBoth(RedisSpendStore.make(options.url, options.prefix ?? "effect-llm-stream:spend:"), {
      onFailure: (failure) => new ProviderError.SpendLimitStoreError({ provider: "redis", message: failure.message }),
      onSuccess: SpendGuard.make
    })
  )
