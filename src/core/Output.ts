/**
 * Structured output: the value a call asks the model to answer with, described by a Schema.
 *
 * A request's `output` field takes a Schema or an `Output` (`make`: the Schema with a name, a description,
 * strict adherence and, to override the provider's default, the strategy). Each provider sends it in its own
 * way (a native JSON mode, or a forced tool named after the output where a model has none); the answer is read
 * back by `CallStream.object` (the final value, decoded by the Schema) and `CallStream.partialObjects` (the
 * value so far, each time it grows), which fail with an `OutputError` when there is no valid value.
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
 * How the provider is asked for the output: `"native"`, its JSON mode (OpenAI's `response_format` and
 * `text.format`, Anthropic's `output_config.format`, Bedrock's `outputConfig.textFormat`, Groq's
 * `json_schema`), the answer being the response's text; or `"tool"`, one tool named after the output that the
 * model is made to call, the answer being its arguments. Each provider picks one per model family (see
 * docs/structured-output.md); an output's `strategy` overrides that choice.
 *
 * @since 0.3.0
 * @category Models
 */
export type Strategy = "native" | "tool"

const TypeId = "~effect-llm-stream/Output" as const

/**
 * What a call asks the model to answer with: the Schema the answer is decoded with, the name it is sent
 * under (the JSON schema's or the tool's), a description, whether the provider is asked for strict schema
 * adherence, and the strategy when it overrides the provider's.
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
   * Strict schema adherence where the provider has it (OpenAI, Azure, Groq's models that support it): the
   * JSON Schema is sent in strict form (every property required, an optional one sent as nullable). A
   * Schema strict mode cannot express (a record with free keys, a tuple) then fails the request: set `false`.
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
 * The name an output gets when none is given: the Schema's identifier (a `Schema.Class`'s, or an
 * `identifier` annotation) when it is a valid name that does not start with `_` (Bedrock's Nova models strip
 * a leading underscore from tool names), else `"output"`.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const defaultName = (schema: Schema.Top): string => {
  const identifier = SchemaAST.resolveIdentifier(schema.ast)
  return identifier !== undefined && namePattern.test(identifier) && !identifier.startsWith("_") ? identifier : "output"
}

/**
 * Makes an output spec. The Schema must describe an object (a Struct, a Class), as every provider requires of
 * the answer's JSON Schema; another Schema, or a name that does not match `^[a-zA-Z0-9_-]{1,64}$`, is a
 * `TypeError`, as for a tool.
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
 * value (`LanguageModel.stream` gives `CallResponseChunk & Requested<A>`). It has no value at run time (the
 * chunks carry the output itself, which `CallStream.object` and `partialObjects` read); it lets them take no
 * argument and be typed from the request. It survives every operator that passes the chunks on as they are
 * (`Stream.tap`, `filter`, `take`, `rechunk`, `CallStream.retry`, ...), not one that maps them to new values.
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
 * The value of a structured output so far: every field optional, at every depth; an array's elements are
 * partial too. A field the Schema marks optional may be `null` while it streams (strict mode sends an absent
 * field as `null`; the final value has it absent). Partials are the JSON as the model writes it: where the
 * Schema's JSON form differs from its type (a `Date` is a string in JSON), a partial holds the JSON form.
 *
 * @since 0.3.0
 * @category Models
 */
export type DeepPartial<A> = A extends ReadonlyArray<infer E> ? ReadonlyArray<DeepPartial<E>>
  : A extends string | number | boolean | bigint | symbol | null | undefined ? A
  : A extends (...args: ReadonlyArray<any>) => unknown ? A
  : { readonly [K in keyof A]?: DeepPartial<A[K]> | (undefined extends A[K] ? null : never) }

/**
 * Why a structured-output call has no value, with the raw text the model wrote (the response's text, or
 * the arguments of the output tool) and, for an answer that does not match, the Schema's `issue`:
 *
 * - `invalid-json`: the answer is not one JSON text (`message` says where);
 * - `multiple-values`: the answer holds more than one JSON value (models do write the object twice), never
 *   taken as the first one;
 * - `schema-mismatch`: valid JSON that the Schema does not decode;
 * - `refusal`: the model refused (OpenAI's `refusal`, Anthropic's `stop_reason: "refusal"`, Bedrock's
 *   `content_filtered` or a guardrail intervention: a `content_filter` finish); `text` is what it said;
 * - `length`: the answer was cut by the token limit (a `length` finish);
 * - `no-output`: the response has neither text nor a call to the output tool.
 *
 * A stream that fails on its own (a cut connection) fails with its `ProviderError`, not with this.
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
