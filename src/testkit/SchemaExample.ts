/**
 * A value valid for a JSON Schema, as the automatic scripted model answers a tool call or a structured output
 * with: every property given (required or not), the first alternative of a union that is not `null`, the first
 * of an enum, numbers within their bounds and on their multiple, strings of their format, length and (where one
 * of a few candidates matches) pattern, arrays of their least length (at least one item where they may). `$ref`s
 * resolve within the schema (`#/$defs/…`, `#/definitions/…`); Gemini's OpenAPI types (`"OBJECT"`) are read as
 * JSON Schema's. Deterministic: the same schema gives the same value; items of an array differ (`uniqueItems`).
 *
 * @internal
 */

type JsonSchema = Readonly<Record<string, unknown>>

const asSchema = (value: unknown): JsonSchema =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? value as JsonSchema : {}

/** The schema a `$ref` points to, within `root` (a JSON pointer); `{}` when it cannot be found. */
const resolve = (ref: string, root: unknown): JsonSchema => {
  if (!ref.startsWith("#")) return {}
  let node: unknown = root
  for (const segment of ref.slice(1).split("/").filter((part) => part !== "")) {
    const key = decodeURIComponent(segment).replace(/~1/g, "/").replace(/~0/g, "~")
    node = asSchema(node)[key]
  }
  return asSchema(node)
}

/** The schema's type: the first of a list that is not `null`, lower-cased (Gemini's `"STRING"`). */
const typeOf = (schema: JsonSchema): string | undefined => {
  const type = schema["type"]
  const types = Array.isArray(type) ? type : type === undefined ? [] : [type]
  const chosen = types.find((candidate) => candidate !== "null" && candidate !== "NULL") ?? types[0]
  if (typeof chosen === "string") return chosen.toLowerCase()
  if (schema["properties"] !== undefined || schema["additionalProperties"] !== undefined) return "object"
  if (schema["items"] !== undefined || schema["prefixItems"] !== undefined) return "array"
  return undefined
}

const formats: Readonly<Record<string, string>> = {
  "date-time": "2025-01-01T12:00:00Z",
  date: "2025-01-01",
  time: "12:00:00",
  duration: "P1D",
  email: "user@example.com",
  "idn-email": "user@example.com",
  hostname: "example.com",
  "idn-hostname": "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
  uri: "https://example.com/",
  "uri-reference": "https://example.com/",
  iri: "https://example.com/",
  url: "https://example.com/",
  uuid: "00000000-0000-4000-8000-000000000000",
  byte: "ZXhhbXBsZQ=="
}

const candidates = ["example", "a", "A", "0", "1", "abc", "ABC", "a1", "A1", "x", "test", "user_1", "2025-01-01"]

const number = (value: unknown): number | undefined => typeof value === "number" ? value : undefined

const stringExample = (schema: JsonSchema, seed: number): string => {
  const format = typeof schema["format"] === "string" ? schema["format"] : undefined
  const base = format !== undefined && Object.hasOwn(formats, format)
    ? formats[format]!
    : seed === 0
    ? "example"
    : `example ${seed + 1}`
  const minLength = number(schema["minLength"]) ?? 0
  const maxLength = number(schema["maxLength"]) ?? Number.POSITIVE_INFINITY
  const fit = (text: string) => {
    const long = text.length < minLength ? text + "x".repeat(minLength - text.length) : text
    return long.length > maxLength ? long.slice(0, maxLength) : long
  }
  if (typeof schema["pattern"] !== "string") return fit(base)
  let pattern: RegExp
  try {
    pattern = new RegExp(schema["pattern"], "u")
  } catch {
    return fit(base)
  }
  const matching = [
    base,
    ...candidates.map((candidate) => seed === 0 ? candidate : `${candidate}${seed}`),
    ...candidates
  ]
    .map(fit)
    .find((candidate) => pattern.test(candidate))
  return matching ?? fit(base)
}

