/**
 * A store's own way to create a stream and read one of its kept values as it stands once the stream is created, in
 * the create's round trip (Redis: one script). A starting answer reads its owner's stops waiting after its create
 * (`EarlyStop.take`: a stop kept between a read and the create would be lost); read this way, that costs no round trip
 * of its own. A field of the store's under a symbol, with the `create` it reads with (kept by `{ ...store }`; a store
 * made of another with a `create` of its own falls back to `get`), so `StreamStore.Service` names nothing more.
 *
 * @internal
 */
import type * as Effect from "effect/Effect"
import type * as Model from "./StreamStoreModel.js"

/** A value read with a create: what `get` would have given (a value kept in a form no store writes fails as `get`'s). */
export type Read = Effect.Effect<unknown, Model.StreamStoreError>

/**
 * Creates the stream as the store's `create` does (failing as it does), and gives the value kept under `key` and the
 * owner once it is created.
 */
export type CreateReading = (
  streamId: string,
  options: Model.CreateOptions | undefined,
  key: string
) => Effect.Effect<Read, Model.StreamStoreError>

/** The field under which a store keeps its way (`Way`). */
export const field: unique symbol = Symbol("effect-llm-stream/CreateReading")

/** A store's way to create and read, with the `create` it is the way of. */
export interface Way {
  readonly create: Model.Service["create"]
  readonly reading: CreateReading
}

/** A store, or a store's verbs, that may have a way. */
export interface Reads {
  readonly create: Model.Service["create"]
  readonly [field]?: Way | undefined
}

/**
 * The way of `store`, if it has one for its `create` (a store made of another with a `create` of its own has none: its
 * `create` runs, then `get`).
 */
export const of = (store: Reads): CreateReading | undefined => {
  const way = store[field]
  return way !== undefined && way.create === store.create ? way.reading : undefined
}

/** `store` with `reading` as the way of its `create`. */
export const withReading = <S extends Reads>(store: S, reading: CreateReading): S => ({
  ...store,
  [field]: { create: store.create, reading }
})
