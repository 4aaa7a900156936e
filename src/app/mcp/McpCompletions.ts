/**
 * What a connection hears of the pages its 2025-11-25 server asked the user to open: the `elicitationId`s the server
 * issued in a call's URL questions (a `URLElicitationRequiredError`'s, or those asked within the call: `McpCall`), and
 * the server's `notifications/elicitation/complete` naming them. The user's accept is consent to open a page, not the
 * end of what is done there (client/elicitation, "URL Mode Elicitation Requests": "It does not mean that the
 * interaction is complete"); the server MAY send the notification once it is, and the client MAY wait for it to retry
 * ("Completion Notifications for URL Mode Elicitation"), never indefinitely. So the one retry after an accept waits,
 * at most its `wait`, for the question's ids to be heard complete (`McpInput`).
 *
 * Ids are the server's words: only those issued on this connection are waited for, a notification naming another (or
 * one already heard) is ignored (the spec: clients "MUST ignore notifications referencing unknown or already-completed
 * IDs"), and at most `256` are kept (the oldest forgotten). MCP 2026-07-28 removed the
 * notification (its changelog, item 11: the client learns the outcome by retrying), so its calls issue none.
 *
 * @internal
 */
import * as Deferred from "effect/Deferred"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Payload from "../../core/payload/Payload.js"
import * as McpBounds from "./McpBounds.js"

/** The method of a completion (schema.ts 2025-11-25, `ElicitationCompleteNotification`). */
export const method = "notifications/elicitation/complete"

/**
 * How a wait for a question's pages ended: every one `heard` complete; `unheard` within the wait; or `deaf`, no
 * completion can be heard here (an id not issued on this connection, as in a run resumed on another instance; or no
 * stream open to the server), so the wait is not made.
 */
export type Heard = "heard" | "unheard" | "deaf"

/** A connection's record of the pages its server asked to open and the completions it sent. */
export interface Completions {
  /** Records the ids of a call's URL questions, issued by the server for that call. */
  readonly issued: (ids: ReadonlyArray<string>) => void
  /** A server's completion's `params`: the id it names is complete where it was issued (else nothing). */
  readonly heard: (params: unknown) => void
  /** Waits at most `wait` for every one of `ids` to be heard complete; forgets them then. */
  readonly completed: (ids: ReadonlyArray<string>, wait: Duration.Input) => Effect.Effect<Heard>
}

/** A connection's record; `listening`: whether a completion can reach it now (the stdio pipe; an HTTP stream open). */
export const make = (listening: () => boolean): Completions => {
  // In the order issued, so that the oldest is forgotten first.
  const pending = new Map<string, Deferred.Deferred<void>>()
  return {
    issued: (ids) => {
      for (const id of ids) {
        pending.delete(id)
        pending.set(id, Deferred.makeUnsafe<void>())
        if (pending.size > McpBounds.call.maxIssuedIds) pending.delete(pending.keys().next().value!)
      }
    },
    heard: (params) => {
      const id: unknown = Payload.isRecord(params) ? params["elicitationId"] : undefined
      const done = typeof id === "string" ? pending.get(id) : undefined
      if (done !== undefined) Deferred.doneUnsafe(done, Effect.void)
    },
    completed: (ids, wait) =>
      Effect.suspend(() => {
        const waits = ids.map((id) => pending.get(id))
        const known = waits.filter((done) => done !== undefined)
        const forget = Effect.sync(() => ids.forEach((id) => pending.delete(id)))
        if (ids.length === 0 || known.length < ids.length) return Effect.as(forget, "deaf" as const)
        const all = Effect.forEach(known, Deferred.await, { discard: true })
        if (!listening() && !known.every(Deferred.isDoneUnsafe)) return Effect.as(forget, "deaf" as const)
        return Effect.timeoutOption(all, wait).pipe(
          Effect.map((done): Heard => done._tag === "Some" ? "heard" : "unheard"),
          Effect.ensuring(forget)
        )
      })
  }
}
