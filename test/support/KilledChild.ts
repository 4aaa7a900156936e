/**
 * The processes of the durable loops' crash tests: a script of `test/support` bundled by esbuild and run with plain
 * `node`, its config as JSON in its first argument, read line by line on stdout and killed with SIGKILL.
 *
 * The script is bundled `inlined` (Effect and the library included: one file loads in about half the time Node
 * takes to load Effect's modules one by one, so the processes start faster), or with every package `external`, as
 * an app runs (the PostgreSQL layer loads its optional peers at run time, and they must find the one Effect the
 * program runs on). The bundles are written beside node_modules, so that what stays external is found.
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as TestPaths from "./TestPaths.js"

const root = TestPaths.root
const bundleDir = Path.join(root, "node_modules", ".durable-test", String(process.pid))

/** Bundles `test/support/<entry>.ts` as `<name>.mjs`; `external`: the packages left out, or all of them. */
export const bundle = async (entry: string, name: string, external: ReadonlyArray<string> | "packages") => {
  const esbuild = await import("esbuild")
  const outfile = Path.join(bundleDir, `${name}.mjs`)
  await esbuild.build({
    entryPoints: [Path.join(root, "test", "support", `${entry}.ts`)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    ...(external === "packages" ? { packages: "external" as const } : { external: [...external] }),
    alias: { "effect-llm-stream": Path.join(root, "src", "index.ts") },
    logLevel: "silent"
  })
  return outfile
}

/** Removes this test process's bundles. */
export const removeBundles = () => Fs.rmSync(bundleDir, { recursive: true, force: true })

export interface Child {
  /** Resolves with the first line starting with `prefix` (the rest of it). */
  readonly line: (prefix: string) => Promise<string>
  readonly kill: () => Promise<void>
  /** Sends it `signal` (`SIGSTOP` freezes it as a stalled host, `SIGCONT` thaws it). */
  readonly signal: (signal: NodeJS.Signals) => void
  /** What it wrote to stdout and stderr so far. */
  readonly output: () => { readonly out: string; readonly err: string }
}

/** A process of the bundle `script` on `config`; with `warnings`, Node prints its warnings (to stderr). */
export const spawn = (script: string, config: object, options: { readonly warnings?: boolean } = {}): Child => {
  const flags = options.warnings === true ? [] : ["--no-warnings"]
  const child = ChildProcess.spawn(process.execPath, [...flags, script, JSON.stringify(config)], {
    stdio: ["ignore", "pipe", "pipe"]
  })
  let out = ""
  let err = ""
  const waiting: Array<() => void> = []
  child.stdout!.on("data", (data: Buffer) => {
    out += data.toString()
    for (const wake of waiting.splice(0)) wake()
  })
  child.stderr!.on("data", (data: Buffer) => (err += data.toString()))
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  return {
    line: (prefix) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = out.split("\n").find((line) => line.startsWith(prefix))
          if (found !== undefined) return resolve(found.slice(prefix.length))
          if (child.exitCode !== null) return reject(new Error(`the child exited: ${err}`))
          waiting.push(check)
        }
        child.once("exit", check)
        check()
      }),
    kill: () => {
      child.kill("SIGKILL")
      return exited
    },
    signal: (signal) => {
      child.kill(signal)
    },
    output: () => ({ out, err })
  }
}
