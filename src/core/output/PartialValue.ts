/**
 * The value an incremental JSON parse has built so far, and its partials (see `PartialJson`, which drives it; this
 * module knows no syntax).
 *
 * @internal
 */

/** An own data property, `__proto__` included (as `JSON.parse` makes it). */
const define = (object: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === "__proto__") {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true })
  } else {
    object[key] = value
  }
}

/** An open array or object. Frames are reused by depth. */
class Frame {
  isArray = true
  /** The complete elements or fields: the container's final value once it closes, never handed out before. */
  live: Array<unknown> | Record<string, unknown> = []
  /** The key of the field being read. */
  key = ""
  /** Complete elements or fields. */
  width = 0
  /** Changed since `snap` was built. A dirty frame's outer frames are dirty too. */
  dirty = true
  /** The container's last partial. */
  snap: unknown = undefined
}

/** @internal */
export class Tree {
  readonly #frames: Array<Frame> = []
  #open = 0
  #cost = 0
  #root: unknown = undefined
  #rooted = false
  #changed = false
  #last: unknown = undefined

  /** Open arrays and objects. */
  get depth(): number {
    return this.#open
  }

  /** Σ (width + 1) over the open containers: the most the next partial copies. */
  get openCost(): number {
    return this.#cost
  }

  /** The partial value grew since the last `snapshot`. */
  get grew(): boolean {
    return this.#changed
  }

  /** The top-level value is complete. */
  get complete(): boolean {
    return this.#rooted
  }

  /** The top-level value, once `complete`. */
  get value(): unknown {
    return this.#root
  }

  /** The innermost open container is an array (`false`: an object, or none). */
  inArray(): boolean {
    return this.#open > 0 && this.#frames[this.#open - 1]!.isArray
  }

  /** Opens an array or an object: it shows at once, empty. */
  begin(isArray: boolean): void {
    this.touch()
    const frame = this.#frames[this.#open] ??= new Frame()
    frame.isArray = isArray
    frame.live = isArray ? [] : {}
    frame.width = 0
    frame.dirty = true
    this.#open++
    this.#cost++
  }

  /** Closes the innermost container: it becomes a complete value of its own container (or the root). */
  end(): void {
    const frame = this.#frames[--this.#open]!
    this.#cost -= frame.width + 1
    const value = frame.live
    frame.live = []
    frame.snap = undefined
    this.add(value, false)
  }

  /** The key of the innermost object's next field; `false` when the object has it already. */
  setKey(key: string): boolean {
    const frame = this.#frames[this.#open - 1]!
    if (Object.hasOwn(frame.live, key)) return false
    frame.key = key
    return true
  }

  /** A value is complete: it becomes the root or joins its container; `visible` when partials change. */
  add(value: unknown, visible: boolean): void {
    if (this.#open === 0) {
      this.#root = value
      this.#rooted = true
      if (visible) this.#changed = true
      return
    }
    const frame = this.#frames[this.#open - 1]!
    if (frame.isArray) (frame.live as Array<unknown>).push(value)
    else define(frame.live as Record<string, unknown>, frame.key, value)
    frame.width++
    this.#cost++
    if (visible) this.touch()
  }

  /** The partial value grew: the open frames are dirty, from the innermost out to the first already dirty. */
  touch(): void {
    this.#changed = true
    for (let d = this.#open - 1; d >= 0 && !this.#frames[d]!.dirty; d--) this.#frames[d]!.dirty = true
  }

  /** The partial value (`text`: the string being read); the previous partial itself when nothing grew since. */
  snapshot(text: string | undefined): unknown {
    if (!this.#changed) return this.#last
    let child: unknown = text
    let hasChild = text !== undefined
    for (let d = this.#open - 1; d >= 0; d--) {
      const frame = this.#frames[d]!
      if (frame.dirty) {
        if (frame.isArray) {
          const copy = (frame.live as Array<unknown>).slice()
          if (hasChild) copy.push(child)
          frame.snap = copy
        } else {
          const copy = { ...frame.live as Record<string, unknown> }
          if (hasChild) define(copy, frame.key, child)
          frame.snap = copy
        }
        frame.dirty = false
      }
      child = frame.snap
      hasChild = true
    }
    this.#last = this.#open > 0 ? child : this.#rooted ? this.#root : text
    this.#changed = false
    return this.#last
  }
}

const isPlainObject = (u: object): boolean => {
  const proto = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

/**
 * Whether two values hold the same JSON data (any object but an array or a plain one only equals itself); partials
 * share their complete values, so comparing one with the next costs the changed path's width.
 *
 * @internal
 */
export const equals = (a: unknown, b: unknown): boolean => {
  if (Object.is(a, b)) return true
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!equals(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b) || !isPlainObject(a) || !isPlainObject(b)) return false
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  for (const key of keys) {
    if (!Object.hasOwn(b, key) || !equals((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) {
      return false
    }
  }
  return true
}
