/**
 * A tool's JSON Schema as a model should read it, and the rules of OpenAI's strict mode. Effect's JSON Schema of
 * `Schema.Number` also takes the strings `"NaN"` and `"Infinity"` (its checks and description dropped), which a
 * model is not to send: a number's schema is generated as a finite number's, `{"type": "number"}`.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"
import { isObject } from "./JsonEquals.js"

type Json = Readonly<Record<string, unknown>>

/** Whether a check is (or groups) a finite or integer check, which make a number's JSON encoding plain. */
const isFiniteCheck = (check: SchemaAST.Check<any>): boolean =>
  check._tag === "FilterGroup"
    ? check.checks.some(isFiniteCheck)
    : ["effect/schema/isFinite", "effect/schema/isInt"].includes(
      (check.annotations?.["representation"] as { readonly id?: unknown } | undefined)?.id as string
    )

const same = <A>(before: ReadonlyArray<A>, after: ReadonlyArray<A>): boolean =>
  before.every((value, index) => value === after[index])

type Recur = (node: SchemaAST.AST) => SchemaAST.AST

/** Rewrites the targets of an AST's encoding links; the same array when none changed. */
const encodingOf = (ast: SchemaAST.AST, recur: Recur): SchemaAST.Encoding | undefined => {
  const links = ast.encoding?.map((link) => {
    const to = recur(link.to)
    return to === link.to ? link : new SchemaAST.Link(to, link.transformation)
  })
  return links !== undefined && ast.encoding !== undefined && same(ast.encoding, links)
    ? ast.encoding
    : links as SchemaAST.Encoding | undefined
}

/** Rewrites an object's property and index signatures; the same node when nothing below it changed. */
const objectsOf = (ast: SchemaAST.Objects, encoding: SchemaAST.Encoding | undefined, recur: Recur): SchemaAST.AST => {
  const properties = ast.propertySignatures.map((property) => {
    const type = recur(property.type)
    return type === property.type ? property : new SchemaAST.PropertySignature(property.name, type)
  })
  const indexes = ast.indexSignatures.map((index) => {
    const type = recur(index.type)
    return type === index.type ? index : new SchemaAST.IndexSignature(index.parameter, type)
  })
  if (same(ast.propertySignatures, properties) && same(ast.indexSignatures, indexes) && encoding === ast.encoding) {
    return ast
  }
  return new SchemaAST.Objects(
    properties,
    indexes,
    ast.annotations,
    ast.checks,
    encoding,
    ast.context,
    ast.encodingChecks
  )
}

/** Rebuilds one node with its children rewritten by `recur` (and a bare number made finite). */
const rebuild = (ast: SchemaAST.AST, recur: Recur): SchemaAST.AST => {
  const encoding = encodingOf(ast, recur)
  // The arguments every node constructor ends with (the node's own, with its encoding rewritten).
  const tail = [ast.annotations, ast.checks, encoding, ast.context] as const
  const unchanged = encoding === ast.encoding
  switch (ast._tag) {
    case "Number":
      if (ast.encoding !== undefined || (ast.checks ?? []).some(isFiniteCheck)) return ast
      return new SchemaAST.Number(ast.annotations, [Schema.isFinite(), ...(ast.checks ?? [])], undefined, ast.context)
    case "Objects":
      return objectsOf(ast, encoding, recur)
    case "Arrays": {
      const elements = ast.elements.map(recur)
      const rest = ast.rest.map(recur)
      if (same(ast.elements, elements) && same(ast.rest, rest) && unchanged) return ast
      return new SchemaAST.Arrays(ast.isMutable, elements, rest, ...tail, ast.encodingChecks)
    }
    case "Union": {
      const types = ast.types.map(recur)
      if (same(ast.types, types) && unchanged) return ast
      return new SchemaAST.Union(types, ast.options, ...tail, ast.encodingChecks)
    }
    case "Suspend":
      // Rebuilt lazily, as it was: a recursive Schema meets itself through the memo.
      return new SchemaAST.Suspend(() => recur(ast.thunk()), ...tail)
    case "Declaration": {
      const parameters = ast.typeParameters.map(recur)
      if (same(ast.typeParameters, parameters) && unchanged) return ast
      return new SchemaAST.Declaration(parameters, ast.run, ...tail, ast.encodingChecks, ast.encodingRun)
    }
    default:
      return ast
  }
}

/** The AST with every `Schema.Number` made a finite number; nodes rebuilt only where something below changed. */
const finiteNumbers = (ast: SchemaAST.AST, memo: Map<SchemaAST.AST, SchemaAST.AST>): SchemaAST.AST => {
  const known = memo.get(ast)
  if (known !== undefined) return known
  const out = rebuild(ast, (node) => finiteNumbers(node, memo))
  memo.set(ast, out)
  return out
}

/** The definition name a `$ref` of the form `#/$defs/<name>` points to (RFC 6901 decoded), else `undefined`. */
export const definitionName = (ref: string): string | undefined =>
  ref.startsWith("#/$defs/")
    ? ref.slice("#/$defs/".length).replaceAll("~1", "/").replaceAll("~0", "~")
    : undefined

/** The Schema a tool's JSON Schema is generated from: its numbers finite (see `finiteNumbers`). */
export const withFiniteNumbers = <S extends Schema.Top>(schema: S): Schema.Top => {
  const ast = finiteNumbers(schema.ast, new Map())
  return ast === schema.ast ? schema : Schema.make(ast)
}

/** Effect's encoding of a number that is not finite: `{"type": "string", "enum": ["NaN", "Infinity", "-Infinity"]}`. */
const isNonFinite = (schema: unknown): boolean =>
  isObject(schema) && schema["type"] === "string" && Array.isArray(schema["enum"]) && schema["enum"].length === 3 &&
  ["NaN", "Infinity", "-Infinity"].every((value) => (schema["enum"] as ReadonlyArray<unknown>).includes(value)) &&
  Object.keys(schema).length === 2

