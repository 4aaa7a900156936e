/**
 * The models a `ChatEndpoint` answers with: the one in the server's context, or, with `models`, each id's layer built
 * once with the endpoint, the request picking one by its body's `model` (the first id when it names none; anything
 * else a 400 before any model call).
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as ModelService from "../../core/model/ModelService.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as LanguageModel from "../LanguageModel.js"
import * as EndpointLog from "./EndpointLog.js"
import * as EndpointReply from "./EndpointReply.js"
import * as StartupChecks from "./StartupChecks.js"

/** The layers of `models`, by id. */
export interface ModelLayers<E, R> {
  readonly [id: string]: Layer.Layer<LanguageModel.LanguageModel, E, R>
}

/** The endpoint's models: by id with `models` (the first the default), else the context's alone. */
export interface Models {
  readonly ids: ReadonlyArray<string>
  readonly byId: ReadonlyMap<string, ModelService.Service>
  /** The context's model, when there is no `models`. */
  readonly only: ModelService.Service | undefined
}

/** A model picked for a request: its service, and its id when `models` named it. */
export interface Picked {
  readonly service: ModelService.Service
  readonly id: string | undefined
}

/** An id that fits in a sentence and a `<select>`: 1 to 64 letters, digits and `_.:/@+-`. */
const validId = /^[\w.:/@+-]{1,64}$/

/** The most ids a refusal names. */
const namedIds = 10

/** The endpoint's models, each built once in the endpoint's scope; a `ConfigurationError` when it has none. */
export const build = <E, R>(
  models: ModelLayers<E, R> | undefined
): Effect.Effect<Models, E | ProviderError.ConfigurationError, R | Scope.Scope> =>
  Effect.gen(function*() {
    if (models === undefined) {
      const only = yield* Effect.serviceOption(ModelService.LanguageModel)
      if (Option.isSome(only)) return { ids: [], byId: new Map(), only: only.value }
      return yield* StartupChecks.configuration(
        "no model: provide a model layer (OpenAIResponses.layerModel(\"gpt-6-luna\")) or give models: { id: layer }"
      )
    }
    const ids = Object.keys(models)
    if (ids.length === 0) return yield* StartupChecks.configuration("models must name at least one model")
    const invalid = ids.find((id) => !validId.test(id))
    if (invalid !== undefined) {
      return yield* StartupChecks.configuration(
        `a model id must be 1 to 64 letters, digits or _.:/@+-, got ${JSON.stringify(invalid.slice(0, 64))}`
      )
    }
    const byId = new Map<string, ModelService.Service>()
    for (const id of ids) {
      byId.set(id, Context.get(yield* Layer.build(models[id]!), ModelService.LanguageModel))
    }
    return { ids, byId, only: undefined }
  })

/** Every model of the endpoint, for the checks at its start. */
export const all = (models: Models): ReadonlyArray<ModelService.Service> =>
  models.only !== undefined ? [models.only] : [...models.byId.values()]

/** The refusal of a body naming no model of `ids`: one sentence naming them (at most `namedIds`). */
const unknownModel = (ids: ReadonlyArray<string>) => {
  const named = ids.slice(0, namedIds).map((id) => JSON.stringify(id)).join(", ")
  const more = ids.length > namedIds ? ` and ${ids.length - namedIds} more` : ""
  return new EndpointLog.Refusal({ status: 400, message: `model must be one of ${named}${more}` })
}

/** The model `requested` (the body's `model`) picks; without `models`, the context's whatever the body says. */
export const pick = (models: Models, requested: unknown): Effect.Effect<Picked, EndpointReply.Failure> => {
  if (models.only !== undefined) return Effect.succeed({ service: models.only, id: undefined })
  const id = requested === undefined ? models.ids[0]! : requested
  const service = typeof id === "string" ? models.byId.get(id) : undefined
  return service === undefined
    ? Effect.fail(EndpointReply.failure(unknownModel(models.ids)))
    : Effect.succeed({ service, id: id as string })
}
