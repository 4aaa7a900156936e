/**
 * The call an approval edited, kept while its tool's request for input waits. The request is asked (its approval id
 * issued) for the call as the model made it, the one every client's history holds; the call as edited is kept in the
 * `StreamStore` under that id, sealed, for the run's owner, so the answer runs the call as the person approved it. The
 * signing gate keeps and reads it (`ApprovalGate.Gate`'s `keepEdit`, `editedCall`: `UIApprovalGate`).
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Tool from "../../core/Tool.js"
import * as StreamStore from "../store/StreamStore.js"
import * as Sealing from "./Sealing.js"
import * as SigningKey from "./SigningKey.js"

const keyOf = (approvalId: string) => `tool-edit.${approvalId}`

/**
 * Keeps `edited` under `approvalId` for `owner`, as long as the id is answerable (the signing key's `approvalTtl`) or
 * the store keeps a stream (its `ttl`), whichever is longer; a failure is logged.
 */
export const keep = (edited: Tool.ToolCall, approvalId: string | undefined, owner?: string): Effect.Effect<void> =>
  approvalId === undefined ? Effect.void : Effect.gen(function*() {
    const key = keyOf(approvalId)
    const store = yield* StreamStore.StreamStore
    const sealed = yield* Sealing.sealJson({ id: edited.id, name: edited.name, arguments: edited.arguments }, key)
    const ttl = Duration.max(store.ttl, (yield* SigningKey.Signing).approvalTtl)
    yield* store.put(key, { sealed }, { ttl, owner })
  }).pipe(Effect.catch((error) => Effect.logWarning(`an edited tool call was not kept: ${error.message}`)))

/** The call as edited kept under `approvalId` for `owner`, if it is `made`'s (its id and tool); else `made`. */
export const callOf = (
  made: Tool.ToolCall,
  approvalId: string | undefined,
  owner?: string
): Effect.Effect<Tool.ToolCall> =>
  approvalId === undefined ? Effect.succeed(made) : Effect.gen(function*() {
    const key = keyOf(approvalId)
    const kept = (yield* (yield* StreamStore.StreamStore).get(key, { owner })) as { sealed?: unknown } | undefined
    const edited = (yield* Sealing.openJson(kept?.sealed, key)) as
      | { readonly id?: unknown; readonly name?: unknown; readonly arguments?: unknown }
      | undefined
    return edited?.id === made.id && edited.name === made.name && typeof edited.arguments === "string"
      ? new Tool.ToolCall({ id: made.id, name: made.name, arguments: edited.arguments })
      : made
  }).pipe(Effect.orElseSucceed(() => made))
