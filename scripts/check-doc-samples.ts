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
import { jsDocSamples, markdownSamples, root } from "../support/DocSamples.js"

const out = Path.join(root, ".doc-samples")

const sources: Array<readonly [string, string]> = [...markdownSamples(), ...jsDocSamples()].map((
  sample
) => [sample.origin, sample.code])

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
