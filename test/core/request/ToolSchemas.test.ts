/**
 * The JSON Schema of a tool's parameters, as each provider receives it on the wire: a self-contained
 * object schema at the root (`type: "object"`, `properties`, `required`, `additionalProperties: false`)
 * for every Struct-like Schema, nested classes in `$defs`, a tool's own JSON Schema passed through, and
 * OpenAI's `strict` flag.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema, Stream } from "effect"
import { LanguageModel, Message, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { LanguageModel as AiModel, Tool as AiTool, Toolkit } from "effect/ai"
import { clients } from "../../../support/Clients.js"
import * as Recordings from "../../support/AiRecordings.js"
import { providerModels } from "../../support/Providers.js"

class Address
  extends Schema.Class<Address>("Address")({ city: Schema.String, zip: Schema.optionalKey(Schema.String) })
{}

class Person extends Schema.Class<Person>("Person")({
  name: Schema.String,
  home: Address,
  work: Schema.NullOr(Address)
}) {}

const ownSchema = {
  type: "object",
  properties: { query: { type: "string", description: "what to look up" } },
  required: ["query"],
  additionalProperties: false
}

const tools = [
  Tool.make("no_arguments", { parameters: Schema.Struct({}) }),
  Tool.make("a_class", { parameters: Person }),
  Tool.make("identified", {
    description: "an identified Struct",
    parameters: Schema.Struct({ q: Schema.String, limit: Schema.optionalKey(Schema.Int) }).annotate({
      identifier: "Query"
    })
  }),
  Tool.make("own_schema", { jsonSchema: ownSchema, strict: true })
] as const

/** Each tool's parameter schema in a request body, by tool name, wherever the provider puts it. */
const wireSchemas = (provider: string, body: any): Record<string, any> => {
  switch (provider) {
    case "anthropic":
      return Object.fromEntries(body.tools.map((tool: any) => [tool.name, tool.input_schema]))
    case "bedrock":
      return Object.fromEntries(
        body.toolConfig.tools.map((tool: any) => [tool.toolSpec.name, tool.toolSpec.inputSchema.json])
      )
    case "google":
      return Object.fromEntries(
        body.tools[0].functionDeclarations.map((tool: any) => [tool.name, tool.parametersJsonSchema])
      )
    default:
      return Object.fromEntries(body.tools.map((tool: any) => [tool.function.name, tool.function.parameters]))
  }
}

/** Every `$ref` in a schema points to one of its `$defs`. */
const refsResolve = (schema: any) => {
  const refs = JSON.stringify(schema).match(/"\$ref":"[^"]*"/g) ?? []
  for (const ref of refs) {
    const name = ref.slice("\"$ref\":\"#/$defs/".length, -1)
    assert.isTrue(ref.startsWith("\"$ref\":\"#/$defs/"), ref)
    assert.isDefined(schema.$defs?.[name], `${ref} does not resolve`)
  }
}

