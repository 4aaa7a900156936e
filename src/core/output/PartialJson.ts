/**
 * Incremental JSON parser for structured output: fed the text in deltas split anywhere (inside a string,
 * an escape such as `\u00e9`, a surrogate pair, a number, a literal or whitespace), it keeps the value
 * parsed so far and says after each delta whether that value grew.
 *
 * **Partials only grow.** A string only gets longer (a high surrogate is held back, so a pair never shows half);
 * an array only gains elements or extends its last one; a field never disappears or changes type; a number or a
 * literal appears only once complete. A key appears once its value has a partial form (`{"a":12` shows `{}`). A
 * duplicate key is a failure: no partial could have grown into the second value.
 *
 * **Linear.** Each character is looked at once; complete values are built once and shared by every later
 * partial. {@link Parser.snapshot} copies only the open arrays and objects that changed, and
 * {@link Progress.due} paces partials so that those copies stay paid for by the input (16 slots per character,
 * 64 free), whatever the shape of the value.
 *
 * **Strict.** RFC 8259 JSON, as `JSON.parse` takes it but for a duplicate key: one value, no code fence, comment,
 * trailing comma or byte-order mark; a second value is {@link JsonFailure.MultipleJsonValues}. Nesting deeper
 * than `maxDepth` (512) is {@link JsonFailure.JsonTooDeep}; the parser keeps its own stack.
 *
 * Values returned (partials included) are shared with later partials: treat them as read-only.
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as JsonFailure from "./JsonFailure.js"
import type { Failure } from "./JsonFailure.js"
import { Tree } from "./PartialValue.js"

const { excerptLength } = JsonFailure

// The lexical tables of JSON (RFC 8259), by UTF-16 code unit.
const [START, MINUS, ZERO, INT, DOT, FRAC, E, E_SIGN, EXP] = [0, 1, 2, 3, 4, 5, 6, 7, 8]

/** A number's grammar: `numberTable[state * 128 + code]` is the next state, or -1 when the number ends. */
const numberTable = (() => {
  const table = new Int8Array(9 * 128).fill(-1)
  const set = (states: ReadonlyArray<number>, chars: string, next: number) => {
    for (const state of states) for (const char of chars) table[state * 128 + char.charCodeAt(0)] = next
  }
  const digits = "0123456789"
  set([START], "-", MINUS)
  set([START, MINUS], "0", ZERO)
  set([START, MINUS], "123456789", INT)
  set([INT], digits, INT)
  set([ZERO, INT], ".", DOT)
  set([DOT, FRAC], digits, FRAC)
  set([ZERO, INT, FRAC], "eE", E)
  set([E], "+-", E_SIGN)
  set([E, E_SIGN, EXP], digits, EXP)
  return table
})()

/** Whether the characters so far are a whole number. */
const isCompleteNumber = (state: number): boolean => state === ZERO || state === INT || state === FRAC || state === EXP

/** Whether `c` is a digit right after a leading `0` (which JSON forbids). */
const isLeadingZero = (state: number, c: number): boolean => state === ZERO && c >= 48 && c <= 57

/** What the character after `\` stands for, by its code (below 128); `u` is read apart. */
const escapes: ReadonlyArray<string | undefined> = (() => {
  const table: Array<string | undefined> = new Array(128).fill(undefined)
  for (const [char, value] of ["\"\"", "\\\\", "//", "b\b", "f\f", "n\n", "r\r", "t\t"]) {
    table[char!.charCodeAt(0)] = value
  }
  return table
})()

/** The literals and their values. */
const literals = ["true", "false", "null"] as const
const literalValues = [true, false, null] as const

/** JSON whitespace: space, tab, LF, CR (nothing else). */
const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9

/** What may follow a number: whitespace, `,`, `]`, `}`. */
const isDelimiter = (c: number): boolean => isSpace(c) || c === 44 || c === 93 || c === 125

/** Whether `c` can start a value: `"`, `[`, `{`, `-`, a digit, `t`, `f`, `n`. */
const startsValue = (c: number): boolean =>
  c === 34 || c === 91 || c === 123 || c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110

/** A hexadecimal digit's value, or -1. */
const hexDigit = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1

export type { Failure } from "./JsonFailure.js"

/** What one {@link Parser.push} did. @internal */
export interface Progress {
  /** The partial value grew since the last {@link Parser.snapshot}. */
  readonly changed: boolean
  /** `changed`, and the input read since the last snapshot pays for taking one now (see the module doc). */
  readonly due: boolean
}

/** @internal */
export interface Options {
  /** The deepest nesting of arrays and objects accepted; 512 by default. */
  readonly maxDepth?: number
}

