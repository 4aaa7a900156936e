/**
 * The latest run of an AG-UI thread, as the `StreamStore` keeps it: a small value under a digest of the thread's id
 * (and its owner), naming the run, the interrupts its input answered and those it paused with. `readRunInput` takes a
 * `resume` of the interrupts the latest run paused with (its run then the latest), or, while that run has not paused,
 * of the ones its input answered (a second tab answering the same pause, or a retry: its run a sibling of the latest,
 * told by the interrupts' single use that they were used before); any other, an interrupt of a run the thread has
 * moved past (another tab went on without it, or the answer paused again since), is refused, nothing kept. `fromSteps`
 * adds the interrupts a run pauses with while it is the latest (or a sibling of it). A thread the store holds no value
 * for (never kept, past its time, a store that failed to answer) cannot be told apart: its resume is answered as the
 * signed history and the interrupts' single use allow.
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

/** The most interrupt ids a thread's value keeps of each kind (a resume answers at most 64): the latest. */
const maxInterrupts = 128

/** The most sibling runs a thread's value names (runs answering the same pause): the latest. */
const maxRuns = 16

/**
 * What the store keeps for a thread: its latest run's id (with its siblings', runs whose inputs answered the same
 * interrupts), the interrupts its input answered, and those it paused with.
 */
interface Latest {
  readonly runs: ReadonlyArray<string>
  readonly answered: ReadonlyArray<string>
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

/** Whether `value` is a list of at most `max` strings. */
const isIds = (value: unknown, max: number): value is ReadonlyArray<string> =>
  Array.isArray(value) && value.length <= max && value.every((id) => typeof id === "string")

/** A kept value as a thread's latest run; anything else (not as this library keeps it) as none. */
const latestOf = (value: unknown): Latest | undefined => {
  if (typeof value !== "object" || value === null) return undefined
  const { answered, interrupts, runs } = value as Record<string, unknown>
  return isIds(runs, maxRuns) && isIds(answered, maxInterrupts) && isIds(interrupts, maxInterrupts)
    ? { runs, answered, interrupts }
    : undefined
}

/** What the store holds for a thread: the value (`kept`, what a `swap` expects), read as its latest run. */
interface Read {
  readonly kept: unknown
  readonly latest: Latest | undefined
}

/** The thread's value as kept; `undefined` when the store cannot be read (logged). */
const read = (thread: Thread): Effect.Effect<Read | undefined> =>
  Effect.gen(function*() {
    const store = yield* StreamStore.StreamStore
    const kept = yield* store.get(yield* keyOf(thread.threadId), { owner: thread.owner })
    return { kept, latest: latestOf(kept) }
  }).pipe(
    Effect.catch((error) =>
      Effect.as(Effect.logWarning(`AG-UI: a thread's latest run could not be read: ${error.message}`), undefined)
    )
  )

/**
 * Keeps `latest` as the thread's latest run, if the store still holds `kept` there (`swap`, one step on every
 * instance; without `kept`, a store not read, whatever it holds), for as long as the interrupts it names are
 * answerable (the signing key's `approvalTtl`) or the store keeps a stream (its `ttl`), whichever is longer. `false`
 * if another run's write came first; a store that refuses it is logged (`true`: there is nothing to try again).
 */
const write = (thread: Thread, latest: Latest, kept?: Read): Effect.Effect<boolean> =>
  Effect.gen(function*() {
    const store = yield* StreamStore.StreamStore
    const key = yield* SigningKey.Signing
    const options = { owner: thread.owner, ttl: Duration.max(store.ttl, key.approvalTtl) }
    const at = yield* keyOf(thread.threadId)
    if (kept === undefined) return yield* Effect.as(store.put(at, latest, options), true)
    return yield* store.swap(at, kept.kept, latest, options)
  }).pipe(
    Effect.catch((error) =>
      Effect.as(Effect.logWarning(`AG-UI: a thread's latest run could not be kept: ${error.message}`), true)
    )
  )

/** How many times a run's change of its thread's value is tried while other runs' writes come first. */
const maxAttempts = 16

/**
 * Changes the thread's value as `next` says of the one read (`undefined`: leaves it), read and swapped again while
 * another run's write comes between; past `maxAttempts`, the thread is busy (another run writes it without end).
 */
const change = <E>(
  thread: Thread,
  next: (latest: Latest | undefined) => Effect.Effect<Latest | undefined, E>
): Effect.Effect<void, E | ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const kept = yield* read(thread)
      const latest = yield* next(kept?.latest)
      if (latest === undefined || (yield* write(thread, latest, kept))) return
      // Another run's write came between: a short wait, so that two runs that met do not meet again at once.
      yield* Effect.sleep(Duration.millis(Math.floor(Math.random() * 5 * (attempt + 1))))
    }
    return yield* Effect.fail(busy())
  })

