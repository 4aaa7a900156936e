/**
 * The TypeScript samples of the README, docs/*.md and the JSDoc `@example`s of src/, each with where it comes
 * from (`docs/tools.md#2`): what scripts/check-doc-samples.ts type-checks and test/package/DocPrograms.test.ts runs.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"

export const root = Path.join(import.meta.dirname, "..")

export interface DocSample {
  readonly origin: string
  readonly code: string
}

const fromMarkdown = (file: string): Array<string> =>
  [...Fs.readFileSync(file, "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!)

const fromJsDoc = (file: string): Array<string> =>
  [...Fs.readFileSync(file, "utf8").matchAll(/@example\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g)].map((match) =>
    match[1]!.split("\n").map((line) => line.replace(/^\s*\* ?/, "")).join("\n")
  )

/** The samples of the README and docs/*.md. */
export const markdownSamples = (): Array<DocSample> =>
  [
    "README.md",
    ...Fs.readdirSync(Path.join(root, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)
  ].flatMap((file) =>
    fromMarkdown(Path.join(root, file)).map((code, index) => ({ origin: `${file}#${index + 1}`, code }))
  )

/** Each name the package exports (`effect-llm-stream/OpenAI`) and its source under src/, from package.json's exports. */
const sources: ReadonlyMap<string, string> = new Map(
  Object.entries(
    JSON.parse(Fs.readFileSync(Path.join(root, "package.json"), "utf8")).exports as Record<
      string,
      { readonly import: string } | string
    >
  ).flatMap(([name, target]) =>
    typeof target === "string" ? [] : [
      [
        name === "." ? "effect-llm-stream" : `effect-llm-stream/${name.slice(2)}`,
        target.import.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts")
      ] as const
    ]
  )
)

/**
 * The package's public modules (under src/), and the modules they re-export from (`export * from "./X.js"`,
 * `export { A } from "./X.js"`): their JSDoc examples are the public API's.
 */
const publicFiles = (): Array<string> => [
  ...new Set(
    [...sources.values()].filter((file) => file !== "index.ts" && file !== "testing.ts").flatMap((file) => [
      file,
      ...[
        ...Fs.readFileSync(Path.join(root, "src", file), "utf8").matchAll(
          /^export (?:type )?(?:\*|\{[^}]*\}) from "(\.{1,2}\/[\w/.-]+)\.js"/gm
        )
      ].map((match) => Path.posix.join(Path.posix.dirname(file), `${match[1]}.ts`))
    ])
  )
]

/** The JSDoc examples of the public modules and of the files they re-export from. */
export const jsDocSamples = (): Array<DocSample> =>
  publicFiles().flatMap((file) =>
    fromJsDoc(Path.join(root, "src", file)).map((code, index) => ({ origin: `src/${file}#${index + 1}`, code }))
  )

/** The code without its line comments (a `// Run it: ...` comment says how, it does not run). */
const withoutComments = (code: string): string => code.replace(/^\s*\/\/.*$/gm, "")

/**
 * Whether a sample is a complete program: it runs something (`Main.runMain`, `Effect.runPromise`, ...), and
 * is neither a test (vitest runs those) nor a page's code (`location`: it runs in a browser).
 */
export const isProgram = (code: string): boolean =>
  /\b(Main\.runMain|Effect\.runPromise|Effect\.runFork|NodeRuntime\.runMain)\b/.test(withoutComments(code)) &&
  !code.includes(`"@effect/vitest"`) && !/\blocation\./.test(code)

/** Whether a sample defines a `program` it neither runs nor says how to run (a `// Run it` comment). */
export const leavesProgramUnrun = (code: string): boolean =>
  /^const program\b/m.test(code) && !isProgram(code) && !/^\/\/ Run it/m.test(code)

/** Whether a program is a server: it listens until stopped (test/package/DocPrograms.test.ts starts it, asks, stops it). */
export const isServer = (code: string): boolean =>
  isProgram(code) && /\.listen\(|ChatEndpoint\.serveNode\(/.test(withoutComments(code))

/** Whether a sample is a chat route handler a test can call: it exports `POST`, `chat` or `Chat` and reads a chat request. */
export const isHandler = (code: string): boolean =>
  !isProgram(code) && code.includes("UIMessageStream.toMessages") && /^export const (POST|chat|Chat)\b/m.test(code)

/**
 * Bundles entry files for Node (ESM, `.mjs` beside them in `outdir`), `effect-llm-stream` and its entry points mapped
 * to src/, other imports resolved from the repository's node_modules (the samples are written outside it).
 */
export const bundleForNode = async (entryPoints: ReadonlyArray<string>, outdir: string): Promise<void> => {
  const esbuild = await import("esbuild")
  await esbuild.build({
    entryPoints: [...entryPoints],
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    logLevel: "silent",
    nodePaths: [Path.join(root, "node_modules")],
    plugins: [{
      name: "effect-llm-stream-sources",
      setup: (build) =>
        build.onResolve({ filter: /^effect-llm-stream(\/\w+)?$/ }, ({ path }) => ({
          path: Path.join(root, "src", sources.get(path) ?? `${path.slice(18)}.ts`)
        }))
    }]
  })
}
