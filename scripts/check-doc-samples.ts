/**
 * Type-checks every TypeScript sample in the README, docs/*.md and the JSDoc `@example`s of src/:
 * each is written to `.doc-samples/` as a module of its own and checked with the project's compiler
 * settings. Samples fenced as `ts fragment` are excerpts and are not checked.
 *
 *   npx tsx scripts/check-doc-samples.ts
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"

const root = Path.join(import.meta.dirname, "..")
const out = Path.join(root, ".doc-samples")

const fromMarkdown = (file: string): Array<string> =>
  [...Fs.readFileSync(file, "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!)

const fromJsDoc = (file: string): Array<string> =>
  [...Fs.readFileSync(file, "utf8").matchAll(/@example\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g)].map((match) =>
    match[1]!.split("\n").map((line) => line.replace(/^\s*\* ?/, "")).join("\n")
  )

const sources: Array<readonly [string, string]> = []
const docs = Path.join(root, "docs")
for (
  const file of [
    "README.md",
    ...Fs.readdirSync(docs).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)
  ]
) {
  fromMarkdown(Path.join(root, file)).forEach((code, index) => sources.push([`${file}#${index + 1}`, code]))
}
for (const file of Fs.readdirSync(Path.join(root, "src")).filter((name) => name.endsWith(".ts"))) {
  fromJsDoc(Path.join(root, "src", file)).forEach((code, index) => sources.push([`src/${file}#${index + 1}`, code]))
}

Fs.rmSync(out, { recursive: true, force: true })
Fs.mkdirSync(out)
const names = new Map<string, string>()
sources.forEach(([origin, code], index) => {
  const name = `sample${index}.ts`
  names.set(name, origin)
  // Each sample is a module; unused declarations are fine in an excerpt.
  Fs.writeFileSync(Path.join(out, name), `export {}\n${code}`)
})
Fs.writeFileSync(
  Path.join(out, "tsconfig.json"),
  JSON.stringify({
    extends: "../tsconfig.json",
    compilerOptions: { noUnusedLocals: false },
    include: ["*.ts"]
  })
)
const result = ChildProcess.spawnSync(
  process.execPath,
  [Path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", Path.join(out, "tsconfig.json"), "--noEmit"],
  { encoding: "utf8" }
)
const report = (result.stdout + result.stderr).replace(/sample\d+\.ts/g, (name) => names.get(name) ?? name)
if (result.status !== 0) {
  console.error(report)
  console.error(`${sources.length} samples checked: some do not type-check`)
  process.exit(1)
}
console.log(`${sources.length} samples type-check`)
