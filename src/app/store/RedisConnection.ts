/**
 * Connections to Redis through the `redis` package (node-redis), loaded when the first Redis store is built. Only
 * the client methods the store uses are typed here, so the library's types never name the package's.
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as RequestChecks from "../../core/http/RequestChecks.js"
import * as NodeModules from "../../core/NodeModules.js"
import { StreamStoreError } from "./StreamStoreModel.js"

/** The part of a node-redis client the store uses. */
export interface Client {
  readonly connect: () => Promise<unknown>
  readonly sendCommand: (args: ReadonlyArray<string>) => Promise<unknown>
  readonly subscribe: (channel: string, listener: (message: string) => void) => Promise<unknown>
  readonly on: (event: "error", listener: (error: unknown) => void) => unknown
  readonly destroy: () => void
}

interface RedisModule {
  readonly createClient: (options: {
    readonly url: string
    readonly disableOfflineQueue: boolean
    readonly commandOptions: { readonly timeout: number }
    readonly socket: {
      readonly connectTimeout: number
      readonly reconnectStrategy: (retries: number, cause: Error) => number | Error
    }
  }) => Client
}

/** How long connecting may take before the store reports Redis unavailable. */
export const connectTimeoutMillis = 5_000

/** The error for a failed Redis command or connection: its message, never the URL (it may hold a password). */
export const unavailable = (cause: unknown, streamId?: string): StreamStoreError =>
  new StreamStoreError({
    reason: "Unavailable",
    ...(streamId === undefined ? {} : { streamId }),
    message: `Redis is unavailable: ${
      RequestChecks.withoutUserinfo(cause instanceof Error ? cause.message : String(cause))
    }`
  })

// Specifiers bundlers leave alone: the package is an optional peer, resolved at run time. Its client alone
// (`@redis/client`, a dependency of `redis`) where it resolves: `redis` adds the JSON, search, time-series and
// Bloom modules the store never uses (7 MB more RSS); else `redis` itself (a strict installer, such as pnpm, lets
// the library resolve only its declared peer).
const clientSpecifier = "@redis/client"
const specifier = "redis"

/** The package, loaded; its absence an `Unavailable` error naming `layer`, the layer that needs it. */
const load = (layer: string): Effect.Effect<RedisModule, StreamStoreError> =>
  Effect.flatMap(
    Effect.promise(() =>
      NodeModules.load<RedisModule>(clientSpecifier).then((module) =>
        module ?? NodeModules.load<RedisModule>(specifier)
      )
    ),
    (module) =>
      module !== undefined ? Effect.succeed(module) : Effect.fail(
        new StreamStoreError({
          reason: "Unavailable",
          message: `${layer} needs the \`redis\` package (node-redis): npm install redis`
        })
      )
  )

/** A Redis URL as the layers take it: a string, or (better: it may hold a password) a `Redacted` one. */
export type Url = string | Redacted.Redacted<string>

/**
 * Loads the package once and gives the effect that opens a connection to `url`: it fails with `Unavailable` if the
 * first attempt does (or takes over 5 s); once connected, commands fail at once while it is disconnected (no offline
 * queue: a reader must learn that Redis went away, not wait for it), and it reconnects by itself, backing off up to
 * 2 s.
 */
export const open = (
  url: Url,
  layer: string
): Effect.Effect<Effect.Effect<Client, StreamStoreError>, StreamStoreError> =>
  Effect.map(load(layer), (redis) =>
    Effect.suspend(() => {
      let connected = false
      const client = redis.createClient({
        url: Redacted.isRedacted(url) ? Redacted.value(url) : url,
        disableOfflineQueue: true,
        // No timeout of node-redis's own: it covers only a command's wait to be written, not for its answer (what
        // a frozen server withholds), and arms a timer per command; `answer` times the whole command.
        commandOptions: { timeout: 0 },
        socket: {
          connectTimeout: connectTimeoutMillis,
          reconnectStrategy: (retries, cause) => connected ? Math.min(50 * 2 ** retries, 2_000) : cause
        }
      })
      // A client without a listener would throw its connection errors at the process.
      client.on("error", () => {})
      return Effect.tryPromise({ try: () => client.connect(), catch: (cause) => unavailable(cause) }).pipe(
        Effect.timeoutOrElse({
          duration: connectTimeoutMillis,
          orElse: () => Effect.fail(unavailable(`no connection within ${connectTimeoutMillis} ms`))
        }),
        Effect.onError(() => Effect.sync(() => client.destroy())),
        Effect.map(() => {
          connected = true
          return client
        })
      )
    }))

