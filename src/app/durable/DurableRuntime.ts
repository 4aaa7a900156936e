/**
 * How `LanguageModel.durableLoop` reaches its workflow: through this reference, which `DurableLoop`'s layers
 * provide. So a program that imports `LanguageModel` (a browser's, say) never carries `effect/workflow`: only one
 * that builds a `DurableLoop` layer does.
 *
 * @internal
 */
import * as Context from "effect/Context"
import type * as LoopWorkflow from "./LoopWorkflow.js"

export interface Service {
  readonly make: LoopWorkflow.Make
}

const missing: Service = {
  make: (_, name) => {
    throw new Error(
      `the durable loop "${name}" needs a DurableLoop layer: layerSqlite, layerPostgres, layerMemory, or layerRuntime beside an engine of your own`
    )
  }
}

/** The runtime in context: none unless a `DurableLoop` layer provides it. */
export const DurableRuntime: Context.Reference<Service> = /* @__PURE__ */ Context.Reference<Service>(
  "effect-llm-stream/DurableLoop/Runtime",
  { defaultValue: () => missing }
)
