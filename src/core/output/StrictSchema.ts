/**
 * An output's JSON Schema as a provider's JSON mode takes it, and the way back for the answer.
 *
 * `rewrite` turns an output's JSON Schema into a provider's dialect: every object closed; with `allRequired`
 * (OpenAI's strict mode) every property required and an optional one nullable; a constraint keyword the dialect
 * does not take moved into the description (the Schema still checks it). What a closed schema cannot say fails,
 * with the place. `restoreAbsent` is the inverse on the answer: a `null` written for an optional property that
 * does not take `null` becomes absent.
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as ModelJsonSchema from "../schema/ModelJsonSchema.js"

type Json = Readonly<Record<string, unknown>>

/** How a provider's JSON mode reads a JSON Schema. */
export interface Dialect {
  /** Every property required, an optional one sent as nullable (OpenAI's strict mode). */
  readonly allRequired: boolean
  /** Whether the provider takes a constraint keyword with this value; the others go into the description. */
  readonly accepts: (keyword: string, value: unknown) => boolean
}

const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value)

/** Keywords `rewrite` reads itself. */
const structural: ReadonlySet<string> = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "anyOf",
  "oneOf",
  "$ref",
  "$defs",
  "enum",
  "const",
  "description",
  "title"
])

/** Keywords a closed schema cannot express, and why. */
const inexpressible: Readonly<Record<string, string>> = {
  prefixItems: "a tuple (prefixItems)",
  patternProperties: "a record with free keys (patternProperties)",
  propertyNames: "a record with free keys (propertyNames)",
  allOf: "allOf",
  not: "not",
  if: "a conditional (if/then/else)",
  then: "a conditional (if/then/else)",
  else: "a conditional (if/then/else)",
  dependentSchemas: "dependentSchemas",
  dependentRequired: "dependentRequired",
  unevaluatedProperties: "unevaluatedProperties",
  unevaluatedItems: "unevaluatedItems"
}

/** Annotations no provider needs: dropped. */
const dropped: ReadonlySet<string> = new Set([
  "$schema",
  "$id",
  "$comment",
  "default",
  "examples",
  "readOnly",
  "writeOnly"
])

/** The schema a `$ref` names (one level), or the schema itself. */
const resolve = (schema: unknown, root: Json): unknown => {
  for (let hops = 0; hops < 32 && isRecord(schema) && typeof schema["$ref"] === "string"; hops++) {
    const ref = schema["$ref"]
    const definitions = root["$defs"]
    const name = ModelJsonSchema.definitionName(ref)
    if (name === undefined || !isRecord(definitions)) return schema
    schema = definitions[name]
  }
  return schema
}

/** Whether `null` is a valid value of `schema` (a schema with no type says nothing against it). */
const acceptsNull = (schema: unknown, root: Json, depth = 0): boolean => {
  const node = resolve(schema, root)
  if (node === true) return true
  if (!isRecord(node) || depth > 32) return false
  const type = node["type"]
  if (type === "null" || (Array.isArray(type) && type.includes("null"))) return true
  if (Array.isArray(node["enum"])) return node["enum"].includes(null)
  if (node["not"] !== undefined) return !acceptsNull(node["not"], root, depth + 1)
  if ("const" in node) return node["const"] === null
  for (const key of ["anyOf", "oneOf"]) {
    const members = node[key]
    if (Array.isArray(members)) return members.some((member) => acceptsNull(member, root, depth + 1))
  }
  return type === undefined && node["$ref"] === undefined
}

class Inexpressible {
  readonly reason: string
  constructor(reason: string) {
    this.reason = reason
  }
}

/** Rewrites the nodes of one schema into a dialect; throws `Inexpressible` for a node the dialect cannot hold. */
class Rewriter {
  readonly #schema: Json
  readonly #dialect: Dialect

  constructor(schema: Json, dialect: Dialect) {
    this.#schema = schema
    this.#dialect = dialect
  }

