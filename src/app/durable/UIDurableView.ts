/**
 * A durable loop's live view as a UI message stream in the `StreamStore`, under the run's id: `start` when the
 * run opens, each step between `start-step` and `finish-step` (its chunks converted as `fromSteps` converts them),
 * approval requests and tool outputs as they come, `finish` with the loop's metadata (or `error`) at the end. A
 * step retried after a crash is marked with `reset-step`: the parts its cut attempt showed are withdrawn, and the
 * retry follows in the same step. The view is a projection: when the store fails, the run goes on (logged). A run
 * resumed where the store no longer holds its stream (a memory store does not outlive its process) shows the rest
 * of the run on a stream opened again: `start`, the step under way, what follows.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type * as CallResponseChunk from "../../core/call/CallResponseChunk.js"
import * as ErrorReport from "../../core/http/ErrorReport.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as StepEvents from "../loop/StepEvents.js"
import * as UIChunk from "../protocol/UIChunk.js"
import * as StreamStore from "../store/StreamStore.js"
import { UIChunkConverter } from "../ui/UIChunkConverter.js"
import type { ConverterOptions } from "../ui/UIChunkConverter.js"
import * as UIFromSteps from "../ui/UIFromSteps.js"
import * as UIMetadata from "../ui/UIMetadata.js"
import * as UIRedaction from "../ui/UIRedaction.js"
import type { DurableLoopError } from "./DurableLoopError.js"
import type * as LiveView from "./LiveView.js"

/** The runs whose view failed, kept by one view: each said once (the store went away, or lost the stream). */
type Failed = Set<string>

const failure = (failed: Failed, run: LiveView.Run, error: string): Effect.Effect<void> =>
  Effect.suspend(() => {
    // The store's text, as it may stand in a log line.
    const message = ErrorReport.loggable(error)
    if (failed.has(run.executionId)) return Effect.logDebug(`durable loop ${run.executionId}: ${message}`)
    if (failed.size > 1_000) failed.clear()
    failed.add(run.executionId)
    return Effect.logWarning(`durable loop ${run.executionId}: its live view failed (the run goes on)`, message)
  })

/**
 * What a stream opened again mid-run starts with: `start`, then the step under way, then `chunks` (less a leading
 * `reset-step`, or a `finish-step` right before the next `start-step`: nothing before them in this stream to
 * withdraw or end).
 */
const reopened = (run: LiveView.Run, chunks: ReadonlyArray<UIChunk.Chunk>): Array<UIChunk.Chunk> => {
  let rest = chunks[0]?.type === "reset-step" ? chunks.slice(1) : chunks
  if (rest[0]?.type === "finish-step" && rest[1]?.type === "start-step") rest = rest.slice(1)
  const start: UIChunk.Chunk = { type: "start", messageId: run.executionId }
  return rest[0]?.type === "start-step" ? [start, ...rest] : [start, { type: "start-step" }, ...rest]
}

const stored = (chunks: ReadonlyArray<UIChunk.Chunk>) => chunks as unknown as ReadonlyArray<StreamStore.StoredChunk>

/**
 * Appends chunks to the run's stream, under the run's owner (only the same owner can read it); a stream the store
 * does not hold is opened again (`reopened`); a failure of the store is logged, never the run's. An end written to
 * a stream ended already was told already (a run that lost a reply is ended by each `run` that finds it).
 */
const write = (
  failed: Failed,
  run: LiveView.Run,
  chunks: ReadonlyArray<UIChunk.Chunk>,
  end = false
): Effect.Effect<void> =>
  Effect.flatMap(StreamStore.StreamStore, (store) => {
    const owner = { owner: run.owner }
    const again = Effect.andThen(
      store.create(run.executionId, owner),
      store.append(run.executionId, stored(reopened(run, chunks)), owner)
    )
    return Effect.andThen(
      chunks.length === 0
        ? Effect.void
        : store.append(run.executionId, stored(chunks), owner).pipe(
          Effect.catchTag("StreamNotFound", () => again)
        ),
      end ? store.end(run.executionId, "completed", owner) : Effect.void
    )
  }).pipe(
    Effect.catch((error) =>
      end && error._tag === "StreamStoreError" && error.reason === "Ended"
        ? Effect.void
        : failure(failed, run, error.message)
    )
  )

