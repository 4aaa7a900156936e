/**
 * The schema from a provider's raw payload to its chunk class.
 *
 * @internal
 */
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
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

/** Decoding options of the hot path: fields the schemas do not know stay in the raw payload. */
export const preserveUnknown = { onExcessProperty: "preserve" } as const

/**
 * A payload decoder with a fast path. `accepts` is a hand-written check that returns `true` only for
 * parsed JSON the Schema accepts and would return unchanged (with `preserveUnknown`); such payloads skip
 * the Schema, which costs several times `JSON.parse` itself. Everything else (usage, tool calls, rare
 * events, anything malformed) goes through the Schema, which stays the source of truth:
 * test/FastPath.test.ts checks on generated payloads that the two never disagree.
 */
export const fastDecoder = <P, I, C>(
  schema: Schema.Schema<P, I>,
  accepts: (json: unknown) => boolean,
  wrap: (payload: P) => C
): (json: unknown) => Either.Either<C, ParseResult.ParseError> => {
  const decode = Schema.decodeUnknownEither(schema, preserveUnknown)
  return (json) => accepts(json) ? Either.right(wrap(json as P)) : Either.map(decode(json), wrap)
}

/** `undefined`, `null` or a string: what the schemas' nullable string fields accept. */
export const isNullableString = (value: unknown): boolean =>
  value === undefined || value === null || typeof value === "string"

/** What `Schema.NonNegativeInt` accepts. */
export const isIndex = (value: unknown): boolean =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0

/** A JSON object (not an array, not null). */
export const isRecord = (value: unknown): value is Record<string, any> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/**
 * An instance of a `Schema.Class` from fields that are already valid, without its constructor: the same
 * object the constructor builds with validation off (its own fields on the class prototype), minus a
 * per-instance walk over the fields for defaults that these classes do not have.
 */
export const instantiate = <C>(
  chunkClass: abstract new(...args: Array<any>) => C,
  fields: Record<string, unknown>
): C => Object.assign(Object.create(chunkClass.prototype), fields)
