/**
 * The checker of an MCP tool's arguments (`JsonSchemaCheck`, behind `Mcp.tools` and `AiLanguageModel.tools`)
 * against Ajv (8, its draft 2020-12 validator, the JSON Schema validator the official MCP SDK uses): generated
 * schemas of every keyword the checker runs, with `$defs` that refer to each other through properties and items,
 * and generated JSON values, accepted and refused alike. Then what Ajv does not do: values nested up to
 * `JsonDepth.maxDepth` against a recursive schema, and a schema whose alternatives are tried again at every level
 * (exponential) refused within the budget of checks, in bounded time.
 */
import { assert, describe, it } from "@effect/vitest"
import { Ajv2020 } from "ajv/dist/2020.js"
import * as FastCheck from "fast-check"
import * as JsonSchemaCheck from "../../../src/core/schema/JsonSchemaCheck.js"
import * as JsonSchemaRefs from "../../../src/core/schema/JsonSchemaRefs.js"
import { prop } from "../../support/Property.js"

const ajv = new Ajv2020({ strict: false, validateFormats: false })

const small = FastCheck.integer({ min: 0, max: 4 })
const scalar = FastCheck.oneof(
  FastCheck.constant(null),
  FastCheck.boolean(),
  FastCheck.integer({ min: -3, max: 3 }),
  FastCheck.constantFrom(0.5, -1.5, 2.25),
  FastCheck.constantFrom("", "a", "ab", "abc", "é", "😀x")
)
/** JSON values as `JSON.parse` gives them (plain objects, as arguments arrive; fast-check also makes some without a prototype). */
const json = FastCheck.letrec<{ value: unknown }>((tie) => ({
  value: FastCheck.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    FastCheck.array(tie("value"), { maxLength: 3 }),
    FastCheck.dictionary(FastCheck.constantFrom("a", "b", "c"), tie("value"), { maxKeys: 3 })
  )
})).value.map((value) => JSON.parse(JSON.stringify(value)))

const types = FastCheck.constantFrom("null", "boolean", "integer", "number", "string", "array", "object")

/** One keyword of a schema, its value made of `schema` where it takes schemas. */
const keyword = (schema: FastCheck.Arbitrary<unknown>): FastCheck.Arbitrary<Record<string, unknown>> =>
  FastCheck.oneof(
    types.map((type) => ({ type })),
    FastCheck.uniqueArray(types, { minLength: 1, maxLength: 2 }).map((type) => ({ type })),
    FastCheck.array(scalar, { minLength: 1, maxLength: 3 }).map((values) => ({ enum: values })),
    scalar.map((value) => ({ const: value })),
    FastCheck.tuple(FastCheck.constantFrom("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"), small)
      .map(([key, value]) => ({ [key]: value - 1 })),
    FastCheck.constantFrom(2, 3).map((multipleOf) => ({ multipleOf })),
    FastCheck.tuple(
      FastCheck.constantFrom("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"),
      small
    ).map(([key, value]) => ({ [key]: value })),
    FastCheck.constant({ uniqueItems: true }),
    FastCheck.dictionary(FastCheck.constantFrom("a", "b", "c"), schema, { maxKeys: 2 }).map((properties) => ({
      properties
    })),
    FastCheck.subarray(["a", "b", "c"], { minLength: 1 }).map((required) => ({ required })),
    FastCheck.oneof(FastCheck.boolean(), schema).map((additionalProperties) => ({ additionalProperties })),
    FastCheck.constant({ dependentRequired: { a: ["b"] } }),
    schema.map((member) => ({ dependentSchemas: { b: member } })),
    schema.map((propertyNames) => ({ propertyNames })),
    FastCheck.oneof(FastCheck.boolean(), schema).map((items) => ({ items })),
    FastCheck.array(schema, { minLength: 1, maxLength: 2 }).map((prefixItems) => ({ prefixItems })),
    FastCheck.tuple(schema, small).map(([contains, min]) => ({ contains, minContains: min % 2, maxContains: 1 + min })),
    FastCheck.tuple(
      FastCheck.constantFrom("allOf", "anyOf", "oneOf"),
      FastCheck.array(schema, { minLength: 1, maxLength: 3 })
    )
      .map(([key, members]) => ({ [key]: members })),
    schema.map((not) => ({ not })),
    FastCheck.tuple(schema, schema, schema).map(([when, then, otherwise]) => ({ if: when, then, else: otherwise })),
    FastCheck.constantFrom("#/$defs/Node", "#/$defs/List").map(($ref) => ({ $ref }))
  )

const schema = FastCheck.letrec<{ schema: unknown }>((tie) => ({
  schema: FastCheck.oneof(
    { depthSize: "small", withCrossShrink: true },
    FastCheck.boolean(),
    FastCheck.array(keyword(tie("schema")), { maxLength: 3 }).map((keywords) => Object.assign({}, ...keywords))
  )
})).schema

/** Definitions that refer to themselves through a property and an item (never round without descending). */
const definitions = {
  Node: { type: "object", properties: { value: { type: "integer" }, next: { $ref: "#/$defs/Node" } } },
  List: { type: "array", items: { anyOf: [{ type: "string" }, { $ref: "#/$defs/List" }] } }
}

