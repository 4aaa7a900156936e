/**
 * The schema from a provider's raw payload to its chunk class.
 *
 * @internal
 */
import * as Schema from "effect/Schema"

/** Decodes a payload with its schema and wraps it in the chunk class (without validating it twice). */
export const chunkFromPayload = <P, I, C extends { readonly chunk: P }>(
  payload: Schema.Schema<P, I>,
  chunkClass: Schema.Schema<C, any> & (new(props: { readonly chunk: P }, options?: boolean) => C)
): Schema.Schema<C, I> =>
  Schema.transform(payload, Schema.typeSchema(chunkClass), {
    strict: true,
    decode: (chunk) => new chunkClass({ chunk }, true),
    encode: (instance) => instance.chunk
  })
