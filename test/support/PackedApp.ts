/**
 * The package as users get it, for test/package/Package.test.ts: `npm pack`, and a fresh app (test/consumer/ and
 * the recordings it replays) with the tarball installed beside the latest Effect 4 from the registry.
 */
import { assert } from "@effect/vitest"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Fixtures from "../../support/Fixtures.js"

export const root = Path.join(import.meta.dirname, "..", "..")
const consumer = Path.join(root, "test", "consumer")
export const packageJson = JSON.parse(Fs.readFileSync(Path.join(root, "package.json"), "utf8"))

/** The recording each provider's call replays. */
export const recordings: Readonly<Record<string, Uint8Array>> = {
  openai: Fixtures.body("openai", "text.sse"),
  anthropic: Fixtures.body("anthropic", "text.sse"),
  groq: Fixtures.body("groq", "text.sse"),
  azure: Fixtures.body("azure", "text.sse"),
  bedrock: Fixtures.body("bedrock", "converse-text.eventstream.b64")
}

export const exec = (
  command: string,
  args: ReadonlyArray<string>,
  cwd: string,
  env: Readonly<Record<string, string | undefined>> = {}
) => {
  const result = ChildProcess.spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CI: "1", ...env }
  })
  return {
    status: result.status,
    output: `${result.stdout}${result.stderr}${result.error ?? ""}`,
    stdout: result.stdout,
    stderr: result.stderr
  }
}

/** Runs a command like `exec`, without waiting: its exit status and output. */
export const spawn = (
  command: string,
  args: ReadonlyArray<string>,
  cwd: string,
  env: Readonly<Record<string, string | undefined>> = {}
) =>
  new Promise<{ readonly status: number | null; readonly output: string }>((resolve) => {
    // A variable given as `undefined` is left out.
    const merged = Object.entries({ ...process.env, CI: "1", ...env }).filter(([, value]) => value !== undefined)
    const child = ChildProcess.spawn(command, args, { cwd, env: Object.fromEntries(merged) })
    let output = ""
    child.stdout.on("data", (data) => (output += data))
    child.stderr.on("data", (data) => (output += data))
    child.on("close", (status) => resolve({ status, output }))
  })

/**
 * The TypeScript compilers a consumer's program is checked with: the project's (7), and the newest 5.x when
 * the devDependency alias `typescript5` (`npm:typescript@^5`) is installed.
 */
export const compilers: ReadonlyArray<{ readonly name: string; readonly tsc: string | undefined }> = [
  { name: "typescript", tsc: Path.join(root, "node_modules", "typescript", "bin", "tsc") },
  { name: "typescript5", tsc: Path.join(root, "node_modules", "typescript5", "bin", "tsc") }
].map((compiler) => ({ ...compiler, tsc: Fs.existsSync(compiler.tsc) ? compiler.tsc : undefined }))

export const npm = (args: ReadonlyArray<string>, cwd: string) =>
  exec(process.platform === "win32" ? "npm.cmd" : "npm", [...args, "--no-audit", "--no-fund"], cwd)

/** `npm` without blocking the event loop (a pack and an install take long): its status, stdout and output. */
const npmAsync = (args: ReadonlyArray<string>, cwd: string) =>
  new Promise<{ readonly status: number | null; readonly stdout: string; readonly output: string }>((resolve) => {
    const child = ChildProcess.spawn(process.platform === "win32" ? "npm.cmd" : "npm", [
      ...args,
      "--no-audit",
      "--no-fund"
    ], { cwd, env: { ...process.env, CI: "1" } })
    let stdout = ""
    let output = ""
    child.stdout.on("data", (data) => {
      stdout += data
      output += data
    })
    child.stderr.on("data", (data) => (output += data))
    child.on("close", (status) => resolve({ status, stdout, output }))
  })

/**
 * A copy of the repository in `dir` to pack from (its node_modules linked): `npm pack` builds dist/ there (`prepack`),
 * never in the repository, whose dist/ other test files read and write meanwhile (the chat command's page).
 */
export const sourceCopy = (dir: string): string => {
  const copy = Path.join(dir, "source")
  if (Fs.existsSync(copy)) return copy
  const left = new Set(["node_modules", ".git", "dist", ".node", "test", "bench", "coverage", "scratch"])
  for (const entry of Fs.readdirSync(root)) {
    if (!left.has(entry)) Fs.cpSync(Path.join(root, entry), Path.join(copy, entry), { recursive: true })
  }
  Fs.symlinkSync(Path.join(root, "node_modules"), Path.join(copy, "node_modules"), "dir")
  return copy
}

/**
 * Packs the package into `dir` and installs the tarball into a fresh app there, with `files` written in
 * it besides test/consumer/; the app's directory. Neither blocks the event loop.
 */
