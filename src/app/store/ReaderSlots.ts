/**
 * The readers a store serves on this instance, bounded: at most `maxReadersPerStream` read one stream (of one owner)
 * at once, and at most `maxReadersPerOwner` read an owner's streams. Each reader holds a fiber, a wait and (served)
 * a client's socket, so a page reconnecting in a loop without closing, or a client opening thousands, would
 * otherwise hold as many. A reader takes its slot as its stream starts and gives it back as its stream ends, however
 * it ends (its client gone: its response interrupted); a read past a bound is refused with `TooManyReaders` before
 * the store is asked (a `429` from a route), or, when readers raced past the check, as its stream starts. Readers
 * already reading are never cut. A `brief` read (a page of what is stored, a lookup, ended by its caller within a
 * bound of its own) holds no wait past that bound and takes no slot: a server's writes and catch-up reads of a
 * stream go on while its live readers fill its bound.
 *
 * @internal
 */
import * as Channel from "effect/Channel"
import * as Effect from "effect/Effect"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as HandOff from "./HandOff.js"
import * as Model from "./StreamStoreModel.js"

/** The bounds on readers at once, on this instance. */
export interface Bounds {
  readonly maxReadersPerStream: number
  readonly maxReadersPerOwner: number
}

/** The counts of readers reading now: by stream (of its owner) and by owner; an entry at zero is removed. */
class Slots {
  readonly streams = new Map<string, number>()
  readonly owners = new Map<string, number>()
  readonly bounds: Bounds
  constructor(bounds: Bounds) {
    this.bounds = bounds
  }

  /** The bound a reader of `streamId` (of `owner`) meets now, in words; `undefined` if it meets none. */
  full(streamId: string, owner: string | undefined): string | undefined {
    const { maxReadersPerOwner, maxReadersPerStream } = this.bounds
    if ((this.streams.get(keyOf(streamId, owner)) ?? 0) >= maxReadersPerStream) {
      return `maxReadersPerStream: ${maxReadersPerStream} readers read it`
    }
    if (owner !== undefined && (this.owners.get(owner) ?? 0) >= maxReadersPerOwner) {
      return `maxReadersPerOwner: ${maxReadersPerOwner} readers read its owner's streams`
    }
    return undefined
  }

  /** Takes a slot for a reader of `streamId`, or gives why not; `release` gives it back. */
  take(streamId: string, owner: string | undefined): string | undefined {
    const full = this.full(streamId, owner)
    if (full !== undefined) return full
    add(this.streams, keyOf(streamId, owner), 1)
    if (owner !== undefined) add(this.owners, owner, 1)
    return undefined
  }

  release(streamId: string, owner: string | undefined): void {
    add(this.streams, keyOf(streamId, owner), -1)
    if (owner !== undefined) add(this.owners, owner, -1)
  }
}

/** The key of a stream of an owner (a stream id has no newline: `StreamIds.isValidId`). */
const keyOf = (streamId: string, owner: string | undefined) => owner === undefined ? streamId : `${streamId}\n${owner}`

const add = (counts: Map<string, number>, key: string, by: number) => {
  const count = (counts.get(key) ?? 0) + by
  if (count > 0) counts.set(key, count)
  else counts.delete(key)
}

/**
 * A reader of `streamId` refused, as `full` says, logged in one line: the bound it met, neither its stream id (a
 * bearer secret) nor its owner.
 */
const refuse = (streamId: string, full: string) =>
  Effect.andThen(
    Effect.logWarning(`stream store: a reader was refused on this instance (${full})`),
    Effect.fail(Model.tooManyReaders(streamId, full))
  )

/**
 * A slot of `slots` taken for a reader of `streamId`, given back as `scope` closes; or why not. The slot is taken and
 * its release added at once, uninterruptibly: a reader interrupted between them (its fiber yielding there as its client
 * goes) would keep its slot for good.
 */
const slotIn = (slots: Slots, streamId: string, owner: string | undefined, scope: Scope.Scope) =>
  Effect.uninterruptible(Effect.suspend(() => {
    const full = slots.take(streamId, owner)
    if (full !== undefined) return Effect.succeed(full)
    return Effect.as(Scope.addFinalizer(scope, Effect.sync(() => slots.release(streamId, owner))), undefined)
  }))

/**
 * `stream`, holding a slot of `slots` from its start to its end: a stream run past a bound fails with
 * `TooManyReaders` at once. It hands off as `stream` does.
 */
const counted = <A, E>(
  slots: Slots,
  stream: Stream.Stream<A, E>,
  streamId: string,
  owner: string | undefined
): Stream.Stream<A, E | Model.StreamStoreError> =>
  HandOff.answering(
    Stream.fromChannel(Channel.fromTransform((upstream, scope) =>
      Effect.flatMap(
        slotIn(slots, streamId, owner, scope),
        (full) =>
          full !== undefined
            ? refuse(streamId, full)
            : Channel.toTransform(Stream.toChannel(stream))(upstream, scope)
      )
    )),
    { from: stream }
  )

/** `service`, its readers bounded by `bounds` on this instance (see the module). */
export const bounded = (service: Model.Service, bounds: Bounds): Model.Service => {
  const slots = new Slots(bounds)
  return {
    ...service,
    read: (streamId, options) => {
      if (options?.brief === true) return service.read(streamId, options)
      const full = slots.full(streamId, options?.owner)
      if (full !== undefined) return refuse(streamId, full)
      return Effect.map(service.read(streamId, options), (stream) => counted(slots, stream, streamId, options?.owner))
    }
  }
}
