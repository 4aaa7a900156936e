import * as Path from "node:path"
import { defineConfig } from "vitest/config"

const src = Path.join(import.meta.dirname, "src")

export default defineConfig({
  // The package's own name resolves to its sources (the published package resolves to dist/).
  resolve: {
    alias: [
      { find: /^effect-llm-stream$/, replacement: Path.join(src, "index.ts") },
      { find: /^effect-llm-stream\/(.*)$/, replacement: Path.join(src, "$1.ts") }
    ]
  },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["./test/support/setup.ts"],
    testTimeout: 30_000,
    reporters: ["default", "json"],
    outputFile: { json: "./.vitest-report.json" }
  }
})