  visit(node: unknown, path: string): unknown {
    if (!isRecord(node)) return node
    // An empty Struct is "anything but null" in Effect's JSON Schema: as an answer, an object without fields.
    if (isRecord(node["not"]) && node["not"]["type"] === "null" && node["type"] === undefined) {
      const { not: _, ...rest } = node
      return this.visit({ ...rest, type: "object", properties: {} }, path)
    }
    const out: Record<string, unknown> = {}
    const moved = this.#copyAccepted(node, path, out)
    if (node["$ref"] !== undefined) out["$ref"] = node["$ref"]
    if (node["type"] !== undefined) out["type"] = node["type"]
    if (node["enum"] !== undefined) out["enum"] = node["enum"]
    if (node["const"] !== undefined) out["const"] = node["const"]
    const members = node["anyOf"] ?? node["oneOf"]
    if (Array.isArray(members)) {
      out["anyOf"] = members.map((member, index) => this.visit(member, `${path}.anyOf[${index}]`))
    }
    if (node["items"] !== undefined) {
      if (!isRecord(node["items"])) throw new Inexpressible(`${path}: a tuple (items as a list) cannot be expressed`)
      out["items"] = this.visit(node["items"], `${path}[]`)
    }
    if (isRecord(node["properties"]) || node["type"] === "object") this.#closeObject(node, path, out)
    const description = [
      ...(typeof node["description"] === "string" ? [node["description"]] : []),
      ...(moved.length > 0 ? [`{${moved.join(", ")}}`] : [])
    ].join("\n\n")
    if (node["title"] !== undefined) out["title"] = node["title"]
    if (description !== "") out["description"] = description
    if (isRecord(node["$defs"])) {
      out["$defs"] = Object.fromEntries(
        Object.entries(node["$defs"]).map(([name, definition]) => [name, this.visit(definition, `$defs.${name}`)])
      )
    }
    return out
  }

  /** Copies the keywords the dialect accepts into `out`; returns the others, written out for the description. */
  #copyAccepted(node: Record<string, unknown>, path: string, out: Record<string, unknown>): Array<string> {
    const moved: Array<string> = []
    for (const [key, value] of Object.entries(node)) {
      if (Object.hasOwn(inexpressible, key)) {
        throw new Inexpressible(`${path}: ${inexpressible[key]} cannot be expressed`)
      }
      if (dropped.has(key)) continue
      if (structural.has(key)) continue
      if (this.#dialect.accepts(key, value)) out[key] = value
      else moved.push(`${key}: ${JSON.stringify(value)}`)
    }
    return moved
  }

  /** Writes an object's properties, closed: no other keys, and (where the dialect wants) every key required. */
  #closeObject(node: Record<string, unknown>, path: string, out: Record<string, unknown>): void {
    const additional = node["additionalProperties"]
    if (additional !== undefined && additional !== false) {
      throw new Inexpressible(`${path}: a record with free keys (additionalProperties) cannot be expressed`)
    }
    const properties = node["properties"]
    const allRequired = this.#dialect.allRequired
    const required = new Set(Array.isArray(node["required"]) ? node["required"] as Array<string> : [])
    const closed: Record<string, unknown> = {}
    for (const [name, property] of Object.entries(isRecord(properties) ? properties : {})) {
      const rewritten = this.visit(property, `${path}.${name}`)
      closed[name] = allRequired && !required.has(name) && !acceptsNull(property, this.#schema)
        ? nullable(rewritten)
        : rewritten
    }
    out["properties"] = closed
    const listed = allRequired ? Object.keys(closed) : [...required]
    if (listed.length > 0 || allRequired) out["required"] = listed
    out["additionalProperties"] = false
  }
}

/** Rewrites a schema into the provider's dialect, or says why it cannot be (`"$.path: reason"`). */
export const rewrite = (schema: Json, dialect: Dialect): Result.Result<Json, string> => {
  try {
    return Result.succeed(new Rewriter(schema, dialect).visit(schema, "$") as Json)
  } catch (error) {
    if (error instanceof Inexpressible) return Result.fail(error.reason)
    throw error
  }
}

/** The schema, or `null`: a union with a null member, the description kept outside. */
const nullable = (schema: unknown): unknown => {
  if (!isRecord(schema)) return { anyOf: [schema, { type: "null" }] }
  const { description, title, ...rest } = schema
  const members = Array.isArray(rest["anyOf"]) && Object.keys(rest).length === 1 ? rest["anyOf"] : [rest]
  return {
    anyOf: [...members, { type: "null" }],
    ...(title === undefined ? {} : { title }),
    ...(description === undefined ? {} : { description })
  }
}

