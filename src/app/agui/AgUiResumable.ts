/**
 * Resumable AG-UI runs: the run goes on in the background, each event appended to the `StreamStore` (the UI message
 * stream's machinery, `UIResumable`), and every reader (the POST that started it, a reconnect after its last event's
 * `id:`, on any instance) reads the store, each event with its offset. A stop through the store ends the stored run
 * as a stop from within does: what was open closed, then `RUN_FINISHED` with the `cancelled` outcome.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Stream from "effect/Stream"
import type * as SteeringInbox from "../loop/SteeringInbox.js"
import * as HandOff from "../store/HandOff.js"
import * as StreamOffsets from "../store/StreamOffsets.js"
import * as StreamStore from "../store/StreamStore.js"
import * as UIErrorAnswer from "../ui/UIErrorAnswer.js"
import * as UIRedaction from "../ui/UIRedaction.js"
import * as UIResumable from "../ui/UIResumable.js"
import * as AgUiConverter from "./AgUiConverter.js"
import type * as AgUiEvent from "./AgUiEvent.js"

type Event = AgUiEvent.Event

/**
 * A stored event of a resumable run, with the offset just after it: the writers send it as the SSE event's `id:`,
 * which a reader resumes after (`resumeResponse`).
 *
 * @since 0.7.0
 * @category Resuming
 */
export type StoredEvent = StreamOffsets.Located<Event>

/**
 * What reading a stored run can fail with.
 *
 * @since 0.7.0
 * @category Resuming
 */
export type ReadError = StreamStore.StreamStoreError | StreamStore.StreamNotFound

/** Whether an item served is a stored event (an event has a `type`). */
export const isStored = (item: Event | StoredEvent): item is StoredEvent => !("type" in item)

/** The event of an item served. */
export const eventOf = (item: Event | StoredEvent): Event => isStored(item) ? item.event : item

/** Items as the text of their Server-Sent Events: `data: <json>`, after `id: <offset>` for a stored event. */
export const text = (items: ReadonlyArray<Event | StoredEvent>): string => {
  let out = ""
  for (let index = 0; index < items.length; index++) {
    const item = items[index]!
    out += isStored(item)
      ? `id: ${item.offset}\ndata: ${JSON.stringify(item.event)}\n\n`
      : `data: ${JSON.stringify(item)}\n\n`
  }
  return out
}

/** The event that closes what `event` opens, if it opens something a run must close. */
const closerOf = (event: Event): Event | undefined => {
  switch (event.type) {
    case "STEP_STARTED":
      return { type: "STEP_FINISHED", stepName: event.stepName }
    case "TEXT_MESSAGE_START":
      return { type: "TEXT_MESSAGE_END", messageId: event.messageId }
    case "REASONING_START":
      return { type: "REASONING_END", messageId: event.messageId }
    case "REASONING_MESSAGE_START":
      return { type: "REASONING_MESSAGE_END", messageId: event.messageId }
    case "TOOL_CALL_START":
      return { type: "TOOL_CALL_END", toolCallId: event.toolCallId }
  }
  return undefined
}

const closers: ReadonlySet<string> = new Set([
  "STEP_FINISHED",
  "TEXT_MESSAGE_END",
  "REASONING_END",
  "REASONING_MESSAGE_END",
  "TOOL_CALL_END"
])

/** What a closing event closes: its type and the step, message or call it names. */
const keyOf = (event: Event): string => {
  const named = event as { readonly stepName?: string; readonly messageId?: string; readonly toolCallId?: string }
  return `${event.type} ${named.stepName ?? named.messageId ?? named.toolCallId}`
}

/**
 * What a run left open, as its events went to the store: what a stop or a failure from outside closes before the
 * run's last event, so that a strict client (`verifyEvents`) takes the stored run whole.
 */
class Open {
  ids: { readonly threadId: string; readonly runId: string } | undefined = undefined
  /** The event closing each thing open, in the order they opened. */
  readonly closing = new Map<string, Event>()

  see(events: ReadonlyArray<Event>): void {
    for (const event of events) {
      if (event.type === "RUN_STARTED") this.ids = { threadId: event.threadId, runId: event.runId }
      const closer = closerOf(event)
      if (closer !== undefined) this.closing.set(keyOf(closer), closer)
      else if (closers.has(event.type)) this.closing.delete(keyOf(event))
    }
  }

  /** The events that close what is open, innermost first, then `told` (events of the run itself), then `last`. */
  closed(told: ReadonlyArray<Event>, last: Event): Array<Event> {
    return [...this.closing.values()].reverse().concat(told, [last])
  }
}

/** The text of a run stopped before it started (no ids to finish it with). */
const stoppedBeforeStart = "The run was stopped."

/** The `CUSTOM` events telling back the messages a stopped run ended without. */
const undelivered = (left: ReadonlyArray<SteeringInbox.Taken>): Array<Event> =>
  left.map(({ id, kind }) => AgUiConverter.notDelivered({ id, kind, reason: "aborted" }))

