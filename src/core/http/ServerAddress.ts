/**
 * The server a call's request went to (`server.address`, `server.port`): `Telemetry.instrument` puts a listener in
 * the call's context, and `StreamResponse` tells it the request's URL.
 *
 * @internal
 */
import * as Context from "effect/Context"

/** A server's host and port (the scheme's default port when the URL names none). */
export interface ServerAddress {
  readonly address: string
  readonly port: number
}

/** Who hears the URL of each request a call sends: nobody, unless an observer listens. */
export const Listener: Context.Reference<((url: string) => void) | undefined> = Context.Reference<
  ((url: string) => void) | undefined
>("effect-llm-stream/ServerAddress/Listener", { defaultValue: () => undefined })

const defaultPorts: Readonly<Record<string, number>> = { "https:": 443, "http:": 80 }

/** The host and port of `url`; `undefined` for a URL that is not valid or has no port to speak of. */
export const ofUrl = (url: string): ServerAddress | undefined => {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  const port = parsed.port === "" ? defaultPorts[parsed.protocol] : Number(parsed.port)
  // An IPv6 literal without its brackets, as `server.address` spells it.
  const address = parsed.hostname.replace(/^\[(.*)\]$/, "$1")
  return port === undefined || address === "" ? undefined : { address, port }
}
