/**
 * What a converter hands the history's signer (`UIHistorySigner`) in a `message-metadata` chunk of its own, which the
 * signer takes out of the stream and never sends as it is: a step's whole turn (`UITurnCarry`, sent signed with the
 * step), or what the model was told of a call the browser is shown otherwise (`UISealedResults`, sent sealed with the
 * call's outcome).
 *
 * @internal
 */
import type * as UIChunk from "./UIChunk.js"
import type * as UISealedResults from "./UISealedResults.js"
import type * as UITurnCarry from "./UITurnCarry.js"

/** A step's turn, or a call's result as the model read it. */
export type HandOff =
  | { readonly _tag: "Turn"; readonly turn: UITurnCarry.Pending }
  | { readonly _tag: "Result"; readonly result: UISealedResults.Pending }

/** The key of the metadata chunk that hands the signer something. */
const key = "effect-llm-stream/for-signer"

/** The chunk that hands `handOff` to the signer. */
export const chunk = (handOff: HandOff): UIChunk.MessageMetadata => ({
  type: "message-metadata",
  messageMetadata: { [key]: handOff }
})

/** What a metadata chunk hands the signer, if it is such a chunk. */
export const read = (metadata: unknown): HandOff | undefined =>
  typeof metadata === "object" && metadata !== null && Object.hasOwn(metadata, key)
    ? (metadata as Record<string, HandOff>)[key]
    : undefined