/** How a stored run ends when its generation is stopped or fails from outside. */
const endings = (): UIResumable.Endings<Event> => {
  const open = new Open()
  return {
    appended: (events) => open.see(events),
    isLast: (event) => event.type === "RUN_FINISHED" || event.type === "RUN_ERROR",
    isFailure: (event) => event.type === "RUN_ERROR",
    failure: (message) => open.closed([], { type: "RUN_ERROR", message }),
    undelivered,
    stopped: (left) =>
      open.closed(
        undelivered(left),
        open.ids === undefined
          ? { type: "RUN_ERROR", message: stoppedBeforeStart }
          : { type: "RUN_FINISHED", ...open.ids, outcome: { type: "cancelled" } }
      )
  }
}

/**
 * A stored run as served: its events with their offsets; a failure of the store, a `RUN_ERROR` (no offset: it is not
 * stored) and the failure.
 */
const served = (
  redact: UIRedaction.Redact,
  stream: Stream.Stream<StoredEvent, ReadError>
): Stream.Stream<Event | StoredEvent, ReadError> =>
  HandOff.answering(
    Stream.catch(
      stream as Stream.Stream<Event | StoredEvent, ReadError>,
      (error) => Stream.concat(Stream.succeed<Event>({ type: "RUN_ERROR", message: redact(error) }), Stream.fail(error))
    ),
    { from: stream }
  )

/**
 * Runs `self` in the background under `options.streamId`; the stored run from its start, to serve now. A run refused
 * before its first content, as `wire` (the writers') answers it with an HTTP status, is given as itself, its events
 * then its failure, nothing stored.
 */
export const resumable = <E, R>(
  self: Stream.Stream<Event, E, R>,
  options: UIResumable.ResumableOptions,
  wire: UIResumable.Check<Event>
): Effect.Effect<Stream.Stream<Event | StoredEvent, ReadError | E>, StreamStore.StreamStoreError, R> =>
  Effect.flatMap(
    UIResumable.start(self, options, wire, endings()),
    (refused): Effect.Effect<Stream.Stream<Event | StoredEvent, ReadError | E>> =>
      refused === undefined ? readFromStart(options) : Effect.succeed(UIResumable.refusedStream(refused))
  )

/** The stored run of `options` read from its start, served; a store gone meanwhile is told as its later failure. */
const readFromStart = Effect.fnUntraced(function*(options: UIResumable.ResumableOptions) {
  const store = yield* StreamStore.StreamStore
  const redact = yield* UIRedaction.Redaction
  const events = StreamOffsets.read(store, options.streamId, { owner: options.owner }).pipe(
    // No offset given: none to refuse.
    Effect.catchTag("InvalidOffset", Effect.die)
  )
  return yield* Effect.match(events, {
    onFailure: (error) => served(redact, Stream.fail(error)),
    onSuccess: (events) => served(redact, events as unknown as Stream.Stream<StoredEvent, ReadError>)
  })
})

/**
 * The options of `resume`: the offset to resume after (an event's `id:`, as a client's `Last-Event-ID` header or an
 * `?offset=` gives it; from the start without one), and the owner the run was started with.
 *
 * @since 0.7.0
 * @category Resuming
 */
export interface ResumeOptions {
  readonly offset?: string | null | undefined
  readonly owner?: string | undefined
}

/** The stored run `streamId` after `offset`, then live until its end. */
export const resume = (
  streamId: string,
  options?: ResumeOptions
): Effect.Effect<Stream.Stream<Event | StoredEvent, ReadError>, ReadError | StreamOffsets.InvalidOffset> =>
  Effect.gen(function*() {
    const store = yield* StreamStore.StreamStore
    const redact = yield* UIRedaction.Redaction
    const offset = options?.offset === null || options?.offset === "" ? undefined : options?.offset
    const events = yield* StreamOffsets.read(store, streamId, { offset, owner: options?.owner })
    return served(redact, events as unknown as Stream.Stream<StoredEvent, ReadError>)
  })

const headersOf = (init: ResponseInit | undefined) => init?.headers === undefined ? {} : { headers: init.headers }

/** `resume` as the Web `Response` of a resume route (see `AgUi.resumeResponse`). */
export const resumeResponse = (
  streamId: string,
  options: ResumeOptions & { readonly init?: ResponseInit | undefined },
  respond: (stream: Stream.Stream<Event | StoredEvent, ReadError>) => Effect.Effect<Response>
): Effect.Effect<Response> =>
  Effect.matchEffect(resume(streamId, options), {
    onFailure: (error) =>
      error._tag === "StreamNotFound"
        ? Effect.succeed(new Response(null, { status: 204, ...headersOf(options.init) }))
        : error._tag === "InvalidOffset"
        ? Effect.succeed(Response.json({ error: error.message }, { status: 400, ...headersOf(options.init) }))
        : Effect.map(
          Effect.zip(UIRedaction.Redaction, Clock.currentTimeMillis),
          ([redact, now]) =>
            HttpServerResponse.toWeb(
              UIErrorAnswer.toServerResponse(UIErrorAnswer.answerOf(error, redact(error), now), options.init)
            )
        ),
    onSuccess: respond
  })
