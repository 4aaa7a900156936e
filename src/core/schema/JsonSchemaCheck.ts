/**
 * Checks a JSON value against a JSON Schema (draft 2020-12, its definitions in `$defs`, as `ForeignJsonSchema`
 * gives it): `type`, `enum`, `const`, the bounds of numbers, strings, arrays and objects, `required`,
 * `properties`, `additionalProperties`, `items`, `prefixItems`, `contains`, `propertyNames`, the dependent
 * keywords, `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else` and `$ref`. What it does not run is left to the
 * server that checks the arguments again: `pattern` and `patternProperties` (a server's regular expression could
 * take forever), `format`, `unevaluated*`.
 *
 * Each check is a generator that yields the checks it needs, waiting on a stack of its own, never the call stack,
 * so that a value nested as deep as `JsonDepth.maxDepth` is checked. Past `maxChecks` (alternatives tried again at
 * every level take exponential time) the value is refused as too complex to check.
 *
 * @internal
 */
import { isObject, jsonEquals } from "./JsonEquals.js"
import * as JsonSchemaRefs from "./JsonSchemaRefs.js"

type Json = Readonly<Record<string, unknown>>

/** Where in the value: the path from the root, linked to its parent (deep paths are never copied). */
interface Path {
  readonly parent: Path | undefined
  readonly key: string | number
  readonly depth: number
}

/** A part of the value that does not match, and why. */
interface Issue {
  readonly path: Path | undefined
  readonly message: string
}

/** A check to run: a part of the value against a schema. */
interface Task {
  readonly schema: unknown
  readonly value: unknown
  readonly path: Path | undefined
}

/** A check: it yields the checks it needs, reads their issues, and returns its own. */
type Check = Generator<Task, ReadonlyArray<Issue>, ReadonlyArray<Issue>>

/** The most checks one value takes. */
export const maxChecks = 250_000

/** The most issues reported. */
const maxIssues = 10

const at = (path: Path | undefined, key: string | number): Path => ({
  parent: path,
  key,
  depth: (path?.depth ?? 0) + 1
})

/** A path as a JSON Pointer (`/items/0/name`), its middle left out when it is long. */
const pointer = (path: Path | undefined): string => {
  const keys: Array<string | number> = []
  for (let node = path; node !== undefined; node = node.parent) keys.push(node.key)
  keys.reverse()
  const token = (key: string | number) => String(key).replaceAll("~", "~0").replaceAll("/", "~1")
  if (keys.length <= 12) return keys.map((key) => `/${token(key)}`).join("")
  const middle = `/…(${keys.length - 10} more)…`
  return keys.slice(0, 5).map((key) => `/${token(key)}`).join("") + middle +
    keys.slice(-5).map((key) => `/${token(key)}`).join("")
}

/** A value's JSON type, as an issue names it. */
const typeOf = (value: unknown): string =>
  value === null
    ? "null"
    : Array.isArray(value)
    ? "array"
    : typeof value === "number" && Number.isInteger(value)
    ? "integer"
    : typeof value

const hasType = (value: unknown, type: unknown): boolean =>
  type === "integer"
    ? typeof value === "number" && Number.isInteger(value)
    : type === "number"
    ? typeof value === "number"
    : typeOf(value) === type || (type === "object" && isObject(value))

/** A string's length in code points (as JSON Schema counts it). */
const codePoints = (text: string): number => {
  let length = text.length
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) length--
    }
  }
  return length
}

const number = (schema: Json, key: string): number | undefined =>
  typeof schema[key] === "number" ? schema[key] as number : undefined

/** Why the value is not of the schema's `type`, if it is not. */
const typeIssue = (schema: Json, value: unknown): string | undefined => {
  const type = schema["type"]
  const types = Array.isArray(type) ? type : type === undefined ? undefined : [type]
  return types === undefined || types.some((name) => hasType(value, name))
    ? undefined
    : `expected ${types.join(" or ")}, got ${typeOf(value)}`
}

/** The issues of the keywords that look at the value alone: `enum`, `const`, bounds, `required`. */
const plainIssues = (schema: Json, value: unknown): ReadonlyArray<string> => {
  const out: Array<string> = []
  if (Array.isArray(schema["enum"]) && !schema["enum"].some((member) => jsonEquals(member, value))) {
    out.push(`expected one of ${JSON.stringify(schema["enum"]).slice(0, 200)}`)
  }
  if ("const" in schema && !jsonEquals(schema["const"], value)) {
    out.push(`expected ${JSON.stringify(schema["const"]).slice(0, 200)}`)
  }
  if (typeof value === "number") out.push(...numberIssues(schema, value))
  else if (typeof value === "string") {
    out.push(...bounds(codePoints(value), schema, "minLength", "maxLength", "characters"))
  } else if (Array.isArray(value)) out.push(...arrayIssues(schema, value))
  else if (isObject(value)) out.push(...objectIssues(schema, value))
  return out
}