/** The object schema of `schema` that describes `value` best: itself, or one member of its union. */
const objectSchemaFor = (value: Json, schema: unknown, root: Json, depth = 0): Json | undefined => {
  const node = resolve(schema, root)
  if (!isRecord(node) || depth > 32) return undefined
  if (isRecord(node["properties"])) return node
  const members = node["anyOf"] ?? node["oneOf"]
  if (!Array.isArray(members)) return undefined
  const keys = Object.keys(value)
  let best: Json | undefined
  let bestScore = Number.NEGATIVE_INFINITY
  for (const member of members) {
    const candidate = objectSchemaFor(value, member, root, depth + 1)
    if (candidate === undefined) continue
    const properties = candidate["properties"] as Json
    // Keys it knows, and values its constants (a union's tags) agree with.
    if (!keys.every((key) => Object.hasOwn(properties, key))) continue
    const agrees = keys.every((key) => {
      const property = resolve(properties[key], root)
      if (!isRecord(property)) return true
      if ("const" in property) return property["const"] === value[key]
      return !Array.isArray(property["enum"]) || value[key] === null || property["enum"].includes(value[key])
    })
    if (!agrees) continue
    // The fewest properties the value leaves out (a strict answer leaves none).
    const score = keys.length - Object.keys(properties).length
    if (score > bestScore) {
      best = candidate
      bestScore = score
    }
  }
  return best
}

/** The array schema's `items` for `schema` (itself or a member of its union). */
const itemsSchemaOf = (schema: unknown, root: Json, depth = 0): unknown => {
  const node = resolve(schema, root)
  if (!isRecord(node) || depth > 32) return undefined
  if (node["items"] !== undefined) return node["items"]
  const members = node["anyOf"] ?? node["oneOf"]
  if (!Array.isArray(members)) return undefined
  for (const member of members) {
    const items = itemsSchemaOf(member, root, depth + 1)
    if (items !== undefined) return items
  }
  return undefined
}

/**
 * The answer with every `null` the model wrote for an optional property that does not take `null` removed, read
 * against the output's own JSON Schema; copied only where something changes.
 */
export const restoreAbsent = (value: unknown, schema: Json): unknown => {
  const walk = (value: unknown, node: unknown): unknown => {
    if (Array.isArray(value)) {
      const items = itemsSchemaOf(node, schema)
      if (items === undefined) return value
      let out: Array<unknown> | undefined
      for (let index = 0; index < value.length; index++) {
        const restored = walk(value[index], items)
        if (restored !== value[index]) (out ??= value.slice())[index] = restored
      }
      return out ?? value
    }
    if (!isRecord(value)) return value
    const object = objectSchemaFor(value, node, schema)
    if (object === undefined) return value
    const properties = object["properties"] as Json
    const required = Array.isArray(object["required"]) ? object["required"] as Array<unknown> : []
    let out: Record<string, unknown> | undefined
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(properties, key)) continue
      const property = properties[key]
      if (value[key] === null && !required.includes(key) && !acceptsNull(property, schema)) {
        out ??= { ...value }
        delete out[key]
        continue
      }
      const restored = walk(value[key], property)
      if (restored !== value[key]) (out ??= { ...value })[key] = restored
    }
    return out ?? value
  }
  return walk(value, schema)
}

/**
 * Claude's JSON outputs, on Anthropic's API and Bedrock alike (the Messages API reference's JSON Schema
 * limitations, as @anthropic-ai/sdk's `transformJSONSchema` applies them): objects closed, optional fields
 * optional, string `format`s from a fixed list and `minItems` of 0 or 1; numeric bounds, lengths and patterns
 * are not taken.
 */
export const claude: Dialect = {
  allRequired: false,
  accepts: (keyword, value) =>
    keyword === "format"
      ? ["date-time", "time", "date", "duration", "email", "hostname", "uri", "ipv4", "ipv6", "uuid"].includes(
        value as string
      )
      : keyword === "minItems" && (value === 0 || value === 1)
}
