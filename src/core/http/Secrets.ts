/**
 * The secrets a client holds, and their removal from every provider-supplied text that reaches an error, a log
 * line or a span (a provider may echo a key back). An excerpt cut inside a key keeps part of it, so any run of 8 or
 * more characters of a secret is removed, also behind JSON escapes and as the hex bytes of a frame excerpt.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Base64 from "effect/encoding/Base64"
import * as Base64Url from "effect/encoding/Base64Url"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import * as References from "effect/References"
import * as Tracer from "effect/Tracer"
import * as ProviderError from "../ProviderError.js"

/** What a secret is replaced with. */
const placeholder = "<redacted>"

/** Shorter runs of a secret are not searched for: they would erase ordinary words, and no key is that short. */
const minimumLength = 8

/** The forms a secret can take in a provider's text: as it is, URL-encoded, base64, base64url, JSON-escaped. */
const formsOf = (secret: string): ReadonlyArray<string> => {
  const base64 = Base64.encode(secret)
  return [
    secret,
    encodeURIComponent(secret),
    base64,
    base64.replace(/=+$/, ""),
    Base64Url.encode(secret).replace(/=+$/, ""),
    secret.replaceAll("/", "\\/"),
    JSON.stringify(secret).slice(1, -1)
  ]
}

/** The key of the two characters at `at` (the first two of every run searched for). */
const pairAt = (text: string, at: number): number => text.charCodeAt(at) * 0x10000 + text.charCodeAt(at + 1)

/** A run that could be a word. */
const lettersOnly = /^[A-Za-z]+$/

/** A secret's bytes in hex, as frame excerpts show them: spaced (`73 6b 2d`) and not (`736b2d`). */
const hexFormsOf = (secret: string): ReadonlyArray<string> => {
  const bytes = Array.from(new TextEncoder().encode(secret), (byte) => byte.toString(16).padStart(2, "0"))
  return [bytes.join(" "), bytes.join("")]
}

/** `text` with its JSON escapes decoded, and where each decoded character came from (`starts`). */
const unescaped = (text: string): { readonly text: string; readonly starts: ReadonlyArray<number> } => {
  let decoded = ""
  const starts: Array<number> = []
  let i = 0
  while (i < text.length) {
    starts.push(i)
    if (text.charCodeAt(i) === 0x5c) {
      const next = text[i + 1]
      if (next === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        decoded += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16))
        i += 6
        continue
      }
      if (next === "/") {
        decoded += "/"
        i += 2
        continue
      }
    }
    decoded += text[i]
    i++
  }
  starts.push(text.length)
  return { text: decoded, starts }
}

/** The record's text values with every secret removed. */
const scrubbedRecord = (record: Record<string, unknown> | undefined, secrets: Secrets) =>
  record === undefined ? undefined : Object.fromEntries(
    Object.entries(record).map(([name, value]) => [name, typeof value === "string" ? secrets.scrub(value) : value])
  )

/**
 * How a span ends, every secret removed from what an exporter makes of a failure (the exception's message and stack,
 * the status: an HTTP client's error names the request's URL, query included); a stop as it is.
 */
const scrubbedExit = (exit: Exit.Exit<unknown, unknown>, secrets: Secrets): Exit.Exit<unknown, unknown> => {
  if (Exit.isSuccess(exit) || Cause.hasInterruptsOnly(exit.cause)) return exit
  const [first] = Cause.prettyErrors(exit.cause)
  const error = new Error(secrets.scrub(first?.message ?? "failed"))
  error.name = first?.name ?? "Error"
  error.stack = secrets.scrub(first?.stack ?? error.message)
  return Exit.fail(error)
}

/**
 * A span with every secret removed from its text attributes (a response header that echoes a key, a URL's query),
 * its events and its ending.
 */
const scrubbingSpan = (span: Tracer.Span, secrets: Secrets): Tracer.Span =>
  new Proxy(span, {
    get: (target, key) => {
      if (key === "attribute") {
        return (name: string, value: unknown) =>
          target.attribute(name, typeof value === "string" ? secrets.scrub(value) : value)
      }
      if (key === "event") {
        return (name: string, startTime: bigint, attributes?: Record<string, unknown>) =>
          target.event(secrets.scrub(name), startTime, scrubbedRecord(attributes, secrets))
      }
      if (key === "end") {
        return (endTime: bigint, exit: Exit.Exit<unknown, unknown>) => target.end(endTime, scrubbedExit(exit, secrets))
      }
      const value: unknown = Reflect.get(target, key, target)
      return typeof value === "function" ? value.bind(target) : value
    }
  })

