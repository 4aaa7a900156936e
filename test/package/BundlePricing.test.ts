/**
 * The price table only in a program that prices, whatever the bundler and the import style: esbuild (with
 * code splitting, and without for subpath imports) and rolldown bundle programs of `test/consumer/` from the
 * sources (the package's own `sideEffects: false` applies), and the modules each output holds are read from
 * the bundler's own report. A program that prices gets the table in a chunk of its own, loaded when the
 * first call is priced, and prices with it. What esbuild cannot leave out without code splitting, a root
 * import keeping every export of each namespace it names, is in docs/browser.md.
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { ReplayServer } from "effect-llm-stream/testing"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Url from "node:url"
import * as Fixtures from "../../support/Fixtures.js"
import * as TestPaths from "../support/TestPaths.js"

const root = TestPaths.root
const consumer = (program: string) => Path.join(root, "test", "consumer", program)
const isPrices = (path: string) => /src[/\\]data[/\\]prices\.ts$/.test(path)
// The package resolved to its sources, as a bundler resolves it to dist/ (the same modules, compiled).
const alias = {
  "effect-llm-stream/LanguageModel": Path.join(root, "src", "app", "LanguageModel.ts"),
  "effect-llm-stream/OpenAI": Path.join(root, "src", "providers", "openai", "OpenAI.ts"),
  "effect-llm-stream/CallStream": Path.join(root, "src", "core", "call", "CallStream.ts"),
  "effect-llm-stream": Path.join(root, "src", "index.ts")
}
const out = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-llm-stream-bundle-pricing-"))
afterAll(() => Fs.rmSync(out, { recursive: true, force: true }))

interface Output {
  readonly file: string
  readonly entry: boolean
  /** The modules with code in this output. */
  readonly modules: ReadonlyArray<string>
  /** The outputs it imports statically (loaded with it), not by a dynamic `import()`. */
  readonly loads: ReadonlyArray<string>
}

/** The outputs loaded when the program starts: its entry and what that imports statically. */
const loadedAtStart = (outputs: ReadonlyArray<Output>): ReadonlyArray<Output> => {
  const byFile = new Map(outputs.map((output) => [output.file, output]))
  const loaded = new Set<Output>()
  const visit = (output: Output): void => {
    if (loaded.has(output)) return
    loaded.add(output)
    for (const file of output.loads) visit(byFile.get(file)!)
  }
  for (const output of outputs) if (output.entry) visit(output)
  return [...loaded]
}

/**
 * esbuild, for the browser; `splitting`: ES modules with code splitting (else one IIFE). The outputs of each
 * program, its entry first (programs bundled together share chunks, as one app's pages do).
 */
const esbuild = async (
  programs: ReadonlyArray<string>,
  splitting: boolean
): Promise<ReadonlyArray<ReadonlyArray<Output>>> => {
  const esbuild = await import("esbuild")
  const outdir = Fs.mkdtempSync(Path.join(out, "esbuild-"))
  const result = await esbuild.build({
    entryPoints: programs.map(consumer),
    absWorkingDir: root,
    bundle: true,
    platform: "browser",
    format: splitting ? "esm" : "iife",
    splitting,
    alias,
    metafile: true,
    outdir,
    logLevel: "silent"
  })
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith(".js"))
  return programs.map((program) =>
    outputs.map(([file, output]) => ({
      file: Path.resolve(root, file),
      // The program's own entry (a dynamically imported module is an entry point of its own too).
      entry: output.entryPoint === Path.relative(root, consumer(program)),
      modules: Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path),
      loads: output.imports.filter((edge) => edge.kind === "import-statement").map((edge) =>
        Path.resolve(root, edge.path)
      )
    }))
  )
}

/** Serves OpenAI's recorded text answer; runs an ES module bundle's entry, which reports once. */
const run = (entry: string): Promise<any> =>
  Effect.runPromise(
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const openai = server.serve({
        headers: { "content-type": "text/event-stream" },
        body: Fixtures.bytes("openai", "text.sse")
      })
      const globals = globalThis as any
      globals.consumerBaseUrls = { openai }
      return yield* Effect.promise(() =>
        new Promise((report) => {
          globals.report = report
          import(Url.pathToFileURL(entry).href)
        })
      )
    }).pipe(Effect.scoped)
  )

const recordedText = () => Fixtures.json("openai", "text.expected.json").choices["0"].content

describe("the price table only in a program that prices", () => {
  it(
    "esbuild with code splitting, root import: not loaded by a program that streams text with CallStream.text, loaded in a chunk of its own by one that prices",
    async () => {
      const [text, priced] = await esbuild(["stream-text.mjs", "price-openai.mjs"], true)
      // `CallStream.accumulate` is in the text program too (esbuild keeps every export of a namespace imported
      // from the root), and with it the `import()` of the table: a chunk that program never loads.
      assert.isFalse(loadedAtStart(text!).some((output) => output.modules.some(isPrices)))
      assert.deepStrictEqual(await run(text!.find((output) => output.entry)!.file), { text: recordedText() })
      assert.isFalse(loadedAtStart(priced!).some((output) => output.modules.some(isPrices)))
      assert.isTrue(priced!.some((output) => output.modules.some(isPrices)))
      const report = await run(priced!.find((output) => output.entry)!.file)
      assert.strictEqual(report.text, recordedText())
      assert.match(report.cost, /^\$0\.\d+$/)
      // The tokenizer's encodings (an optional peer, for estimates) are in no output of either, not even a chunk:
      // it is imported by a name no bundler follows, on Node only when an estimate needs it.
      const all = [...text!, ...priced!].flatMap((output) => output.modules)
      assert.isTrue(all.some((path) => path.endsWith("Tokenizer.ts")))
      assert.isFalse(all.some((path) => path.includes("gpt-tokenizer")))
    },
    30_000
  )

  it("esbuild without code splitting, subpath imports: not in a program that streams text", async () => {
    const [[bundle]] = await esbuild(["stream-openai-subpath.mjs"], false)
    assert.isFalse(bundle!.modules.some(isPrices))
  }, 30_000)

  it("rolldown, root import: not in a program that streams text with CallStream.text", async () => {
    const { rolldown } = await import("rolldown")
    const bundle = await rolldown({
      input: consumer("stream-text.mjs"),
      platform: "browser",
      cwd: root,
      resolve: { alias },
      logLevel: "silent"
    })
    const { output } = await bundle.generate({ format: "esm", minify: true })
    const modules = output.flatMap((chunk) =>
      chunk.type === "chunk"
        ? Object.entries(chunk.modules).filter(([, module]) => module.renderedLength > 0).map(([path]) => path)
        : []
    )
    assert.isTrue(modules.some((path) => path.endsWith("CallStream.ts")))
    assert.isFalse(modules.some(isPrices))
  }, 30_000)
})
