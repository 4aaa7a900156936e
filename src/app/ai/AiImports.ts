/**
 * The modules that serve `effect/ai`, loaded the first time a model is made or a toolkit converted, so that importing
 * the package does not load Effect's `effect/ai` modules (`npm run bench -- imports`). For the browser, the package's
 * `browser` field puts `AiImports.browser.js` in its place, which imports them statically: a bundle without code
 * splitting would wrap every module they share with the rest of the program to evaluate it on demand.
 *
 * @internal
 */
import * as Effect from "effect/Effect"

/** `AiServe`: the `effect/ai` service over a model of this library. */
export const serve = /* @__PURE__ */ Effect.promise(() => import("./AiServe.js"))

/** `AiToolkit`: an `effect/ai` toolkit's tools as this library's. */
export const toolkit = /* @__PURE__ */ Effect.promise(() => import("./AiToolkit.js"))
