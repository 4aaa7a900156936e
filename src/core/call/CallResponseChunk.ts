/**
 * What every provider's streamed chunk has in common: provider-agnostic code never needs a type switch, and the
 * raw payload stays in `chunk`.
 *
 * @since 0.1.0
 */
import type * as ChunkCommon from "../fold/ChunkCommon.js"

export type { Common } from "../fold/ChunkCommon.js"
export type { Name, Provider } from "../Provider.js"

/**
 * Any provider's chunk: the common accessors, the provider's name and its whole payload (`chunk`, typed
 * `unknown` here). Every provider's chunk class (`OpenAI.OpenAICallResponseChunk`, ...) is one; narrow with
 * `instanceof` to read a payload by its provider's type.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallResponseChunk extends ChunkCommon.Common {}
