/** Who a stored stream is: its id, its owner, the key both make; every store checks both through `guarded`. */
import * as Effect from "effect/Effect"
import * as Base64Url from "effect/encoding/Base64Url"
import { constVoid } from "effect/Function"
import * as Model from "./StreamStoreModel.js"

/** The SHA-256 of `text`'s UTF-8, base64url: a key made of a name as long as it may be (a store's, a list's, a name's). */
export const digest = (text: string): Effect.Effect<string> =>
  Effect.map(
    Effect.promise(() => globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))),
    (bytes) => Base64Url.encode(new Uint8Array(bytes))
  )

/**
 * The longest stream id a store takes.
 *
 * @since 0.3.0
 * @category Models
 */
export const maxIdLength = 256

/** The longest owner a store takes. */
export const maxOwnerLength = 1024

const idPattern = /^[A-Za-z0-9_.~-]+$/

/**
 * Whether a store takes `streamId`: 1 to `maxIdLength` letters, digits, `-`, `_`, `.` or `~` (what `useChat`'s
 * ids and UUIDs are made of). An id often comes from a URL: no `:`, `*`, space or line break can make it name
 * another key.
 *
 * @since 0.3.0
 * @category Models
 */
export const isValidId = (streamId: string): boolean =>
  streamId.length > 0 && streamId.length <= maxIdLength && idPattern.test(streamId)

/**
 * A new stream id no one can guess: 128 random bits from the platform's cryptographic generator, as 22
 * URL-safe characters (letters, digits, `-`, `_`), which `isValidId` takes.
 *
 * @since 0.4.0
 * @category Models
 */
export const newId = (): string => Base64Url.encode(globalThis.crypto.getRandomValues(new Uint8Array(16)))

/**
 * The one string a stream is known by in a store: its id alone without an owner, else the owner (base64url, so it
 * holds no `:`) then `:` then the id; an id holds no `:`, so no two (owner, id) pairs share a key.
 */
export const keyOf = (streamId: string, owner: string | undefined): string =>
  owner === undefined ? streamId : `${Base64Url.encode(owner)}:${streamId}`

const invalidId = (streamId: string): Model.StreamStoreError =>
  new Model.StreamStoreError({
    reason: "InvalidId",
    streamId: streamId.slice(0, 64),
    message: `Not a stream id: ${JSON.stringify(streamId.slice(0, 64))}${
      streamId.length > 64 ? ` (${streamId.length} characters)` : ""
    }; an id is 1 to ${maxIdLength} letters, digits, "-", "_", "." or "~"`
  })

/** An owner is set by the application, not the browser: an empty one is a missing session, not an owner. */
const invalidOwner = (streamId: string, owner: string): Model.StreamStoreError =>
  new Model.StreamStoreError({
    reason: "InvalidId",
    streamId,
    message: `A stream's owner is 1 to ${maxOwnerLength} characters (this one has ${owner.length})`
  })

const isValidOwner = (owner: string | undefined): boolean =>
  owner === undefined || (owner.length > 0 && owner.length <= maxOwnerLength)

/** Why an operation is refused before the store runs it (`undefined`: it is not); built only when it is. */
const refused = <F>(
  streamId: string,
  options: Model.OwnerOptions | undefined,
  noOwner: (streamId: string, owner: string) => Effect.Effect<never, F>
): Effect.Effect<never, Model.StreamStoreError | F> | undefined =>
  !isValidId(streamId)
    ? Effect.fail(invalidId(streamId))
    : isValidOwner(options?.owner)
    ? undefined
    : noOwner(streamId, options?.owner ?? "")

/** A store's verbs as it makes them, before `guarded` checks their ids and makes its `stopped`. */
export type Unguarded = Omit<Model.Service, "stopped" | "onStopUnsafe"> & {
  readonly onStopUnsafe: Model.OnStopUnsafe
}

const none = (streamId: string) => Effect.fail(Model.notFound(streamId))

/** The optional verbs of `service` (those it has), each checking its stream id and owner first. */
const guardedOptional = (
  service: Pick<Model.Service, "tail" | "write" | "delete" | "expire">
): Pick<Model.Service, "tail" | "write" | "delete" | "expire"> => ({
  ...(service.tail === undefined ? {} : {
    tail: (streamId: string, options?: Model.OwnerOptions) =>
      refused(streamId, options, none) ?? service.tail!(streamId, options)
  }),
  ...(service.write === undefined ? {} : {
    write: (streamId: string, chunks: ReadonlyArray<Model.StoredChunk>, options: Model.WriteOptions) =>
      refused(streamId, options, none) ?? service.write!(streamId, chunks, options)
  }),
  ...(service.delete === undefined ? {} : {
    delete: (streamId: string, options?: Model.OwnerOptions) =>
      refused(streamId, options, none) ?? service.delete!(streamId, options)
  }),
  ...(service.expire === undefined ? {} : {
    expire: (streamId: string, at: number, options?: Model.OwnerOptions) =>
      refused(streamId, options, none) ?? service.expire!(streamId, at, options)
  })
})

/**
 * A store whose every operation first checks its stream id (`isValidId`), failing with `InvalidId`, and its
 * owner (1 to `maxOwnerLength` characters): a stream cannot be created with another (`InvalidId`), so any
 * other operation with one finds no stream (`StreamNotFound`; `stopped` never completes, `onStopUnsafe` never calls
 * back). Its `stopped` is made of the store's `onStopUnsafe`; a `create` reading a key that is not an id's form is
 * refused as a `put` of it is, before any stream is created.
 */
export const guarded = (
  service: Unguarded
): Model.Service => ({
  ...guardedVerbs(service),
  create: (streamId, options) =>
    refused(streamId, options, noOwner) ??
      (options?.read === undefined || isValidId(options.read)
        ? service.create(streamId, options)
        : Effect.fail(invalidId(options.read)))
})

const noOwner = (streamId: string, owner: string) => Effect.fail(invalidOwner(streamId, owner))

/** `guarded`'s verbs but `create`. */
const guardedVerbs = (
  service: Unguarded
): Omit<Model.Service, "create"> => ({
  ttl: service.ttl,
  append: (streamId, chunks, options) => refused(streamId, options, none) ?? service.append(streamId, chunks, options),
  end: (streamId, reason, options) => refused(streamId, options, none) ?? service.end(streamId, reason, options),
  read: (streamId, options) => refused(streamId, options, none) ?? service.read(streamId, options),
  stop: (streamId, options) => refused(streamId, options, none) ?? service.stop(streamId, options),
  ...guardedOptional(service),
  stopped: (streamId, options) =>
    refused(streamId, options, () => Effect.never) ??
      Effect.callback<void>((resume) =>
        Effect.sync(service.onStopUnsafe(streamId, options, () => resume(Effect.void)))
      ),
  onStopUnsafe: (streamId, options, onStop) =>
    isValidId(streamId) && isValidOwner(options?.owner) ? service.onStopUnsafe(streamId, options, onStop) : constVoid,
  // Claim keys are the library's own (digests), not stream ids.
  claim: service.claim,
  put: (key, value, options) => refused(key, options, noOwner) ?? service.put(key, value, options),
  swap: (key, expected, value, options) =>
    refused(key, options, noOwner) ?? service.swap(key, expected, value, options),
  // Another owner's key, or one no owner may hold: nothing is kept under it.
  get: (key, options) =>
    !isValidId(key)
      ? Effect.fail(invalidId(key))
      : isValidOwner(options?.owner)
      ? service.get(key, options)
      : Effect.undefined
})