/** How long a command may wait for its answer before Redis counts as gone (a frozen server, a lost route). */
export const commandTimeoutMillis = 5_000

/**
 * An answer from Redis, its failure an `Unavailable` error; so is no answer within `timeoutMillis`. One timer per
 * command, and no fiber of its own: every append and read is a command, and `Effect.timeoutOrElse` races the
 * promise with a sleep in two fibers (bench/RESULTS.md, "Where the Redis store's extra cost per answer goes").
 */
const answer = (
  request: () => Promise<unknown>,
  streamId: string | undefined,
  timeoutMillis: number
): Effect.Effect<unknown, StreamStoreError> =>
  Effect.callback<unknown, StreamStoreError>((resume) => {
    let settled = false
    const settle = (result: Effect.Effect<unknown, StreamStoreError>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resume(result)
    }
    const timer = setTimeout(
      () => settle(Effect.fail(unavailable(`no answer within ${timeoutMillis} ms`, streamId))),
      timeoutMillis
    )
    try {
      request().then(
        (reply) => settle(Effect.succeed(reply)),
        (cause: unknown) => settle(Effect.fail(unavailable(cause, streamId)))
      )
    } catch (cause) {
      settle(Effect.fail(unavailable(cause, streamId)))
    }
    return Effect.sync(() => {
      settled = true
      clearTimeout(timer)
    })
  })

/** Sends one command (see `answer`). */
export const send = (
  client: Client,
  args: ReadonlyArray<string>,
  streamId?: string,
  timeoutMillis: number = commandTimeoutMillis
): Effect.Effect<unknown, StreamStoreError> => answer(() => client.sendCommand(args), streamId, timeoutMillis)

/** A Lua script, and the digest Redis knows it by (`SCRIPT LOAD` answers it). */
export interface Script {
  readonly source: string
  readonly sha: string
}

/**
 * Loads `source` into Redis's script cache: the script, with its digest. A script whose first line flags it
 * (`#!lua flags=no-writes`: it runs while Redis pauses writes, `CLIENT PAUSE WRITE`, Redis 7 "Script flags") is
 * loaded without that line where Redis refuses it (before 7).
 */
export const loadScript = (client: Client, source: string): Effect.Effect<Script, StreamStoreError> => {
  const load = (text: string) =>
    Effect.map(send(client, ["SCRIPT", "LOAD", text]), (sha): Script => ({ source: text, sha: String(sha) }))
  return source.startsWith("#!")
    ? Effect.catch(load(source), () => load(source.slice(source.indexOf("\n") + 1)))
    : load(source)
}

/** Redis does not have the script (it restarted, or its scripts were flushed): `EVALSHA`'s error reply. */
const isNoScript = (error: unknown): boolean => error instanceof Error && error.message.startsWith("NOSCRIPT")

/**
 * Runs `script` on `keys` and `args` by its digest (`EVALSHA`): its source goes over the wire only when Redis no
 * longer has it (by `EVAL`; a script not found did not run, so it runs once). An append's script is some 900 bytes,
 * its chunks tens: sent by `EVAL` every time, the source was most of what an append wrote.
 */
export const sendScript = (
  client: Client,
  script: Script,
  keys: ReadonlyArray<string>,
  args: ReadonlyArray<string>,
  streamId?: string
): Effect.Effect<unknown, StreamStoreError> => {
  const call = (command: "EVALSHA" | "EVAL", body: string) => [command, body, String(keys.length), ...keys, ...args]
  return answer(
    () =>
      client.sendCommand(call("EVALSHA", script.sha)).catch((error: unknown) =>
        isNoScript(error) ? client.sendCommand(call("EVAL", script.source)) : Promise.reject(error)
      ),
    streamId,
    commandTimeoutMillis
  )
}