/** A count out of `min`..`max`. */
const bounds = (count: number, schema: Json, min: string, max: string, what: string): ReadonlyArray<string> => {
  const low = number(schema, min)
  const high = number(schema, max)
  return low !== undefined && count < low
    ? [`expected at least ${low} ${what}, got ${count}`]
    : high !== undefined && count > high
    ? [`expected at most ${high} ${what}, got ${count}`]
    : []
}

const numberIssues = (schema: Json, value: number): ReadonlyArray<string> => {
  const out: Array<string> = []
  const [minimum, maximum] = [number(schema, "minimum"), number(schema, "maximum")]
  const [above, below] = [number(schema, "exclusiveMinimum"), number(schema, "exclusiveMaximum")]
  if (minimum !== undefined && value < minimum) out.push(`expected at least ${minimum}, got ${value}`)
  if (maximum !== undefined && value > maximum) out.push(`expected at most ${maximum}, got ${value}`)
  if (above !== undefined && value <= above) out.push(`expected more than ${above}, got ${value}`)
  if (below !== undefined && value >= below) out.push(`expected less than ${below}, got ${value}`)
  const step = number(schema, "multipleOf")
  if (step !== undefined && step > 0) {
    const quotient = value / step
    if (
      Number.isFinite(quotient) && Math.abs(quotient - Math.round(quotient)) > 1e-9 * Math.max(1, Math.abs(quotient))
    ) {
      out.push(`expected a multiple of ${step}, got ${value}`)
    }
  }
  return out
}

const arrayIssues = (schema: Json, value: ReadonlyArray<unknown>): ReadonlyArray<string> => {
  const out = [...bounds(value.length, schema, "minItems", "maxItems", "items")]
  if (schema["uniqueItems"] === true) {
    for (let i = 1; i < value.length && out.length === 0; i++) {
      for (let j = 0; j < i; j++) {
        if (jsonEquals(value[i], value[j])) {
          out.push(`expected unique items, got items ${j} and ${i} equal`)
          break
        }
      }
    }
  }
  return out
}

const objectIssues = (schema: Json, value: Json): ReadonlyArray<string> => {
  const out = [...bounds(Object.keys(value).length, schema, "minProperties", "maxProperties", "properties")]
  const missing = (names: unknown) =>
    Array.isArray(names) ? names.filter((name) => typeof name === "string" && !Object.hasOwn(value, name)) : []
  for (const name of missing(schema["required"])) out.push(`missing the required property ${JSON.stringify(name)}`)
  const dependent = schema["dependentRequired"]
  if (isObject(dependent)) {
    for (const [key, names] of Object.entries(dependent)) {
      if (!Object.hasOwn(value, key)) continue
      for (const name of missing(names)) {
        out.push(`${JSON.stringify(key)} requires the property ${JSON.stringify(name)}`)
      }
    }
  }
  return out
}

/** The checks of an array's items: `prefixItems`, `items`, `contains` (with `minContains`, `maxContains`). */
function* items(schema: Json, value: ReadonlyArray<unknown>, path: Path | undefined): Check {
  const out: Array<Issue> = []
  const prefix = Array.isArray(schema["prefixItems"]) ? schema["prefixItems"] : []
  for (let i = 0; i < value.length && out.length < maxIssues; i++) {
    const item = i < prefix.length ? prefix[i] : schema["items"]
    if (item !== undefined) out.push(...(yield { schema: item, value: value[i], path: at(path, i) }))
  }
  if (schema["contains"] !== undefined) {
    let matches = 0
    for (let i = 0; i < value.length; i++) {
      if ((yield { schema: schema["contains"], value: value[i], path: at(path, i) }).length === 0) matches++
    }
    const range = { minContains: number(schema, "minContains") ?? 1, maxContains: number(schema, "maxContains") }
    for (const message of bounds(matches, range, "minContains", "maxContains", "items matching `contains`")) {
      out.push({ path, message })
    }
  }
  return out
}

/** The checks of an object's properties: `properties`, `additionalProperties`, `propertyNames`, `dependentSchemas`. */
function* properties(schema: Json, value: Json, path: Path | undefined): Check {
  const out: Array<Issue> = []
  const declared = isObject(schema["properties"]) ? schema["properties"] : {}
  // A key a pattern may match is left to the server (patterns are not run here).
  const additional = isObject(schema["patternProperties"]) ? undefined : schema["additionalProperties"]
  for (const [key, member] of Object.entries(value)) {
    if (out.length >= maxIssues) break
    const own = Object.hasOwn(declared, key) ? declared[key] : additional
    if (own === false) out.push({ path: at(path, key), message: "no such property is allowed" })
    else if (own !== undefined) out.push(...(yield { schema: own, value: member, path: at(path, key) }))
    if (schema["propertyNames"] !== undefined) {
      const issues = yield { schema: schema["propertyNames"], value: key, path: at(path, key) }
      for (const issue of issues) out.push({ path: issue.path, message: `its name: ${issue.message}` })
    }
  }
  const dependent = schema["dependentSchemas"]
  if (isObject(dependent)) {
    for (const [key, member] of Object.entries(dependent)) {
      if (Object.hasOwn(value, key)) out.push(...(yield { schema: member, value, path }))
    }
  }
  return out
}