const numberExample = (schema: JsonSchema, integer: boolean, seed: number): number => {
  const step = number(schema["multipleOf"]) ?? (integer ? 1 : undefined)
  const exclusiveMin = number(schema["exclusiveMinimum"])
  const exclusiveMax = number(schema["exclusiveMaximum"])
  const low = number(schema["minimum"]) ?? (exclusiveMin === undefined ? undefined : exclusiveMin + (step ?? 1) / 2)
  const high = number(schema["maximum"]) ?? (exclusiveMax === undefined ? undefined : exclusiveMax - (step ?? 1) / 2)
  let value = 1 + seed
  if (low !== undefined && value < low) value = low
  if (high !== undefined && value > high) value = low === undefined ? high : low
  if (step !== undefined) {
    const multiple = Math.ceil(value / step) * step
    value = high !== undefined && multiple > high ? Math.floor(value / step) * step : multiple
  }
  return integer ? Math.round(value) : value
}

/** The schema of the properties, required names and `allOf` members of `schema`, merged into one object schema. */
const merged = (schema: JsonSchema, root: unknown, depth: number): JsonSchema => {
  const members = Array.isArray(schema["allOf"]) ? schema["allOf"].map(asSchema) : []
  if (members.length === 0) return schema
  const { allOf: _, ...rest } = schema
  return members.reduce<JsonSchema>((all, member) => {
    const resolved = typeof member["$ref"] === "string" && depth < 32 ? resolve(member["$ref"], root) : member
    return {
      ...resolved,
      ...all,
      properties: { ...asSchema(resolved["properties"]), ...asSchema(all["properties"]) }
    }
  }, rest)
}

/** A value valid for `schema` (within the document `root`); `seed` makes the items of one array differ. */
export const example = (input: unknown, root: unknown = input, seed = 0, depth = 0): unknown => {
  if (input === true || input === undefined) return seed === 0 ? "example" : `example ${seed + 1}`
  if (depth > 32) return null
  let schema = merged(asSchema(input), root, depth)
  if (typeof schema["$ref"] === "string") schema = { ...resolve(schema["$ref"], root), ...schema, $ref: undefined }
  if (schema["const"] !== undefined) return schema["const"]
  if (Array.isArray(schema["enum"]) && schema["enum"].length > 0) {
    return schema["enum"].find((value) => value !== null) ?? schema["enum"][0]
  }
  const alternatives = schema["anyOf"] ?? schema["oneOf"]
  if (Array.isArray(alternatives) && alternatives.length > 0) {
    const chosen = alternatives.map(asSchema).find((alternative) =>
      alternative["type"] !== "null" && alternative["type"] !== "NULL"
    ) ?? alternatives[0]
    const { anyOf: _, oneOf: __, ...rest } = schema
    return example({ ...rest, ...asSchema(chosen) }, root, seed, depth + 1)
  }
  switch (typeOf(schema)) {
    case "object": {
      const properties = asSchema(schema["properties"])
      return Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [name, example(property, root, seed, depth + 1)])
      )
    }
    case "array": {
      const prefix = Array.isArray(schema["prefixItems"]) ? schema["prefixItems"] : []
      const minItems = Math.max(number(schema["minItems"]) ?? 0, prefix.length)
      const maxItems = number(schema["maxItems"]) ?? Number.POSITIVE_INFINITY
      const length = Math.min(Math.max(minItems, 1), maxItems)
      return Array.from(
        { length },
        (_, index) =>
          example(index < prefix.length ? prefix[index] : schema["items"] ?? true, root, seed + index, depth + 1)
      )
    }
    case "string":
      return stringExample(schema, seed)
    case "integer":
      return numberExample(schema, true, seed)
    case "number":
      return numberExample(schema, false, seed)
    case "boolean":
      return true
    case "null":
      return null
    default:
      return seed === 0 ? "example" : `example ${seed + 1}`
  }
}
