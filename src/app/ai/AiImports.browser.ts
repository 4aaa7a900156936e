/**
 * What a bundle for the browser has of `AiImports`: the same modules, imported statically (see there).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as AiServe from "./AiServe.js"
import * as AiToolkit from "./AiToolkit.js"

/** `AiServe`: the `effect/ai` service over a model of this library. */
export const serve: Effect.Effect<typeof AiServe> = /* @__PURE__ */ Effect.succeed(AiServe)

/** `AiToolkit`: an `effect/ai` toolkit's tools as this library's. */
export const toolkit: Effect.Effect<typeof AiToolkit> = /* @__PURE__ */ Effect.succeed(AiToolkit)
