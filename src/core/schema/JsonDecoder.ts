/**
 * The decoder of values that arrive as JSON (a tool call's arguments, a structured answer) for a Schema: its JSON
 * codec (dates as strings, ...), made once per Schema.
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"

/** A module-level cache of immutable derived data: each Schema's JSON decoder, keyed by the Schema. */
const decoders = new WeakMap<Schema.Top, (input: unknown) => Result.Result<unknown, Schema.SchemaError>>()

/** The decoder of `schema`'s JSON codec, made on first use. */
export const of = (
  schema: Schema.Codec<unknown, unknown>
): (input: unknown) => Result.Result<unknown, Schema.SchemaError> => {
  let decoder = decoders.get(schema)
  if (decoder === undefined) {
    decoder = Schema.decodeUnknownResult(Schema.toCodecJson(schema))
    decoders.set(schema, decoder)
  }
  return decoder
}
