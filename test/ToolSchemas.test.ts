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
import { clients } from "../support/Clients.js"
import { providerModels } from "./support/Providers.js"

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
