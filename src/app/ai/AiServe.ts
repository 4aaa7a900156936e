/**
 * The `effect/ai` `LanguageModel` service over a `LanguageModel` of this library: what `AiLanguageModel.make`
 * and `layer` build, imported as they first build it, so that Effect's `effect/ai` modules load then and not with
 * the package (`npm run bench -- imports`).
 *
 * @internal
 */
import * as AiModel from "effect/ai/LanguageModel"
import type * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import * as PriceTable from "../../core/call/PriceTable.js"
import * as CachedContext from "../../core/stream/CachedContext.js"
import type * as LanguageModel from "../LanguageModel.js"
import * as AiErrors from "./AiErrors.js"
import * as AiFold from "./AiFold.js"
import * as AiParts from "./AiParts.js"
import * as AiRequest from "./AiRequest.js"
import * as AiTools from "./AiTools.js"

/** `effect/ai`'s service key, for the layer. */
export const LanguageModelKey = AiModel.LanguageModel

/** The `effect/ai` service over `model`, each call's controls read from `config`. */
export const serve = (model: LanguageModel.Service, config: Context.Reference<LanguageModel.Controls>) => {
  const provider = model.provider
  const streamText = (method: string) => (options: AiModel.ProviderOptions) =>
    Stream.unwrap(Effect.gen(function*() {
      const prepared = AiRequest.prepare(options, provider, yield* Effect.service(config))
      if (Result.isFailure(prepared)) return yield* AiErrors.fromUnsupported(method)(prepared.failure)
      const priceTable = yield* PriceTable.current
      const requestedAt = DateTime.formatIso(yield* DateTime.now)
      return model.stream(prepared.success.request).pipe(
        Stream.mapError(AiErrors.fromProviderError(method)),
        AiParts.fromChunks({ priceTable, requestedAt, tools: prepared.success.tools, method }),
        // effect/ai runs a streamText hook outside its span: the call's own span is nested under it here.
        (parts) => CachedContext.provideService(parts, Tracer.ParentSpan, options.span)
      )
    }))
  return AiModel.make({
    streamText: streamText("streamText"),
    // A whole response is the folded stream: one decoding path for both.
    generateText: (options) => Effect.map(Stream.runCollect(streamText("generateText")(options)), AiFold.toParts),
    codecTransformer: AiTools.codecTransformer
  })
}
