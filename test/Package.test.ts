/**
 * The package as users get it: `npm pack`, the tarball installed in a fresh app beside the latest Effect 4
 * from the registry, then (1) a plain `node app.mjs` streaming real recordings from the package's replay
 * server, (2) `tsc` on a TypeScript app under strict consumer settings with `skipLibCheck: false`, for
 * `nodenext` and `bundler` resolution, (3) an esbuild browser bundle run with web globals only, (4) the
 * vitest examples of docs/testing.md, as written, under vitest's default settings. The program's results
 * must equal those of the same program run from the sources.
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { ReplayServer } from "effect-llm-stream/testing"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Vm from "node:vm"
import * as Fixtures from "../support/Fixtures.js"
// The program of the consumer app, run here from the sources (the alias maps the package to src/).
import { contentTypes, run } from "./consumer/streams.mjs"

const root = Path.join(import.meta.dirname, "..")
const consumer = Path.join(import.meta.dirname, "consumer")
const packageJson = JSON.parse(Fs.readFileSync(Path.join(root, "package.json"), "utf8"))

/** The recording each provider's call replays. */
const recordings: Record<string, Uint8Array> = {
  openai: Fixtures.body("openai", "text.sse"),
  anthropic: Fixtures.body("anthropic", "text.sse"),
  groq: Fixtures.body("groq", "text.sse"),
  azure: Fixtures.body("azure", "text.sse"),
  bedrock: Fixtures.body("bedrock", "converse-text.eventstream.b64")
}

/** The examples of the testing guide that are vitest tests, as written. */
const testingGuideExamples = [
  ...Fs.readFileSync(Path.join(root, "docs", "testing.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)
].map((match) => match[1]!).filter((code) => code.includes(`from "@effect/vitest"`))

const exec = (command: string, args: ReadonlyArray<string>, cwd: string) => {
  const result = ChildProcess.spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, CI: "1" } })
  return {
    status: result.status,
    output: `${result.stdout}${result.stderr}${result.error ?? ""}`,
    stdout: result.stdout
  }
}

const npm = (args: ReadonlyArray<string>, cwd: string) =>
  exec(process.platform === "win32" ? "npm.cmd" : "npm", [...args, "--no-audit", "--no-fund"], cwd)

const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-llm-stream-consumer-"))
afterAll(() => Fs.rmSync(dir, { recursive: true, force: true }))

/** Packs the package and installs the tarball into a fresh app; the app's directory. */
const installApp = (): string => {
  const packed = npm(["pack", "--json", "--pack-destination", dir], root)
  assert.strictEqual(packed.status, 0, packed.output)
  const [{ filename }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("[")))
  const app = Path.join(dir, "app")
  Fs.mkdirSync(Path.join(app, "recordings"), { recursive: true })
  for (const file of Fs.readdirSync(consumer)) Fs.copyFileSync(Path.join(consumer, file), Path.join(app, file))
  for (const [provider, body] of Object.entries(recordings)) {
    Fs.writeFileSync(Path.join(app, "recordings", provider), body)
  }
  testingGuideExamples.forEach((code, index) =>
    Fs.writeFileSync(Path.join(app, `testing-guide-${index}.test.ts`), code)
  )
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
        "fast-check": packageJson.dependencies["fast-check"],
        "@types/node": packageJson.devDependencies["@types/node"],
        vitest: packageJson.devDependencies["vitest"],
        "@effect/vitest": packageJson.devDependencies["@effect/vitest"]
      }
    })
  )
  const installed = npm(["install", "--prefer-offline"], app)
  assert.strictEqual(installed.status, 0, installed.output)
  return app
}

/** Serves each provider's recording on a replay server (closed with the scope); the base URL of each. */
const serveRecordings = Effect.map(ReplayServer.make, (server) =>
  Object.fromEntries(
    Object.entries(contentTypes).map((
      [provider, contentType]
    ) => [provider, server.serve({ headers: { "content-type": contentType }, body: recordings[provider]! })])
  ))

const fromSources = (): Promise<unknown> =>
  Effect.runPromise(
    Effect.gen(function*() {
      return yield* run(yield* serveRecordings)
    }).pipe(Effect.scoped)
  )

