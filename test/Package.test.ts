/**
 * The package as users get it: `npm pack`, the tarball installed in a fresh app beside the latest Effect 4
 * from the registry, then (1) what ships and `npm publish --dry-run`, (2) what the install adds to
 * node_modules, (3) a plain `node app.mjs` streaming real recordings from the package's replay server, on
 * this Node and on the oldest Node `engines` admits, (4) the testing entry without the optional fast-check,
 * (5) `tsc` on a TypeScript app under strict consumer settings with `skipLibCheck: false`, for `nodenext`
 * and `bundler` resolution, (6) the vitest examples of docs/testing.md, as written, under vitest's default
 * settings, (7) esbuild browser bundles run with web globals only (and in Chromium when one is installed),
 * and the size an OpenAI-only streaming program adds over the same program with effect/http alone. The
 * program's results must equal those of the same program run from the sources.
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { ReplayServer } from "effect-llm-stream/testing"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Zlib from "node:zlib"
import * as Fixtures from "../support/Fixtures.js"
// The program of the consumer app, run here from the sources (the alias maps the package to src/).
import { contentTypes, run } from "./consumer/streams.mjs"
import * as BrowserRun from "./support/BrowserRun.js"
import * as NodeBinary from "./support/NodeBinary.js"
import {
  compilers,
  diskUsage,
  exec,
  installApp,
  installedWith,
  npm,
  packageJson,
  recordings,
  root,
  spawn
} from "./support/PackedApp.js"

/** The examples of the testing guide that are vitest tests, as written. */
const testingGuideExamples = [
  ...Fs.readFileSync(Path.join(root, "docs", "testing.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)
].map((match) => match[1]!).filter((code) => code.includes(`from "@effect/vitest"`))

/** The README's first program, as written. */
const readmeHello = /```ts\n([\s\S]*?)```/.exec(Fs.readFileSync(Path.join(root, "README.md"), "utf8"))![1]!

/** A test helper that uses the testing entry's replay server, not its fast-check arbitraries. */
const testingOnly = `import { Effect } from "effect"
import { ReplayServer } from "effect-llm-stream/testing"

export const environment = Effect.scoped(Effect.map(ReplayServer.make, (server) => ReplayServer.serveSamples(server)))
`

const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-llm-stream-consumer-"))
afterAll(() => Fs.rmSync(dir, { recursive: true, force: true }), 60_000)

/** Serves each provider's recording on a replay server (closed with the scope); the base URL of each. */
const serveRecordings = (server: ReplayServer.ReplayServer) =>
  Object.fromEntries(
    Object.entries(contentTypes).map((
      [provider, contentType]
    ) => [provider, server.serve({ headers: { "content-type": contentType }, body: recordings[provider]! })])
  )

const fromSources = (): Promise<unknown> =>
  Effect.runPromise(
    Effect.gen(function*() {
      return yield* run(serveRecordings(yield* ReplayServer.make))
    }).pipe(Effect.scoped)
  )

/** Runs a browser bundle with web globals only, against the recordings. */
const inVm = (code: string): Promise<any> =>
  Effect.runPromise(
    Effect.gen(function*() {
      const baseUrls = serveRecordings(yield* ReplayServer.make)
      return yield* Effect.promise(() => BrowserRun.inVm(code, baseUrls))
    }).pipe(Effect.scoped)
  )

/** An esbuild browser bundle of one of the app's programs. */
const bundle = async (app: string, entry: string, options: { readonly minify: boolean }) => {
  const esbuild = await import("esbuild")
  const result = await esbuild.build({
    entryPoints: [Path.join(app, entry)],
    absWorkingDir: app,
    bundle: true,
    platform: "browser",
    format: "iife",
    minify: options.minify,
    metafile: true,
    write: false,
    logLevel: "silent"
  })
  const code = result.outputFiles[0]!.text
  // The modules with code in the bundle (the metafile's `inputs` also lists those tree-shaken away).
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0]!.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path)
  return { code, gzip: Zlib.gzipSync(code, { level: 9 }).length, inputs }
}

/** Whether a bundle holds the price table's data. */
const carriesPrices = (inputs: ReadonlyArray<string>): boolean =>
  inputs.some((input) => input.endsWith("dist/data/prices.js"))

