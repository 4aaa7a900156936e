/**
 * The servers of `ListingServer.mjs` as tests list them: over stdio (a process per listing) or Streamable HTTP
 * (started once per kind), behind a credential, each listing's tools or failure given with what was logged.
 */
import { Effect, Exit, Redacted, Scope } from "effect"
import { Mcp } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import type { HttpClient } from "effect/http"
import * as Path from "node:path"
import { logged } from "../Logged.js"
import * as TestPaths from "../TestPaths.js"
import * as ListingServer from "./ListingServer.mjs"
import type { Kind } from "./ListingServer.mjs"

const script = Path.join(TestPaths.test, "support", "mcp", "ListingServer.mjs")

type Options = Omit<Mcp.Options, "transport">

/** Listings of servers behind `token`: `start` the HTTP ones of `kinds` first, `close` them at the end. */
export const make = (token: string) => {
  const scope = Effect.runSync(Scope.make())
  const http: Record<string, { readonly url: string; readonly close: () => Promise<void> }> = {}
  const transports = {
    stdio: (kind: Kind) => ({
      stdio: { command: process.execPath, args: [script, "stdio", kind], env: { LISTING_TOKEN: Redacted.make(token) } }
    }),
    http: (kind: Kind) => ({
      http: { url: http[kind]!.url, headers: { authorization: Redacted.make(`Bearer ${token}`) } }
    })
  } as const
  type Transport = keyof typeof transports
  const run = <A, E>(effect: Effect.Effect<A, E, Scope.Scope | HttpClient.HttpClient>) =>
    logged(effect).pipe(Scope.provide(scope), Effect.provide(FetchHttpClient.layer))
  const tools = (transport: Transport, kind: Kind, options: Options) =>
    Mcp.tools({ transport: transports[transport](kind), ...options })
  return {
    transports,
    start: async (kinds: ReadonlyArray<Kind>) => {
      for (const kind of kinds) http[kind] = await ListingServer.startHttp(token, kind)
    },
    close: async () => {
      await Effect.runPromise(Scope.close(scope, Exit.void))
      await Promise.all(Object.values(http).map((server) => server.close()))
    },
    /** The tools of a server of `kind`, and what was logged while they were listed. */
    listed: (transport: Transport, kind: Kind, options: Options = {}) => run(tools(transport, kind, options)),
    /** The failure of listing a server of `kind`, and what was logged. */
    refused: (transport: Transport, kind: Kind, options: Options = {}) =>
      run(Effect.flip(tools(transport, kind, options)))
  }
}
