/**
 * Converts a tool loop's events into AG-UI events: its UI message stream (`UIFromSteps`) converted by
 * `AgUiConverter`, the loop's events watched on their way in: each step's response (and how the step just ended
 * ended), what the model was told of each denied call, and whether the loop reached its `DoneEvent` (events that end
 * without it were stopped from within, as are those of a resumable run stopped through its store: `StopHeard.take`). A
 * result's parts are shown as AG-UI's content parts (`AgUiResultParts`), and so are the parts for the user alone
 * (`ForUser`), marked.
 *
 * @internal
 */
import type * as Stream from "effect/Stream"
import type * as CallEnding from "../../core/call/CallEnding.js"
import type * as FinishReason from "../../core/FinishReason.js"
import * as CanonicalJson from "../../core/payload/CanonicalJson.js"
import * as Tool from "../../core/Tool.js"
import * as LoopBudget from "../loop/LoopBudget.js"
import type * as StepEvents from "../loop/StepEvents.js"
import * as UIChunk from "../protocol/UIChunk.js"
import * as UIFromSteps from "../ui/UIFromSteps.js"
import * as UIMetadata from "../ui/UIMetadata.js"
import * as AgUiConverter from "./AgUiConverter.js"
import type * as AgUiEvent from "./AgUiEvent.js"
import * as AgUiFromStream from "./AgUiFromStream.js"
import * as AgUiInterrupt from "./AgUiInterrupt.js"
import * as AgUiResultParts from "./AgUiResultParts.js"
import * as AgUiUsage from "./AgUiUsage.js"

/** What the loop's events say, as they pass. */
interface Watched {
  readonly steps: Array<CallEnding.Ending>
  /** How the model ended the step that ended last, until the next one's first chunk (a step stopped says nothing). */
  finish: FinishReason.FinishReason | undefined
  /** What the model was told of each call the user denied. */
  readonly denied: Map<string, string>
  /** The input each call a person edited ran with (`ToolResultEvent.asMade`). */
  readonly edited: Map<string, unknown>
  /** The calls that wait for the user, by id. */
  readonly asked: Map<string, AgUiInterrupt.Call>
  /** The loop's `DoneEvent`, once it came. */
  done: StepEvents.DoneEvent | undefined
  /** The ids of the parts that are a budget's question (asked, or answered), by the event's kind. */
  readonly questions: Set<string>
  /** Each result shown as its parts, by call id, until its `TOOL_CALL_RESULT` is written. */
  readonly parts: Map<string, ReadonlyArray<AgUiEvent.ContentPart>>
}

/** What a pause tells the interrupts, by its kind: a budget's question, or a call that waits (approval or input). */
const paused = (watched: Watched, event: StepEvents.PauseEvent): void => {
  switch (event.kind) {
    case "budget":
      watched.questions.add(UIChunk.budgetQuestionPart)
      break
    case "approval":
    case "input":
      watched.asked.set(event.call.id, { name: event.call.name, input: event.input })
  }
}

const watch = (watched: Watched, events: ReadonlyArray<StepEvents.StepEvent>): void => {
  for (const event of events) {
    switch (event._tag) {
      case "ChunkEvent":
        watched.finish = undefined
        break
      case "StepEndEvent":
        // Its ending is heard by the UI conversion (`UIFromSteps.ServerOptions.heard`).
        watched.finish = event.ending.response.commonFinishReasons[0]
        break
      case "BudgetQuestionEvent":
      case "ApprovalRequestEvent":
        paused(watched, event)
        break
      case "ToolResultEvent":
        // The answer to a budget's question: the question's own call, no model's.
        if (event.call === LoopBudget.questionCall) watched.questions.add(UIChunk.budgetQuestionPart)
        if (event.result instanceof Tool.ToolApproval && !event.result.approved) {
          watched.denied.set(event.call.id, event.message.content)
        }
        if (event.asMade !== undefined) {
          watched.edited.set(event.call.id, CanonicalJson.argumentsValue(event.call.arguments))
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
  AgUiFromStream.converting((key) => {
    const ids = AgUiFromStream.idsOf(options)
    const watched: Watched = {
      steps: [],
      finish: undefined,
      denied: new Map(),
      edited: new Map(),
      asked: new Map(),
      done: undefined,
      questions: new Set(),
      parts: new Map()
    }
    // Watched as the UI conversion reads the events: `runTools`'s loop is still the stream its approval gate is for.
    // Each step's ending heard once by the UI conversion (under a resumable run, as its call ends: a call the stop cut
    // short counts as far as it went); the stopped run's sums go on its `RUN_FINISHED`, not in a metadata chunk.
    const chunks = UIFromSteps.fromSteps(
      self,
      {
        ...AgUiFromStream.uiOptions(options, ids.messageId),
        metadata: () => undefined,
        editsInResults: true,
        stoppedMetadata: () => undefined,
        heard: (ending) => void watched.steps.push(ending)
      },
      (events) => watch(watched, events),
      (parts, toolCallId, forUser) => {
        const content = AgUiResultParts.contentOf(parts, forUser)
        if (content !== undefined) watched.parts.set(toolCallId, content)
        return content
      }
    )
    return AgUiConverter.convert(chunks, ids, {
      sums: () => AgUiUsage.sumsOf(UIMetadata.ofSteps(watched.steps, watched.done, UIFromSteps.earlierOf(options))),
      deniedText: (toolCallId) => watched.denied.get(toolCallId),
      editedInput: (toolCallId) => watched.edited.get(toolCallId),
      stopped: () => watched.done === undefined,
      expiresAt: AgUiInterrupt.expiryOf(key),
      callOf: (toolCallId) => watched.asked.get(toolCallId),
      isQuestion: (toolCallId) => watched.questions.has(toolCallId),
      resultParts: (toolCallId) => {
        const content = watched.parts.get(toolCallId)
        watched.parts.delete(toolCallId)
        return content
      },
      finishReason: () => watched.finish
    })
  })
