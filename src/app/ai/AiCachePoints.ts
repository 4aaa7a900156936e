/**
 * Cache points from `effect/ai` prompt options: a part's (or a message's) options ask for a cache point
 * after it, in this library's spelling (`{ "effect-llm-stream": { cache: { ttl } } }`, `cache: true` for
 * the default TTL) or in the spelling `effect/ai`'s Anthropic provider reads (`{ anthropic: { cacheControl:
 * { type: "ephemeral", ttl } } }`), so that a prompt written for that provider caches here too.
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as Message from "../../core/Message.js"
import * as AiMetadata from "./AiMetadata.js"

/**
 * The cache option on a prompt part or message, under `metadataKey`: `cache` asks for a cache point after it (after the
 * message's last part, on a message): `true`, or `{ ttl: "5m" | "1h" }`. The spelling of `effect/ai`'s
 * Anthropic provider, `{ anthropic: { cacheControl: { type: "ephemeral", ttl } } }`, is read too.
 *
 * @since 0.3.0
 * @category Models
 */
export type CacheOptions = { readonly cache?: true | { readonly ttl?: Message.CacheTtl } | null }

const ttlOf = (value: unknown): Result.Result<Message.CacheTtl | undefined, string> =>
  value === undefined || value === null
    ? Result.succeed(undefined)
    : value === "5m" || value === "1h"
    ? Result.succeed(value)
    : Result.fail(`a cache TTL of ${JSON.stringify(value)}; it is "5m" or "1h"`)

/** The cache point a part's or a message's options ask for, `undefined` for none, or what is wrong with it. */
export const cachePointOf = (options: unknown): Result.Result<Message.CachePointPart | undefined, string> => {
  const ours = AiMetadata.read(options)?.["cache"]
  if (ours === true) return Result.succeed(Message.cachePoint())
  if (typeof ours === "object" && ours !== null) {
    return Result.map(ttlOf((ours as { readonly ttl?: unknown }).ttl), (ttl) => Message.cachePoint({ ttl }))
  }
  const anthropic = (options as { readonly anthropic?: { readonly cacheControl?: unknown } } | undefined)?.anthropic
  const control = anthropic?.cacheControl as { readonly ttl?: unknown } | null | undefined
  if (control === undefined || control === null) return Result.succeed(undefined)
  return Result.map(ttlOf(control.ttl), (ttl) => Message.cachePoint({ ttl }))
}

/**
 * The cache point after an item: its own, or else (for a message's last item) the message's; one only, as a
 * cache point marks the item before it.
 */
export const pointAfter = (
  options: unknown,
  messageOptions: unknown
): Result.Result<Message.CachePointPart | undefined, string> =>
  Result.flatMap(cachePointOf(options), (own) => own === undefined ? cachePointOf(messageOptions) : Result.succeed(own))

/** Adds to parts the cache points their options (and, after the last, the message's) ask for. */
export const withCachePoints = <P>(
  items: ReadonlyArray<P>,
  partOf: (item: P) => Message.Part,
  optionsOf: (item: P) => unknown,
  messageOptions: unknown
): Result.Result<Array<Message.Part>, string> => {
  const parts: Array<Message.Part> = []
  for (const [index, item] of items.entries()) {
    parts.push(partOf(item))
    const point = pointAfter(optionsOf(item), index === items.length - 1 ? messageOptions : undefined)
    if (Result.isFailure(point)) return Result.fail(point.failure)
    if (point.success !== undefined) parts.push(point.success)
  }
  return Result.succeed(parts)
}

/** Whether any of `options` asks for a cache point. */
export const asksFor = (...options: ReadonlyArray<unknown>): boolean =>
  options.some((option) => {
    const point = cachePointOf(option)
    return Result.isFailure(point) || point.success !== undefined
  })
