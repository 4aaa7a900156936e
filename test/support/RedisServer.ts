/**
 * A real `redis-server` for tests (Debian's package): started on a free port without persistence, stopped
 * with its scope. `redisServer` is where it is, `undefined` where it is not installed (the tests that need it
 * then skip, saying so in their names).
 */
import { Effect } from "effect"
import type { Scope } from "effect"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Net from "node:net"

/** Where `redis-server` is: `REDIS_SERVER_PATH`, or the usual places; `undefined` without one. */
export const redisServer: string | undefined = [
  process.env["REDIS_SERVER_PATH"],
  "/usr/bin/redis-server",
  "/usr/local/bin/redis-server"
].find((path) => path !== undefined && path !== "" && Fs.existsSync(path))

/** A free TCP port on 127.0.0.1. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = Net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => typeof address === "object" && address !== null ? resolve(address.port) : reject())
    })
  })

/** A running server: its URL; `kill` makes it go away at once (SIGKILL, as a crash or a lost host would). */
export interface RunningRedis {
  readonly url: string
  readonly kill: () => void
  /** Sends the server a signal (`SIGSTOP` freezes it: connections stay open, nothing answers). */
  readonly signal: (signal: NodeJS.Signals) => void
}

/**
 * Starts a `redis-server` on a free port; `kill` it when done. A port another process took between `freePort` and
 * the server's bind (tests run in parallel) is given up for another, a few times.
 */
export const startRedis = async (): Promise<RunningRedis> => {
  for (let attempt = 1;; attempt++) {
    try {
      return await startOn(await freePort())
    } catch (error) {
      if (attempt === 5 || !String(error).includes("Address already in use")) throw error
    }
  }
}

/** Starts a `redis-server` on `port`. */
const startOn = async (port: number): Promise<RunningRedis> => {
  if (redisServer === undefined) throw new Error("redis-server is not installed")
  const child = ChildProcess.spawn(
    redisServer,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] }
  )
  await new Promise<void>((resolve, reject) => {
    let output = ""
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 10_000)
    child.stdout!.on("data", (data: Buffer) => {
      output += data.toString()
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server exited with ${code}: ${output}`))
    })
  })
  // A server a test forgot to stop still goes with the test process.
  const onExit = () => child.kill("SIGKILL")
  process.once("exit", onExit)
  return {
    url: `redis://127.0.0.1:${port}`,
    kill: () => {
      process.removeListener("exit", onExit)
      child.kill("SIGKILL")
    },
    signal: (signal) => child.kill(signal)
  }
}

/** Runs `redis-cli` on the Redis at `url`: its output. */
export const cli = (url: string, ...args: ReadonlyArray<string>): Effect.Effect<string> =>
  Effect.promise(() =>
    new Promise<string>((resolve, reject) =>
      ChildProcess.execFile(
        "redis-cli",
        ["-u", url, ...args],
        (error, stdout) => error === null ? resolve(stdout) : reject(error)
      )
    )
  )

/** How many calls of `command` (as `INFO commandstats` names it: `evalsha`, `client|unblock`) Redis has answered. */
export const calls = (url: string, command: string): Effect.Effect<number> =>
  Effect.map(cli(url, "INFO", "commandstats"), (stats) => {
    const line = new RegExp(`cmdstat_${command.replace("|", "\\|")}:calls=(\\d+)`).exec(stats)
    return Number(line?.[1] ?? 0)
  })

/** How many scripts Redis has run for its clients: by digest (`EVALSHA`) or sent whole (`EVAL`). */
export const scriptCalls = (url: string): Effect.Effect<number> =>
  Effect.zipWith(calls(url, "evalsha"), calls(url, "eval"), (sha, sent) => sha + sent)

/** A `redis-server` for the scope's lifetime. */
export const redis: Effect.Effect<RunningRedis, never, Scope.Scope> = Effect.acquireRelease(
  Effect.promise(startRedis),
  (server) => Effect.sync(server.kill)
)
