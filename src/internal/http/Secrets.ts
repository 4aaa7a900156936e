/**
 * The secrets a client holds (API keys, bearer tokens, AWS secret keys and session tokens), and their
 * removal from every provider-supplied text that reaches an error: a provider that echoes a credential
 * back (`Incorrect API key provided: Bearer sk-...`) must not put it in a message, a log line or a span.
 *
 * @internal
 */
import * as Base64 from "effect/encoding/Base64"
import * as Base64Url from "effect/encoding/Base64Url"
import * as Redacted from "effect/Redacted"
import * as ProviderError from "../../ProviderError.js"

/** What a secret is replaced with. */
const placeholder = "<redacted>"

/**
 * Shorter values are not searched for: they would erase ordinary words, and no provider issues keys that
 * short.
 */
const minimumLength = 8

/** The forms a secret can take in a provider's text: as it is, URL-encoded, base64, JSON-escaped. */
const formsOf = (secret: string): ReadonlyArray<string> => {
  const base64 = Base64.encode(secret)
  return [
    secret,
    encodeURIComponent(secret),
    base64,
    base64.replace(/=+$/, ""),
    Base64Url.encode(secret).replace(/=+$/, ""),
    secret.replaceAll("/", "\\/")
  ]
}

/** The secrets of one client; credentials obtained per call are added as they are resolved. */
export class Secrets {
  private forms: Array<string> = []

  constructor(secrets: ReadonlyArray<Redacted.Redacted | undefined> = []) {
    for (const secret of secrets) this.add(secret)
  }

  /** Adds a secret (and its encoded forms) to those removed. */
  add(secret: Redacted.Redacted | undefined): void {
    if (secret === undefined) return
    const value = Redacted.value(secret)
    if (typeof value !== "string" || value.length < minimumLength) return
    const added = formsOf(value).filter((form) => form.length >= minimumLength && !this.forms.includes(form))
    if (added.length === 0) return
    // Longest first: a form that contains another is replaced whole.
    this.forms = [...this.forms, ...added].sort((a, b) => b.length - a.length)
  }

  /** `text` with every secret replaced by `<redacted>`. */
  scrub(text: string): string {
    let result = text
    for (const form of this.forms) {
      if (result.includes(form)) result = result.replaceAll(form, placeholder)
    }
    return result
  }

  /** The error with every secret removed from its texts (message, raw payload, error type, request id). */
  scrubError<E extends ProviderError.ProviderError>(error: E): E {
    if (this.forms.length === 0) return error
    return ProviderError.mapText(error, (text) => this.scrub(text))
  }
}