/** The view's writer of one step's model output, through the converter `fromSteps` uses. */
const stepWriter = (failed: Failed, options: ConverterOptions, run: LiveView.Run): LiveView.StepWriter => {
  const converter = new UIChunkConverter(options)
  converter.startStep([])
  return {
    push: (events) =>
      Effect.suspend(() => {
        const out: Array<UIChunk.Chunk> = []
        for (const event of events) converter.push(event.chunk as CallResponseChunk.Common, out)
        return write(failed, run, out)
      }),
    end: Effect.suspend(() => {
      const out: Array<UIChunk.Chunk> = []
      converter.endOutput(out)
      return write(failed, run, out)
    })
  }
}

/**
 * A call's output as the view shows it: after the input it ran with, when a person edited it (`UIFromSteps.ranInput`),
 * so that a reload shows the input the tool ran with beside its output, as the run's conversation and the model's next
 * request have it.
 */
const outputChunks = (
  event: StepEvents.ToolResultEvent,
  redact: UIRedaction.Redact
): ReadonlyArray<UIChunk.Chunk> => {
  const output = UIFromSteps.outputChunk(event, redact)
  const ran = UIFromSteps.ranInput(event)
  return ran === undefined ? [output] : [ran, output]
}

/**
 * Approval requests, budget questions and tool outputs; what a browser is told of a failure passes the redactor, as
 * everywhere.
 */
const events = (
  failed: Failed,
  run: LiveView.Run,
  shown: ReadonlyArray<LiveView.Shown>
): Effect.Effect<void> =>
  Effect.flatMap(UIRedaction.Redaction, (redact) =>
    write(
      failed,
      run,
      shown.flatMap((event): ReadonlyArray<UIChunk.Chunk> =>
        event._tag === "ToolResultEvent"
          ? outputChunks(event, redact)
          : event._tag === "SteeringEvent"
          ? [steeringChunk(event)]
          : UIFromSteps.pauseChunks(event)
      )
    ))

/** A message sent into the run: taken (the `ai` 7 `steering-message`), or told back as not delivered. */
const steeringChunk = (event: StepEvents.SteeringEvent): UIChunk.Chunk =>
  event.notDelivered === undefined
    ? { type: "steering-message", id: event.id, parts: UIChunk.steeringParts(event.message) }
    : UIChunk.notDelivered(event.id, event.kind, event.notDelivered)

/**
 * The run's end: what it ends without told back, its last step finished and its metadata; or its failure as the
 * redactor tells it.
 */
const close = (
  failed: Failed,
  run: LiveView.Run,
  end: StepEvents.DoneEvent | ProviderError.ProviderError | DurableLoopError
): Effect.Effect<void> =>
  Effect.flatMap(UIRedaction.Redaction, (redact) =>
    write(
      failed,
      run,
      end._tag === "DoneEvent"
        ? [
          ...(end.notDelivered ?? []).map(({ id, kind }) => UIChunk.notDelivered(id, kind, end.reason)),
          ...(end.steps.length > 0 ? [{ type: "finish-step" } as const] : []),
          UIMetadata.finish(end.steps[end.steps.length - 1]?.response, () => UIFromSteps.loopMetadata(end))
        ]
        : [{ type: "error", errorText: redact(end) }],
      true
    ))

/** The live view on the `StreamStore` in context. */
export const make = (options: ConverterOptions = {}): LiveView.Service => {
  const failed: Failed = new Set()
  return {
    open: (run) =>
      Effect.flatMap(StreamStore.StreamStore, (store) =>
        store.create(run.executionId, { owner: run.owner }).pipe(
          Effect.andThen(write(failed, run, [{ type: "start", messageId: run.executionId }])),
          // Opened already, by an attempt cut before it was recorded.
          Effect.catch((error) => error.reason === "AlreadyExists" ? Effect.void : failure(failed, run, error.message))
        )),
    beginStep: (run, step, retry) =>
      write(
        failed,
        run,
        retry
          ? [{ type: "reset-step" }]
          : step > 1
          ? [{ type: "finish-step" }, { type: "start-step" }]
          : [{ type: "start-step" }]
      ),
    stepWriter: (run) => Effect.sync(() => stepWriter(failed, options, run)),
    events: (run, shown) => events(failed, run, shown),
    close: (run, end) => close(failed, run, end)
  }
}
