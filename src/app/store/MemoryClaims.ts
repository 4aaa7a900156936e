/**
 * Claims kept in this process's memory: a key claimed once stays claimed until its ttl passes (expired claims are
 * dropped when claims are made, at most once a second for the whole map), so an approval is used at most once.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Model from "./StreamStoreModel.js"

/** A claim function over a map of its own (`claims`, its keys and when each expires, for the store's bounds). */
export const make = (): { readonly claim: Model.Service["claim"]; readonly claims: Map<string, number> } => {
  const claims = new Map<string, number>()
  let sweptAt = 0
  const claim: Model.Service["claim"] = (key, ttl) =>
    Effect.map(Clock.currentTimeMillis, (now) => {
      if (now - sweptAt >= 1000) {
        sweptAt = now
        for (const [claimed, expiresAt] of claims) if (expiresAt <= now) claims.delete(claimed)
      }
      const expiresAt = claims.get(key)
      if (expiresAt !== undefined && expiresAt > now) return false
      claims.set(key, now + Math.max(1, Duration.toMillis(ttl)))
      return true
    })
  return { claim, claims }
}
