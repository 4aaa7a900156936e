/**
 * The `$ref`s of a JSON Schema whose definitions are in `$defs`: what one points to, and the cycles of them that
 * never descend into the value checked (through `$ref`, `allOf`, `not`, ... alone, not a property or an item),
 * against which no value can be checked.
 *
 * @internal
 */
import { isObject } from "./JsonEquals.js"

type Json = Readonly<Record<string, unknown>>

/** The schema a `$ref` of the form `#/$defs/<name>[/<pointer>...]` points to (RFC 6901), or `undefined`. */
export const resolve = (ref: string, definitions: Json): unknown => {
  if (!ref.startsWith("#/$defs/")) return undefined
  let node: unknown = definitions
  for (const token of ref.slice("#/$defs/".length).split("/")) {
    const key = token.replaceAll("~1", "/").replaceAll("~0", "~")
    if (Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(key)) node = node[Number(key)]
    else if (isObject(node) && Object.hasOwn(node, key)) node = node[key]
    else return undefined
  }
  return node
}

/** Keywords whose schemas check the same value as the schema they are in (a list, one schema, a record). */
const sameValueLists = ["allOf", "anyOf", "oneOf"]
const sameValueOnes = ["not", "if", "then", "else"]

/** The schemas that check the same value as `schema`, and the `$ref` that leads to each one it refers to. */
const sameValueSchemas = (schema: Json, definitions: Json): ReadonlyArray<readonly [unknown, string | undefined]> => {
  const out: Array<readonly [unknown, string | undefined]> = []
  if (typeof schema["$ref"] === "string") out.push([resolve(schema["$ref"], definitions), schema["$ref"]])
  for (const key of sameValueLists) {
    const members = schema[key]
    if (Array.isArray(members)) { for (const member of members) out.push([member, undefined]) }
  }
  for (const key of sameValueOnes) if (key in schema) out.push([schema[key], undefined])
  const dependent = schema["dependentSchemas"]
  if (isObject(dependent)) { for (const member of Object.values(dependent)) out.push([member, undefined]) }
  return out.filter(([member]) => isObject(member))
}

/** Every schema object of a document (the root and its definitions, and the schemas inside them). */
export const everySchema = (root: Json, definitions: Json): ReadonlyArray<Json> => {
  const out: Array<Json> = []
  const stack: Array<unknown> = [root, ...Object.values(definitions)]
  while (stack.length > 0) {
    const node = stack.pop()
    if (Array.isArray(node)) stack.push(...node)
    else if (isObject(node)) {
      out.push(node)
      for (const [key, value] of Object.entries(node)) {
        if (key !== "enum" && key !== "const" && key !== "default" && key !== "examples") stack.push(value)
      }
    }
  }
  return out
}

/** The `$ref`s of a cycle that never descends into the value (empty when none), walked with a stack of its own. */
export const sameValueCycle = (root: Json, definitions: Json): ReadonlyArray<string> => {
  const done = new Set<unknown>()
  for (const start of everySchema(root, definitions)) {
    if (done.has(start)) continue
    // The path walked: each schema, the `$ref` that led to it, and the edges still to follow from it.
    const path: Array<{ node: Json; via: string | undefined; next: Array<readonly [unknown, string | undefined]> }> = [
      { node: start, via: undefined, next: [...sameValueSchemas(start, definitions)] }
    ]
    const onPath = new Map<unknown, number>([[start, 0]])
    while (path.length > 0) {
      const top = path[path.length - 1]!
      const edge = top.next.pop()
      if (edge === undefined) {
        path.pop()
        onPath.delete(top.node)
        done.add(top.node)
        continue
      }
      const [node, via] = edge
      const at = onPath.get(node)
      if (at !== undefined) {
        const refs = [...path.slice(at + 1).map((step) => step.via), via]
        return refs.filter((ref): ref is string => ref !== undefined)
      }
      if (done.has(node)) continue
      onPath.set(node, path.length)
      path.push({ node: node as Json, via, next: [...sameValueSchemas(node as Json, definitions)] })
    }
  }
  return []
}
