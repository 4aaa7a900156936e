/**
 * The schema from a provider's raw payload to its chunk class, and the decoders of the hot path.
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"
import * as BodyDecoder from "../framing/BodyDecoder.js"
import * as LiveShapes from "../framing/LiveShapes.js"
import * as ProviderError from "../ProviderError.js"
import * as JsonDepth from "../schema/JsonDepth.js"

/** The longest payload excerpt a `MalformedPayloadError` keeps. */
export const maxRawLength = 2_000

/** Cuts a payload to `maxRawLength` characters for an error report. */
export const truncateRaw = (raw: string): string =>
  raw.length <= maxRawLength ? raw : `${raw.slice(0, maxRawLength)}… (${raw.length - maxRawLength} more characters)`

/** Decodes a payload and wraps it in the chunk class (validated once), with `fields` (a host's `provider`). */
export const chunkFromPayload = <P, I, C extends { readonly chunk: P }>(
  payload: Schema.Codec<P, I>,
  chunkClass: Schema.Codec<C, any> & (new(props: any, options?: Schema.MakeOptions) => C),
  fields: Readonly<Record<string, unknown>> = {}
): Schema.Codec<C, I> =>
  payload.pipe(Schema.decodeTo(Schema.toType(chunkClass), {
    decode: SchemaGetter.transform((chunk: P) => new chunkClass({ chunk, ...fields }, { disableChecks: true })),
    encode: SchemaGetter.transform((instance: C) => instance.chunk)
  }))

/**
 * A payload validator: a valid payload is kept as the provider sent it, fields the schemas do not name included.
 */
export const keepIfValid = <P, I>(
  schema: Schema.Codec<P, I>
): (json: unknown) => Result.Result<P, Schema.SchemaError> => {
  const decode = Schema.decodeUnknownResult(schema)
  return (json) => {
    const decoded = decode(json)
    return Result.isSuccess(decoded) ? Result.succeed(json as P) : Result.fail(decoded.failure)
  }
}

/**
 * A payload decoder for the hot path: payloads a hand-written `accepts` takes skip the Schema (several times
 * `JSON.parse`'s cost); everything else goes through the Schema, the source of truth
 * (test/core/payload/FastPath.test.ts checks that the two never disagree).
 */
export const fastDecoder = <P, I, C>(
  schema: Schema.Codec<P, I>,
  accepts: (json: unknown) => boolean,
  wrap: (payload: P) => C
): (json: unknown) => Result.Result<C, Schema.SchemaError> => {
  const validate = keepIfValid(schema)
  return (json) => accepts(json) ? Result.succeed(wrap(json as P)) : Result.map(validate(json), wrap)
}

/** Checks a payload as `fastDecoder` does, without a wrapper per payload: the payload as it is, or the Schema's error. */
export const fastValidator = <P, I>(
  schema: Schema.Codec<P, I>,
  accepts: (json: unknown) => boolean
): (json: unknown) => P | Schema.SchemaError => {
  const validate = keepIfValid(schema)
  return (json) => {
    if (accepts(json)) return json as P
    const validated = validate(json)
    return Result.isSuccess(validated) ? validated.success : validated.failure
  }
}

/** `undefined`, `null` or a string: what the schemas' nullable string fields accept. */
export const isNullableString = (value: unknown): boolean =>
  value === undefined || value === null || typeof value === "string"

/** What `Schema.Natural` accepts. */
export const isIndex = (value: unknown): boolean =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0

/**
 * The `type` of a payload part this library does not interpret: any string but the `known` types, which
 * have schemas of their own. A part of unknown kind is held to no more than the API's contract for it (a
 * `type`), so an item, block or delta introduced after this library cannot fail a stream.
 */
export const otherThan = (known: ReadonlyArray<string>) => {
  const types: ReadonlySet<string> = new Set(known)
  return Schema.String.check(
    Schema.makeFilter((type: string) => !types.has(type), { expected: `a type other than ${known.join(", ")}` })
  )
}

/** A JSON object (not an array, not null). */
export const isRecord = (value: unknown): value is Record<string, any> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** An instance of a `Schema.Class` from valid fields: the constructor's object, without its walk over the fields. */
export const instantiate = <C extends { readonly events: unknown }>(
  chunkClass: abstract new(...args: Array<any>) => C,
  fields: Record<string, unknown>
): C => {
  const instance: C = Object.assign(Object.create(chunkClass.prototype), fields)
  // What the payload means is read when the chunk is made, as the constructor does.
  void instance.events
  return instance
}

/** Instantiates a chunk class with a payload and at most one more field, as `instantiate` does. */
export const instance = <C extends { readonly events: unknown }>(
  chunkClass: abstract new(...args: Array<any>) => C,
  chunk: unknown,
  key?: string,
  value?: unknown
): C => {
  const made = Object.create(chunkClass.prototype)
  made.chunk = chunk
  const extended = key !== undefined && value !== undefined
  if (extended) made[key] = value
  // What the payload means is read when the chunk is made, as the constructor does.
  void (made as C).events
  LiveShapes.keepOnce(chunkClass, () => blank(chunkClass, extended ? key : undefined), extended ? 1 : 0)
  return made
}

/** A chunk of `chunkClass` with the fields `instance` sets, holding no payload. */
const blank = (chunkClass: abstract new(...args: Array<any>) => unknown, key: string | undefined): object => {
  const made = Object.create(chunkClass.prototype)
  made.chunk = {}
  if (key !== undefined) made[key] = {}
  // Where `ChunkBase` keeps a chunk's events (a registered symbol: the same one).
  made[Symbol.for("effect-llm-stream/Chunk/events")] = []
  return made
}

/** A malformed-payload failure for an event whose text could not be decoded. */
export const malformed = (provider: string, what: string, raw: string): BodyDecoder.Failure =>
  new BodyDecoder.Failure(
    new ProviderError.MalformedPayloadError({
      provider,
      message: `${provider}: ${what}`,
      raw: truncateRaw(raw)
    })
  )

/** What `parseJson` returns for text that is not JSON. */
export const invalidJson: unique symbol = Symbol.for("effect-llm-stream/internal/invalidJson")

export { maxDepth, nestsTooDeep } from "../schema/JsonDepth.js"

/** Parses JSON, or returns `invalidJson` (also past `maxDepth`), with no wrapper per value on the hot path. */
export const parseJson = (text: string): unknown | typeof invalidJson => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return invalidJson
  }
  // Each level takes two characters: a shorter text cannot be too deep.
  return text.length > 2 * JsonDepth.maxDepth && JsonDepth.valueNestsTooDeep(value) ? invalidJson : value
}
