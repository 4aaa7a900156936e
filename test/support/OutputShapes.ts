/**
 * JSON-representable Schemas and values of them, for structured-output property tests: a shape (strings,
 * finite numbers, integers, booleans, literals, arrays, nested Structs whose fields may be optional or
 * nullable, at the root a Struct) gives both the Schema and a fast-check arbitrary of its values.
 */
import { Schema } from "effect"
import * as FastCheck from "fast-check"

export type Shape =
  | { readonly kind: "string" | "number" | "int" | "boolean" }
  | { readonly kind: "literal"; readonly values: readonly [string, ...Array<string>] }
  | { readonly kind: "array"; readonly item: Shape }
  | { readonly kind: "struct"; readonly fields: ReadonlyArray<Field> }

export interface Field {
  readonly name: string
  readonly shape: Shape
  readonly optional: boolean
  readonly nullable: boolean
}

const names = ["title", "name", "a", "b", "items", "nested", "x_y", "score", "tags", "é", "__proto__", "k-1"]

const leaf: FastCheck.Arbitrary<Shape> = FastCheck.oneof(
  FastCheck.constantFrom<Shape>({ kind: "string" }, { kind: "number" }, { kind: "int" }, { kind: "boolean" }),
  FastCheck.uniqueArray(FastCheck.constantFrom("red", "green", "blue", "x y"), { minLength: 1, maxLength: 3 })
    .map((values): Shape => ({ kind: "literal", values: values as unknown as readonly [string, ...Array<string>] }))
)

const struct = (shape: FastCheck.Arbitrary<Shape>, maxFields: number): FastCheck.Arbitrary<Shape> =>
  FastCheck.uniqueArray(
    FastCheck.record({
      name: FastCheck.constantFrom(...names),
      shape,
      optional: FastCheck.boolean(),
      nullable: FastCheck.boolean()
    }),
    { maxLength: maxFields, selector: (field) => field.name }
  ).map((fields): Shape => ({ kind: "struct", fields }))

/** A shape whose root is a Struct. */
export const shapeArbitrary: FastCheck.Arbitrary<Shape> = FastCheck.letrec<{ shape: Shape }>((tie) => ({
  shape: FastCheck.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: tie("shape").map((item): Shape => ({ kind: "array", item })) },
    { weight: 1, arbitrary: struct(tie("shape"), 4) }
  )
})).shape.chain((shape) => shape.kind === "struct" ? FastCheck.constant(shape) : struct(FastCheck.constant(shape), 5))

/** The Schema of a shape. */
export const schemaOf = (shape: Shape): Schema.Codec<any, any> => {
  switch (shape.kind) {
    case "string":
      return Schema.String
    case "number":
      return Schema.Finite
    case "int":
      return Schema.Int
    case "boolean":
      return Schema.Boolean
    case "literal":
      return Schema.Literals(shape.values)
    case "array":
      return Schema.Array(schemaOf(shape.item))
    case "struct":
      return Schema.Struct(Object.fromEntries(shape.fields.map((field) => {
        const base = field.nullable ? Schema.NullOr(schemaOf(field.shape)) : schemaOf(field.shape)
        return [field.name, field.optional ? Schema.optionalKey(base) : base]
      })))
  }
}

const define = (object: Record<string, unknown>, key: string, value: unknown) =>
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true })

/** Values of a shape, as its Schema decodes them (no `-0`: JSON has none). */
export const valueOf = (shape: Shape): FastCheck.Arbitrary<unknown> => {
  switch (shape.kind) {
    case "string":
      return FastCheck.string({ maxLength: 12, unit: "binary" })
    case "number":
      return FastCheck.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n))
    case "int":
      return FastCheck.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => (Object.is(n, -0) ? 0 : n))
    case "boolean":
      return FastCheck.boolean()
    case "literal":
      return FastCheck.constantFrom(...shape.values)
    case "array":
      return FastCheck.array(valueOf(shape.item), { maxLength: 4 })
    case "struct":
      return FastCheck.tuple(
        ...shape.fields.map((field) =>
          FastCheck.tuple(
            field.optional ? FastCheck.boolean() : FastCheck.constant(true),
            field.nullable ? FastCheck.option(valueOf(field.shape), { nil: null }) : valueOf(field.shape)
          )
        )
      ).map((entries) => {
        const object: Record<string, unknown> = {}
        entries.forEach(([present, value], index) => {
          if (present) define(object, shape.fields[index]!.name, value)
        })
        return object
      })
  }
}

/** A Schema with a value of it. */
export const schemaAndValue: FastCheck.Arbitrary<{ readonly schema: Schema.Codec<any, any>; readonly value: unknown }> =
  shapeArbitrary.chain((shape) => valueOf(shape).map((value) => ({ schema: schemaOf(shape), value })))

/** The absent optional fields of a value set to `null` where the Schema does not take `null` (strict mode's answer). */
export const withNulls = (shape: Shape, value: unknown): unknown => {
  if (shape.kind === "array") return (value as Array<unknown>).map((item) => withNulls(shape.item, item))
  if (shape.kind !== "struct") return value
  const object: Record<string, unknown> = {}
  for (const field of shape.fields) {
    if (Object.hasOwn(value as object, field.name)) {
      const item = (value as Record<string, unknown>)[field.name]
      define(object, field.name, item === null ? null : withNulls(field.shape, item))
    } else if (field.optional && !field.nullable) define(object, field.name, null)
  }
  return object
}
