/**
 * A JSON Schema this library did not generate (an MCP server's tool `inputSchema`, an `effect/ai` dynamic tool's)
 * as a tool's parameters: sent in the shape `Tool.jsonSchemaOf` writes, and checking the model's arguments before
 * any handler runs (`JsonSchemaCheck`). A schema that cannot be sent self-contained, or against which no value can
 * be checked (a cycle of `$ref`s, `JsonSchemaRefs`), is refused with the reason. A tool's output schema, alike, as the
 * check of its results (`resultCheck`).
 *
 * @internal
 */
import * as JsonSchema from "effect/JsonSchema"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as JsonDepth from "./JsonDepth.js"
import { isObject } from "./JsonEquals.js"
import * as JsonSchemaCheck from "./JsonSchemaCheck.js"
import * as JsonSchemaRefs from "./JsonSchemaRefs.js"
import * as ModelJsonSchema from "./ModelJsonSchema.js"

type Json = Readonly<Record<string, unknown>>

/** A tool's parameters from a foreign JSON Schema: what providers are sent, and what checks the arguments. */
export interface Parameters {
  readonly jsonSchema: Json
  /** Decodes the arguments the schema allows (as JSON values), and refuses the others with the field at fault. */
  readonly parameters: Schema.Codec<unknown, unknown>
}

/** Every `$ref` of a schema (its values, never its keys' names) that does not name one of its own definitions. */
const foreignRefs = (schema: Json, definitions: Json): ReadonlyArray<string> =>
  JsonSchemaRefs.everySchema(schema, definitions).flatMap((node) => {
    const ref = node["$ref"]
    return typeof ref === "string" && JsonSchemaRefs.resolve(ref, definitions) === undefined ? [ref] : []
  })

/** The document the schema is, in draft 2020-12: draft-04/06/07 schemas (or `definitions` alone) converted. */
const documentOf = (schema: Json): JsonSchema.Document<"draft-2020-12"> => {
  const dialect = typeof schema["$schema"] === "string" ? schema["$schema"] : ""
  const older = /draft-0[4-7]/.test(dialect) || (schema["definitions"] !== undefined && schema["$defs"] === undefined)
  const { $id: _id, $schema: _schema, ...rest } = schema
  return older ? JsonSchema.fromSchemaDraft07(rest as JsonSchema.JsonSchema) : JsonSchema.fromSchemaDraft2020_12(rest)
}

/** The checker of the arguments (`JsonSchemaCheck`); whatever throws while it checks is an issue, never a defect. */
const checkerOf = (schema: Json, definitions: Json): Schema.Codec<unknown, unknown> =>
  Schema.Unknown.check(Schema.makeFilter((value) => {
    try {
      const issues = JsonSchemaCheck.issues(schema, definitions, value)
      return issues.length === 0 ? undefined : issues.join("; ")
    } catch {
      return "the arguments could not be checked against the tool's schema"
    }
  }))

/** A schema made self-contained (its root and definitions, draft 2020-12), or why it cannot be: `what` it is. */
const documentOfUsable = (
  schema: Json,
  what: string,
  into: string
): Result.Result<JsonSchema.Document<"draft-2020-12">, string> => {
  const document = documentOf(schema)
  const refs = foreignRefs(document.schema, document.definitions)
  if (refs.length > 0) {
    return Result.fail(`its ${what} refers to what it does not define (${refs.slice(0, 3).join(", ")})`)
  }
  const cycle = JsonSchemaRefs.sameValueCycle(document.schema, document.definitions)
  if (cycle.length > 0) {
    return Result.fail(
      `its ${what}'s $refs go round without descending into ${into} (${cycle.slice(0, 4).join(" → ")})`
    )
  }
  return Result.succeed(document)
}

/** A foreign JSON Schema as a tool's parameters, or why it cannot be one. */
export const toolParameters = (schema: unknown): Result.Result<Parameters, string> => {
  if (!isObject(schema)) return Result.fail("its input schema is not a JSON Schema object")
  if (JsonDepth.valueNestsTooDeep(schema)) return Result.fail(`its input schema is ${JsonDepth.tooDeep}`)
  const type = schema["type"]
  if (type !== "object" && !(type === undefined && isObject(schema["properties"]))) {
    return Result.fail(`its input schema is not an object schema (type ${JSON.stringify(type) ?? "missing"})`)
  }
  return Result.map(documentOfUsable(schema, "input schema", "the arguments"), (document) => {
    const root = { ...document.schema, type: "object", properties: document.schema["properties"] ?? {} }
    const definitions = Object.keys(document.definitions).length === 0 ? {} : { $defs: document.definitions }
    return {
      jsonSchema: ModelJsonSchema.forModels({ ...root, ...definitions }),
      parameters: checkerOf(root, document.definitions)
    }
  })
}

/**
 * The check of a tool's result against its output schema (MCP `Tool.outputSchema`): the issues of a value (empty when
 * it fits; whatever throws while it checks, an issue), or why the schema cannot check one.
 */
export const resultCheck = (
  schema: unknown
): Result.Result<(value: unknown) => ReadonlyArray<string>, string> => {
  if (!isObject(schema)) return Result.fail("its output schema is not a JSON Schema object")
  if (JsonDepth.valueNestsTooDeep(schema)) return Result.fail(`its output schema is ${JsonDepth.tooDeep}`)
  return Result.map(documentOfUsable(schema, "output schema", "the result"), (document) => (value) => {
    try {
      return JsonSchemaCheck.issues(document.schema, document.definitions, value, "result")
    } catch {
      return ["the result could not be checked against the tool's output schema"]
    }
  })
}
