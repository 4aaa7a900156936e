/**
 * What a bundle for the browser has of `DurableImports`: the same modules, imported statically (see there). The
 * package's `browser` field puts this module in the place of `DurableImports.js`.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as WorkflowEngine from "effect/workflow/WorkflowEngine"
import * as Engines from "./Engines.js"
import * as LoopWorkflow from "./LoopWorkflow.js"

/** `Engines`: the SQLite and PostgreSQL engines. */
export const engines: Effect.Effect<typeof Engines> = /* @__PURE__ */ Effect.succeed(Engines)

/** `LoopWorkflow`: a durable loop's workflow. */
export const loopWorkflow: Effect.Effect<typeof LoopWorkflow> = /* @__PURE__ */ Effect.succeed(LoopWorkflow)

/** Effect's `WorkflowEngine`, whose in-memory engine `layerMemory` is. */
export const workflowEngine: Effect.Effect<typeof WorkflowEngine> = /* @__PURE__ */ Effect.succeed(WorkflowEngine)
