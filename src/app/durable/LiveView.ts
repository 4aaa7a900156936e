/**
 * Where a durable loop shows its run while it works: each part is written from inside the activity that
 * produced it, so a run replayed after a crash writes nothing twice (but in the window no engine closes: the
 * write done, the activity's result not yet recorded). `DurableLoop`'s engine layers provide the view that
 * writes UI message chunks to the `StreamStore` under the run's id; without one, nothing is shown.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as StepEvents from "../loop/StepEvents.js"
import type { DurableLoopError } from "./DurableLoopError.js"

/** The run a view shows. */
export interface Run {
  readonly executionId: string
  readonly owner: string | undefined
}

/** Writes one step's model output. */
export interface StepWriter {
  readonly push: (events: ReadonlyArray<StepEvents.ChunkEvent>) => Effect.Effect<void>
  /** The model's part of the step ended (its open blocks end, its calls are complete). */
  readonly end: Effect.Effect<void>
}

/** What a run shows outside its steps' model output (a message sent into it: taken, or told back). */
export type Shown =
  | StepEvents.ApprovalRequestEvent
  | StepEvents.BudgetQuestionEvent
  | StepEvents.ToolResultEvent
  | StepEvents.SteeringEvent

export interface Service {
  /** Opens the run's view as the run starts (again, if a crash came before that was recorded). */
  readonly open: (run: Run) => Effect.Effect<void>
  /**
   * Shows that step `step` starts (after the previous one's end); `retry` when an earlier attempt of it was cut
   * by a crash: what that attempt showed is withdrawn (`reset-step`), and the retry follows in the same step.
   */
  readonly beginStep: (run: Run, step: number, retry: boolean) => Effect.Effect<void>
  readonly stepWriter: (run: Run, step: number) => Effect.Effect<StepWriter>
  /** Shows calls waiting for approval, budget questions and tool results, as they come. */
  readonly events: (run: Run, events: ReadonlyArray<Shown>) => Effect.Effect<void>
  /** The run ended: with its `DoneEvent`, or failed (the model's error, or a record that cannot be read). */
  readonly close: (
    run: Run,
    end: StepEvents.DoneEvent | ProviderError.ProviderError | DurableLoopError
  ) => Effect.Effect<void>
}

const silentWriter: StepWriter = { push: () => Effect.void, end: Effect.void }

/** A view that shows nothing. */
export const none: Service = {
  open: () => Effect.void,
  beginStep: () => Effect.void,
  stepWriter: () => Effect.succeed(silentWriter),
  events: () => Effect.void,
  close: () => Effect.void
}

/** The view in context: none unless a layer provides one. */
export const LiveView: Context.Reference<Service> = /* @__PURE__ */ Context.Reference<Service>(
  "effect-llm-stream/DurableLoop/LiveView",
  { defaultValue: () => none }
)
