/**
 * A real PostgreSQL server for tests (Debian's `postgresql`): a fresh cluster (`initdb`) in a temporary folder,
 * started on a free port of 127.0.0.1 without durability (`fsync=off`), stopped with `stop`. `postgresBin` is
 * where its programs are, `undefined` where they are not installed (the tests that need them then skip, saying
 * so in their names). As root (CI), the server runs as the `postgres` user: PostgreSQL refuses to run as root.
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { freePort } from "./RedisServer.js"

/** The folder of `initdb` and `postgres`: `POSTGRES_BIN`, Debian's, or `/usr/local/bin`. */
export const postgresBin: string | undefined = (() => {
  const debian = Fs.existsSync("/usr/lib/postgresql")
    ? Fs.readdirSync("/usr/lib/postgresql").sort().reverse().map((version) => `/usr/lib/postgresql/${version}/bin`)
    : []
  return [process.env["POSTGRES_BIN"], ...debian, "/usr/local/bin"].find((dir) =>
    dir !== undefined && dir !== "" && Fs.existsSync(Path.join(dir, "initdb")) &&
    Fs.existsSync(Path.join(dir, "postgres"))
  )
})()

const isRoot = process.getuid?.() === 0

/** A command as the `postgres` user when this process is root (`setpriv` execs it: its pid is the server's). */
const asServerUser = (command: string, args: ReadonlyArray<string>): [string, Array<string>] =>
  isRoot
    ? ["setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", command, ...args]]
    : [command, [...args]]

export interface RunningPostgres {
  readonly url: string
  readonly stop: () => void
  /** Shuts the server down (a fast shutdown: its connections are cut), keeping its data. */
  readonly halt: () => Promise<void>
  /** Starts the halted server again, on its data and its port. */
  readonly restart: () => Promise<void>
  /** Freezes the server (SIGSTOP): it accepts nothing and answers nothing, as a hung host; `thaw` resumes it. */
  readonly freeze: () => void
  readonly thaw: () => void
}

/** Signals the server and every process it started (a backend per connection, its background workers). */
const signalAll = (pid: number, signal: NodeJS.Signals) => {
  const children = ChildProcess.spawnSync("ps", ["-o", "pid=", "--ppid", String(pid)]).stdout.toString()
  for (const child of children.split("\n").map((line) => Number(line.trim())).filter((child) => child > 0)) {
    process.kill(child, signal)
  }
  process.kill(pid, signal)
}

/** Runs the server of the cluster in `dir` on `port`, once it accepts connections. */
/**
 * `launch` on a free port: a port another process took between `freePort` and the server's bind (tests run in
 * parallel) is given up for another, a few times.
 */
const launchOnFreePort = async (
  dir: string
): Promise<{ readonly child: ChildProcess.ChildProcess; readonly port: number }> => {
  for (let attempt = 1;; attempt++) {
    const port = await freePort()
    try {
      return { child: await launch(dir, port), port }
    } catch (error) {
      if (attempt === 5 || !String(error).includes("Address already in use")) throw error
    }
  }
}

const launch = async (dir: string, port: number): Promise<ChildProcess.ChildProcess> => {
  const [postgres, args] = asServerUser(Path.join(postgresBin!, "postgres"), [
    "-D",
    dir,
    "-p",
    String(port),
    "-k",
    dir,
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "fsync=off",
    "-c",
    "max_connections=50"
  ])
  const child = ChildProcess.spawn(postgres, args, { stdio: ["ignore", "pipe", "pipe"] })
  await new Promise<void>((resolve, reject) => {
    let output = ""
    const timer = setTimeout(() => reject(new Error(`postgres did not start: ${output}`)), 20_000)
    const read = (data: Buffer) => {
      output += data.toString()
      if (output.includes("ready to accept connections")) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on("data", read)
    child.stderr!.on("data", read)
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`postgres exited with ${code}: ${output}`))
    })
  })
  return child
}

/** Starts a PostgreSQL server on a free port. */
export const startPostgres = async (): Promise<RunningPostgres> => {
  if (postgresBin === undefined) throw new Error("PostgreSQL is not installed")
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "pg-"))
  if (isRoot) ChildProcess.execFileSync("chown", ["postgres", dir])
  const [initdb, initArgs] = asServerUser(Path.join(postgresBin, "initdb"), [
    "-D",
    dir,
    "-A",
    "trust",
    "-U",
    "postgres",
    "--no-sync",
    "--no-instructions"
  ])
  ChildProcess.execFileSync(initdb, initArgs, { stdio: "ignore" })
  const launched = await launchOnFreePort(dir)
  const port = launched.port
  let child = launched.child
  const halt = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once("exit", () => resolve())
      child.kill("SIGINT")
    })
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      child.kill("SIGCONT")
      void halt().then(() => Fs.rmSync(dir, { recursive: true, force: true }))
    },
    halt,
    restart: async () => {
      child = await launch(dir, port)
    },
    freeze: () => signalAll(child.pid!, "SIGSTOP"),
    thaw: () => signalAll(child.pid!, "SIGCONT")
  }
}