describe("tool parameter schemas on the wire", () => {
  for (const target of providerModels) {
    it.live(`${target.provider}: an object schema at the root of every tool`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({ headers: { "content-type": target.contentType }, body: target.body })
        yield* LanguageModel.stream({ messages: [Message.user("hi")], tools, toolChoice: "auto" }).pipe(
          Stream.runDrain,
          Effect.provide(target.model(baseUrl).pipe(Layer.provide(clients[0]![1])))
        )
        const body = JSON.parse(server.requests(baseUrl)[0]!.body)
        const schemas = wireSchemas(target.provider, body)

        assert.deepStrictEqual(schemas.no_arguments, { type: "object", properties: {}, additionalProperties: false })

        const person = schemas.a_class
        assert.strictEqual(person.type, "object")
        assert.strictEqual(person.additionalProperties, false)
        assert.deepStrictEqual(Object.keys(person.properties), ["name", "home", "work"])
        assert.deepStrictEqual(person.required, ["name", "home", "work"])
        assert.isUndefined(person.$ref)
        refsResolve(person)
        const address = person.$defs[person.properties.home.$ref.slice("#/$defs/".length)]
        assert.deepStrictEqual(address.required, ["city"])
        assert.strictEqual(address.additionalProperties, false)

        const query = schemas.identified
        assert.strictEqual(query.type, "object")
        assert.isUndefined(query.$ref)
        assert.deepStrictEqual(query.required, ["q"])
        assert.strictEqual(query.properties.limit.type, "integer")
        assert.strictEqual(query.additionalProperties, false)

        assert.deepStrictEqual(schemas.own_schema, ownSchema)
        if (target.provider === "openai" || target.provider === "groq" || target.provider === "azure") {
          const strict = body.tools.map((tool: any) => [tool.function.name, tool.function.strict])
          assert.deepStrictEqual(strict, [["no_arguments", undefined], ["a_class", undefined], [
            "identified",
            undefined
          ], ["own_schema", true]])
        }
      }))
  }

  it("a Schema that is not an object in JSON cannot describe a tool's arguments", () => {
    assert.throws(() => Tool.make("bad", { parameters: Schema.String }), /Struct-like Schema/)
  })

  it("a Schema.Class whose identifier has a `/` (\"my-app/Weather\", referred to as `#/$defs/my-app~1Weather`) is inlined at the root", () => {
    class Forecast extends Schema.Class<Forecast>("my-app/Forecast")({ days: Schema.Int }) {}
    class Weather extends Schema.Class<Weather>("my-app/Weather")({ city: Schema.String, forecast: Forecast }) {}
    const tool = Tool.make("weather", { parameters: Weather })
    const schema = tool.jsonSchema as any
    assert.strictEqual(schema.type, "object")
    assert.deepStrictEqual(schema.required, ["city", "forecast"])
    // The nested class stays a reference, its definition kept under its decoded name.
    const ref: string = schema.properties.forecast.$ref
    assert.match(ref, /^#\/\$defs\/my-app~1Forecast/)
    assert.deepStrictEqual(Object.keys(schema.$defs), [ref.slice("#/$defs/".length).replace("~1", "/")])
    assert.isUndefined(schema.$defs["my-app/Weather"])
    // A strict tool's checks follow the same references.
    assert.doesNotThrow(() => Tool.make("weather_strict", { parameters: Weather, strict: true }))
  })

  it("arguments are decoded from JSON with the Schema's JSON codec (a tool's own JSON Schema accepts any JSON)", () => {
    const withDate = Tool.make("when", { parameters: Schema.Struct({ at: Schema.Date }) })
    const decoded = Tool.decodeCall(
      [withDate],
      new Tool.ToolCall({ id: "1", name: "when", arguments: "{\"at\":\"2026-01-02T00:00:00.000Z\"}" })
    )
    assert.strictEqual(decoded._tag, "Success")
    assert.instanceOf((decoded as any).success.input.at, Date)
    const own = Tool.decodeCall(
      tools,
      new Tool.ToolCall({ id: "2", name: "own_schema", arguments: "{\"query\":\"x\"}" })
    )
    assert.deepStrictEqual((own as any).success.input, { query: "x" })
  })
})

class Place extends Schema.Class<Place>("Place")({ city: Schema.String }) {}

/**
 * The Schemas users write for a tool's parameters, each as the field `x` of a Struct, and the JSON Schema of
 * that field: what a model should send. `strict` says whether the whole tool can be sent with OpenAI's
 * `strict: true` (every field required, `additionalProperties: false`; OpenAI's Structured Outputs
 * "Supported schemas"); Anthropic's `input_schema` and Bedrock's `inputSchema.json` take any JSON Schema
 * with an object root.
 */
const table: ReadonlyArray<readonly [name: string, field: Schema.Top, expected: unknown, strict: boolean]> = [
  ["Number", Schema.Number, { type: "number" }, true],
  ["Number with a description", Schema.Number.annotate({ description: "metres" }), {
    type: "number",
    description: "metres"
  }, true],
  ["Int", Schema.Int, { type: "integer" }, true],
  ["Int above 0", Schema.Int.check(Schema.isGreaterThan(0)), { type: "integer", exclusiveMinimum: 0 }, true],
  ["Finite", Schema.Finite, { type: "number" }, true],
  ["Finite between 1 and 5", Schema.Finite.check(Schema.isBetween({ minimum: 1, maximum: 5 })), {
    type: "number",
    minimum: 1,
    maximum: 5
  }, true],
  ["Boolean", Schema.Boolean, { type: "boolean" }, true],
  ["Literals", Schema.Literals(["celsius", "fahrenheit"]), { type: "string", enum: ["celsius", "fahrenheit"] }, true],
  ["NullOr(Number)", Schema.NullOr(Schema.Number), { anyOf: [{ type: "number" }, { type: "null" }] }, true],
  ["Array(Number)", Schema.Array(Schema.Number), { type: "array", items: { type: "number" } }, true],
  ["nested Struct", Schema.Struct({ lat: Schema.Number }), {
    type: "object",
    properties: { lat: { type: "number" } },
    required: ["lat"],
    additionalProperties: false
  }, true],
  ["Union(String, Number)", Schema.Union([Schema.String, Schema.Number]), {
    anyOf: [{ type: "string" }, { type: "number" }]
  }, true],
  ["Date", Schema.Date, { type: "string" }, true],
  ["title and description", Schema.String.annotate({ title: "City", description: "where" }), {
    type: "string",
    title: "City",
    description: "where"
  }, true],
  ["Class", Place, { $ref: "#/$defs/PlaceEncoded" }, true],
  ["optionalKey(Number)", Schema.optionalKey(Schema.Number), { type: "number" }, false],
  ["optional(String)", Schema.optional(Schema.String), { anyOf: [{ type: "string" }, { type: "null" }] }, false],
  ["Record(String, Number)", Schema.Record(Schema.String, Schema.Number), {
    type: "object",
    additionalProperties: { type: "number" }
  }, false]
]

