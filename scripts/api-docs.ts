/**
 * Generates the API reference (`docs/api/*.md`) from the JSDoc of the public modules: every export with
 * its description, `@since`, `@category` and examples, grouped by category. `npm run docs:api` writes it;
 * `npm test` checks that the committed reference is current (test/ApiDocs.test.ts).
 *
 *   npx tsx scripts/api-docs.ts [--check]
 */
import * as Fs from "node:fs"
import * as Path from "node:path"

const root = Path.join(import.meta.dirname, "..")
const source = Path.join(root, "src")
const target = Path.join(root, "docs", "api")

interface Entry {
  readonly name: string
  readonly kind: string
  readonly signature: string
  readonly description: string
  readonly since: string | undefined
  readonly category: string
  readonly examples: ReadonlyArray<string>
}

const declaration = /^export (?:declare )?(const|class|interface|type|function|namespace)\s+([A-Za-z0-9_]+)([^\n]*)/

/** The JSDoc block ending just before `index` in `text`, if any. */
const docBefore = (text: string, index: number): string | undefined => {
  const before = text.slice(0, index).trimEnd()
  if (!before.endsWith("*/")) return undefined
  const start = before.lastIndexOf("/**")
  return start === -1 ? undefined : before.slice(start + 3, -2)
}

/** The declaration starting at `lines[start]`, up to where its body or value begins. */
const signatureAt = (lines: ReadonlyArray<string>, start: number): string => {
  // A const with an explicit (overloaded) type: the type literal is the signature.
  if (/^export const \w+: \{$/.test(lines[start]!.trimEnd())) {
    const end = lines.findIndex((line, index) => index > start && /^\} =/.test(line))
    if (end !== -1) return [...lines.slice(start, end), "}"].join("\n")
  }
  const taken: Array<string> = []
  let depth = 0
  let from = start
  // The declared thing's type parameters over several lines (`layer = <` ... `>(`), taken whole first.
  if (/(= |(interface|type|class) \w+)<$/.test(lines[start]!.trimEnd())) {
    const close = lines.findIndex((line, index) => index > start && line.trimStart().startsWith(">"))
    if (close !== -1) {
      taken.push(...lines.slice(start, close))
      from = close
    }
  }
  for (let index = from; index < lines.length && taken.length < 30; index++) {
    const line = lines[index]!
    // A const typed as a function and made by a call (`) => Effect<...> = Effect.fnUntraced(`): its type ends here.
    const typed = /^(\s*\)\s*=>.*?) = [A-Za-z_$][\w.$]*\($/.exec(line)
    if (typed !== null) {
      taken.push(typed[1]!)
      break
    }
    taken.push(line)
    for (const char of line) {
      if (char === "(" || char === "[") depth++
      else if (char === ")" || char === "]") depth--
    }
    const end = line.trimEnd()
    if (depth <= 0 && (end.endsWith("=>") || end.endsWith(" =") || end.endsWith("{") || !/[(,[:|&<]$/.test(end))) break
  }
  return taken.join("\n").trimEnd().replace(/(\s*(=>|=|\{))+$/, "")
}

const parseDoc = (doc: string) => {
  const lines = doc.split("\n").map((line) => line.replace(/^\s*\* ?/, ""))
  const description: Array<string> = []
  const examples: Array<string> = []
  let since: string | undefined
  let category = "Other"
  let example: Array<string> | undefined
  for (const line of lines) {
    const tag = /^@(\w+)\s*(.*)$/.exec(line.trim())
    if (tag !== null) {
      if (example !== undefined) examples.push(example.join("\n").trim())
      example = undefined
      if (tag[1] === "since") since = tag[2]
      else if (tag[1] === "category") category = tag[2]!
      else if (tag[1] === "example") example = []
      continue
    }
    if (example !== undefined) example.push(line)
    else description.push(line)
  }
  if (example !== undefined) examples.push(example.join("\n").trim())
  return { description: description.join("\n").trim(), examples, since, category }
}

/**
 * The documented declarations an `export { A, B as C } from "./X.js"` statement of `file` names, under the names it
 * gives them; a name whose declaration has no doc comment fails the generation, naming it.
 */
const reexported = (file: string, statement: string): Array<Entry> => {
  const parsed = /\{([^}]*)\} from "(\.{1,2}\/[^"]+)\.js"/.exec(statement)
  if (parsed === null) return []
  const declared = moduleOf(Path.join(Path.dirname(file), `${parsed[2]!}.ts`)).entries
  return parsed[1]!.split(",").map((item) => item.trim().replace(/^type\s+/, "")).filter((item) => item !== "").map(
    (item) => {
      const [name, alias = name] = item.split(/\s+as\s+/) as [string, string?]
      const entry = declared.find((candidate) => candidate.name === name)
      if (entry === undefined) {
        throw new Error(`${Path.relative(root, file)} exports ${name}, whose declaration has no doc comment`)
      }
      return { ...entry, name: alias }
    }
  )
}