/**
 * An incremental parser of one JSON text. Not thread-safe in the Effect sense: one fiber feeds it.
 *
 * @internal
 */
export interface Parser {
  /** Feeds the next piece of text; never throws: a failure, once, is returned by every later call. */
  push(delta: string): Result.Result<Progress, Failure>
  /** The value so far (`undefined` before it has a partial form); the previous partial itself when nothing grew. */
  snapshot(): unknown
  /** Whether the top-level value is complete (what follows may only be whitespace). */
  isComplete(): boolean
  /** Ends the text: the complete value, or why there is none (a top-level number completes here). */
  end(): Result.Result<unknown, Failure>
}

/** @internal */
export const make = (options?: Options): Parser => new Incremental(options?.maxDepth ?? 512)

/** Parses a whole text with the same rules (a strict `JSON.parse` with typed failures). @internal */
export const parse = (text: string, options?: Options): Result.Result<unknown, Failure> => {
  const parser = make(options)
  const pushed = parser.push(text)
  return Result.isFailure(pushed) ? pushed : parser.end()
}

// Copy cost a partial may take per character of input since the previous partial, and free of charge.
const PACE = 16
const FREE = 64

const unchanged = Result.succeed<Progress>({ changed: false, due: false })
const held = Result.succeed<Progress>({ changed: true, due: false })
const due = Result.succeed<Progress>({ changed: true, due: true })

// What the parser expects next.
const VALUE = 0 // a value (at the start, after ':', after ',' in an array)
const ARRAY_FIRST = 1 // a value or ']'
const OBJECT_FIRST = 2 // a key or '}'
const KEY = 3 // a key (after ',' in an object)
const COLON = 4
const AFTER = 5 // ',' or the closing bracket; at the top, only whitespace
const STRING = 6 // in a key or a string value
const ESCAPE = 7 // after '\' in a string
const UNICODE = 8 // in the 4 hex digits of '\u'
const NUMBER = 9
const LITERAL = 10

/** What a read step returns when it failed (the failure is kept on the parser). */
const FAILED = -1

// What a failure in each mode says was expected.
const expectations = ("a value|a value or ']'|a key or '}'|a key|':'|',' or a closing bracket|the rest of a string|" +
  "the rest of an escape|a hexadecimal digit|the rest of a number|the rest of a literal").split("|")

class Incremental implements Parser {
  readonly #tree = new Tree()
  #mode = VALUE
  #inKey = false
  #inValue = false
  /** The key or string value read so far (a value's visible part), as a string and pieces not yet joined. */
  #joined = ""
  readonly #pieces: Array<string> = []
  /** A high surrogate held back from a string value until the next code unit. */
  #high = ""
  #number = ""
  #numberState = START
  #literal = 0
  #literalAt = 0
  #unicode = 0
  #unicodeDigits = 0
  #offset = 0
  /** The last non-empty deltas before the current one (a ring), for excerpts: at least as many characters. */
  readonly #recent: Array<string> = new Array(excerptLength).fill("")
  #recentAt = 0
  #failure: Failure | undefined = undefined
  #sinceSnapshot = 0
  readonly #maxDepth: number

  constructor(maxDepth: number) {
    this.#maxDepth = maxDepth
  }

