/**
 * Converts a tool loop's events into AG-UI events: its UI message stream (`UIFromSteps`: the steps, the approvals the
 * gate signs and admits, the handlers' results, the redactor, the signatures) converted by `AgUiConverter`. The loop's
 * events are watched on their way in (one pass over each batch, no Effect): each step's response (its usage and cost),
 * what the model was told of each denied call, and whether the loop came to its end (its `DoneEvent`): events that
 * end without it were stopped from within (`Stream.takeWhile`, `Stream.interruptWhen`), a cancelled run.
 *
 * @internal
 */
import * as Stream from "effect/Stream"
import type * as CallEnding from "../../core/call/CallEnding.js"
import * as Tool from "../../core/Tool.js"
import * as ApprovalGate from "../loop/ApprovalGate.js"
import type * as StepEvents from "../loop/StepEvents.js"
import * as UIFromSteps from "../ui/UIFromSteps.js"
import * as UIMetadata from "../ui/UIMetadata.js"
import * as AgUiConverter from "./AgUiConverter.js"
import type * as AgUiEvent from "./AgUiEvent.js"
import * as AgUiFromStream from "./AgUiFromStream.js"
import * as AgUiUsage from "./AgUiUsage.js"

/** What the loop's events say, as they pass. */
interface Watched {
  readonly steps: Array<CallEnding.Ending>
  /** What the model was told of each call the user denied. */
  readonly denied: Map<string, string>
  /** The loop's `DoneEvent`, once it came. */
  done: StepEvents.DoneEvent | undefined
}

const watch = (watched: Watched, events: ReadonlyArray<StepEvents.StepEvent>): void => {
  for (const event of events) {
    switch (event._tag) {
      case "StepEndEvent":
        watched.steps.push(event.ending)
        break
      case "ToolResultEvent":
        if (event.result instanceof Tool.ToolApproval && !event.result.approved) {
          watched.denied.set(event.call.id, event.message.content)
        }
        break
      case "DoneEvent":
        watched.done = event
    }
  }
}

/** The AG-UI events of a tool loop. */
export const fromSteps = <E, R>(
  self: Stream.Stream<StepEvents.StepEvent, E, R>,
  options: AgUiFromStream.Options<E>
): Stream.Stream<AgUiEvent.Event, E, R> =>
  Stream.suspend(() => {
    const ids = AgUiFromStream.idsOf(options)
    const watched: Watched = { steps: [], denied: new Map(), done: undefined }
    // Watched in a stage of its own, through which `runTools`'s loop is still given its approval gate as it starts.
    const observed = ApprovalGate.through(self, (steps) =>
      Stream.mapArray(steps, (events) => {
        watch(watched, events)
        return events
      }))
    // `RUN_FINISHED` carries the finish metadata, made of the same table (`UIMetadata.fields`) as the UI's `finish`.
    const chunks = UIFromSteps.fromSteps(observed, {
      ...AgUiFromStream.uiOptions(options, ids.messageId),
      metadata: () => undefined
    })
    return AgUiConverter.convert(chunks, ids, {
      sums: () => AgUiUsage.sumsOf(UIMetadata.ofSteps(watched.steps, watched.done)),
      deniedText: (toolCallId) => watched.denied.get(toolCallId),
      stopped: () => watched.done === undefined
    })
  })