/** The secrets of one client; credentials obtained per call are added as they are resolved. */
export class Secrets {
  /** Every run of each form of each secret that is removed, by its length. */
  #runs = new Map<number, Set<string>>()
  /** The lengths of the runs that start with each pair of characters (`pairAt`): where a search starts. */
  #starts = new Map<number, Set<number>>()

  constructor(secrets: ReadonlyArray<Redacted.Redacted | undefined> = []) {
    for (const secret of secrets) this.add(secret)
  }

  /** Adds a secret (and its encoded forms) to those removed. */
  add(secret: Redacted.Redacted | undefined): void {
    if (secret === undefined) return
    const value = Redacted.value(secret)
    if (typeof value !== "string" || value.length < minimumLength) return
    for (const form of formsOf(value)) this.#addRuns(form, minimumLength)
    // Eight bytes of the secret: 23 characters spaced, 16 not.
    const [spaced, packed] = hexFormsOf(value)
    this.#addRuns(spaced!, minimumLength * 3 - 1)
    this.#addRuns(packed!, minimumLength * 2)
  }

  #addRuns(form: string, length: number): void {
    if (form.length < length) return
    for (let at = 0; at + length <= form.length; at++) {
      const run = form.slice(at, at + length)
      // A run of letters only could be an ordinary word (a key `sk-responses-test-1` holds "response"): it is
      // removed with the characters around it, which the runs that overlap them cover.
      if (form.length === length || !lettersOnly.test(run)) this.#addRun(run)
    }
    // The whole form, whatever it holds.
    this.#addRun(form)
  }

  /** Adds one run, indexed by its length and by its first two characters. */
  #addRun(run: string): void {
    let runs = this.#runs.get(run.length)
    if (runs === undefined) this.#runs.set(run.length, runs = new Set())
    runs.add(run)
    const key = pairAt(run, 0)
    let lengths = this.#starts.get(key)
    if (lengths === undefined) this.#starts.set(key, lengths = new Set())
    lengths.add(run.length)
  }

  /** Marks in `covered` each position of `text` in a secret's run: one pass, whatever the number of runs. */
  #mark(text: string, covered: Uint8Array): boolean {
    let found = false
    for (let at = 0; at + minimumLength <= text.length; at++) {
      const lengths = this.#starts.get(pairAt(text, at))
      if (lengths === undefined) continue
      for (const length of lengths) {
        if (at + length > text.length || !this.#runs.get(length)!.has(text.slice(at, at + length))) continue
        covered.fill(1, at, at + length)
        found = true
      }
    }
    return found
  }

  /** `text` with every run of 8 or more characters of a secret, in any of its forms, replaced by `<redacted>`. */
  scrub(text: string): string {
    if (this.#runs.size === 0 || text.length < minimumLength) return text
    const covered = new Uint8Array(text.length)
    let found = this.#mark(text, covered)
    if (text.includes("\\")) {
      const view = unescaped(text)
      const coveredView = new Uint8Array(view.text.length)
      if (this.#mark(view.text, coveredView)) {
        found = true
        for (let i = 0; i < coveredView.length; i++) {
          if (coveredView[i] === 1) covered.fill(1, view.starts[i]!, view.starts[i + 1]!)
        }
      }
    }
    if (!found) return text
    let result = ""
    for (let i = 0; i < text.length;) {
      if (covered[i] === 1) {
        while (i < text.length && covered[i] === 1) i++
        result += placeholder
      } else {
        const start = i
        while (i < text.length && covered[i] !== 1) i++
        result += text.slice(start, i)
      }
    }
    return result
  }

  /**
   * `effect` with every secret removed from its spans (a header may echo a key under any name; a URL's query, which a
   * span records whatever headers it records, may hold one; an error's message names the URL).
   */
  readonly scrubbedSpans = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.withFiber((fiber) => {
      // No span made: the effect as it is. Secrets may still be added once it runs (credentials resolved per call).
      if (!fiber.getRef(References.TracerEnabled)) return effect
      const tracer = fiber.getRef(Tracer.Tracer)
      return Effect.withTracer(
        effect,
        Tracer.make({
          span: (options) => scrubbingSpan(tracer.span(options), this),
          ...(tracer.context === undefined ? {} : { context: tracer.context })
        })
      )
    })

  /** The error with every secret removed from its texts (message, raw payload, error type, request id). */
  scrubError<E extends ProviderError.ProviderError>(error: E): E {
    if (this.#runs.size === 0) return error
    return ProviderError.mapText(error, (text) => this.scrub(text))
  }
}