describe("the packed package in a fresh app", () => {
  let app: string
  let expected: any

  it("installs from the tarball beside the latest Effect 4", async () => {
    app = installApp()
    const manifest = JSON.parse(Fs.readFileSync(Path.join(app, "node_modules", "effect", "package.json"), "utf8"))
    assert.match(manifest.version, /^4\./)
    expected = await fromSources()
  }, 120_000)

  it("ships compiled JavaScript with declarations for every entry point, and no internal entry", () => {
    const installed = Path.join(app, "node_modules", "effect-llm-stream")
    const shipped = JSON.parse(Fs.readFileSync(Path.join(installed, "package.json"), "utf8"))
    const entries = Object.entries(shipped.exports).filter(([key]) => key !== "./package.json")
    // The root, the testing entry and every module either of them exports.
    const modules = ["index.ts", "testing.ts"].flatMap((entry) =>
      [...Fs.readFileSync(Path.join(root, "src", entry), "utf8").matchAll(/export \* as \w+ from "\.\/(\w+)\.js"/g)]
        .map((match) => `./${match[1]}`)
    )
    assert.sameMembers(entries.map(([key]) => key), [".", "./testing", ...modules])
    for (const [, conditions] of entries as Array<[string, Record<string, string>]>) {
      assert.isTrue(Fs.existsSync(Path.join(installed, conditions["types"]!)), conditions["types"])
      assert.isTrue(Fs.existsSync(Path.join(installed, conditions["import"]!)), conditions["import"])
    }
    const resolved = exec(process.execPath, [
      "--input-type=module",
      "-e",
      `import("effect-llm-stream/internal/Payload.js").then(() => console.log("resolved"), (e) => console.log(e.code))`
    ], app)
    assert.strictEqual(resolved.stdout.trim(), "ERR_PACKAGE_PATH_NOT_EXPORTED")
  })

  it("runs under plain node: text, usage and cost of every provider, as from the sources", () => {
    const ran = exec(process.execPath, ["app.mjs"], app)
    assert.strictEqual(ran.status, 0, ran.output)
    const results = JSON.parse(ran.stdout)
    assert.deepStrictEqual(results, expected)
    assert.strictEqual(results.length, 5)
    for (const result of results) {
      assert.isAbove(result.text.length, 0, result.provider)
      assert.isAbove(result.inputTokens, 0, result.provider)
      assert.isAbove(result.outputTokens, 0, result.provider)
      assert.match(result.cost, /^\$0\.\d+$/, result.provider)
    }
    const openai = Fixtures.json("openai", "text.expected.json")
    assert.strictEqual(results[0].text, openai.choices["0"].content)
  }, 60_000)

  for (const resolution of ["nodenext", "bundler"]) {
    it(`type-checks under strict consumer settings, moduleResolution ${resolution}`, () => {
      const checked = exec(
        process.execPath,
        [Path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", `tsconfig.${resolution}.json`],
        app
      )
      assert.strictEqual(checked.status, 0, checked.output)
    }, 60_000)
  }

  it("runs the testing guide's examples as written, under vitest's default settings", () => {
    assert.isAtLeast(testingGuideExamples.length, 4)
    const tests = testingGuideExamples.join("\n").match(/^\s*it(\.effect)?\(/gm)!.length
    // No configuration file: vitest's defaults (5 s per test, no setup files).
    const ran = exec(
      process.execPath,
      [Path.join(app, "node_modules", "vitest", "vitest.mjs"), "run", "--reporter=json", "--outputFile=report.json"],
      app
    )
    assert.strictEqual(ran.status, 0, ran.output)
    const report = JSON.parse(Fs.readFileSync(Path.join(app, "report.json"), "utf8"))
    assert.strictEqual(report.numPassedTests, tests, ran.output)
    assert.strictEqual(report.numTotalTests, tests)
  }, 120_000)

  it("bundles for the browser and runs with web globals only", async () => {
    const esbuild = await import("esbuild")
    const bundle = await esbuild.build({
      entryPoints: [Path.join(app, "browser.mjs")],
      absWorkingDir: app,
      bundle: true,
      platform: "browser",
      format: "iife",
      write: false,
      logLevel: "silent"
    })
    const code = bundle.outputFiles[0]!.text
    const results = await Effect.runPromise(
      Effect.gen(function*() {
        const consumerBaseUrls = yield* serveRecordings
        return yield* Effect.promise(() =>
          new Promise<any>((report) => {
            // What a browser has; no process, Buffer, require or node: modules.
            const context = Vm.createContext({
              consumerBaseUrls,
              report,
              console,
              fetch,
              Headers,
              Request,
              Response,
              URL,
              URLSearchParams,
              AbortController,
              AbortSignal,
              ReadableStream,
              WritableStream,
              TransformStream,
              TextEncoder,
              TextDecoder,
              TextDecoderStream,
              DecompressionStream,
              Event,
              EventTarget,
              DOMException,
              crypto,
              performance,
              queueMicrotask,
              structuredClone,
              setTimeout,
              clearTimeout,
              setInterval,
              clearInterval,
              atob,
              btoa
            })
            Vm.runInContext(code, context)
          })
        )
      }).pipe(Effect.scoped)
    )
    assert.isUndefined(results.error, results.error)
    assert.deepStrictEqual(results.results, expected)
  }, 60_000)
})