  push(delta: string): Result.Result<Progress, Failure> {
    if (this.#failure !== undefined) return Result.fail(this.#failure)
    const length = delta.length
    let i = 0
    while (i < length) {
      const mode = this.#mode
      if (mode === STRING) i = this.#readString(delta, i)
      else if (mode === NUMBER) i = this.#readNumber(delta, i)
      else if (mode === ESCAPE) i = this.#readEscape(delta, i)
      else if (mode === UNICODE) i = this.#readUnicode(delta, i)
      else if (mode === LITERAL) i = this.#readLiteral(delta, i)
      else {
        const c = delta.charCodeAt(i)
        if (isSpace(c)) {
          i++
          continue
        }
        const failed = this.#structural(mode, c, delta, i)
        if (failed !== undefined) return failed
        if (this.#mode !== NUMBER) i++
      }
      if (i === FAILED) return Result.fail(this.#failure!)
    }
    return this.#progressAfter(delta)
  }

  /** Counts `delta` as read and says whether a snapshot would show something new (and is worth its cost). */
  #progressAfter(delta: string): Result.Result<Progress, Failure> {
    const length = delta.length
    this.#offset += length
    this.#sinceSnapshot += length
    if (length > 0) {
      this.#recent[this.#recentAt] = delta
      this.#recentAt = (this.#recentAt + 1) % excerptLength
    }
    const tree = this.#tree
    return !tree.grew ? unchanged : this.#sinceSnapshot * PACE + FREE >= tree.openCost ? due : held
  }

  /** Reads a string's characters up to its closing quote or an escape; returns where to read next, or `FAILED`. */
  #readString(delta: string, i: number): number {
    const length = delta.length
    let j = i
    let c = 0
    while (j < length && (c = delta.charCodeAt(j)) !== 34 && c !== 92 && c >= 32) j++
    if (j > i) this.#append(j - i === length ? delta : delta.slice(i, j))
    if (j === length) return length
    if (c === 34) {
      if (!this.#endString()) {
        this.#fail("DuplicateJsonKey", delta, j, `the key ${JSON.stringify(this.#text())}`)
        return FAILED
      }
    } else if (c === 92) this.#mode = ESCAPE
    else {
      this.#fail("InvalidJson", delta, j, "a control character in a string (it must be escaped)")
      return FAILED
    }
    return j + 1
  }

  /** Reads a number's characters (by `numberTable`) up to the delimiter after it; returns where to read next. */
  #readNumber(delta: string, i: number): number {
    const length = delta.length
    let j = i
    let state = this.#numberState
    for (let next = 0; j < length; j++) {
      const c = delta.charCodeAt(j)
      if (c >= 128 || (next = numberTable[state * 128 + c]!) < 0) break
      state = next
    }
    this.#numberState = state
    if (j > i) this.#number += delta.slice(i, j)
    if (j === length) return length
    const c = delta.charCodeAt(j)
    if (!isCompleteNumber(state) || !isDelimiter(c)) {
      const reason = isLeadingZero(state, c) ? "a number with a leading zero" : "a malformed number"
      this.#fail("InvalidJson", delta, j, reason)
      return FAILED
    }
    this.#complete(Number(this.#number))
    return j // the delimiter is read next, as what follows a value
  }

