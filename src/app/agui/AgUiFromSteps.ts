/**
 * Converts a tool loop's events into AG-UI events: its UI message stream (`UIFromSteps`) converted by
 * `AgUiConverter`, the loop's events watched on their way in: each step's response, what the model was told of each
 * denied call, and whether the loop reached its `DoneEvent` (events that end without it were stopped from within).
 *
 * @internal
 */
import * as Stream from "effect/Stream"
import type * as CallEnding from "../../core/call/CallEnding.js"
import * as Tool from "../../core/Tool.js"
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
    // Watched as the UI conversion reads the events: `runTools`'s loop is still the stream its approval gate is for.
    const chunks = UIFromSteps.fromSteps(
      self,
      { ...AgUiFromStream.uiOptions(options, ids.messageId), metadata: () => undefined },
      (events) => watch(watched, events)
    )
    return AgUiConverter.convert(chunks, ids, {
      sums: () => AgUiUsage.sumsOf(UIMetadata.ofSteps(watched.steps, watched.done, options.spent)),
      deniedText: (toolCallId) => watched.denied.get(toolCallId),
      stopped: () => watched.done === undefined
    })
  })
