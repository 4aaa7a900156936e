import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["./test/support/setup.ts"],
    testTimeout: 30_000,
    reporters: ["default", "json"],
    outputFile: { json: "./.vitest-report.json" }
  }
})
