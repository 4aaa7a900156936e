/**
 * The JavaScript runtimes other than Node that the packed package is run on, as the official SDKs' ecosystem tests
 * run theirs: Bun and Deno run the consumer app from its node_modules; a Cloudflare Worker (workerd, no
 * `nodejs_compat`) and the Vercel Edge runtime (`@edge-runtime/vm`) run an esbuild bundle of it. Each runtime comes
 * from the npm registry as a devDependency (its binary shipped in a platform package); a runtime whose binary is not
 * installed for this platform is `undefined`, and its test skips saying so.
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Path from "node:path"
import { root } from "./PackedApp.js"

const binary = (path: string): string | undefined => {
  const full = Path.join(root, "node_modules", path)
  if (!Fs.existsSync(full)) return undefined
  // The package's launcher is a placeholder until its own postinstall runs (npm 11 asks before running one); the
  // platform package's binary is the runtime itself.
  const ran = ChildProcess.spawnSync(full, ["--version"], { encoding: "utf8", timeout: 30_000 })
  return ran.status === 0 ? full : undefined
}

/** Bun's binary (the `bun` package). */
export const bun: string | undefined = binary(Path.join("bun", "bin", "bun.exe"))

/** Deno's binary (the `deno` package). */
export const deno: string | undefined = binary(Path.join("deno", "deno"))

/** workerd's binary (the `workerd` package), the runtime of Cloudflare Workers. */
export const workerd: string | undefined = binary(Path.join("workerd", "bin", "workerd"))

/** A free TCP port on loopback. */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = Net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as Net.AddressInfo).port
      server.close(() => resolve(port))
    })
  })

/** `program` run to its end by `command` in `cwd`, without blocking the event loop: its status and output. */
export const run = (command: string, args: ReadonlyArray<string>, cwd: string, timeoutMs = 60_000) =>
  new Promise<{ readonly status: number | null; readonly stdout: string; readonly output: string }>((resolve) => {
    const child = ChildProcess.spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: "1" } })
    let stdout = ""
    let output = ""
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs)
    child.stdout.on("data", (data) => {
      stdout += data
      output += data
    })
    child.stderr.on("data", (data) => (output += data))
    child.on("close", (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, output })
    })
  })

/** The workerd configuration of one Worker (`worker.js` beside it) listening on `port`, reaching loopback. */
const workerdConfig = (port: number) =>
  `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # The recordings are served on loopback: the Worker's fetch may reach it.
    (name = "net", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2026-11-01",
  globalOutbound = "net",
);
`

/**
 * Runs the Worker `code` (an ES module whose `fetch` takes the base URLs as its request's JSON body) in workerd, and
 * returns the JSON it answers.
 */
export const inWorkerd = async (
  executable: string,
  dir: string,
  code: string,
  baseUrls: Readonly<Record<string, string>>
): Promise<any> => {
  const port = await freePort()
  Fs.mkdirSync(dir, { recursive: true })
  Fs.writeFileSync(Path.join(dir, "worker.js"), code)
  Fs.writeFileSync(Path.join(dir, "config.capnp"), workerdConfig(port))
  const child = ChildProcess.spawn(executable, ["serve", "config.capnp", "--verbose"], { cwd: dir })
  let output = ""
  child.stdout.on("data", (data) => (output += data))
  child.stderr.on("data", (data) => (output += data))
  try {
    const deadline = Date.now() + 30_000
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: JSON.stringify(baseUrls) })
        return await response.json()
      } catch (error) {
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`workerd did not answer: ${String(error)}\n${output}`)
        }
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    }
  } finally {
    child.kill("SIGKILL")
  }
}

/** Runs a browser bundle (see `BrowserRun.inVm`) in the Vercel Edge runtime's VM, and returns what it reported. */
export const inEdgeRuntime = async (code: string, consumerBaseUrls: Readonly<Record<string, string>>): Promise<any> => {
  const { EdgeVM } = await import("@edge-runtime/vm")
  return new Promise((report) => {
    const vm = new EdgeVM()
    Object.assign(vm.context, { consumerBaseUrls, report })
    vm.evaluate(code)
  })
}