  /** Reads the character after a backslash. */
  #readEscape(delta: string, i: number): number {
    const c = delta.charCodeAt(i)
    if (c === 117) {
      this.#mode = UNICODE
      this.#unicode = this.#unicodeDigits = 0
      return i + 1
    }
    const escaped = c < 128 ? escapes[c] : undefined
    if (escaped === undefined) {
      this.#fail("InvalidJson", delta, i, "an invalid escape")
      return FAILED
    }
    this.#mode = STRING
    this.#append(escaped)
    return i + 1
  }

  /** Reads one hexadecimal digit of a `\u` escape. */
  #readUnicode(delta: string, i: number): number {
    const digit = hexDigit(delta.charCodeAt(i))
    if (digit < 0) {
      this.#fail("InvalidJson", delta, i, "expected a hexadecimal digit in a \\u escape")
      return FAILED
    }
    this.#unicode = this.#unicode * 16 + digit
    if (++this.#unicodeDigits === 4) {
      this.#mode = STRING
      this.#append(String.fromCharCode(this.#unicode))
    }
    return i + 1
  }

  /** Reads the characters of `true`, `false` or `null`. */
  #readLiteral(delta: string, i: number): number {
    const word = literals[this.#literal]!
    const length = delta.length
    for (; i < length && this.#literalAt < word.length; i++, this.#literalAt++) {
      if (delta.charCodeAt(i) !== word.charCodeAt(this.#literalAt)) {
        this.#fail("InvalidJson", delta, i, `expected ${word}`)
        return FAILED
      }
    }
    if (this.#literalAt === word.length) this.#complete(literalValues[this.#literal])
    return i
  }

  snapshot(): unknown {
    this.#sinceSnapshot = 0
    return this.#tree.snapshot(this.#inValue ? this.#text() : undefined)
  }

  isComplete(): boolean {
    return this.#failure === undefined && this.#tree.complete && this.#tree.depth === 0
  }

  end(): Result.Result<unknown, Failure> {
    if (this.#failure !== undefined) return Result.fail(this.#failure)
    const tree = this.#tree
    if (this.#mode === NUMBER && tree.depth === 0 && isCompleteNumber(this.#numberState)) {
      this.#complete(Number(this.#number))
    }
    if (tree.complete && this.#mode === AFTER && tree.depth === 0) return Result.succeed(tree.value)
    const open = tree.depth > 0 ? ` with ${tree.depth} array(s) or object(s) open` : ""
    const reason = this.#mode === VALUE && tree.depth === 0 ? "no value" : `expected ${expectations[this.#mode]}${open}`
    return this.#fail("IncompleteJson", "", 0, reason)
  }

  /** Reads `c` (not whitespace) where a structural character or a value is expected. */
  #structural(mode: number, c: number, delta: string, i: number): Result.Result<never, Failure> | undefined {
    const tree = this.#tree
    if (mode === AFTER) {
      if (tree.depth === 0) {
        return startsValue(c)
          ? this.#fail("MultipleJsonValues", delta, i, "a second value starts here")
          : this.#fail("InvalidJson", delta, i, `unexpected ${JSON.stringify(delta[i])} after the value`)
      }
      const inArray = tree.inArray()
      if (c === 44) this.#mode = inArray ? VALUE : KEY
      else if (c === (inArray ? 93 : 125)) this.#close()
      else return this.#fail("InvalidJson", delta, i, `expected ${inArray ? "',' or ']'" : "',' or '}'"}`)
    } else if (mode === COLON) {
      if (c !== 58) return this.#fail("InvalidJson", delta, i, "expected ':'")
      this.#mode = VALUE
    } else if (mode === OBJECT_FIRST || mode === KEY) {
      if (c === 34) {
        this.#inKey = true
        this.#mode = STRING
      } else if (c === 125 && mode === OBJECT_FIRST) this.#close()
      else return this.#fail("InvalidJson", delta, i, `expected ${expectations[mode]}`)
    } else if (c === 93 && mode === ARRAY_FIRST) this.#close()
    else if (c === 34) {
      this.#inValue = true
      this.#mode = STRING
      tree.touch()
    } else if (c === 91 || c === 123) {
      if (tree.depth >= this.#maxDepth) {
        return this.#fail("JsonTooDeep", delta, i, `more than ${this.#maxDepth} nested arrays and objects`)
      }
      tree.begin(c === 91)
      this.#mode = c === 91 ? ARRAY_FIRST : OBJECT_FIRST
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      this.#mode = NUMBER // the character is read again, as the number's first
      this.#numberState = START
      this.#number = ""
    } else if (c === 116 || c === 102 || c === 110) {
      this.#mode = LITERAL
      this.#literal = c === 116 ? 0 : c === 102 ? 1 : 2
      this.#literalAt = 1
    } else {
      const trailing = (c === 93 || c === 125) && mode === VALUE && tree.depth > 0 ? " (a trailing comma?)" : ""
      return this.#fail("InvalidJson", delta, i, `expected ${expectations[mode]}${trailing}`)
    }
    return undefined
  }

  /** Adds decoded text to the key or string value being read. */
  #append(piece: string): void {
    if (this.#inKey) {
      this.#pieces.push(piece)
      return
    }
    if (this.#high !== "") {
      piece = this.#high + piece
      this.#high = ""
    }
    const last = piece.charCodeAt(piece.length - 1)
    if (last >= 0xd800 && last <= 0xdbff) {
      this.#high = piece.slice(-1)
      piece = piece.slice(0, -1)
    }
    if (piece.length > 0) {
      this.#pieces.push(piece)
      this.#tree.touch()
    }
  }

  /** The closing quote: `false` for a duplicate key. */
  #endString(): boolean {
    if (this.#inKey) {
      if (!this.#tree.setKey(this.#text())) return false
      this.#inKey = false
      this.#joined = ""
      this.#mode = COLON
      return true
    }
    const value = this.#text() + this.#high
    const visible = this.#high !== ""
    this.#inValue = false
    this.#joined = this.#high = ""
    this.#mode = AFTER
    this.#tree.add(value, visible)
    return true
  }

  /** The string read so far. Pieces are joined only when it is read, so 1-character deltas build no rope. */
  #text(): string {
    const pieces = this.#pieces
    if (pieces.length > 0) {
      this.#joined += pieces.length === 1 ? pieces[0] : pieces.join("")
      pieces.length = 0
    }
    return this.#joined
  }

  #close(): void {
    this.#mode = AFTER
    this.#tree.end()
  }

  /** A number or a literal is complete: partials show it from now on. */
  #complete(value: unknown): void {
    this.#mode = AFTER
    this.#tree.add(value, true)
  }

  #fail(tag: Failure["_tag"], delta: string, index: number, reason: string): Result.Result<never, Failure> {
    let before = delta.slice(Math.max(0, index - excerptLength), index)
    for (let back = 1; back <= excerptLength && before.length < excerptLength; back++) {
      before = this.#recent[(this.#recentAt - back + excerptLength) % excerptLength] + before
    }
    before = before.slice(-excerptLength)
    const excerpt = before + delta.slice(index, index + excerptLength)
    this.#failure = JsonFailure.make(tag, { position: this.#offset + index, excerpt, reason })
    return Result.fail(this.#failure)
  }
}