/** Keywords whose value is a schema, a list of schemas, or a record of schemas. */
const schemaKeys: ReadonlySet<string> = new Set(["items", "additionalProperties", "not", "contains", "propertyNames"])
const listKeys: ReadonlySet<string> = new Set(["anyOf", "oneOf", "allOf", "prefixItems"])
const recordKeys: ReadonlySet<string> = new Set(["properties", "$defs", "patternProperties"])

const mapValues = (record: unknown, f: (value: unknown) => unknown): unknown =>
  isObject(record) ? Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)])) : record

/** Applies `f` to every schema in `schema`, innermost first. */
const transform = (schema: unknown, f: (schema: Json) => Json): unknown => {
  if (!isObject(schema)) return schema
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(schema)) {
    out[key] = schemaKeys.has(key)
      ? transform(value, f)
      : listKeys.has(key) && Array.isArray(value)
      ? value.map((member) => transform(member, f))
      : recordKeys.has(key)
      ? mapValues(value, (member) => transform(member, f))
      : value
  }
  return f(out)
}

/** The schema as a model should read it: a number as `{"type": "number"}`, an integer without safe-integer bounds. */
export const forModels = <S>(schema: S): S =>
  transform(schema, (node) => {
    let out: Json = node
    const anyOf = node["anyOf"]
    if (Array.isArray(anyOf) && anyOf.some(isNonFinite)) {
      const members = anyOf.filter((member) => !isNonFinite(member))
      const { anyOf: _, ...rest } = node
      out = members.length === 1 && isObject(members[0]) ? { ...members[0], ...rest } : { ...rest, anyOf: members }
    }
    if (out["type"] === "integer") {
      const { maximum, minimum, ...rest } = out
      out = {
        ...rest,
        ...(minimum === Number.MIN_SAFE_INTEGER ? {} : minimum === undefined ? {} : { minimum }),
        ...(maximum === Number.MAX_SAFE_INTEGER ? {} : maximum === undefined ? {} : { maximum })
      }
    }
    return out
  }) as S

/** Keywords OpenAI's strict mode does not accept anywhere. */
const unsupportedInStrict = ["allOf", "not", "if", "then", "else", "dependentRequired", "dependentSchemas"]

/**
 * Why a schema cannot be sent with OpenAI's `strict: true`, one reason per offending place: every object
 * must list all its properties in `required` and set `additionalProperties: false` (so no optional field and
 * no record), and `allOf`, `not`, `if`/`then`/`else` and the dependent keywords are not supported.
 */
export const strictViolations = (schema: unknown): ReadonlyArray<string> => {
  const violations: Array<string> = []
  const visit = (node: unknown, path: string): void => {
    if (!isObject(node)) return
    for (const key of unsupportedInStrict) {
      if (key in node) violations.push(`${path}: \`${key}\` is not supported`)
    }
    if (node["type"] === "object" || isObject(node["properties"])) {
      if (node["additionalProperties"] !== false) {
        violations.push(`${path}: \`additionalProperties\` must be false (a record of any keys cannot be strict)`)
      }
      const required = new Set(Array.isArray(node["required"]) ? node["required"] : [])
      for (const name of Object.keys(isObject(node["properties"]) ? node["properties"] : {})) {
        if (!required.has(name)) {
          violations.push(`${path}.${name}: an optional field cannot be strict (make it Schema.NullOr instead)`)
        }
      }
    }
    for (const [key, value] of Object.entries(node)) {
      if (schemaKeys.has(key)) visit(value, `${path}.${key}`)
      else if (listKeys.has(key) && Array.isArray(value)) {
        value.forEach((member, i) => visit(member, `${path}.${key}[${i}]`))
      } else if (recordKeys.has(key) && isObject(value)) {
        for (const [name, member] of Object.entries(value)) {
          visit(member, key === "properties" ? `${path}.${name}` : `${path}.${key}.${name}`)
        }
      }
    }
  }
  visit(schema, "$")
  return violations
}

/** The JSON Schema of a tool's parameters, as providers accept it (see `Tool.jsonSchemaOf`). */
export const toolParameters = (parameters: Schema.Top): Record<string, unknown> => {
  const document = Schema.toJsonSchemaDocument(withFiniteNumbers(parameters), {
    onExcessProperty: "error"
  })
  const definitions: Record<string, unknown> = { ...document.definitions }
  let root: Record<string, unknown> = { ...document.schema }
  // A root reference (a class, an identified Struct) is inlined; its other keywords (a description) stay.
  while (typeof root["$ref"] === "string") {
    const ref = root["$ref"]
    const name = definitionName(ref)
    if (name === undefined) break
    const target = definitions[name]
    if (!isObject(target)) break
    const { $ref: _, ...rest } = root
    root = { ...target, ...rest }
    if (
      !JSON.stringify([root, Object.entries(definitions).filter(([key]) => key !== name)]).includes(`"${ref}"`)
    ) {
      delete definitions[name]
    }
  }
  // An empty Struct is "any value but null" in JSON Schema; as arguments it is an object without fields.
  if (Object.keys(root).length === 1 && isObject(root["not"]) && root["not"]["type"] === "null") {
    root = { type: "object", properties: {}, additionalProperties: false }
  }
  if (root["type"] !== "object") {
    throw new TypeError(
      `a tool's parameters must be a Struct-like Schema (an object in JSON); got ${JSON.stringify(root).slice(0, 200)}`
    )
  }
  if (root["properties"] === undefined) root["properties"] = {}
  return forModels(Object.keys(definitions).length === 0 ? root : { ...root, $defs: definitions })
}
