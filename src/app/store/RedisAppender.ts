/**
 * Appends of an instance's writers, coalesced: chunks appended in the same turn of the event loop (or while two
 * script calls are under way), to any number of streams, go to Redis in one call of `RedisScripts.append`. At most
 * two calls are under way at once, so a busy instance sends bigger calls, not more of them.
 */
import * as Effect from "effect/Effect"
import * as Model from "./StreamStoreModel.js"

/** The index of the first chunk appended, -1 (no such stream), -2 (it has ended), or the call's failure. */
export type Result = number | Model.StreamStoreError

/** What `result`, the append script's for the stream `streamId`, means if it failed. */
export const failureOf = (
  result: Result,
  streamId: string
): Model.StreamStoreError | Model.StreamNotFound | undefined =>
  typeof result !== "number"
    ? result
    : result === -1
    ? Model.notFound(streamId)
    : result === -2
    ? Model.ended(streamId)
    : undefined

/** One writer's append (its generation empty: whichever is stored): its chunks' JSON, and what is told its result. */
export interface Job {
  readonly key: string
  readonly generation: string
  readonly expire: boolean
  readonly chunks: ReadonlyArray<string>
  readonly done: (result: Result) => void
}

/** The most chunks one call carries, and the most script calls under way at once. */
const maxChunksPerCall = 4_096
const maxCallsUnderWay = 2

/**
 * When the pending appends go: once the turn of the event loop that made them has run (`setImmediate`), with every
 * append of that turn. A writer waiting for each append before it takes its next chunk waits here for every chunk:
 * a window of 5 ms had the chunk lag's median at 22–33 ms at 300 answers at once (two cores) where the turn has it at
 * 16–19 ms, for one more script call per answer (bench/RESULTS.md, "Redis as fast as memory").
 */
const soon = (f: () => void): void => void (typeof setImmediate === "function" ? setImmediate(f) : setTimeout(f, 0))

/** How many of the first jobs of `pending` one call carries: at least one, then up to `maxChunksPerCall` chunks. */
const takenFrom = (pending: ReadonlyArray<Job>): number => {
  let taken = 0
  let chunks = 0
  while (taken < pending.length && (taken === 0 || chunks + pending[taken]!.chunks.length <= maxChunksPerCall)) {
    chunks += pending[taken++]!.chunks.length
  }
  return taken
}

/** The keys and arguments of the append script's call that appends the chunks of `jobs`. */
const callOf = (ttl: string, jobs: ReadonlyArray<Job>) => {
  const keys: Array<string> = []
  const args: Array<string> = [ttl]
  for (const job of jobs) {
    keys.push(job.key)
    args.push(job.generation, job.expire ? "1" : "0", String(job.chunks.length))
    for (const chunk of job.chunks) args.push(chunk)
  }
  return { keys, args }
}

/** Runs the append script on keys and arguments (on the store's command connection). */
type RunAppend = (
  keys: ReadonlyArray<string>,
  args: ReadonlyArray<string>
) => Effect.Effect<unknown, Model.StreamStoreError>

/** Sends appends to Redis (see `make`). */
export interface Appender {
  readonly send: (job: Job) => void
}

/** An appender running the append script with `append`. */
export const make = (options: { readonly ttl: string; readonly append: RunAppend }): Appender => {
  let pending: Array<Job> = []
  let underWay = 0
  let scheduled = false

  /** Sends the pending jobs (as many as one call carries), unless `maxCallsUnderWay` calls are under way. */
  const flush = (): void => {
    scheduled = false
    if (pending.length === 0 || underWay >= maxCallsUnderWay) return
    const taken = takenFrom(pending)
    const jobs = pending.slice(0, taken)
    pending = pending.slice(taken)
    underWay++
    const { args, keys } = callOf(options.ttl, jobs)
    Effect.runFork(
      options.append(keys, args).pipe(
        Effect.match({
          onFailure: (error) => jobs.forEach((job) => job.done(error)),
          onSuccess: (reply) =>
            jobs.forEach((job, i) => job.done(Array.isArray(reply) && typeof reply[i] === "number" ? reply[i] : -1))
        }),
        Effect.ensuring(Effect.sync(() => {
          underWay--
          next()
        }))
      )
    )
    next()
  }

  /** Schedules a flush after this turn of the event loop, if there is something to send and room to send it. */
  const next = (): void => {
    if (!scheduled && pending.length > 0 && underWay < maxCallsUnderWay) {
      scheduled = true
      soon(flush)
    }
  }

  /** Sends `job` with the chunks appended about the same time (in order: Redis runs a connection's calls in turn). */
  const send = (job: Job): void => {
    pending.push(job)
    next()
  }

  return { send }
}
