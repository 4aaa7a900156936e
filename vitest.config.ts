import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { defineConfig } from "vitest/config"

const src = Path.join(import.meta.dirname, "src")
const exports: Record<string, { readonly import: string } | string> = JSON.parse(
  Fs.readFileSync(Path.join(import.meta.dirname, "package.json"), "utf8")
).exports
/** Each subpath of the package (`effect-llm-stream/OpenAI`) resolves to its source, as `exports` maps it to dist/. */
const subpaths = Object.entries(exports).flatMap(([name, target]) =>
  name === "." || typeof target === "string" ? [] : [{
    find: new RegExp(`^effect-llm-stream/${name.slice(2)}$`),
    replacement: Path.join(src, target.import.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts"))
  }]
)

export default defineConfig({
  // The package's own name resolves to its sources (the published package resolves to dist/).
  resolve: {
    alias: [
      { find: /^effect-llm-stream$/, replacement: Path.join(src, "index.ts") },
      ...subpaths
    ]
  },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["./test/support/setup.ts"],
    testTimeout: 30_000,
    // Most files wait on sockets, child processes and timers: two files at a time even on two cores (vitest's
    // default there is one), and the packed-package test runs beside the rest instead of after it.
    maxWorkers: Math.max(2, Os.availableParallelism() - 1),
    // Each worker runs its files in one module graph (not a fresh one per file): importing Effect and the
    // library once per worker instead of once per file halves the suite's CPU time (327 s to 173 s, 183 s to 107 s
    // of wall time on 2 cores). Files must leave no state behind: test/support/setup.ts resets what one may set.
    isolate: false,
    reporters: ["default", "json"],
    outputFile: { json: "./.vitest-report.json" }
  }
})