const moduleOf = (
  file: string
): { readonly header: ReturnType<typeof parseDoc> | undefined; readonly entries: Array<Entry> } => {
  const text = Fs.readFileSync(file, "utf8")
  const header = text.startsWith("/**") ? parseDoc(text.slice(3, text.indexOf("*/"))) : undefined
  const entries: Array<Entry> = []
  const lines = text.split("\n")
  let offset = 0
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!
    // A module re-exporting a folder's module whole (`export * from "./loop/StepEvents.js"`) documents its exports.
    const reexport = /^export \* from "(\.{1,2}\/[\w/.-]+)\.js"/.exec(line)
    if (reexport !== null) entries.push(...moduleOf(Path.join(Path.dirname(file), `${reexport[1]}.ts`)).entries)
    // A module re-exporting names of another (`export { A, B } from "./X.js"`) documents them where they are declared.
    if (/^export (type )?\{/.test(line)) {
      const end = lines.findIndex((next, at) => at >= index && /\} from "[^"]+"/.test(next))
      const statement = lines.slice(index, end + 1).join(" ")
      entries.push(...reexported(file, statement))
    }
    const match = declaration.exec(line)
    if (match !== null) {
      const doc = docBefore(text, offset)
      if (doc !== undefined && !doc.includes("@internal")) {
        const parsed = parseDoc(doc)
        entries.push({
          name: match[2]!,
          kind: match[1]!,
          signature: signatureAt(lines, index),
          description: parsed.description,
          since: parsed.since,
          category: parsed.category,
          examples: parsed.examples
        })
      }
    }
    offset += line.length + 1
  }
  return { header, entries }
}

const render = (name: string, module: ReturnType<typeof moduleOf>): string => {
  const out: Array<string> = [`# ${name}`, ""]
  if (module.header?.description) out.push(module.header.description, "")
  const categories = [...new Set(module.entries.map((entry) => entry.category))].sort()
  for (const category of categories) {
    out.push(`## ${category}`, "")
    for (const entry of module.entries.filter((candidate) => candidate.category === category)) {
      out.push(`### ${entry.name}`, "")
      if (entry.description) out.push(entry.description, "")
      out.push("```ts", entry.signature, "```", "")
      for (const example of entry.examples) out.push(example, "")
      if (entry.since) out.push(`Since ${entry.since}`, "")
    }
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n"
}

/** The namespaces an entry point exports (`export * as X from "./<folder>/X.js"`), with their modules' paths. */
const namespacesOf = (entry: string): Array<{ readonly name: string; readonly path: string }> =>
  Fs.readFileSync(Path.join(source, entry), "utf8")
    .split("\n")
    .flatMap((line) => {
      const match = /^export \* as (\w+) from "\.\/([\w/-]+)\.js"/.exec(line)
      return match === null ? [] : [{ name: match[1]!, path: `${match[2]!}.ts` }]
    })

const entries = [
  { entry: "index.ts", specifier: "effect-llm-stream", modules: namespacesOf("index.ts") },
  { entry: "testing.ts", specifier: "effect-llm-stream/testing", modules: namespacesOf("testing.ts") }
]

const pages = new Map<string, string>()
for (const { modules } of entries) {
  for (const { name, path } of modules) pages.set(`${name}.md`, render(name, moduleOf(Path.join(source, path))))
}
pages.set(
  "README.md",
  [
    "# API reference",
    "",
    "Generated from the JSDoc of `src/` by `npm run docs:api`.",
    "",
    ...entries.flatMap(({ specifier, modules }) => [
      `## \`${specifier}\``,
      "",
      ...modules.map(({ name }) => `- [${name}](${name}.md)`),
      ""
    ])
  ].join("\n")
)

if (process.argv.includes("--check")) {
  const stale = [
    ...[...pages].filter(([file, text]) => {
      const path = Path.join(target, file)
      return !Fs.existsSync(path) || Fs.readFileSync(path, "utf8") !== text
    }),
    // A page of a module that is no longer exported.
    ...Fs.readdirSync(target).filter((file) => !pages.has(file)).map((file) => [file, ""] as const)
  ]
  if (stale.length > 0) {
    console.error(`docs/api is out of date (${stale.map(([file]) => file).join(", ")}): run npm run docs:api`)
    process.exit(1)
  }
} else {
  Fs.rmSync(target, { recursive: true, force: true })
  Fs.mkdirSync(target, { recursive: true })
  for (const [file, text] of pages) Fs.writeFileSync(Path.join(target, file), text)
  console.log(`wrote ${pages.size} pages to docs/api`)
}
