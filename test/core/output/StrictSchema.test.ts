/**
 * The JSON Schema of an output in a provider's dialect (`StrictSchema.rewrite`) and the way back for the
 * answer (`restoreAbsent`): over any JSON-representable Schema, OpenAI's strict form requires every property
 * and closes every object, an optional property being nullable unless it was required; what a closed schema
 * cannot say fails with its place.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { Output } from "effect-llm-stream"
import * as StrictSchema from "../../../src/core/output/StrictSchema.js"
import * as AnthropicModels from "../../../src/providers/anthropic/AnthropicModels.js"
import * as ChatOutput from "../../../src/providers/openai-compatible/ChatOutput.js"
import * as Shapes from "../../support/OutputShapes.js"
import { prop } from "../../support/Property.js"

type Json = { readonly [key: string]: any }

/** Every object schema in `schema` (through properties, items, unions and definitions). */
const objects = (schema: unknown): Array<Json> => {
  if (typeof schema !== "object" || schema === null) return []
  const node = schema as Json
  const own = node["properties"] !== undefined ? [node] : []
  const children = [
    ...Object.values(node["properties"] ?? {}),
    ...(node["items"] === undefined ? [] : [node["items"]]),
    ...(node["anyOf"] ?? []),
    ...Object.values(node["$defs"] ?? {})
  ]
  return [...own, ...children.flatMap(objects)]
}

describe("StrictSchema.rewrite", () => {
  prop("OpenAI's strict form: every object closed, every property required", [Shapes.shapeArbitrary], ([shape]) => {
    const output = Output.make(Shapes.schemaOf(shape))
    const rewritten = StrictSchema.rewrite(output.jsonSchema, ChatOutput.strictDialect)
    assert.isTrue(Result.isSuccess(rewritten))
    for (const object of objects((rewritten as Result.Success<Json, string>).success)) {
      assert.strictEqual(object["additionalProperties"], false)
      assert.deepStrictEqual([...object["required"]].sort(), Object.keys(object["properties"]).sort())
    }
  }, { fastCheck: { numRuns: 200 } })

  it("an optional property is sent nullable; one that takes null already is left as it is", () => {
    const output = Output.make(Schema.Struct({
      a: Schema.optionalKey(Schema.String),
      b: Schema.optionalKey(Schema.NullOr(Schema.String)),
      c: Schema.Struct({})
    }))
    const rewritten = StrictSchema.rewrite(output.jsonSchema, ChatOutput.strictDialect)
    assert.deepStrictEqual(
      rewritten,
      Result.succeed({
        type: "object",
        properties: {
          a: { anyOf: [{ type: "string" }, { type: "null" }] },
          b: { anyOf: [{ type: "string" }, { type: "null" }] },
          c: { type: "object", properties: {}, required: [], additionalProperties: false }
        },
        required: ["a", "b", "c"],
        additionalProperties: false
      })
    )
  })

  it("what a closed schema cannot say fails with its place", () => {
    const record = Output.make(
      Schema.Struct({ a: Schema.Struct({ scores: Schema.Record(Schema.String, Schema.Number) }) })
    )
    assert.deepStrictEqual(
      StrictSchema.rewrite(record.jsonSchema, ChatOutput.strictDialect),
      Result.fail("$.a.scores: a record with free keys (additionalProperties) cannot be expressed")
    )
    const tuple = Output.make(Schema.Struct({ pair: Schema.Tuple([Schema.String, Schema.Number]) }))
    assert.deepStrictEqual(
      StrictSchema.rewrite(tuple.jsonSchema, AnthropicModels.dialect),
      Result.fail("$.pair: a tuple (prefixItems) cannot be expressed")
    )
  })
})

describe("StrictSchema.restoreAbsent", () => {
  prop(
    "strict mode's nulls for absent optional fields are taken out, and nothing else changes",
    [Shapes.shapeArbitrary.chain((shape) => Shapes.valueOf(shape).map((value) => ({ shape, value })))],
    ([{ shape, value }]) => {
      const output = Output.make(Shapes.schemaOf(shape))
      assert.deepStrictEqual(StrictSchema.restoreAbsent(Shapes.withNulls(shape, value), output.jsonSchema), value)
      // An answer without such nulls is returned as it is, the same object.
      assert.strictEqual(StrictSchema.restoreAbsent(value, output.jsonSchema), value)
    },
    { fastCheck: { numRuns: 300 } }
  )

  it("in a union, the member the value matches decides (by its fields and tags)", () => {
    const Shape = Schema.Struct({
      shape: Schema.Union([
        Schema.Struct({ kind: Schema.Literal("circle"), radius: Schema.optionalKey(Schema.Number) }),
        Schema.Struct({ kind: Schema.Literal("square"), side: Schema.optionalKey(Schema.NullOr(Schema.Number)) })
      ])
    })
    const { jsonSchema } = Output.make(Shape)
    assert.deepStrictEqual(StrictSchema.restoreAbsent({ shape: { kind: "circle", radius: null } }, jsonSchema), {
      shape: { kind: "circle" }
    })
    assert.deepStrictEqual(StrictSchema.restoreAbsent({ shape: { kind: "square", side: null } }, jsonSchema), {
      shape: { kind: "square", side: null }
    })
  })
})
