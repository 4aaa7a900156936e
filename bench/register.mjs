/**
 * `node --import tsx --import ./bench/register.mjs bench/<file>.ts`: runs one benchmark file alone with the
 * library served from its build (bench/published.mjs), as bench/index.ts does, without building it first (run
 * `npx tsc -p tsconfig.build.json` before). For tools that run node themselves: `valgrind`, `--cpu-prof`.
 */
import * as Module from "node:module"

process.setSourceMapsEnabled(true)
Module.register("./published.mjs", import.meta.url)