/**
 * The budget of the OpenAI-only browser program over effect/http alone, minified and gzipped, imported from the
 * root as the README writes it. The target was 20 kB; it is out of reach while a request's `output` takes a
 * plain Schema: every provider's encoder must then be able to generate its JSON Schema, and Effect's generator
 * (`Schema.toJsonSchemaDocument`, ~8 kB gzip) is in every bundle, whatever the import (no bundler can defer it
 * to a lazy chunk: `effect/Schema` imports it statically, and bundlers place code by file). From the root,
 * esbuild also keeps every export of a namespace it imports (esbuild issue 1420): `LanguageModel`'s
 * `streamWithToolCalls` brings the incremental JSON parser (~4 kB) and `OpenAI`'s `layerConfig` Effect's
 * `Config` (~3.6 kB), and `runTools` the tool loop (~3.5 kB) with the price table it prices its steps with (~9.5 kB:
 * loaded on first use by `PriceTable.current`, but one IIFE has no chunk to put it in). Measured: +35.9 kB before
 * 0.3's request safety (no redirect followed with a key, secrets scrubbed in every excerpt and header, line breaks
 * and dot segments refused, first-content and total timeouts: +2.3 kB), +38.2 kB after, +51.3 kB with the tool loop, +52.2 kB with the
 * depth bounds on tool arguments and the host checks of Vertex locations, +54.7 kB with 0.4's decoding speed
 * (payloads read against the templates of the ones before instead of `JSON.parse`, endings handing whole pieces
 * on, the hot path's functions as class methods: +2.2 kB, for 1.0–1.7× the parsing floor instead of 1.4–2.6×)
 * (docs/browser.md, "Where the kilobytes go").
 */
const bundleBudget = 55 * 1000
/**
 * The same program with subpath imports (`effect-llm-stream/LanguageModel`, `effect-llm-stream/OpenAI`): what it
 * calls and what that reaches, Effect's JSON Schema generator included (see above). Measured: +27.8 kB before
 * 0.3's request safety, +30.5 kB after, +31.0 kB with the depth bounds on tool arguments, +33.3 kB with 0.4's
 * decoding speed (see above).
 */
const subpathBundleBudget = 34 * 1000
/** The budget of what installing the package adds to node_modules besides its peer `effect` (MB as `du -h`). */
const mb = 1024 * 1024
const installBudget = 7 * mb