/** The issues of the alternative that went furthest into the value (what the model most likely meant). */
const furthest = (alternatives: ReadonlyArray<ReadonlyArray<Issue>>): ReadonlyArray<Issue> =>
  alternatives.reduce((best, issues) => (issues[0]?.path?.depth ?? 0) > (best[0]?.path?.depth ?? 0) ? issues : best)

/** The checks of `anyOf` and `oneOf`: each alternative until one matches (`anyOf`) or two do (`oneOf`). */
function* alternatives(schema: Json, value: unknown, path: Path | undefined): Check {
  const out: Array<Issue> = []
  for (const key of ["anyOf", "oneOf"] as const) {
    const members = schema[key]
    if (!Array.isArray(members) || members.length === 0) continue
    const failed: Array<ReadonlyArray<Issue>> = []
    let passed = 0
    for (const member of members) {
      const issues = yield { schema: member, value, path }
      if (issues.length > 0) failed.push(issues)
      else if (++passed === (key === "anyOf" ? 1 : 2)) break
    }
    if (passed === 0) out.push({ path, message: `matches none of the alternatives (${key})` }, ...furthest(failed))
    else if (passed > 1 && key === "oneOf") out.push({ path, message: "matches more than one alternative (oneOf)" })
  }
  return out
}

/** The checks of the keywords that apply other schemas to the same value (`$ref` among `definitions`). */
function* applicators(schema: Json, value: unknown, path: Path | undefined, definitions: Json): Check {
  const out: Array<Issue> = []
  const sub = (member: unknown): Task => ({ schema: member, value, path })
  if (typeof schema["$ref"] === "string") {
    const target = JsonSchemaRefs.resolve(schema["$ref"], definitions)
    if (target !== undefined) out.push(...(yield sub(target)))
  }
  if (Array.isArray(schema["allOf"])) { for (const member of schema["allOf"]) out.push(...(yield sub(member))) }
  out.push(...(yield* alternatives(schema, value, path)))
  if (schema["not"] !== undefined && (yield sub(schema["not"])).length === 0) {
    out.push({ path, message: "matches a schema it must not (not)" })
  }
  if (schema["if"] !== undefined) {
    const branch = (yield sub(schema["if"])).length === 0 ? schema["then"] : schema["else"]
    if (branch !== undefined) out.push(...(yield sub(branch)))
  }
  return out
}

/** The check of one part of the value against one schema (`true`, `false`, or an object). */
function* check(task: Task, definitions: Json): Check {
  const { path, schema, value } = task
  if (schema === false) return [{ path, message: "no value is allowed here" }]
  if (!isObject(schema)) return []
  // A value of the wrong type: nothing more to say of it.
  const wrongType = typeIssue(schema, value)
  if (wrongType !== undefined) return [{ path, message: wrongType }]
  const out: Array<Issue> = plainIssues(schema, value).map((message) => ({ path, message }))
  if (Array.isArray(value)) out.push(...(yield* items(schema, value, path)))
  else if (isObject(value)) out.push(...(yield* properties(schema, value, path)))
  out.push(...(yield* applicators(schema, value, path, definitions)))
  return out.slice(0, maxIssues)
}

/**
 * The issues of `value` against `schema`, each as `<JSON Pointer>: <what is wrong>`; empty when it matches. `subject`:
 * what the value is, in the messages.
 */
export const issues = (
  schema: unknown,
  definitions: Json,
  value: unknown,
  subject: "arguments" | "result" = "arguments"
): ReadonlyArray<string> => {
  const stack: Array<Check> = [check({ schema, value, path: undefined }, definitions)]
  let answer: ReadonlyArray<Issue> = []
  let count = 1
  while (stack.length > 0) {
    const step = stack[stack.length - 1]!.next(answer)
    if (step.done === true) {
      stack.pop()
      answer = step.value
    } else if (++count > maxChecks) {
      const are = subject === "arguments" ? "are" : "is"
      return [`the ${subject} ${are} too complex to check against the tool's schema (over ${maxChecks} checks)`]
    } else {
      stack.push(check(step.value, definitions))
    }
  }
  return answer.map((issue) =>
    `${issue.path === undefined ? `(the ${subject})` : pointer(issue.path)}: ${issue.message}`
  )
}
