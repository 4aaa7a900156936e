/**
 * JSON parsing for a stream of payloads that repeat one shape: a provider sends thousands of events whose text
 * differs from the previous one's only in a few string and number values (the text delta, an obfuscation pad, a
 * sequence number). A text that matches a recent one's *template* — the same text but for those values and the
 * whitespace around them — is not parsed again: its value is the template's value with the
 * new strings and numbers put in, every object and array copied (no two payloads share a container). Anything
 * else — a new shape, a new key, a changed literal, whitespace elsewhere, an invalid escape or control character —
 * is left to `JSON.parse` (the caller's), and becomes a template in turn.
 *
 * Equivalence with `JSON.parse` (the same values, the same key order, fresh containers) is what makes it safe; it
 * holds by construction (the constant parts of a template are text `JSON.parse` accepted, every new value is
 * checked against the JSON grammar) and test/ShapedJson.test.ts checks it on generated payloads and near misses.
 *
 * @internal
 */
import * as LiveShapes from "../framing/LiveShapes.js"
import * as JsonTemplate from "./JsonTemplate.js"

/** The longest text a template is made of: long payloads seldom repeat, and a template holds its value. */
const maxTemplateText = 8 * 1024

/** Templates kept (most recent first): a stream interleaves a few shapes, and streams of one provider share them. */
const maxTemplates = 8

/** How a parser has done: texts matched to a template, and the rest. */
export interface Stats {
  hits: number
  misses: number
}

/** The templates the parsers of one kind of stream share (see `make`). */
export interface Templates {
  readonly list: Array<JsonTemplate.Template>
}

/**
 * Templates for the streams of one decoder to share: a new stream of the same provider starts with the shapes of
 * the last ones, and its payloads keep their hidden classes alive between streams (V8 drops the optimised code
 * that handled objects of a hidden class no live object has any more, at every full GC).
 */
export const templates = (): Templates => ({ list: [] })

/**
 * A parser for the payloads of one stream: `parse(text)` gives `JSON.parse(text)`'s value for a text that
 * matches a recent template, else `parseSlow(text)`'s (`invalid` for a text that is not JSON), a template made of
 * it when it is an object or an array. `shared` are templates shared with other streams (default: its own).
 */
export const make = <Invalid>(
  parseSlow: (text: string) => unknown,
  invalid: Invalid,
  shared: Templates = templates()
): Parser<Invalid> => {
  LiveShapes.keepOnce(Parser, () => new Parser(() => undefined, undefined, templates()))
  return new Parser(parseSlow, invalid, shared)
}

/** A parser of one stream's payloads (a class: its compiled code outlives each stream, see `LiveShapes`). */
export class Parser<Invalid> {
  readonly stats: Stats = { hits: 0, misses: 0 }
  private readonly templates: Array<JsonTemplate.Template>
  private readonly parseSlow: (text: string) => unknown
  private readonly invalid: Invalid
  constructor(parseSlow: (text: string) => unknown, invalid: Invalid, shared: Templates) {
    this.parseSlow = parseSlow
    this.invalid = invalid
    this.templates = shared.list
  }

  /** `JSON.parse(text)`'s value (or the slow parse's `invalid`). */
  parse(text: string): unknown {
    const { stats, templates } = this
    for (let index = 0; index < templates.length; index++) {
      const value = JsonTemplate.match(templates[index]!, text)
      if (value !== undefined) {
        stats.hits++
        if (index > 0) templates.unshift(templates.splice(index, 1)[0]!)
        return value
      }
    }
    stats.misses++
    const value = this.parseSlow(text)
    // A stream whose texts seldom repeat a shape stops making templates (each costs a second parse).
    if (
      value !== this.invalid && typeof value === "object" && value !== null && text.length <= maxTemplateText &&
      (stats.misses < 16 || stats.hits >= stats.misses)
    ) {
      const template = JsonTemplate.of(text, JSON.parse(text))
      if (template !== undefined) {
        templates.unshift(template)
        if (templates.length > maxTemplates) templates.pop()
      }
    }
    return value
  }
}
