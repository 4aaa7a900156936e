/** Reading a loop's events in tests: its last (`done`), its questions (`asks`), its first tool result and its text. */
import type { LanguageModel } from "effect-llm-stream"

type Event = LanguageModel.StepEvent

/** The loop's last event, its `DoneEvent`. */
export const done = (events: ReadonlyArray<Event>) => events.at(-1) as LanguageModel.DoneEvent

/** The approval requests (questions) the loop asked. */
export const asks = (events: ReadonlyArray<Event>) =>
  events.filter((event): event is LanguageModel.ApprovalRequestEvent => event._tag === "ApprovalRequestEvent")

/** The first tool result. */
export const result = (events: ReadonlyArray<Event>) =>
  events.find((event): event is LanguageModel.ToolResultEvent => event._tag === "ToolResultEvent")!

/** What the model reads of the first tool result, as JSON text. */
export const text = (events: ReadonlyArray<Event>) => JSON.stringify(result(events).message.content)
