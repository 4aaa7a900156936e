/**
 * Structured output: the value a call asks the model to answer with, described by a Schema. A request's `output`
 * takes a Schema or an `Output`; `CallStream.object` and `CallStream.partialObjects` read the answer back.
 *
 * @since 0.3.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"
import * as SchemaIssue from "effect/SchemaIssue"
import type * as Types from "effect/Types"
import * as Tool from "./Tool.js"

/**
 * How the provider is asked for the output: `"native"`, its JSON mode, the answer being the response's text; or
 * `"tool"`, one tool named after the output that the model must call, the answer being its arguments. Each
 * provider picks one per model family (docs/structured-output.md); an output's `strategy` overrides it.
 *
 * @since 0.3.0
 * @category Models
 */
export type Strategy = "native" | "tool"

const TypeId = "~effect-llm-stream/Output" as const

/**
 * What a call asks the model to answer with: the Schema the answer is decoded with, and how it is sent.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Output<A = any, I = any> {
  readonly [TypeId]: typeof TypeId
  readonly schema: Schema.Codec<A, I>
  /** Matches `^[a-zA-Z0-9_-]{1,64}$`, as every provider requires of a schema or tool name. */
  readonly name: string
  readonly description?: string | undefined
  /**
   * Strict schema adherence where the provider has it: every property required, an optional one sent as
   * nullable. A Schema strict mode cannot express (a record with free keys, a tuple) fails the request.
   */
  readonly strict: boolean
  /** Overrides the provider's choice of strategy for the model. */
  readonly strategy?: Strategy | undefined
  /** The JSON Schema of the answer (`Tool.jsonSchemaOf` of the Schema: an object at the root). */
  readonly jsonSchema: Tool.JsonSchema
}

/**
 * @since 0.3.0
 * @category Models
 */
export interface Options {
  /** Defaults to the Schema's identifier when it is a valid name, else `"output"`. */
  readonly name?: string | undefined
  readonly description?: string | undefined
  /** Defaults to `true`. */
  readonly strict?: boolean | undefined
  readonly strategy?: Strategy | undefined
}

const namePattern = /^[a-zA-Z0-9_-]{1,64}$/

/**
 * The name an output gets when none is given: the Schema's identifier when it is a valid name that does not start
 * with `_` (Bedrock's Nova models strip a leading underscore from tool names), else `"output"`.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const defaultName = (schema: Schema.Top): string => {
  const identifier = SchemaAST.resolveIdentifier(schema.ast)
  return identifier !== undefined && namePattern.test(identifier) && !identifier.startsWith("_") ? identifier : "output"
}

/**
 * Makes an output spec. A Schema that does not describe an object (as every provider requires), or a name that
 * does not match `^[a-zA-Z0-9_-]{1,64}$`, is a `TypeError`.
 *
 * @example
 * ```ts
 * import { CallStream, LanguageModel, Message, Output } from "effect-llm-stream"
 * import { Schema } from "effect"
 *
 * const Book = Schema.Struct({ title: Schema.String, author: Schema.String, year: Schema.Int })
 *
 * const book = Output.make(Book, { name: "book", description: "A book recommendation" })
 * const program = CallStream.object(
 *   LanguageModel.stream({ messages: [Message.user("Recommend a fantasy book")], output: book })
 * )
 * ```
 *
 * @since 0.3.0
 * @category Constructors
 */
export const make = <A, I>(schema: Schema.Codec<A, I>, options: Options = {}): Output<A, I> => {
  const name = options.name ?? defaultName(schema)
  if (!namePattern.test(name)) {
    throw new TypeError(`an output's name must match ^[a-zA-Z0-9_-]{1,64}$; got ${JSON.stringify(name)}`)
  }
  let jsonSchema: Tool.JsonSchema
  try {
    jsonSchema = Tool.jsonSchemaOf(schema)
  } catch (error) {
    throw new TypeError(
      `an output's Schema must be Struct-like (an object in JSON): ${error instanceof Error ? error.message : error}`
    )
  }
  return {
    [TypeId]: TypeId,
    schema,
    name,
    description: options.description,
    strict: options.strict ?? true,
    strategy: options.strategy,
    jsonSchema
  }
}

/**
 * Whether a value is an `Output`.
 *
 * @since 0.3.0
 * @category Guards
 */
export const isOutput = (u: unknown): u is Output => Predicate.hasProperty(u, TypeId)

/**
 * A Schema or an output spec, as a request's `output` field, `CallStream.object` and
 * `CallStream.partialObjects` take them.
 *
 * @since 0.3.0
 * @category Models
 */
export type Input<A = any, I = any> = Schema.Codec<A, I> | Output<A, I>

/**
 * The output spec of an `Input`: the output itself, or `make` of the Schema with the defaults.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const fromInput = <A, I>(input: Input<A, I>): Output<A, I> => isOutput(input) ? input : make(input)

declare const RequestedTypeId: unique symbol

/**
 * What the chunks of a stream made with a request's `output` carry in their type: the type of the output's
 * value, so that `CallStream.object` needs no argument. It has no value at run time, and survives every operator
 * that passes the chunks on as they are, not one that maps them to new values.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Requested<A> {
  readonly [RequestedTypeId]: Types.Invariant<A>
}

/**
 * The chunks of a stream whose request asked for no output of another type than `A`: chunks that say nothing
 * of their request's output, or `Requested<A>`.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Accepts<A> {
  readonly [RequestedTypeId]?: Types.Invariant<A> | undefined
}

/**
 * The type of the output a stream's chunks carry (`never` for chunks that carry none).
 *
 * @since 0.3.0
 * @category Models
 */
export type RequestedOf<C> = C extends Requested<infer A> ? A : never

/**
 * The value of a structured output so far: every field optional, at every depth. An optional field may be `null`
 * while it streams (strict mode sends an absent field as `null`), and a partial holds the JSON form where it
 * differs from the type (a `Date` is a string).
 *
 * @since 0.3.0
 * @category Models
 */
export type DeepPartial<A> = A extends ReadonlyArray<infer E> ? ReadonlyArray<DeepPartial<E>>
  : A extends string | number | boolean | bigint | symbol | null | undefined ? A
  : A extends (...args: ReadonlyArray<any>) => unknown ? A
  : { readonly [K in keyof A]?: DeepPartial<A[K]> | (undefined extends A[K] ? null : never) }

/**
 * Why a structured-output call has no value, with the raw text the model wrote: not one JSON text
 * (`invalid-json`), several values (`multiple-values`, never taken as the first), JSON the Schema does not decode
 * (`schema-mismatch`, with its `issue`), a `content_filter` finish (`refusal`), a `length` finish (`length`), or
 * neither text nor a call to the output tool (`no-output`).
 *
 * @since 0.3.0
 * @category Errors
 */
export class OutputError extends Schema.TaggedError<OutputError>()("OutputError", {
  reason: Schema.Literals(["invalid-json", "multiple-values", "schema-mismatch", "refusal", "length", "no-output"]),
  /** The answer as the model wrote it (the refusal's text for `refusal`). */
  text: Schema.String,
  /** What the Schema found wrong, for `schema-mismatch`. */
  issue: Schema.optionalKey(Schema.declare(SchemaIssue.isIssue)),
  message: Schema.String
}) {}