describe("the packed package in a fresh app", () => {
  let app: string
  let expected: any

  it("installs from the tarball beside the latest Effect 4", async () => {
    app = installApp(dir, {
      ...Object.fromEntries(testingGuideExamples.map((code, index) => [`testing-guide-${index}.test.ts`, code])),
      "hello.ts": readmeHello,
      "testing-only.ts": testingOnly
    })
    const manifest = JSON.parse(Fs.readFileSync(Path.join(app, "node_modules", "effect", "package.json"), "utf8"))
    assert.match(manifest.version, /^4\./)
    expected = await fromSources()
  }, 180_000)

  it("ships compiled JavaScript with declarations and source maps for every entry point, no internal entry, no sources", () => {
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
    assert.sameMembers(Fs.readdirSync(installed), [
      "CHANGELOG.md",
      "LICENSE",
      "README.md",
      "SECURITY.md",
      "dist",
      "package.json"
    ])
    // Each source map carries its sources, so that a stack trace or a debugger shows the code it maps to.
    const files = Fs.readdirSync(Path.join(installed, "dist"), { recursive: true, encoding: "utf8" })
    const scripts = files.filter((file) => file.endsWith(".js"))
    assert.isAbove(scripts.length, 50)
    assert.isEmpty(files.filter((file) => file.endsWith(".d.ts.map")))
    for (const script of scripts) {
      const map = JSON.parse(Fs.readFileSync(Path.join(installed, "dist", `${script}.map`), "utf8"))
      assert.strictEqual(map.sourcesContent?.length, map.sources.length, script)
      assert.isTrue(map.sourcesContent.every((source: unknown) => typeof source === "string" && source !== ""), script)
      assert.isTrue(Fs.existsSync(Path.join(installed, "dist", script.replace(/\.js$/, ".d.ts"))), script)
    }
  })

  it("npm publish --dry-run is clean: those files, public with provenance, and no warning", () => {
    // The tarball was built (prepack) when the app was installed.
    const published = npm(["publish", "--dry-run", "--ignore-scripts", "--json"], root)
    assert.strictEqual(published.status, 0, published.output)
    const report = JSON.parse(published.stdout.slice(published.stdout.indexOf("{")))["effect-llm-stream"]
    const paths: Array<string> = report.files.map((file: { readonly path: string }) => file.path)
    assert.includeMembers(paths, ["CHANGELOG.md", "LICENSE", "README.md", "package.json", "dist/index.js"])
    assert.isEmpty(
      paths.filter((path) => !path.startsWith("dist/") && !path.match(/^[A-Z]+\.md$|^LICENSE$|^package\.json$/))
    )
    const warnings = published.stderr.split("\n").filter((line) =>
      line.startsWith("npm warn") &&
      // A dry run needs no login; this machine's own npm configuration is not the package's.
      !/requires you to be logged in|Unknown (user|env|global|project) config/.test(line)
    )
    assert.isEmpty(warnings, published.stderr)
    assert.match(published.stderr, /with tag latest and public access/)
    assert.deepStrictEqual(packageJson.publishConfig, { access: "public", provenance: true })
    assert.isFalse(packageJson.sideEffects)
  }, 60_000)

  it(`adds at most ${installBudget / mb} MB to node_modules beyond effect: no Bedrock-only or test-kit-only packages`, () => {
    const packages = installedWith(app, "effect-llm-stream")
    const names = packages.map((dir) => Path.relative(Path.join(app, "node_modules"), dir))
    assert.sameMembers(names, ["effect-llm-stream", ...Object.keys(packageJson.dependencies)])
    const bytes = packages.reduce((total, dir) => total + diskUsage(dir), 0)
    console.log(`the package adds ${(bytes / mb).toFixed(2)} MB (du) to node_modules (${names.join(", ")})`)
    assert.isAtMost(bytes, installBudget)
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

  it(
    "Try it without a key, as the README says: `npx effect-llm-stream replay`, the variables it prints, then `npx tsx hello.ts` streams a recorded answer piece by piece; without them, the error line comes first",
    async () => {
      const npx = process.platform === "win32" ? "npx.cmd" : "npx"
      /** Starts the replay command (its own process group); the variables it prints, once it prints them. */
      const start = (args: ReadonlyArray<string>) =>
        new Promise<
          {
            readonly child: ChildProcess.ChildProcess
            readonly output: () => string
            readonly env?: Record<string, string>
          }
        >(
          (resolve) => {
            const child = ChildProcess.spawn(npx, ["effect-llm-stream", "replay", ...args], {
              cwd: app,
              detached: true
            })
            let output = ""
            const done = (env?: Record<string, string>) =>
              resolve({ child, output: () => output, ...(env ? { env } : {}) })
            child.stdout!.on("data", (data) => {
              output += data
              if (!output.includes("then run your program")) return
              done(
                Object.fromEntries(
                  [...output.matchAll(/^export (\w+)=(\S+)$/gm)].map((match) => [match[1]!, match[2]!])
                )
              )
            })
            child.stderr!.on("data", (data) => (output += data))
            child.on("close", () => done())
          }
        )
      // As written; on a machine where its default port is taken, on a free one.
      let replay = await start([])
      if (replay.env === undefined) {
        assert.include(replay.output(), "EADDRINUSE")
        replay = await start(["--port", "0"])
      } else {
        // On its default port, it prints the lines the README shows.
        const readme = Fs.readFileSync(Path.join(root, "README.md"), "utf8")
        const shown = [...readme.matchAll(/^export \w+=\S+$/gm)].map((match) => match[0])
        assert.isAtLeast(shown.length, 4)
        assert.includeMembers(replay.output().split("\n"), shown)
      }
      try {
        const env = replay.env!
        assert.match(env["OPENAI_BASE_URL"]!, /^http:\/\/127\.0\.0\.1:\d+\//)
        assert.includeMembers(Object.keys(env), [
          "OPENAI_API_KEY",
          "ANTHROPIC_BASE_URL",
          "AZURE_ENDPOINT",
          "AWS_REGION"
        ])
        const pieces: Array<string> = []
        const status = await new Promise<number | null>((resolve) => {
          const child = ChildProcess.spawn(npx, ["tsx", "hello.ts"], { cwd: app, env: { ...process.env, ...env } })
          child.stdout.on("data", (data) => pieces.push(String(data)))
          child.on("close", resolve)
        })
        assert.strictEqual(status, 0)
        assert.strictEqual(pieces.join(""), Fixtures.json("openai", "text.expected.json").choices["0"].content)
        // Paced: the answer appears in pieces, as a model streams it.
        assert.isAtLeast(pieces.length, 3, JSON.stringify(pieces))
      } finally {
        process.kill(-replay.child.pid!)
      }
      const { OPENAI_API_KEY: _, OPENAI_BASE_URL: __, ...withoutKey } = process.env
      const failed = await spawn(npx, ["tsx", "hello.ts"], app, { ...withoutKey, OPENAI_API_KEY: undefined })
      assert.notStrictEqual(failed.status, 0)
      const lines = failed.output.split("\n").filter((line) => !line.startsWith("npm warn"))
      assert.match(lines[0]!, /^ConfigurationError: openai: OPENAI_API_KEY is not set: /, failed.output)
    },
    60_000
  )

  const oldestNode = NodeBinary.minimumOf(packageJson.engines.node)
  it.skipIf(NodeBinary.packageName === undefined)(
    `runs on the oldest Node engines.node (${packageJson.engines.node}) admits, ${oldestNode}, fetched from the npm registry`,
    () => {
      const node = NodeBinary.nodeBinary(oldestNode)!
      assert.strictEqual(exec(node, ["--version"], app).stdout.trim(), `v${oldestNode}`)
      const ran = exec(node, ["app.mjs"], app)
      assert.strictEqual(ran.status, 0, ran.output)
      assert.deepStrictEqual(JSON.parse(ran.stdout), expected)
    },
    120_000
  )

  it("without fast-check installed, the testing entry loads; only the arbitraries ask for it, by name", () => {
    const installed = Path.join(app, "node_modules", "fast-check")
    const hidden = `${installed}.hidden`
    Fs.renameSync(installed, hidden)
    try {
      const ran = exec(process.execPath, [
        "--input-type=module",
        "-e",
        `import { Effect } from "effect"
import { ReplayServer, TestKit } from "effect-llm-stream/testing"
const served = await Effect.runPromise(Effect.scoped(Effect.map(ReplayServer.make, (server) => server.serve({ body: "x" }))))
console.log(served.startsWith("http://127.0.0.1:") ? "replay server ok" : served)
try { TestKit.streamArbitrary("openai"); console.log("no error") } catch (error) { console.log(error.message) }`
      ], app)
      assert.strictEqual(ran.status, 0, ran.output)
      assert.deepStrictEqual(ran.stdout.trim().split("\n"), [
        "replay server ok",
        "TestKit.streamArbitrary needs fast-check, an optional peer dependency of effect-llm-stream: npm install --save-dev fast-check@^4"
      ])
    } finally {
      Fs.renameSync(hidden, installed)
    }
  })

  for (const compiler of compilers) {
    it.skipIf(compiler.tsc === undefined)(
      `${compiler.name}${
        compiler.tsc === undefined ? " (not installed: the devDependency typescript5: npm:typescript@^5)" : ""
      }: the consumer's programs type-check with zero errors, module nodenext and bundler, exactOptionalPropertyTypes on and off, skipLibCheck off; without fast-check, a program that never calls streamArbitrary too`,
      async () => {
        const tsc = compiler.tsc!
        const version = exec(process.execPath, [tsc, "--version"], app).stdout.trim()
        // TypeScript 7 (native) runs the whole matrix; TypeScript 5 (JavaScript, several times slower) each
        // resolution once and each exactOptionalPropertyTypes setting once.
        const settings = ["nodenext", "bundler"].flatMap((resolution) =>
          [true, false].map((exact) => [resolution, exact] as const)
        ).filter(([resolution, exact]) => compiler.name === "typescript" || (resolution === "nodenext") !== exact)
        const configs = settings.map(([resolution, exact]) => {
          const name = `tsconfig.${resolution}.${exact ? "exact" : "loose"}.json`
          Fs.writeFileSync(
            Path.join(app, name),
            JSON.stringify({
              extends: `./tsconfig.${resolution}.json`,
              compilerOptions: { exactOptionalPropertyTypes: exact },
              files: ["app.ts", "hello.ts", "testing-only.ts"]
            })
          )
          return name
        })
        // One install, several compiler runs at once.
        const checked = await Promise.all(configs.map((config) => spawn(process.execPath, [tsc, "-p", config], app)))
        checked.forEach((result, index) =>
          assert.strictEqual(result.status, 0, `${version} ${configs[index]}: ${result.output}`)
        )
        const installed = Path.join(app, "node_modules", "fast-check")
        Fs.renameSync(installed, `${installed}.hidden`)
        try {
          // No tsconfig at all: the compiler's defaults, skipLibCheck off (and Node's globals, which the README's
          // program uses).
          // TypeScript 5's defaults resolve like Node 10, where `effect` itself (exports only) is not found:
          // there the least a project can say is `--module nodenext`.
          const args = [
            "--noEmit",
            "--strict",
            "--types",
            "node",
            ...(compiler.name === "typescript" ? [] : ["--module", "nodenext"]),
            "hello.ts",
            "testing-only.ts"
          ]
          const result = await spawn(process.execPath, [tsc, ...args], app)
          assert.strictEqual(result.status, 0, `${version} without fast-check, tsc ${args.join(" ")}: ${result.output}`)
        } finally {
          Fs.renameSync(`${installed}.hidden`, installed)
        }
      },
      240_000
    )
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
    const { code } = await bundle(app, "browser.mjs", { minify: false })
    const results = await inVm(code)
    assert.isUndefined(results.error, results.error)
    assert.deepStrictEqual(results.results, expected)
  }, 60_000)

  it(
    `an OpenAI-only streaming program adds at most ${bundleBudget / 1000} kB gzip over effect/http alone`,
    async () => {
      const library = await bundle(app, "stream-openai.mjs", { minify: true })
      const plain = await bundle(app, "stream-openai-plain.mjs", { minify: true })
      const added = library.gzip - plain.gzip
      console.log(
        `OpenAI-only browser bundle, minified + gzip: ${(library.gzip / 1000).toFixed(1)} kB with this library, ${
          (plain.gzip / 1000).toFixed(1)
        } kB with effect/http alone: +${(added / 1000).toFixed(1)} kB`
      )
      assert.isAtMost(added, bundleBudget)
      // Both are real programs: each streams the recorded answer.
      const text = Fixtures.json("openai", "text.expected.json").choices["0"].content
      assert.deepStrictEqual(await inVm(library.code), { text })
      assert.deepStrictEqual(await inVm(plain.code), { text })
      // The price table comes with a program that prices (browser.mjs formats each call's cost); from the root,
      // esbuild keeps `LanguageModel.runTools`, which prices its steps (the subpath program does not carry it).
      assert.isTrue(carriesPrices((await bundle(app, "browser.mjs", { minify: true })).inputs))
    },
    60_000
  )

  it(
    `with each module imported by its own entry point, the same program adds at most ${
      subpathBundleBudget / 1000
    } kB, and no price table`,
    async () => {
      const library = await bundle(app, "stream-openai-subpath.mjs", { minify: true })
      const plain = await bundle(app, "stream-openai-plain.mjs", { minify: true })
      const added = library.gzip - plain.gzip
      console.log(
        `OpenAI-only browser bundle, subpath imports, minified + gzip: ${(library.gzip / 1000).toFixed(1)} kB: +${
          (added / 1000).toFixed(1)
        } kB over effect/http alone`
      )
      assert.isAtMost(added, subpathBundleBudget)
      // Less than from the root: only what the program calls, and what that reaches.
      assert.isBelow(library.gzip, (await bundle(app, "stream-openai.mjs", { minify: true })).gzip)
      assert.deepStrictEqual(await inVm(library.code), {
        text: Fixtures.json("openai", "text.expected.json").choices["0"].content
      })
      assert.isFalse(library.inputs.some((input) => input.endsWith("dist/internal/output/PartialJson.js")))
      // A program that never prices carries no price table.
      assert.isFalse(carriesPrices(library.inputs))
    },
    60_000
  )

  it.skipIf(BrowserRun.chromium === undefined)(
    `runs the browser bundle in Chromium (${
      BrowserRun.chromium ?? "skipped: no Chromium at CHROMIUM_PATH, /usr/bin/chromium or /usr/bin/google-chrome"
    })`,
    async () => {
      const { code } = await bundle(app, "browser.mjs", { minify: true })
      const results = await Effect.runPromise(
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          // The page comes from the replay server's origin, so that its calls are same-origin.
          const url = server.serve({
            headers: { "content-type": "text/html; charset=utf-8" },
            body: BrowserRun.page(code, serveRecordings(server))
          })
          return yield* Effect.promise(() => BrowserRun.inChromium(BrowserRun.chromium!, url))
        }).pipe(Effect.scoped)
      )
      assert.isUndefined(results.error, results.error)
      assert.deepStrictEqual(results.results, expected)
    },
    90_000
  )
})
