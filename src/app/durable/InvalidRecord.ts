/**
 * A record of a durable run that the engine's storage gives back but that is not what this library wrote (changed on
 * disk, or written by another program): the run cannot go on from it, and trying again reads the same record. The
 * engine decodes each record with the Schema it was written with, and dies when it cannot (a `SchemaError`, or its
 * storage's `MalformedMessage`, or a `PersistenceError` for a reply that is not JSON); the loop decodes a step's
 * response and prices itself (`StoredResponse`). Either way the run, and `run` or `approve`,
 * fail with `DurableLoopError` (`InvalidRecord`): one plain sentence, the same for every record, and what did not
 * decode in the server's log only. A record that is gone (a reply deleted, its request still marked done:
 * `LostReplies`) fails `run` the same way, with a sentence of its own.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as ErrorReport from "../../core/http/ErrorReport.js"
import { DurableLoopError } from "./DurableLoopError.js"

/** What a person is told. */
export const message = "A stored record of the run cannot be read (it was changed, or not written by this " +
  "library): the run cannot go on, and trying again will not help"

/** What a person is told of a record that is gone. */
export const missingMessage = "A stored record of the run is missing (it was deleted, not by this library): the " +
  "run cannot go on, and trying again will not help"

/** The name of the cluster's `MalformedMessage`, which it keeps as a run's stored defect, read back. */
const malformed = "~effect/cluster/ClusterError/MalformedMessage"

/**
 * What a failure or defect says of a record that did not decode, or `undefined`: a `SchemaError` (the engine's, or
 * the loop's); the cluster's storage's `MalformedMessage` (a message or reply that does not decode: a run's payload
 * is decoded before its body runs, and its defect stored as the run's end), or its `PersistenceError` over a
 * `SyntaxError` (a reply that is not JSON).
 */
const unreadableOf = (error: unknown): string | undefined => {
  if (Schema.isSchemaError(error)) return error.message
  if (typeof error !== "object" || error === null) return undefined
  const cause = "cause" in error ? error.cause : undefined
  if (("_tag" in error && error._tag === "MalformedMessage") || ("name" in error && error.name === malformed)) {
    return Schema.isSchemaError(cause) ? cause.message : "a message that does not decode"
  }
  const notJson = "_tag" in error && error._tag === "PersistenceError" && cause instanceof SyntaxError
  return notJson ? "a record that is not JSON" : undefined
}

/** What did not decode in `cause`, from its failures and defects. */
const unreadable = (cause: Cause.Cause<unknown>): ReadonlyArray<string> =>
  cause.reasons.flatMap((reason) => {
    const error = reason._tag === "Fail" ? reason.error : reason._tag === "Die" ? reason.defect : undefined
    const unread = unreadableOf(error)
    return unread === undefined ? [] : [unread]
  })

/** Whether `cause` holds a record that did not decode. */
export const isUnreadable = (cause: Cause.Cause<unknown>): boolean => unreadable(cause).length > 0

/** The failure of the run `executionId` whose record did not decode (`cause`), what did not logged. */
export const failure = (executionId: string, cause: Cause.Cause<unknown>): Effect.Effect<DurableLoopError> =>
  Effect.as(
    Effect.logError(
      `durable loop ${ErrorReport.loggable(executionId, 64)}: a stored record cannot be read`,
      ErrorReport.loggable(unreadable(cause).join("\n"))
    ),
    new DurableLoopError({ reason: "InvalidRecord", executionId, message })
  )

/** The failure of the run `executionId` whose requests `keys` lost their replies (`LostReplies`), those logged. */
export const missing = (executionId: string, keys: ReadonlyArray<string>): Effect.Effect<DurableLoopError> =>
  Effect.as(
    Effect.logError(
      `durable loop ${ErrorReport.loggable(executionId, 64)}: stored replies are missing, their requests marked done`,
      ErrorReport.loggable(keys.join(", "))
    ),
    new DurableLoopError({ reason: "InvalidRecord", executionId, message: missingMessage })
  )

/** `effect` with a record it could not decode (a `SchemaError`, failure or defect) as `InvalidRecord`. */
export const checked =
  (executionId: string) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, Exclude<E, Schema.SchemaError> | DurableLoopError, R> =>
    Effect.catchCause(
      effect,
      (cause): Effect.Effect<never, Exclude<E, Schema.SchemaError> | DurableLoopError> =>
        isUnreadable(cause)
          ? Effect.flatMap(failure(executionId, cause), Effect.fail)
          : Effect.failCause(cause as Cause.Cause<Exclude<E, Schema.SchemaError>>)
    )