/** Whether `schema`, or any schema inside it, has both keywords. */
const hasBoth = (schema: unknown, one: string, other: string): boolean =>
  typeof schema === "object" && schema !== null &&
  ((one in schema && other in schema) || Object.values(schema).some((inner) => hasBoth(inner, one, other)))

/** Ajv's verdict on `value`, or `undefined` where Ajv cannot compile `schema`. */
const ajvVerdict = (schema: unknown, value: unknown): boolean | undefined => {
  try {
    return ajv.validate(schema as object, value)
  } catch {
    return undefined
  }
}

describe("JsonSchemaCheck", () => {
  prop(
    "accepts what Ajv (draft 2020-12) accepts and refuses what it refuses",
    [schema, json],
    ([generated, value]) => {
      // Ajv 8 skips `contains` on an empty array when `prefixItems` stands beside it (`{ contains: false,
      // minContains: 1, prefixItems: [false] }` accepts `[]`), where draft 2020-12 applies both: not compared.
      if (hasBoth(generated, "contains", "prefixItems")) return
      const document = typeof generated === "boolean" ? generated : { ...(generated as object), $defs: definitions }
      // Ajv 8 fails to compile some generated schemas (`items0 is not defined`): those are not compared.
      const expected = ajvVerdict(document, value)
      if (expected === undefined) return
      const issues = JsonSchemaCheck.issues(generated, definitions, value)
      assert.strictEqual(issues.length === 0, expected, JSON.stringify({ generated, value, issues }))
    },
    { fastCheck: { numRuns: 3_000 } }
  )

  // Few values, so that equal ones meet: objects of the same keys in another order, 1 and 1.0, nested arrays.
  const alike = FastCheck.constantFrom<unknown>(1, 1.0, 2, "1", null, [1], [[1]], { a: 1, b: [2] }, { b: [2], a: 1 }, {
    a: 1
  })
  prop(
    "compares JSON values as Ajv does (uniqueItems, enum, const)",
    [FastCheck.array(alike, { maxLength: 4 }), alike, FastCheck.array(alike, { minLength: 1, maxLength: 3 })],
    ([items, value, members]) => {
      for (
        const [generated, input] of [[{ uniqueItems: true }, items], [{ const: value }, items[0]], [
          { enum: members },
          value
        ]]
      ) {
        const issues = JsonSchemaCheck.issues(generated, {}, input)
        assert.strictEqual(
          issues.length === 0,
          ajv.validate(generated as object, input),
          JSON.stringify({ generated, input })
        )
      }
    },
    { fastCheck: { numRuns: 500 } }
  )

  it("checks a value nested up to the cap against a recursive schema, and says where a deep one is wrong", () => {
    let value: unknown = { value: 1 }
    for (let i = 0; i < 999; i++) value = { value: i, next: value }
    assert.deepStrictEqual(JsonSchemaCheck.issues({ $ref: "#/$defs/Node" }, definitions, value), [])
    let wrong: unknown = { value: "one" }
    for (let i = 0; i < 999; i++) wrong = { value: i, next: wrong }
    const [issue] = JsonSchemaCheck.issues({ $ref: "#/$defs/Node" }, definitions, wrong)
    assert.match(
      issue!,
      /^\/next\/next\/next\/next\/next\/…\(990 more\)…\/next\/next\/next\/next\/value: expected integer, got string$/
    )
  })

  it("refuses as too complex a value whose check would take exponential time, in bounded time", () => {
    // Each level tries two alternatives that fail only at the bottom: 2^60 checks without a budget.
    const twice = { Pair: { anyOf: [{ $ref: "#/$defs/Step" }, { $ref: "#/$defs/Step" }] }, Step: {} }
    const step = { type: "object", properties: { next: { $ref: "#/$defs/Pair" } }, required: ["next"] }
    let value: unknown = {}
    for (let i = 0; i < 60; i++) value = { next: value }
    const started = performance.now()
    const issues = JsonSchemaCheck.issues({ $ref: "#/$defs/Pair" }, { ...twice, Step: step }, value)
    assert.deepStrictEqual(issues, [
      `the arguments are too complex to check against the tool's schema (over ${JsonSchemaCheck.maxChecks} checks)`
    ])
    assert.isBelow(performance.now() - started, 20_000)
  })

  it("finds the cycles of $refs that never descend into the value, and only those", () => {
    const cycle = (defs: Record<string, unknown>) => JsonSchemaRefs.sameValueCycle({ $ref: "#/$defs/A" }, defs)
    assert.deepStrictEqual(cycle({ A: { $ref: "#/$defs/A" } }), ["#/$defs/A"])
    assert.sameMembers([
      ...cycle({
        A: { anyOf: [{ type: "string" }, { $ref: "#/$defs/B" }] },
        B: { not: { allOf: [{ $ref: "#/$defs/A" }] } }
      })
    ], ["#/$defs/A", "#/$defs/B"])
    assert.deepStrictEqual(cycle({ A: { if: { $ref: "#/$defs/A" } } }), ["#/$defs/A"])
    assert.deepStrictEqual(cycle(definitions), [])
    assert.deepStrictEqual(
      cycle({ A: { properties: { a: { $ref: "#/$defs/A" } }, anyOf: [{ $ref: "#/$defs/B" }] }, B: {} }),
      []
    )
  })
})
