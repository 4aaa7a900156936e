/**
 * Claims on Redis, shared by every instance of the store's prefix: `SET <prefix>claim:<key> 1 NX PX <ttl>` is
 * atomic, so of two instances claiming one key at once exactly one succeeds, and the key expires with its ttl.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Model from "./StreamStoreModel.js"

/** A claim function sending its command with `send` (the store's command connection), keys under `prefix`. */
export const make = (
  send: (args: ReadonlyArray<string>) => Effect.Effect<unknown, Model.StreamStoreError>,
  prefix: string
): Model.Service["claim"] =>
(key, ttl) =>
  Effect.map(
    send(["SET", `${prefix}claim:${key}`, "1", "NX", "PX", String(Math.max(1, Math.ceil(Duration.toMillis(ttl))))]),
    (reply) => reply === "OK"
  )
