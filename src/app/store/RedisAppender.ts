/**
 * Appends of an instance's writers, coalesced: chunks appended close together (within a few milliseconds, or while
 * the previous script call is under way), to any number of streams, go to Redis in one call of `RedisScripts.append`.
 * At most two calls are under way at once, so a busy instance sends bigger calls, not more of them.
 */
import * as Effect from "effect/Effect"
import type * as Model from "./StreamStoreModel.js"

/** The index of the first chunk appended, -1 (no such stream), -2 (it has ended), or the call's failure. */
export type Result = number | Model.StreamStoreError

/** One writer's append (its generation empty: whichever is stored), and what is told its result. */
export interface Job {
  readonly key: string
  readonly generation: string
  readonly expire: boolean
  readonly chunks: ReadonlyArray<Model.StoredChunk>
  readonly done: (result: Result) => void
}

/** The most chunks one call carries, and the most script calls under way at once. */
const maxChunksPerCall = 4_096
const maxCallsUnderWay = 2

/**
 * How long an append waits for others to go with it. The readers on the writer's instance have its chunks when it is
 * sent, so the wait delays only the writer's next pull and readers on other instances; under a light load it turns a
 * round trip per chunk into one per window.
 */
const coalesceMillis = 5

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
    for (const chunk of job.chunks) args.push(JSON.stringify(chunk))
  }
  return { keys, args }
}

/** Runs the append script on keys and arguments (on the store's command connection). */
type RunAppend = (
  keys: ReadonlyArray<string>,
  args: ReadonlyArray<string>
) => Effect.Effect<unknown, Model.StreamStoreError>

/** An appender running the append script with `append`. */
export const make = (options: { readonly ttl: string; readonly append: RunAppend }) => {
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

  /** Schedules a flush `coalesceMillis` from now, if there is something to send and room to send it. */
  const next = (): void => {
    if (!scheduled && pending.length > 0 && underWay < maxCallsUnderWay) {
      scheduled = true
      setTimeout(flush, coalesceMillis)
    }
  }

  /** Sends `job` with the chunks appended about the same time (in order: Redis runs a connection's calls in turn). */
  const send = (job: Job): void => {
    pending.push(job)
    next()
  }

  return { send }
}
