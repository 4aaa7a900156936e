/**
 * What the model was told of a tool call whose result the browser is shown otherwise: a failure's detail (the
 * handler's error, the arguments' decode error, a refused approval) reaches the model, and the browser is shown the
 * redactor's text (`UIRedaction`). Written back from the browser's text, the next request would tell the model
 * something else than it was told: another conversation (and for Anthropic's models with preserved thinking, whose
 * thinking after that result is then refused: "clearing or shortening a `tool_result`" fails the prefix check). So
 * the model's text goes to the browser sealed (`Sealing`: the browser cannot read it), in the message's metadata
 * under `metadataKey` by call id, and `toMessages` (and AG-UI's `readRunInput`) send it back as it was.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as StepEvents from "../loop/StepEvents.js"
import * as Sealing from "../signing/Sealing.js"
import type * as UIChunk from "./UIChunk.js"
import * as UIDecodedMessage from "./UIDecodedMessage.js"

/** Where a message's (or a tool message's) metadata keeps the sealed texts, by call id. */
export const metadataKey = "effect-llm-stream/results"

/** The key of the metadata chunk that hands the history's signer a text to seal; never sent as it is. */
export const pendingKey = "effect-llm-stream/result"

/** A text to seal for a call. */
export interface Pending {
  readonly toolCallId: string
  readonly text: string
}

/** The chunk that hands the signer what the model was told of `event`, when the browser is shown other text. */
export const pendingOf = (event: StepEvents.ToolResultEvent, shown: UIChunk.Chunk): UIChunk.Chunk | undefined =>
  shown.type === "tool-output-error" && shown.errorText !== event.message.content
    ? {
      type: "message-metadata",
      messageMetadata: { [pendingKey]: { toolCallId: event.call.id, text: event.message.content } }
    }
    : undefined

/** The text a metadata chunk hands the signer, if it is one. */
export const pendingIn = (metadata: unknown): Pending | undefined =>
  typeof metadata === "object" && metadata !== null && Object.hasOwn(metadata, pendingKey)
    ? (metadata as Record<string, Pending>)[pendingKey]
    : undefined

/** The metadata of `pending` sealed. */
export const sealed = (pending: Pending): Effect.Effect<Record<string, Record<string, string>>> =>
  Effect.map(Sealing.seal(pending.text, pending.toolCallId), (text) => ({
    [metadataKey]: { [pending.toolCallId]: text }
  }))

/**
 * What the model was told of call `toolCallId`, when `metadata` carries it sealed (`undefined` when it does not); a
 * sealed text this server did not seal for that call, or changed, is a refusal naming `field`.
 */
export const modelText = (
  metadata: unknown,
  toolCallId: string,
  field: string
): Effect.Effect<string | undefined, ProviderError.InvalidRequestError> => {
  const texts = typeof metadata === "object" && metadata !== null
    ? (metadata as Readonly<Record<string, unknown>>)[metadataKey]
    : undefined
  if (typeof texts !== "object" || texts === null || !Object.hasOwn(texts, toolCallId)) return Effect.succeed(undefined)
  return Effect.flatMap(
    Sealing.open((texts as Readonly<Record<string, unknown>>)[toolCallId], toolCallId),
    (text) =>
      text === undefined
        ? Effect.fail(
          UIDecodedMessage.invalid(
            field,
            `the result of tool call ${JSON.stringify(toolCallId)} changed since this server served it`
          )
        )
        : Effect.succeed(text)
  )
}
