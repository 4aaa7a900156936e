/**
 * How a durable run is known to the engine: by its id and its owner, as a stream is in the `StreamStore`. The
 * same id under another owner, or under none, is another run, so `run` under another owner answers as an unknown
 * run would (it starts one of its own) and `approve` under another owner reaches no run of the first. A run's id
 * is its live view's stream id, so the layer that provides durable loops gives the rule of stream ids (`Naming`).
 *
 * @internal
 */
import * as Effect from "effect/Effect"

/** What names a run: the stream ids and owners the live view's store takes, and a digest to hide an owner in. */
export interface Naming {
  readonly isValidId: (id: string) => boolean
  readonly maxOwnerLength: number
  readonly digest: (text: string) => Effect.Effect<string>
}

/** Why `executionId` and `owner` cannot name a run, or `undefined` when they can. */
export const problemOf = (naming: Naming, executionId: string, owner: string | undefined): string | undefined =>
  !naming.isValidId(executionId)
    ? `not a run id: ${JSON.stringify(executionId.slice(0, 64))}; a run id is a stream id (see StreamStore.isValidId)`
    : owner !== undefined && (owner === "" || owner.length > naming.maxOwnerLength)
    ? `an owner is 1 to ${naming.maxOwnerLength} characters (an empty one is a missing session)`
    : undefined

/**
 * The engine's id of the run `executionId` of `owner`: the id alone without an owner (as in 0.4), else the
 * owner's digest, `:` and the id. A run id holds no `:`, so no two (id, owner) pairs share an engine id.
 */
export const engineIdOf = (naming: Naming, executionId: string, owner: string | undefined): Effect.Effect<string> =>
  owner === undefined
    ? Effect.succeed(executionId)
    : Effect.map(naming.digest(`effect-llm-stream/durable-owner\n${owner}`), (digest) => `${digest}:${executionId}`)

/** The run's own id, from the engine's. */
export const executionIdOf = (engineId: string): string => engineId.slice(engineId.lastIndexOf(":") + 1)
