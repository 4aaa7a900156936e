/**
 * The lexical tables of JSON (RFC 8259) for the incremental parser (`PartialJson`): a number's grammar
 * as a state machine, the escapes, the literals and the character classes, by UTF-16 code unit.
 *
 * @internal
 */

const [START, MINUS, ZERO, INT, DOT, FRAC, E, E_SIGN, EXP] = [0, 1, 2, 3, 4, 5, 6, 7, 8]

/** The state before a number's first character. @internal */
export const numberStart = START

/**
 * A number's grammar: `numberTable[state * 128 + code]` is the state after a character (code below 128),
 * or -1 when the character cannot continue the number. @internal
 */
export const numberTable = (() => {
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

/** Whether the characters so far are a whole number. @internal */
export const isCompleteNumber = (state: number): boolean =>
  state === ZERO || state === INT || state === FRAC || state === EXP

/** Whether `c` is a digit right after a leading `0` (which JSON forbids). @internal */
export const isLeadingZero = (state: number, c: number): boolean => state === ZERO && c >= 48 && c <= 57

/** What the character after `\` stands for, by its code (below 128); `u` is read apart. @internal */
export const escapes: ReadonlyArray<string | undefined> = (() => {
  const table: Array<string | undefined> = new Array(128).fill(undefined)
  for (const [char, value] of ["\"\"", "\\\\", "//", "b\b", "f\f", "n\n", "r\r", "t\t"]) {
    table[char!.charCodeAt(0)] = value
  }
  return table
})()

/** @internal */
export const literals = ["true", "false", "null"] as const

/** @internal */
export const literalValues = [true, false, null] as const

/** JSON whitespace: space, tab, LF, CR (nothing else). @internal */
export const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9

/** What may follow a number: whitespace, `,`, `]`, `}`. @internal */
export const isDelimiter = (c: number): boolean => isSpace(c) || c === 44 || c === 93 || c === 125

/** Whether `c` can start a value: `"`, `[`, `{`, `-`, a digit, `t`, `f`, `n`. @internal */
export const startsValue = (c: number): boolean =>
  c === 34 || c === 91 || c === 123 || c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110

/** A hexadecimal digit's value, or -1. @internal */
export const hexDigit = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1