/** The refusal of a run whose thread other runs kept changing as it started, in words for a person. */
const busy = (): ProviderError.InvalidRequestError =>
  new ProviderError.InvalidRequestError({
    provider: Provider.browser,
    message: "This thread is changing in another tab; wait a moment and send again.",
    parameter: "threadId",
    status: 409
  })

/** The refusal of a resume of an interrupt the thread has moved past, naming the entry; in words for a person. */
export const movedPast = (field: string): ProviderError.InvalidRequestError =>
  new ProviderError.InvalidRequestError({
    provider: Provider.browser,
    message: "This answer was replaced in another tab; reload to see the thread's current answer.",
    parameter: field,
    status: 409
  })

/**
 * Starts `runId` as the thread's latest run, answering `interruptIds` (a resume's entries, in order): the interrupts
 * the latest run paused with, or, while it has not paused, those its input answered (`runId` then its sibling);
 * refused with `movedPast` (a 409 naming `resume[i].interruptId`) when one is not, and nothing kept then. A resume
 * checks and keeps in one step of the store (`change`): a run that moved the thread on meanwhile is seen.
 */
export const start = (
  thread: Thread,
  runId: string,
  interruptIds: ReadonlyArray<string>
): Effect.Effect<void, ProviderError.InvalidRequestError> =>
  interruptIds.length === 0
    ? Effect.asVoid(write(thread, { runs: [runId], answered: [], interrupts: [] }))
    : change(thread, (latest) => {
      const answerable = latest === undefined ? [] : latest.interrupts.length > 0 ? latest.interrupts : latest.answered
      const stale = latest === undefined ? -1 : interruptIds.findIndex((id) => !answerable.includes(id))
      if (stale !== -1) return Effect.fail(movedPast(`resume[${stale}].interruptId`))
      const sibling = latest !== undefined && latest.interrupts.length === 0
      return Effect.succeed({
        runs: sibling ? [...latest.runs, runId].slice(-maxRuns) : [runId],
        answered: sibling ? latest.answered : interruptIds.slice(-maxInterrupts),
        interrupts: []
      })
    })

/**
 * Adds the interrupts `runId` paused with to the thread's latest run, if it still is that run or a sibling of it (or
 * none is kept): `runId` is then the latest. Checked and kept in one step of the store (`change`); a thread busy past
 * its attempts is logged, the pause not kept.
 */
const paused = (thread: Thread, runId: string, interruptIds: ReadonlyArray<string>): Effect.Effect<void> =>
  change(thread, (latest) => {
    if (latest !== undefined && !latest.runs.includes(runId)) return Effect.undefined
    const interrupts = [...latest?.interrupts ?? [], ...interruptIds].slice(-maxInterrupts)
    return Effect.succeed({ runs: [runId], answered: latest?.answered ?? [], interrupts })
  }).pipe(
    Effect.catch((error) => Effect.logWarning(`AG-UI: a run's pause could not be kept: ${error.message}`))
  )

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
