/**
 * Whether two JSON values are equal as JSON Schema compares them (`enum`, `const`, `uniqueItems`): the same
 * primitives, arrays of equal items in the same order, objects of the same keys (in any order) with equal values.
 * A walk with a stack of its own, so that values nested as deep as `JsonDepth.maxDepth` compare.
 *
 * @internal
 */

/** Whether a JSON value is an object (not an array, not `null`). */
export const isObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Whether `a` and `b` are the same JSON value (numbers by value: `1` and `1.0` are one number). */
export const jsonEquals = (a: unknown, b: unknown): boolean => {
  const pairs: Array<readonly [unknown, unknown]> = [[a, b]]
  while (pairs.length > 0) {
    const [left, right] = pairs.pop()!
    if (left === right) continue
    if (Array.isArray(left)) {
      if (!Array.isArray(right) || left.length !== right.length) return false
      for (let i = 0; i < left.length; i++) pairs.push([left[i], right[i]])
    } else if (isObject(left)) {
      if (!isObject(right)) return false
      const keys = Object.keys(left)
      if (keys.length !== Object.keys(right).length) return false
      for (const key of keys) {
        if (!Object.hasOwn(right, key)) return false
        pairs.push([left[key], right[key]])
      }
    } else {
      return false
    }
  }
  return true
}
