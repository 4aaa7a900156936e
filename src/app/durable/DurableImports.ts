/**
 * The modules of the durable loop's workflow and engines, as its layers load them: with dynamic imports as a layer
 * is built, so that importing the package does not load `effect/workflow`, `effect/cluster` and `effect/sql`
 * (`npm run bench -- imports`). For the browser, the package's `browser` field puts `DurableImports.browser.js` in
 * its place, which imports them statically: a bundle without code splitting has no chunk to load later, and would
 * wrap every module they share with the rest of the program to evaluate it on demand.
 *
 * @internal
 */
import * as Effect from "effect/Effect"

/** `Engines`: the SQLite and PostgreSQL engines. */
export const engines = /* @__PURE__ */ Effect.promise(() => import("./Engines.js"))

/** `LoopWorkflow`: a durable loop's workflow. */
export const loopWorkflow = /* @__PURE__ */ Effect.promise(() => import("./LoopWorkflow.js"))

/** Effect's `WorkflowEngine`, whose in-memory engine `layerMemory` is. */
export const workflowEngine = /* @__PURE__ */ Effect.promise(() => import("effect/workflow/WorkflowEngine"))