export const installApp = async (dir: string, files: Readonly<Record<string, string>>): Promise<string> => {
  const packed = await npmAsync(["pack", "--json", "--pack-destination", dir], sourceCopy(dir))
  assert.strictEqual(packed.status, 0, packed.output)
  const [{ filename }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("[")))
  const app = Path.join(dir, "app")
  Fs.mkdirSync(Path.join(app, "recordings"), { recursive: true })
  for (const file of Fs.readdirSync(consumer)) Fs.copyFileSync(Path.join(consumer, file), Path.join(app, file))
  for (const [provider, body] of Object.entries(recordings)) {
    Fs.writeFileSync(Path.join(app, "recordings", provider), body)
  }
  for (const [name, text] of Object.entries(files)) Fs.writeFileSync(Path.join(app, name), text)
  Fs.writeFileSync(
    Path.join(app, "package.json"),
    JSON.stringify({
      name: "consumer",
      private: true,
      type: "module",
      dependencies: {
        "effect-llm-stream": `file:${Path.join(dir, filename)}`,
        // The newest Effect 4 the registry has, whatever the repository's lock file pins.
        effect: "^4",
        // The test kit's arbitraries need it (an optional peer dependency).
        "fast-check": packageJson.peerDependencies["fast-check"],
        // docs/ui.md's Node server asks the provider with Node's HTTP client (an optional peer dependency).
        "@effect/platform-node": packageJson.peerDependencies["@effect/platform-node"],
        "@types/node": packageJson.devDependencies["@types/node"],
        vitest: packageJson.devDependencies["vitest"],
        "@effect/vitest": packageJson.devDependencies["@effect/vitest"],
        // The README runs its programs with `npx tsx`.
        tsx: packageJson.devDependencies["tsx"]
      }
    })
  )
  const installed = await npmAsync(["install", "--prefer-offline"], app)
  assert.strictEqual(installed.status, 0, installed.output)
  return app
}

/**
 * A second app in `dir` from the tarball `installApp` packed there, with nothing beside it but `effect` (and Node's
 * types): none of the package's optional peers. It holds test/consumer/ and the recordings too; its directory.
 */
export const installMinimalApp = async (dir: string): Promise<string> => {
  const tarball = Fs.readdirSync(dir).find((file) => /^effect-llm-stream-.*\.tgz$/.test(file))
  assert.isDefined(tarball, "installApp packs the package first")
  const app = Path.join(dir, "minimal")
  Fs.mkdirSync(Path.join(app, "recordings"), { recursive: true })
  for (const file of Fs.readdirSync(consumer)) Fs.copyFileSync(Path.join(consumer, file), Path.join(app, file))
  for (const [provider, body] of Object.entries(recordings)) {
    Fs.writeFileSync(Path.join(app, "recordings", provider), body)
  }
  Fs.writeFileSync(
    Path.join(app, "package.json"),
    JSON.stringify({
      name: "minimal-consumer",
      private: true,
      type: "module",
      dependencies: {
        "effect-llm-stream": `file:${Path.join(dir, tarball!)}`,
        effect: "^4",
        "@types/node": packageJson.devDependencies["@types/node"]
      }
    })
  )
  // Without the optional dependency (the tokenizer) too: a strict project must type-check with only `effect`.
  const installed = await npmAsync(["install", "--prefer-offline", "--omit=optional"], app)
  assert.strictEqual(installed.status, 0, installed.output)
  return app
}

/**
 * The packages an install of `name` brings into `app`'s node_modules: it and its dependencies, optional
 * dependencies included, transitively (peer dependencies, `effect` and the optional ones, are the app's), read from npm's
 * node_modules/.package-lock.json.
 */
export const installedWith = (app: string, name: string): ReadonlyArray<string> => {
  const lock = JSON.parse(Fs.readFileSync(Path.join(app, "node_modules", ".package-lock.json"), "utf8"))
  const packages: Record<
    string,
    {
      readonly dependencies?: Record<string, string>
      readonly optionalDependencies?: Record<string, string>
    }
  > = lock.packages
  const found = new Set<string>()
  const visit = (location: string) => {
    if (found.has(location)) return
    found.add(location)
    const entry = packages[location]
    for (const dependency of Object.keys({ ...entry?.dependencies, ...entry?.optionalDependencies })) {
      // Node's resolution: the nearest node_modules folder up from the dependent.
      let parent = location
      for (;;) {
        const candidate = `${parent}/node_modules/${dependency}`
        if (packages[candidate] !== undefined) {
          visit(candidate)
          break
        }
        const up = parent.lastIndexOf("/node_modules/")
        if (up === -1) {
          if (packages[`node_modules/${dependency}`] !== undefined) visit(`node_modules/${dependency}`)
          break
        }
        parent = parent.slice(0, up)
      }
    }
  }
  visit(`node_modules/${name}`)
  return [...found].map((location) => Path.join(app, location))
}

/** The bytes a folder takes on disk, as `du` counts them (blocks), without its nested node_modules. */
export const diskUsage = (dir: string): number => {
  let total = Fs.lstatSync(dir).blocks * 512
  for (const entry of Fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules") continue
    const path = Path.join(dir, entry.name)
    total += entry.isDirectory() ? diskUsage(path) : Fs.lstatSync(path).blocks * 512
  }
  return total
}
