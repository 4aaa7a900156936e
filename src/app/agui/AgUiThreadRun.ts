/**
 * The latest run of an AG-UI thread, as the `StreamStore` keeps it: a small value under a digest of the thread's id
 * (and its owner), naming the run and the interrupts it may be resumed with, those its input answered (a second tab
 * answering one of them is told it was used before) and those it ended with when it paused. `readRunInput` refuses a
 * `resume` naming any other, an interrupt of a run the thread has moved past (another tab went on without it), then
 * keeps its input's run as the thread's latest; `fromSteps` adds the interrupts a run pauses with while it is the
 * latest. A thread the store holds no value for (never kept, past its time, a store that failed to answer) cannot be
 * told apart: its resume is answered as the signed history and the interrupts' single use allow.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Provider from "../../core/Provider.js"
import * as ProviderError from "../../core/ProviderError.js"
import * as SigningKey from "../signing/SigningKey.js"
import * as StreamStore from "../store/StreamStore.js"
import type * as AgUiEvent from "./AgUiEvent.js"

/** The most interrupt ids a thread's value keeps (a resume answers at most 64): the latest. */
const maxInterrupts = 128

/** What the store keeps for a thread: its latest run's id, and the interrupts that run may be resumed with. */
interface Latest {
  readonly run: string
  readonly interrupts: ReadonlyArray<string>
}

/** A thread, as its runs name it: its id and whose it is. */
export interface Thread {
  readonly threadId: string
  readonly owner?: string | undefined
}

/** Where a thread's latest run is kept: a digest of its id (any id a client sends is a key the store takes). */
const keyOf = (threadId: string): Effect.Effect<string> =>
  Effect.map(SigningKey.digest(`effect-llm-stream/agui-thread/v1\n${threadId}`), (digest) => `agui-thread.${digest}`)

/** A kept value as a thread's latest run; anything else (not as this library keeps it) as none. */
const latestOf = (value: unknown): Latest | undefined => {
  if (typeof value !== "object" || value === null) return undefined
  const { interrupts, run } = value as { readonly run?: unknown; readonly interrupts?: unknown }
  return typeof run === "string" && Array.isArray(interrupts) && interrupts.length <= maxInterrupts &&
      interrupts.every((id) => typeof id === "string")
    ? { run, interrupts }
    : undefined
}

/** The thread's latest run as kept; none when the store holds none or cannot be read (logged). */
const read = (thread: Thread): Effect.Effect<Latest | undefined> =>
  Effect.gen(function*() {
    const store = yield* StreamStore.StreamStore
    return latestOf(yield* store.get(yield* keyOf(thread.threadId), { owner: thread.owner }))
  }).pipe(
    Effect.catch((error) =>
      Effect.as(Effect.logWarning(`AG-UI: a thread's latest run could not be read: ${error.message}`), undefined)
    )
  )

/**
 * Keeps `latest` as the thread's latest run, as long as the interrupts it names are answerable (the signing key's
 * `approvalTtl`) or the store keeps a stream (its `ttl`), whichever is longer; a store that refuses it is logged.
 */
const write = (thread: Thread, latest: Latest): Effect.Effect<void> =>
  Effect.gen(function*() {
    const store = yield* StreamStore.StreamStore
    const key = yield* SigningKey.Signing
    const ttl = Duration.max(store.ttl, key.approvalTtl)
    yield* store.put(yield* keyOf(thread.threadId), latest, { owner: thread.owner, ttl })
  }).pipe(
    Effect.catch((error) => Effect.logWarning(`AG-UI: a thread's latest run could not be kept: ${error.message}`))
  )

/** The refusal of a resume of an interrupt the thread has moved past, naming the entry; in words for a person. */
export const movedPast = (field: string): ProviderError.InvalidRequestError =>
  new ProviderError.InvalidRequestError({
    provider: Provider.browser,
    message: "This answer was replaced in another tab; reload to see the thread's current answer.",
    parameter: field,
    status: 409
  })

/**
 * Starts `runId` as the thread's latest run, answering `interruptIds` (a resume's entries, in order): refused with
 * `movedPast` (a 409 naming `resume[i].interruptId`) when one is not an interrupt of the thread's latest run, and
 * nothing kept then.
 */
export const start = (
  thread: Thread,
  runId: string,
  interruptIds: ReadonlyArray<string>
): Effect.Effect<void, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const latest = interruptIds.length === 0 ? undefined : yield* read(thread)
    const stale = latest === undefined ? -1 : interruptIds.findIndex((id) => !latest.interrupts.includes(id))
    if (stale !== -1) return yield* Effect.fail(movedPast(`resume[${stale}].interruptId`))
    yield* write(thread, { run: runId, interrupts: interruptIds.slice(-maxInterrupts) })
  })

/** Adds the interrupts `runId` paused with to the thread's latest run, if it still is that run (or none is kept). */
const paused = (thread: Thread, runId: string, interruptIds: ReadonlyArray<string>): Effect.Effect<void> =>
  Effect.gen(function*() {
    const latest = yield* read(thread)
    if (latest !== undefined && latest.run !== runId) return
    const interrupts = [...latest?.interrupts ?? [], ...interruptIds].slice(-maxInterrupts)
    yield* write(thread, { run: runId, interrupts })
  })

/** The interrupts of a run's `RUN_FINISHED` among `events`, if it paused. */
const interruptsOf = (events: ReadonlyArray<AgUiEvent.Event>): ReadonlyArray<string> | undefined => {
  for (const event of events) {
    if (event.type === "RUN_FINISHED" && event.outcome?.type === "interrupt") {
      return event.outcome.interrupts.map((interrupt) => interrupt.id)
    }
  }
  return undefined
}

/**
 * A run's events, the interrupts it pauses with kept as its thread's before its `RUN_FINISHED` goes on (a client
 * never holds an interrupt its thread's value does not name yet).
 */
export const recording = <E, R>(
  self: Stream.Stream<AgUiEvent.Event, E, R>,
  thread: Thread & { readonly runId: string }
): Stream.Stream<AgUiEvent.Event, E, R> =>
  Stream.mapArrayEffect(self, (events) => {
    const interrupts = interruptsOf(events)
    return interrupts === undefined
      ? Effect.succeed(events)
      : Effect.as(paused(thread, thread.runId, interrupts), events)
  })
