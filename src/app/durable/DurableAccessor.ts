/**
 * `LanguageModel.durableLoop`: the tool loop as a durable workflow, on the `LanguageModel` in context.
 * `LanguageModel` re-exports it.
 *
 * @since 0.4.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { LanguageModel } from "../../core/model/ModelService.js"
import type * as Tool from "../../core/Tool.js"
import { DurableRuntime } from "./DurableRuntime.js"
import type * as LoopWorkflow from "./LoopWorkflow.js"

/**
 * The loop of `runTools` (same tools, stop conditions, budget) as an Effect `Workflow`: every model step and
 * tool call is an `Activity` whose result is persisted once and replayed when the run is resumed, anywhere; a
 * call that needs approval suspends the run on a `DurableDeferred` until `approve` answers it, hours later if
 * need be. `layer` registers the workflow with the engine (`DurableLoop.layerSqlite` on one machine,
 * `DurableLoop.layerPostgres` on many); `run` starts or joins the run under an id and waits for its `DoneEvent`.
 * See `docs/durable.md`.
 *
 * @example
 * ```ts
 * import { DurableLoop, LanguageModel, Message, Tool } from "effect-llm-stream"
 * import { Effect, Layer, Schema } from "effect"
 *
 * const refund = Tool.handle(
 *   Tool.make("refund", { parameters: Schema.Struct({ order: Schema.String }) }),
 *   // The model's call id is the idempotency key: a handler cut by a crash may run again for the same call.
 *   ({ order }, call) => Effect.succeed(`refunded ${order} (${call.id})`),
 *   { needsApproval: true }
 * )
 * const agent = LanguageModel.durableLoop("support", { tools: [refund], budget: { usd: 1 } })
 *
 * const program = Effect.gen(function*() {
 *   yield* agent.run({ executionId: "chat-42", messages: [Message.user("Refund order 7")] }, { discard: true })
 *   // Later, from any instance: the server's own decision (check a browser's first).
 *   yield* agent.approve("chat-42", "call_1", { approved: true })
 *   return yield* agent.run({ executionId: "chat-42", messages: [] }) // joins the run: its DoneEvent
 * })
 *
 * declare const Model: Layer.Layer<LanguageModel.LanguageModel>
 * const Engine = DurableLoop.layerSqlite({ filename: "runs.db" })
 * const main = program.pipe(Effect.provide(agent.layer.pipe(Layer.provideMerge(Engine), Layer.provide(Model))))
 * ```
 *
 * @since 0.4.0
 * @category Tool loop
 */
export const durableLoop = <const Tools extends ReadonlyArray<Tool.Tool>>(
  name: string,
  options: LoopWorkflow.Options<Tools>
): LoopWorkflow.DurableLoop<Tools, LanguageModel> => {
  type Loop = LoopWorkflow.DurableLoop<Tools, LanguageModel>
  let made: Loop | undefined
  const loop = Effect.map(DurableRuntime, (runtime) => (made ??= runtime.make(LanguageModel, name, options)))
  return {
    name,
    layer: Layer.unwrap(Effect.map(loop, (made) => made.layer)),
    run: ((input, runOptions) => Effect.flatMap(loop, (made) => made.run(input, runOptions as any))) as Loop["run"],
    approve: (executionId, callId, decision) =>
      Effect.flatMap(loop, (made) => made.approve(executionId, callId, decision)),
    steer: (executionId, message, sendOptions) =>
      Effect.flatMap(loop, (made) => made.steer(executionId, message, sendOptions)),
    queue: (executionId, message, sendOptions) =>
      Effect.flatMap(loop, (made) => made.queue(executionId, message, sendOptions))
  }
}
