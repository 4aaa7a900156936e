/**
 * Writing to a Node `http.ServerResponse` as fast as its client reads: each piece written as it comes, the next
 * pulled once the socket has taken what was written (`drain`), and the writing stopped when the client goes away
 * (`closed`). What `SseNodeResponse` (`toNodeResponse`, AG-UI's too) and `ChatEndpoint`'s Node handler write with: a
 * stream's pulls, or a Web `Response`.
 *
 * @internal
 */
import type * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import type * as Pull from "effect/Pull"
import type * as HandOff from "../store/HandOff.js"

/**
 * What writing needs of a Node `http.ServerResponse` (which has it all), as `UIServing.NodeResponse` says to users:
 * no type of `node:http`, so that a program without `@types/node` type-checks.
 */
export interface NodeResponse {
  readonly destroyed: boolean
  readonly headersSent: boolean
  /** Writes the status and headers; a header given several times (`set-cookie`) is an array of its values. */
  writeHead(status: number, headers: Record<string, string | Array<string>>): unknown
  /** Writes bytes, or text as UTF-8 (the events are written as text: Node encodes them as it sends them). */
  write(chunk: Uint8Array | string): boolean
  end(chunk?: Uint8Array | string): unknown
  /** Closes the connection at once: a body that failed halfway is cut, not ended as if it were whole. */
  destroy(): unknown
  once(event: "drain" | "close", listener: () => void): unknown
  off(event: "drain" | "close", listener: () => void): unknown
}

/** Resolves when the response's connection closes (at once if it is already gone). */
export const closed = (res: NodeResponse): Effect.Effect<void> =>
  Effect.callback<void>((resume) => {
    if (res.destroyed) return resume(Effect.void)
    const onClose = () => resume(Effect.void)
    res.once("close", onClose)
    return Effect.sync(() => res.off("close", onClose))
  })

/** Resolves when the socket has taken what was written (`drain`). */
export const drained = (res: NodeResponse): Effect.Effect<void> =>
  Effect.callback<void>((resume) => {
    const onDrain = () => resume(Effect.void)
    res.once("drain", onDrain)
    return Effect.sync(() => res.off("drain", onDrain))
  })

/** A Web `Headers` as the record `writeHead` takes, each cookie a header of its own. */
export const headerRecord = (headers: Headers): Record<string, string | Array<string>> => {
  const record: Record<string, string | Array<string>> = Object.fromEntries(headers)
  const cookies = headers.getSetCookie()
  if (cookies.length > 1) record["set-cookie"] = cookies
  return record
}

/**
 * Writes what each pull gives (`write` says whether the socket can take more) until the stream ends, waiting for
 * `drain` only when the socket is full (`ready` false: the last write filled it); succeeds with how the stream
 * ended. One Effect step per pull, no generator and no `Exit` per pull: under load every model delta is a pull of
 * its own.
 */
export const writePulls = <A, E, R>(
  pull: Pull.Pull<A, E, void, R>,
  res: NodeResponse,
  ready: boolean,
  write: (piece: A) => boolean
): Effect.Effect<Cause.Cause<E | Cause.Done>, never, R> => {
  const next: Effect.Effect<Cause.Cause<E | Cause.Done>, never, R> = Effect.matchCauseEffect(pull, {
    onSuccess: (piece) => write(piece) ? next : Effect.andThen(drained(res), next),
    onFailure: Effect.succeed
  })
  return ready ? next : Effect.andThen(drained(res), next)
}

/**
 * Writes a stored stream as `writePulls` does, but hands off (`HandOff`) each time it has written all there is: what
 * is appended meanwhile is written by `write` in the call that appended it, this fiber waiting once, until the socket
 * is full (then for `drain`) or the stream ends (then pulled). Succeeds with how the stream ended.
 */
export const writeHandedOff = <A, E, R>(
  pull: Pull.Pull<ReadonlyArray<A>, E, void, R>,
  handOff: HandOff.HandOff<A>,
  res: NodeResponse,
  ready: boolean,
  write: (batch: ReadonlyArray<A>) => boolean
): Effect.Effect<Cause.Cause<E | Cause.Done>, never, R> => {
  // A client gone meanwhile takes nothing more: its writer is about to be interrupted (`closed`).
  const take = (page: ReadonlyArray<A>) => !res.destroyed && write(page)
  const handedOff: Effect.Effect<Cause.Cause<E | Cause.Done>, never, R> = Effect.flatMap(
    Effect.suspend(() => handOff(take)),
    (ended) => ended === "Full" ? Effect.andThen(drained(res), handedOff) : pulled
  )
  const pulled: Effect.Effect<Cause.Cause<E | Cause.Done>, never, R> = Effect.matchCauseEffect(pull, {
    onSuccess: (piece) => write(piece) ? handedOff : Effect.andThen(drained(res), handedOff),
    onFailure: Effect.succeed
  })
  return ready ? handedOff : Effect.andThen(drained(res), handedOff)
}

/** A Web `Response` written to `res` piece by piece; its body cancelled if the client goes away first. */
export const writeWeb = (response: Response, res: NodeResponse): Effect.Effect<void> =>
  Effect.suspend(() => {
    // A response already started (a failure after its first bytes) can only be ended.
    if (res.headersSent) {
      void response.body?.cancel().catch(() => {})
      return Effect.sync(() => void res.end())
    }
    res.writeHead(response.status, headerRecord(response.headers))
    if (response.body === null) return Effect.sync(() => void res.end())
    const reader = response.body.getReader()
    return Effect.gen(function*() {
      while (true) {
        const piece = yield* Effect.tryPromise(() => reader.read())
        if (piece.done) return void res.end()
        if (!res.write(piece.value)) yield* drained(res)
      }
    }).pipe(
      Effect.catch(() =>
        Effect.sync(() => {
          void reader.cancel().catch(() => {})
          res.destroy()
        })
      ),
      Effect.raceFirst(closed(res)),
      // The client went away (the race ends with `closed`, not an interruption), or the writer was interrupted: the
      // body is cancelled, which stops what makes it (a stream's response interrupts the stream). A body read to its
      // end takes the cancel as a no-op.
      Effect.ensuring(Effect.sync(() => void reader.cancel().catch(() => {})))
    )
  })
