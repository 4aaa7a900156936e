/**
 * The provider-agnostic language model service.
 *
 * Programs depend on `LanguageModel` and stream through it; which provider and model serve the calls is
 * decided by the Layer provided (`OpenAI.model("gpt-6-luna")`, ...), so swapping the Layer swaps the
 * provider.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { LanguageModel } from "../core/model/ModelService.js"
import * as StreamStart from "../core/stream/StreamStart.js"
import type * as Tool from "../core/Tool.js"
import * as ApprovalGate from "./loop/ApprovalGate.js"
import type * as StepEvents from "./loop/StepEvents.js"
import * as ToolLoop from "./loop/ToolLoop.js"

export * from "../core/model/ModelService.js"

export * from "./loop/StepEvents.js"

export * from "./durable/DurableAccessor.js"

/**
 * The tool loop: streams a step, runs its calls' handlers (`Tool.handle`), sends the results back and streams
 * again until the model answers, `stopWhen` holds (default `stepCountIs(10)`) or the `budget` is crossed. Every
 * chunk, tool result and step ending is an event; the last, a `DoneEvent` (see `docs/tools.md`).
 *
 * @since 0.3.0
 * @category Tool loop
 */
export const runTools = <const Tools extends ReadonlyArray<Tool.Tool>>(
  request: StepEvents.RunRequest<Tools>
): StepEvents.Steps<Tools, LanguageModel> => {
  // Served, the loop takes the approval gate offered to it as it starts (`ApprovalGate.provide`, by `fromSteps`).
  const steps: StepEvents.Steps<Tools, LanguageModel> = StreamStart.unwrap(
    Effect.withFiber((fiber) =>
      Effect.flatMap(LanguageModel, (model) => ToolLoop.make(model, request, ApprovalGate.takenBy(fiber, steps)))
    )
  )
  return steps
}

/**
 * Runs `runTools` to its end and gives its `DoneEvent`.
 *
 * @since 0.3.0
 * @category Tool loop
 */
export const runToolsToEnd = <const Tools extends ReadonlyArray<Tool.Tool>>(
  request: StepEvents.RunRequest<Tools>
): StepEvents.Done<Tools, LanguageModel> => Effect.flatMap(LanguageModel, (model) => ToolLoop.runToEnd(model, request))
