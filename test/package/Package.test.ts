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
import * as Url from "node:url"
import * as Zlib from "node:zlib"
import * as Fixtures from "../../support/Fixtures.js"
// The program of the consumer app, run here from the sources (the alias maps the package to src/).
import { contentTypes, run } from "../consumer/streams.mjs"
import * as BrowserRun from "../support/BrowserRun.js"
import * as NodeBinary from "../support/NodeBinary.js"
import {
  compilers,
  diskUsage,
  exec,
  installApp,
  installedWith,
  installMinimalApp,
  npm,
  packageJson,
  recordings,
  root,
  sourceCopy,
  spawn
} from "../support/PackedApp.js"
import * as Runtimes from "../support/Runtimes.js"

/** The examples of the testing guide that are vitest tests, as written. */
const testingGuideExamples = [
  ...Fs.readFileSync(Path.join(root, "docs", "testing.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)
].map((match) => match[1]!).filter((code) => code.includes(`from "@effect/vitest"`))

const readme = Fs.readFileSync(Path.join(root, "README.md"), "utf8")
const readmeSamples = [...readme.matchAll(/```(ts|json|sh)\n([\s\S]*?)```/g)].map((match) => ({
  language: match[1]!,
  code: match[2]!
}))

/** The README's first program, as written. */
const readmeHello = readmeSamples.find((sample) => sample.language === "ts")!.code

/** The README's script for `replay --script`, and its tool loop, as written. */
const readmeScript = readmeSamples.find((sample) => sample.language === "json" && sample.code.includes("turns"))!.code
const readmeToolLoop = readmeSamples.find((sample) => sample.code.includes("runToolsToEnd"))!.code

/** The README's chat server (`ChatEndpoint`), as written. */
const readmeChatServer = readmeSamples.find((sample) => sample.code.includes("ChatEndpoint.serveNode"))!.code

/** The docs' complete Node server, as written. */
const docsServer = [...Fs.readFileSync(Path.join(root, "docs", "ui.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)]
  .map((match) => match[1]!).find((code) => code.includes("Http.createServer"))!

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

/**
 * Whether a bundle holds the library's Node-only modules (its `node:http` client, the reader of Node bodies), which the
 * package's `browser` field replaces with stubs in a bundle for the browser.
 */
const carriesNodeClient = (inputs: ReadonlyArray<string>): boolean =>
  inputs.some((input) => /dist\/core\/http\/Node(Client|Body)\.js$/.test(input))

/** Whether a bundle holds the price table's data. */
const carriesPrices = (inputs: ReadonlyArray<string>): boolean =>
  inputs.some((input) => input.endsWith("dist/data/prices.js"))

/**
 * Why the OpenAI-only browser program weighs what it does (docs/browser.md, "Where the kilobytes go"): a request's
 * `output` takes a plain Schema, so Effect's JSON Schema generator (~8 kB gzip) is in every bundle; from the root,
 * esbuild keeps every export of a namespace it imports (esbuild issue 1420), the tool loop and its price table
 * included. The budgets below leave about a tenth of headroom over the figures measured when they were set; what
 * each change added is in git's history of this file and in the commit that made it.
 */
// The OpenAI-only program imported from the root, over effect/http alone, minified and gzipped (measured 64.9 kB;
// 72.6 kB with the budget per answer and the question before a budget's or a spend limit's cap in `runTools`, which
// the root import keeps; 76.7 kB in 0.7.0 with an approval's edited input: each API's request module gains its
// `editedCalls` row and the rewrite of a turn's blocks, which the root import keeps for every provider; 88.6 kB with
// the price data of 14 more hosts and OpenRouter's routes (`hostPrices`, 147 kB minified), loaded with the table on
// first use: a bundle that splits code fetches it only when a call is first priced, this one-file bundle carries it;
// 92.8 kB with steering, which the tool loop reads at each step's end; 98.2 kB with what hostile hosts taught in 0.7's
// last sessions: compatible hosts' call indexes told apart (`ChatCallIndexes`), an error document sent as the stream
// read as the error it is, bodies made well-formed, headers no client can send refused, turns that keep their finish;
// 102.0 kB with 0.7's last session: Groq's compound systems billed as their models and built-in tools, in the one cost
// module every call prices with (+2.5 kB minified), their runs read as the provider's tool calls, the Responses API's
// failure codes a row each, and the stores' reader bounds, which the loop's stores keep; 103.1 kB with what a day of
// held-out recordings and hostile servers taught: rows of the conversation table (DeepSeek's reasoning sent back and
// kept on the turn, a stored response's calls, a turn's final reasoning, a model's own blank text, results in their
// calls' order), search models' per-call fees and cached audio in the cost module, a 101 and a cut compressed body
// read as what they are); 105.5 kB with a policy's stop told to the person: each provider's `withheld` rows (Gemini's
// eleven finish reasons, +1.3 kB minified), which the provider table every program reads carries); 106.2 kB with
// OpenAI's refusal sent back in its own field (the Chat Completions turn's refusal block, a row of the conversation
// table) and Azure's filter categories told in plain words (a table in Azure's profile, the results kept on the
// response and the error): +2.7 kB minified, +0.8 kB gzip, the root import keeping Azure's chunk and errors).
const bundleBudget = 107 * 1000
// The same program with subpath imports (`effect-llm-stream/LanguageModel`, `/OpenAI`) (measured 37.7 kB; 42.3 kB in
// 0.7, with the Chat Completions decoder's citations, content parts and answers finished in error; 44.8 kB with the
// same lessons as above; 46.1 kB with the audit of every SDK union: a failed tool result said in its text where the API
// has no error flag (`errorsInText`) and a provider's MCP approval request answered as an approval, rows of the one
// conversation table every API's request module reads; 47.0 kB with a file part's provider reference, a row of each
// API's part encoder; 48.6 kB with Groq's compound bill in the cost module and its runs in the Chat Completions
// decoder; 49.7 kB with the same day's lessons as above, most of it the Chat Completions request module's DeepSeek
// row and the cost module's new rows, +965 and +810 bytes minified (the model names the cost module matches by are
// read apart from the price table, whose Schemas had come with them: +1.9 kB gzip before); 51.2 kB with two rows of
// the conversation table every API reads, a turn withheld on a policy and a refused turn left out (+1.3 kB minified,
// mostly each row's refusal and source), and span scrubbing of events and endings (+394 bytes); 52.1 kB with a Chat
// Completions stream whose `[DONE]` comes with no finish reason said, by each host's row (the decoder's last chunk,
// OpenAI's truncation error), and a turn's refusal read by a column of the turn formats' table, from 51.8 kB).
const subpathBundleBudget = 53 * 1000
const mb = 1024 * 1024
// What installing the package adds to node_modules besides `effect` and the optional tokenizer (measured 16.02 MB
// with the chat command's page, the docs and MCP 2026-07-28 shipped; 18.01 MB in 0.7, with the price data of 14 more
// hosts, steering, durable runs and their docs: `du` counts its ~1,800 files each rounded up to a 4 kB block; 19.07 MB
// with the audit of every SDK union: MCP content, provider approvals and the parts `ai` 7 and AG-UI 1.0 send; 19.69
// MB with the bounds on readers, store answers and MCP listings, shutdown endings and Groq's compound bill; 20.27 MB
// with a durable step's claim under a lease, offsets that name their stream's generation and Bedrock's `baseModel`;
// 20.89 MB with MCP's URL-mode questions, OpenAI's refusal shapes, stops that name their continuation, answers
// checked against what their interrupt asks and edited calls on the UI stream: +233 kB, two thirds of it `dist`;
// 21.03 MB with forms checked against their schema, a hand-built server's named stops and refusal categories; 21.30 MB
// with a form asked again on the `ai` client's own state and MCP's URL pages waited for until the server says they are
// done: three modules, each five files of at least a 4 kB block, from 21.18).
const installBudget = 21.5 * mb

describe("the packed package in a fresh app", () => {
  let app: string
  let expected: any

  it("installs from the tarball beside the latest Effect 4", async () => {
    app = await installApp(dir, {
      ...Object.fromEntries(testingGuideExamples.map((code, index) => [`testing-guide-${index}.test.ts`, code])),
      "hello.ts": readmeHello,
      "turns.json": readmeScript,
      "weather.ts": readmeToolLoop,
      "server.ts": docsServer,
      "chat-server.ts": readmeChatServer,
      "testing-only.ts": testingOnly
    })
    const manifest = JSON.parse(Fs.readFileSync(Path.join(app, "node_modules", "effect", "package.json"), "utf8"))
    assert.match(manifest.version, /^4\./)
    expected = await fromSources()
  }, 180_000)

  it("ships compiled JavaScript with declarations for every entry point, no internal entry, and source maps that point at shipped sources", () => {
    const installed = Path.join(app, "node_modules", "effect-llm-stream")
    const shipped = JSON.parse(Fs.readFileSync(Path.join(installed, "package.json"), "utf8"))
    const entries = Object.entries(shipped.exports).filter(([key]) => key !== "./package.json")
    // The root, the testing entry and every module either of them exports.
    const modules = ["index.ts", "testing.ts"].flatMap((entry) =>
      [...Fs.readFileSync(Path.join(root, "src", entry), "utf8").matchAll(/export \* as (\w+) from "\.\/[\w/-]+\.js"/g)]
        .map((match) => `./${match[1]}`)
    )
    assert.sameMembers(entries.map(([key]) => key), [".", "./testing", ...modules])
    for (const [, conditions] of entries as Array<[string, Record<string, string>]>) {
      assert.isTrue(Fs.existsSync(Path.join(installed, conditions["types"]!)), conditions["types"])
      assert.isTrue(Fs.existsSync(Path.join(installed, conditions["import"]!)), conditions["import"])
      // Node's build of the same entry point (scripts/build-node.mjs).
      assert.strictEqual(conditions["node"], conditions["import"]!.replace("./dist/", "./dist/node/"))
      assert.isTrue(Fs.existsSync(Path.join(installed, conditions["node"]!)), conditions["node"])
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
      "docs",
      "examples",
      "src",
      "package.json"
    ])
    // Each source map points at a source the package ships, so that a stack trace (node --enable-source-maps)
    // names a file that is there, and a debugger shows it.
    const files = Fs.readdirSync(Path.join(installed, "dist"), { recursive: true, encoding: "utf8" })
    const inNodeBuild = (file: string) => file.startsWith(`node${Path.sep}`)
    // The chat page's script (dist/chat/page.js) is a browser bundle of the `ai` client, not a module of the library.
    const scripts = files.filter((file) =>
      file.endsWith(".js") && !inNodeBuild(file) && !file.startsWith(`chat${Path.sep}`)
    )
    assert.isAbove(scripts.length, 50)
    assert.isEmpty(files.filter((file) => file.endsWith(".d.ts.map")))
    // Node's build: each file's map points at the shipped sources of the modules bundled in it (an entry point
    // whose modules are all in shared chunks has none of its own).
    const nodeScripts = files.filter((file) => file.endsWith(".js") && inNodeBuild(file))
    assert.isAbove(nodeScripts.length, 37)
    for (const script of nodeScripts) {
      const map = JSON.parse(Fs.readFileSync(Path.join(installed, "dist", `${script}.map`), "utf8"))
      for (const source of map.sources as ReadonlyArray<string>) {
        const path = Path.resolve(Path.dirname(Path.join(installed, "dist", script)), map.sourceRoot ?? "", source)
        assert.isTrue(path.startsWith(Path.join(installed, "src") + Path.sep), `${script}: ${path}`)
        assert.isTrue(Fs.existsSync(path), `${script}: ${path}`)
      }
    }
    for (const script of scripts) {
      const map = JSON.parse(Fs.readFileSync(Path.join(installed, "dist", `${script}.map`), "utf8"))
      assert.lengthOf(map.sources, 1, script)
      const source = Path.resolve(
        Path.dirname(Path.join(installed, "dist", script)),
        map.sourceRoot ?? "",
        map.sources[0]
      )
      assert.isTrue(source.startsWith(Path.join(installed, "src") + Path.sep), `${script}: ${source}`)
      assert.isTrue(Fs.existsSync(source), `${script}: ${source}`)
      assert.isTrue(Fs.existsSync(Path.join(installed, "dist", script.replace(/\.js$/, ".d.ts"))), script)
    }
    // A failure's stack names the shipped source, line and column.
    const traced = exec(process.execPath, [
      "--enable-source-maps",
      "--input-type=module",
      "-e",
      `import { TestKit } from "effect-llm-stream/testing"
try { TestKit.scripted([]) } catch (error) { console.log(error.stack) }`
    ], app)
    const frame = /node_modules\/effect-llm-stream\/(src\/[\w/]+\.ts):\d+:\d+/.exec(traced.stdout)
    assert.isNotNull(frame, traced.output)
    assert.isTrue(Fs.existsSync(Path.join(installed, frame![1]!)), frame![1])
  })

  it("npm publish --dry-run is clean: those files, public with provenance, and no warning", () => {
    // The tarball was built (prepack) in the repository's copy when the app was installed.
    const published = npm(["publish", "--dry-run", "--ignore-scripts", "--json"], sourceCopy(dir))
    assert.strictEqual(published.status, 0, published.output)
    const report = JSON.parse(published.stdout.slice(published.stdout.indexOf("{")))["effect-llm-stream"]
    const paths: Array<string> = report.files.map((file: { readonly path: string }) => file.path)
    assert.includeMembers(paths, ["CHANGELOG.md", "LICENSE", "README.md", "package.json", "dist/index.js"])
    // The reference (docs/api/, where the README sends for every option) and the examples ship too (issue 89 #5).
    assert.includeMembers(paths, ["docs/api/ChatEndpoint.md", "examples/chat/server.ts", "examples/demo.ts"])
    // `npx effect-llm-stream chat` serves its page from the package: its source, and its script built (issue 89 #1).
    assert.includeMembers(paths, ["examples/chat/page.html", "examples/chat/full-page.ts", "dist/chat/page.js"])
    assert.isEmpty(
      paths.filter((path) =>
        !path.startsWith("dist/") && !path.startsWith("src/") &&
        !/^docs\/[\w/.-]+\.md$|^examples\/[\w/.-]+\.(ts|html)$/.test(path) &&
        !path.match(/^[A-Z]+\.md$|^LICENSE$|^package\.json$/)
      )
    )
    // Every link of the installed README to a file of the package points at one it ships (the docs do).
    const linked = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((match) => match[1]!)
      .filter((target) => !/^[a-z]+:/.test(target))
    assert.isNotEmpty(linked)
    const shipped = (target: string) =>
      paths.some((path) => path === target || path.startsWith(target.endsWith("/") ? target : `${target}/`))
    assert.deepStrictEqual(linked.filter((target) => !shipped(target)), [])
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

  it(`adds at most ${installBudget / mb} MB to node_modules beyond effect and its optional tokenizer: no Bedrock-only or test-kit-only packages`, () => {
    const packages = installedWith(app, "effect-llm-stream")
    const names = packages.map((dir) => Path.relative(Path.join(app, "node_modules"), dir))
    const optional = Object.keys(packageJson.optionalDependencies)
    // The tokenizer of spend estimates comes with a default install (an optional dependency: `--omit=optional`
    // leaves it out, and estimates count characters); it is budgeted apart, being loaded only to estimate.
    assert.sameMembers(names, ["effect-llm-stream", ...Object.keys(packageJson.dependencies), ...optional])
    const bytes = packages.filter((_, index) => !optional.includes(names[index]!))
      .reduce((total, dir) => total + diskUsage(dir), 0)
    console.log(
      `the package adds ${(bytes / mb).toFixed(2)} MB (du) to node_modules, and its optional ${optional} more`
    )
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

  it("under plain node, loads Node's build: the root in under 100 files of the library, not one per module; one class or service whichever entry point imports it", () => {
    // Run from the app, so that the package's name resolves to the installed package.
    Fs.copyFileSync(Path.join(root, "test", "support", "LoadedModules.mjs"), Path.join(app, "loaded-modules.mjs"))
    const loaded = exec(process.execPath, ["loaded-modules.mjs", "effect-llm-stream"], app)
    assert.strictEqual(loaded.status, 0, loaded.output)
    const installed = Url.pathToFileURL(Path.join(app, "node_modules", "effect-llm-stream", "dist")).href
    const library = (JSON.parse(loaded.stdout) as ReadonlyArray<string>).filter((url) => url.startsWith(installed))
    assert.isNotEmpty(library)
    assert.deepStrictEqual(library.filter((url) => !url.startsWith(`${installed}/node/`)), [])
    // tsc's build, a file per module, is some 300 files for the root (each costs Node about 50 kB of RSS).
    assert.isBelow(library.length, 100)
    // Each module is in one file of the build, whichever entry point imports it: one class, not one per entry.
    const same = exec(process.execPath, [
      "--input-type=module",
      "-e",
      `import { Effect } from "effect"
const [root, errors, openai, testing] = await Promise.all(["effect-llm-stream", "effect-llm-stream/ProviderError",
  "effect-llm-stream/OpenAI", "effect-llm-stream/testing"].map((name) => import(name)))
// The test kit's model is found under the root's service: the same service, not a copy of it.
const model = Effect.runSync(Effect.provide(Effect.gen(function*() { return yield* root.LanguageModel.LanguageModel }),
  testing.TestKit.layer([], { model: "kit" })))
console.log(JSON.stringify([root.ProviderError.RateLimitError === errors.RateLimitError,
  root.OpenAI.OpenAICallResponseChunk === openai.OpenAICallResponseChunk, model.model === "kit"]))`
    ], app)
    assert.strictEqual(same.stdout.trim(), "[true,true,true]", same.output)
  })

  it(
    "Try it without a key, as the README says: `npx effect-llm-stream replay` (and --script, --auto, --help), the variables it prints, then `npx tsx hello.ts` streams a recorded answer piece by piece and the README's tool loop calls its tool; without a key, the error line comes first, and the docs' Node server exits before it listens",
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
      /** Runs a program of the app with `env` over the process's: its status and output pieces. */
      const program = (file: string, env: Record<string, string | undefined>) =>
        new Promise<
          { readonly status: number | null; readonly pieces: ReadonlyArray<string>; readonly output: string }
        >(
          (resolve) => {
            const merged = Object.entries({ ...process.env, ...env }).filter(([, value]) => value !== undefined)
            const child = ChildProcess.spawn(npx, ["tsx", file], { cwd: app, env: Object.fromEntries(merged) })
            const pieces: Array<string> = []
            let output = ""
            child.stdout.on("data", (data) => pieces.push(String(data)))
            child.stderr.on("data", (data) => (output += data))
            child.on("close", (status) => resolve({ status, pieces, output: pieces.join("") + output }))
          }
        )
      const { OPENAI_API_KEY: _, OPENAI_BASE_URL: __, ...withoutKey } = process.env
      // The help, and the programs that need no server, while the servers start.
      const [help, noKey, noKeyServer, started, scripted, auto] = await Promise.all([
        spawn(npx, ["effect-llm-stream", "replay", "--help"], app),
        spawn(npx, ["tsx", "hello.ts"], app, { ...withoutKey, OPENAI_API_KEY: undefined }),
        spawn(npx, ["tsx", "server.ts"], app, { ...withoutKey, OPENAI_API_KEY: undefined, PORT: "0" }),
        // As written; on a machine where its default port is taken, on a free one.
        start([]).then((replay) => replay.env === undefined ? start(["--port", "0"]) : replay),
        start(["--script", "turns.json", "--port", "0", "--delay", "0"]),
        start(["--auto", "--port", "0", "--delay", "0"])
      ])
      const servers = [started, scripted, auto]
      try {
        assert.strictEqual(help.status, 0)
        assert.match(
          help.output.split("\n").filter((line) => !line.startsWith("npm warn"))[0]!,
          /^usage: npx effect-llm-stream replay /
        )
        assert.notInclude(help.output, "export OPENAI_BASE_URL", "no server started")
        for (const failed of [noKey, noKeyServer]) {
          assert.strictEqual(failed.status, 1, failed.output)
          const lines = failed.output.split("\n").filter((line) => !line.startsWith("npm warn"))
          assert.match(lines[0]!, /^ConfigurationError: openai: OPENAI_API_KEY is not set: /, failed.output)
          assert.notInclude(failed.output, "listening")
        }
        if (started.output().includes("127.0.0.1:8790")) {
          // On its default port, it prints the lines the README shows.
          const shown = [...readme.matchAll(/^export \w+=\S+$/gm)].map((match) => match[0])
          assert.isAtLeast(shown.length, 4)
          assert.includeMembers(started.output().split("\n"), shown)
        }
        const env = started.env!
        assert.match(env["OPENAI_BASE_URL"]!, /^http:\/\/127\.0\.0\.1:\d+\//)
        assert.includeMembers(Object.keys(env), [
          "OPENAI_API_KEY",
          "ANTHROPIC_BASE_URL",
          "AZURE_ENDPOINT",
          "AWS_REGION"
        ])
        // hello.ts alone (its pacing is asserted), then the two tool loops together.
        const hello = await program("hello.ts", env)
        const [loop, autoLoop] = await Promise.all([
          program("weather.ts", scripted.env!),
          program("weather.ts", auto.env!)
        ])
        assert.strictEqual(hello.status, 0, hello.output)
        assert.strictEqual(hello.pieces.join(""), Fixtures.json("openai", "text.expected.json").choices["0"].content)
        // Paced: the answer appears in pieces, as a model streams it.
        assert.isAtLeast(hello.pieces.length, 3, JSON.stringify(hello.pieces))
        // The README's script: the tool called with Paris, then the answer; --auto: a valid call, its result quoted.
        assert.strictEqual(loop.status, 0, loop.output)
        assert.strictEqual(loop.pieces.join("").trim(), "It is 18°C in Paris.")
        assert.strictEqual(autoLoop.status, 0, autoLoop.output)
        assert.match(autoLoop.pieces.join(""), /^The tool get_weather answered: 18°C in /)
        assert.include(scripted.output(), "turn 2 of 5")
      } finally {
        for (const server of servers) process.kill(-server.child.pid!)
      }
    },
    60_000
  )

  it("`npx effect-llm-stream chat` serves its page from the installed package, with no key", async () => {
    const { ANTHROPIC_API_KEY: _, OPENAI_API_KEY: __, ...withoutKeys } = process.env
    const npx = process.platform === "win32" ? "npx.cmd" : "npx"
    const args = ["effect-llm-stream", "chat", "--port", "0"]
    const child = ChildProcess.spawn(npx, args, { cwd: app, env: withoutKeys, detached: true })
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = ""
        child.stdout.on("data", (data) => {
          out += data
          const found = /chat on (http:\/\/[\d.:]+)/.exec(out)
          if (found !== null) resolve(found[1]!)
        })
        child.stderr.on("data", (data) => (out += data))
        child.on("close", () => reject(new Error(out)))
      })
      const page = await fetch(url).then((response) => response.text())
      assert.include(page, `<option value="offline-openai">offline-openai</option>`)
      const script = await fetch(`${url}/page.js`)
      assert.strictEqual(script.headers.get("content-type"), "text/javascript")
      assert.isAbove((await script.text()).length, 10_000)
    } finally {
      process.kill(-child.pid!)
    }
  }, 60_000)

  it("the README's install line is independent of folder names: the tarball by its absolute path", () => {
    const lines = readmeSamples.find((sample) => sample.language === "sh" && sample.code.includes("npm pack"))!.code
      .split("\n").filter((line) => /^(TARBALL=|cd \/path\/to\/your-app)/.test(line))
    assert.strictEqual(lines.length, 2)
    // A clone and an app under folder names of their own; `npm` a stand-in that says what it was asked.
    const clone = Fs.mkdtempSync(Path.join(dir, "any-clone-name-"))
    const yourApp = Fs.mkdtempSync(Path.join(dir, "some-app-"))
    const script = [
      `npm() { if [ "$1" = pack ]; then echo "npm notice built"; echo effect-llm-stream-0.4.0.tgz; else echo "$PWD $*"; fi; }`,
      `cd ${clone}`,
      ...lines.map((line) => line.replace("/path/to/your-app", yourApp))
    ].join("\n")
    const ran = exec("bash", ["-c", script], clone)
    assert.strictEqual(ran.status, 0, ran.output)
    assert.strictEqual(ran.stdout.trim(), `${yourApp} install ${clone}/effect-llm-stream-0.4.0.tgz effect@^4.1.0`)
  })

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
      }: the consumer's programs type-check with zero errors, module nodenext and bundler, exactOptionalPropertyTypes on and off, skipLibCheck off${
        compiler.name === "typescript" ? "; without fast-check, a program that never calls streamArbitrary too" : ""
      }`,
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
              // The README's tool loop and chat server, and the docs' Node server, with TypeScript 7 only (5 is several
              // times slower).
              files: [
                "app.ts",
                "hello.ts",
                "testing-only.ts",
                ...(compiler.name === "typescript" ? ["weather.ts", "server.ts", "chat-server.ts"] : [])
              ]
            })
          )
          return name
        })
        // One install, several compiler runs at once.
        const checked = await Promise.all(configs.map((config) => spawn(process.execPath, [tsc, "-p", config], app)))
        checked.forEach((result, index) =>
          assert.strictEqual(result.status, 0, `${version} ${configs[index]}: ${result.output}`)
        )
        // Without fast-check: what the package's declarations need does not depend on the compiler's version, so
        // TypeScript 7 checks it (TypeScript 5 would take a third of this test's time again).
        if (compiler.name !== "typescript") return
        const installed = Path.join(app, "node_modules", "fast-check")
        Fs.renameSync(installed, `${installed}.hidden`)
        try {
          // No tsconfig at all: the compiler's defaults, skipLibCheck off (and Node's globals, which the README's
          // program uses).
          const args = [
            "--noEmit",
            "--strict",
            "--types",
            "node",
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

  it("runs the testing guide's examples as written, under vitest's default settings", async () => {
    assert.isAtLeast(testingGuideExamples.length, 4)
    const tests = testingGuideExamples.join("\n").match(/^\s*it(\.effect)?\(/gm)!.length
    // No configuration file: vitest's defaults (5 s per test, no setup files). Not waited for synchronously, so
    // that this file's event loop keeps turning meanwhile.
    const ran = await spawn(
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
      // No Node client in a browser's bundle: `layerModel` asks with fetch there.
      assert.isFalse(carriesNodeClient(library.inputs))
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
      assert.isFalse(carriesNodeClient(library.inputs))
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

  describe("with only effect installed, on every runtime", () => {
    let minimal: string
    const skipped = (name: string) =>
      `skipped: no ${name} binary in node_modules for ${process.platform}-${process.arch}`

    /**
     * Serves the chat endpoint and the AG-UI agent (test/consumer/chat.mjs) with `start`, given the model's environment,
     * and checks what a client gets: an answer whole, read by the `ai` client; an answer that never ends, stopped
     * through the stop route, ends with `abort`; a run's events whole, and a run the client drops; the stopped answer's
     * and the dropped run's model requests are cut.
     */
    const servesChat = (
      start: (env: Readonly<Record<string, string>>) => Promise<{
        readonly fetch?: typeof globalThis.fetch
        readonly origin: string
        readonly stop: () => void | Promise<void>
      }>
    ) =>
      Effect.runPromise(
        Effect.gen(function*() {
          const replay = yield* ReplayServer.make
          const modelUrl = replay.serve(Runtimes.chatModel(recordings["openai"]!))
          const served = yield* Effect.acquireRelease(
            Effect.promise(() => start({ OPENAI_API_KEY: "consumer-test-key", OPENAI_BASE_URL: modelUrl })),
            (served) => Effect.promise(async () => served.stop())
          )
          // Each endless answer's model request is cut within 15 s of its session, counted one session at a time:
          // a failure names the one left open.
          const cut = (count: number, which: string) =>
            Effect.gen(function*() {
              for (let waited = 0; replay.abortedResponses(modelUrl) < count && waited < 15_000; waited += 50) {
                yield* Effect.sleep("50 millis")
              }
              assert.strictEqual(replay.abortedResponses(modelUrl), count, `${which}'s model request is cut`)
            })
          const text = Fixtures.json("openai", "text.expected.json").choices["0"].content
          const session = yield* Effect.promise(() => Runtimes.chatSession(served.fetch ?? fetch, served.origin))
          assert.deepStrictEqual(session, {
            status: 200,
            text,
            stopStatus: 204,
            ended: true,
            last: `data: {"type":"abort"}`
          })
          yield* cut(1, "the stopped answer")
          const agent = yield* Effect.promise(() => Runtimes.agentSession(served.fetch ?? fetch, served.origin))
          assert.deepStrictEqual(agent, { status: 200, text, last: "RUN_FINISHED", dropped: "TEXT_MESSAGE_CONTENT" })
          yield* cut(2, "the dropped run")
        }).pipe(Effect.scoped)
      )

    const workerBundle = async (entry: string) => {
      const esbuild = await import("esbuild")
      const built = await esbuild.build({
        entryPoints: [Path.join(minimal, entry)],
        absWorkingDir: minimal,
        bundle: true,
        platform: "browser",
        format: "esm",
        conditions: ["workerd", "worker", "browser"],
        write: false,
        logLevel: "silent"
      })
      return built.outputFiles[0]!.text
    }

    it("installs from the same tarball without any optional peer or dependency", async () => {
      minimal = await installMinimalApp(dir)
      const names = Fs.readdirSync(Path.join(minimal, "node_modules")).filter((name) => !name.startsWith("."))
      for (const optional of Object.keys(packageJson.peerDependenciesMeta)) {
        assert.notInclude(names, optional.split("/")[0], optional)
      }
    }, 180_000)

    it(
      "type-checks in a strict project importing every entry point, skipLibCheck off, nodenext and bundler",
      async () => {
        const installed = JSON.parse(
          Fs.readFileSync(Path.join(minimal, "node_modules", "effect-llm-stream", "package.json"), "utf8")
        )
        const entries = Object.keys(installed.exports).filter((key) => key !== "./package.json")
        const program =
          entries.map((key, index) =>
            `import * as Entry${index} from "effect-llm-stream${key === "." ? "" : key.slice(1)}"`
          ).join("\n") + `\nexport const entries = [${entries.map((_, index) => `Entry${index}`).join(", ")}]\n`
        Fs.writeFileSync(Path.join(minimal, "entries.ts"), program)
        // TypeScript 7 with both resolutions; TypeScript 5 (several times slower) with nodenext.
        const runs = ["nodenext", "bundler"].flatMap((resolution) =>
          compilers.filter((compiler) =>
            compiler.tsc !== undefined && (compiler.name === "typescript" || resolution === "nodenext")
          ).map((compiler) => ({ resolution, compiler }))
        )
        const checked = await Promise.all(runs.map(({ compiler, resolution }) => {
          const config = `entries.${resolution}.json`
          Fs.writeFileSync(
            Path.join(minimal, config),
            JSON.stringify({ extends: `./tsconfig.${resolution}.json`, files: ["entries.ts"] })
          )
          return spawn(process.execPath, [compiler.tsc!, "-p", config], minimal).then((result) => ({
            ...result,
            label: `${compiler.name} ${resolution}`
          }))
        }))
        for (const result of checked) assert.strictEqual(result.status, 0, `${result.label}: ${result.output}`)
      },
      300_000
    )

    it.skipIf(Runtimes.bun === undefined)(
      `Bun runs the app as Node does (${Runtimes.bun === undefined ? skipped("bun") : "the bun package"})`,
      async () => {
        const ran = await Runtimes.run(Runtimes.bun!, ["app.mjs"], minimal)
        assert.strictEqual(ran.status, 0, ran.output)
        assert.deepStrictEqual(JSON.parse(ran.stdout), expected)
      },
      60_000
    )

    it.skipIf(Runtimes.deno === undefined)(
      `Deno runs the app as Node does (${Runtimes.deno === undefined ? skipped("deno") : "the deno package"})`,
      async () => {
        const ran = await Runtimes.run(Runtimes.deno!, ["run", "--allow-all", "app.mjs"], minimal)
        assert.strictEqual(ran.status, 0, ran.output)
        assert.deepStrictEqual(JSON.parse(ran.stdout), expected)
      },
      60_000
    )

    it(
      "a Worker's bundle holds no import() of a specifier not written out (a loader given it as a script refuses one)",
      async () => {
        // Miniflare (wrangler dev, the Workers vitest pool) reads a script's imports and refuses a dynamic one:
        // ERR_MODULE_DYNAMIC_SPEC. The package's `browser` field gives a Worker bundle `NodeModules.browser.js`.
        for (const entry of ["worker.mjs", "chat-worker.mjs"]) {
          const code = await workerBundle(entry)
          const dynamic = [...code.matchAll(/\bimport\(\s*(?:\/\*[^]*?\*\/\s*)*([^\s"'`][^)]{0,40})/g)].map((hit) =>
            hit[1]
          )
          assert.deepStrictEqual(dynamic, [], entry)
        }
      },
      60_000
    )

    it.skipIf(Runtimes.workerd === undefined)(
      `a Cloudflare Worker without nodejs_compat runs its bundle as Node does (${
        Runtimes.workerd === undefined ? skipped("workerd") : "workerd"
      })`,
      async () => {
        const code = await workerBundle("worker.mjs")
        const results = await Effect.runPromise(
          Effect.gen(function*() {
            const baseUrls = serveRecordings(yield* ReplayServer.make)
            return yield* Effect.promise(() =>
              Runtimes.inWorkerd(Runtimes.workerd!, Path.join(minimal, "workerd"), code, baseUrls)
            )
          }).pipe(Effect.scoped)
        )
        assert.isUndefined(results.error, results.error)
        assert.deepStrictEqual(results.results, expected)
      },
      90_000
    )

    it.skipIf(Runtimes.bun === undefined)(
      "Bun serves ChatEndpoint and AG-UI: answers whole, a stop and a dropped run cut their model requests",
      () => servesChat((env) => Runtimes.startServer(Runtimes.bun!, ["serve-chat.mjs"], minimal, env)),
      60_000
    )

    it.skipIf(Runtimes.deno === undefined)(
      "Deno serves ChatEndpoint and AG-UI: answers whole, a stop and a dropped run cut their model requests",
      () =>
        servesChat((env) =>
          Runtimes.startServer(Runtimes.deno!, ["run", "--allow-all", "serve-chat.mjs"], minimal, env)
        ),
      60_000
    )

    it.skipIf(Runtimes.workerd === undefined)(
      "a Cloudflare Worker serves ChatEndpoint and AG-UI, its key and model URL from bindings: answers whole, a stop from another request, a dropped run",
      async () => {
        const code = await workerBundle("chat-worker.mjs")
        await servesChat((env) =>
          Runtimes.startWorkerd(Runtimes.workerd!, Path.join(minimal, "workerd-chat"), code, env)
        )
      },
      90_000
    )

    it(
      "the Vercel Edge runtime serves ChatEndpoint's Web handler and AG-UI: answers whole, a stop, a dropped run",
      async () => {
        const { code } = await bundle(minimal, "chat-edge.mjs", { minify: false })
        await servesChat(async (env) => ({ ...await Runtimes.edgeChat(code, env), origin: "http://localhost" }))
      },
      60_000
    )

    it("the Vercel Edge runtime runs its browser bundle as Node does (@edge-runtime/vm)", async () => {
      const { code } = await bundle(minimal, "browser.mjs", { minify: false })
      const results = await Effect.runPromise(
        Effect.gen(function*() {
          const baseUrls = serveRecordings(yield* ReplayServer.make)
          return yield* Effect.promise(() => Runtimes.inEdgeRuntime(code, baseUrls))
        }).pipe(Effect.scoped)
      )
      assert.isUndefined(results.error, results.error)
      assert.deepStrictEqual(results.results, expected)
    }, 60_000)
  })
})
