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
 * Any provider's chunk: the common accessors and its whole payload (`chunk`); narrow with `instanceof` a
 * provider's chunk class (`OpenAI.OpenAICallResponseChunk`, ...) to read the payload by its type.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallResponseChunk extends ChunkCommon.Common {}