/** Every schema node of a JSON Schema, for checks that hold everywhere. */
const nodes = (schema: unknown): Array<any> =>
  typeof schema !== "object" || schema === null
    ? []
    : Array.isArray(schema)
    ? schema.flatMap(nodes)
    : [schema, ...Object.values(schema).flatMap(nodes)]

describe("the JSON Schema of the Schemas users write", () => {
  for (const [name, field, expected, strict] of table) {
    it(`${name}: what the model should send, in a form every provider takes`, () => {
      const optional = name.startsWith("optional")
      const schema = Tool.jsonSchemaOf(Schema.Struct({ x: field as Schema.Codec<any, any> })) as any
      assert.deepStrictEqual(schema.properties.x, expected)
      assert.deepStrictEqual(schema.required, optional ? undefined : ["x"])
      assert.strictEqual(schema.type, "object")
      refsResolve(schema)
      // No node anywhere offers the strings of non-finite numbers, or a safe-integer bound.
      for (const node of nodes(schema)) {
        assert.isFalse(Array.isArray(node.enum) && node.enum.includes("NaN"), JSON.stringify(node))
        assert.notStrictEqual(node.maximum, Number.MAX_SAFE_INTEGER)
      }
      const make = () =>
        Tool.make("t", { parameters: Schema.Struct({ x: field as Schema.Codec<any, any> }), strict: true })
      if (strict) assert.doesNotThrow(make)
      else assert.throws(make, /cannot be strict.*\$\.x/)
    })
  }

  it("a number parameter goes on the wire as {\"type\": \"number\"} to every provider, and numbers decode", () =>
    Effect.runPromise(
      Effect.gen(function*() {
        const distance = Tool.make("distance", { parameters: Schema.Struct({ km: Schema.Number }) })
        for (const target of providerModels) {
          const server = yield* ReplayServer.make
          const baseUrl = server.serve({ headers: { "content-type": target.contentType }, body: target.body })
          yield* LanguageModel.stream({ messages: [Message.user("hi")], tools: [distance] }).pipe(
            Stream.runDrain,
            Effect.provide(target.model(baseUrl).pipe(Layer.provide(clients[1]![1])))
          )
          const wire = wireSchemas(target.provider, JSON.parse(server.requests(baseUrl)[0]!.body))
          assert.deepStrictEqual(wire.distance.properties.km, { type: "number" }, target.provider)
        }
        const decoded = Tool.decodeCall(
          [distance],
          new Tool.ToolCall({ id: "1", name: "distance", arguments: "{\"km\":4.5}" })
        )
        assert.deepStrictEqual((decoded as any).success.input, { km: 4.5 })
      }).pipe(Effect.scoped)
    ))
})

describe("effect/ai's tools and structured output get the same number schema", () => {
  it("a strict tool and generateObject's json_schema say {type: number} with the description (OpenAI)", () =>
    Effect.runPromise(
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve(Recordings.scenario("openai", "multi-choice"))
        const Distance = AiTool.make("distance", {
          parameters: Schema.Struct({ km: Schema.Number.annotate({ description: "kilometres" }) }),
          success: Schema.String
        }).annotate(AiTool.Strict, true)
        const Kit = Toolkit.make(Distance)
        const Location = Schema.Struct({
          city: Schema.String,
          temperature: Schema.Number.annotate({ description: "degrees" }),
          units: Schema.Literals(["c", "f"])
        })
        yield* AiModel.generateObject({ prompt: "Weather?", schema: Location, objectName: "Location", toolkit: Kit })
          .pipe(
            Effect.provide(Recordings.aiModel("openai", baseUrl, clients[0]![1])),
            Effect.provide(Kit.toLayer({ distance: () => Effect.succeed("1 km") }))
          )
        const body = JSON.parse(server.requests(baseUrl)[0]!.body)
        assert.deepStrictEqual(body.tools[0].function.parameters.properties.km, {
          type: "number",
          description: "kilometres"
        })
        assert.strictEqual(body.tools[0].function.strict, true)
        assert.deepStrictEqual(body.response_format.json_schema.schema.properties.temperature, {
          type: "number",
          description: "degrees"
        })
      }).pipe(Effect.scoped)
    ))
})
