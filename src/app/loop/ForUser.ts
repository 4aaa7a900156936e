/**
 * A tool's output with parts for the user alone: an MCP content block whose audience names the user and not the
 * assistant (MCP schema.ts `Annotations.audience`, 2025-06-18 on). The user is shown them and the model never reads
 * them, on this turn or a later one. What the browser is shown is an object: the model's output under `output`, the
 * user's parts (as the `Message.Part` Schema's JSON) under `key`; on AG-UI, content parts, the user's marked with
 * `key` in their metadata (`AgUiResultParts`). It is signed as the call's outcome, and what the
 * model read goes with it sealed (`UISealedResults`): a history that sends such an output back without that seal is
 * refused, and one that changed it fails the outcome's signature.
 *
 * An error result (MCP `CallToolResult.isError`) may have such parts too: the browser is shown the failure as the
 * redactor words it (never what the model read of it) and the user's parts beside it, on the `ai` stream in the
 * failure chunk's provider metadata (`errorMetadata`: the part's `resultProviderMetadata`), on AG-UI as content parts
 * after the failure's text, marked; signed and sealed as an output's are.
 *
 * @internal
 */
import * as Data from "effect/Data"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Message from "../../core/Message.js"

/** The key of a shown output under which the parts for the user alone are. */
export const key = "effect-llm-stream/forUser"

/**
 * A handler's output: what the model reads (`content`), the parts for the user alone (`forUser`), and whether the
 * model reads it as an error result (`isError`).
 */
export class Output extends Data.Class<{
  readonly content: string | ReadonlyArray<Message.Part>
  readonly forUser: ReadonlyArray<Message.Part>
  readonly isError?: boolean | undefined
}> {}

const partsCodec = Schema.toCodecJson(Schema.Array(Message.Part))

/** What the user is shown of an output: the text the model read (`modelText`) and the user's parts, marked. */
export const shown = (modelText: string, forUser: ReadonlyArray<Message.Part>): Readonly<Record<string, unknown>> => ({
  output: modelText,
  [key]: Schema.encodeSync(partsCodec)(forUser)
})

const hasKey = (value: unknown): boolean =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.hasOwn(value, key)

/** Whether an AG-UI content part is marked for the user alone: `key` in its metadata (`AgUiResultParts`). */
const markedPart = (part: unknown): boolean =>
  typeof part === "object" && part !== null && hasKey((part as { readonly metadata?: unknown }).metadata)

/** Whether a loop's result is an output `shown` made: the model's text and the parts for the user alone, marked. */
export const isShown = (result: unknown): boolean => hasKey(result)

/**
 * Whether a shown output carries parts for the user alone: `shown`'s object (a tool part's output, an AG-UI tool
 * message's JSON text once parsed), or AG-UI content parts one of which is marked.
 */
export const carries = (output: unknown): boolean => Array.isArray(output) ? output.some(markedPart) : hasKey(output)

/** The parts for the user alone of an output `shown` made; none when it carries none. */
export const partsOf = (output: unknown): ReadonlyArray<Message.Part> =>
  hasKey(output)
    ? Result.getOrElse(Schema.decodeUnknownResult(partsCodec)((output as Record<string, unknown>)[key]), () => [])
    : []

/** The parts for the user alone of an output `shown` made, as it writes them; `undefined` when it carries none. */
export const encodedPartsOf = (output: unknown): unknown =>
  hasKey(output) ? (output as Readonly<Record<string, unknown>>)[key] : undefined

/** The provider metadata of a failure's chunk that shows the parts for the user alone, as `shownParts` shows them. */
export const errorMetadata = (shownParts: unknown): Readonly<Record<string, { readonly parts: unknown }>> => ({
  [key]: { parts: shownParts }
})

/**
 * The parts for the user alone a failure's provider metadata shows (`errorMetadata`), as they are shown: any value
 * there counts (its outcome's signature decides whether it was served); `undefined` when there is none.
 */
export const ofErrorMetadata = (metadata: unknown): unknown => {
  const entry = hasKey(metadata) ? (metadata as Readonly<Record<string, unknown>>)[key] : undefined
  return typeof entry === "object" && entry !== null && Object.hasOwn(entry, "parts")
    ? (entry as { readonly parts: unknown }).parts
    : undefined
}
