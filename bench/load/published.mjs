/**
 * `--import`ed by the load benchmark's processes after tsx: the library served from the tsc build in `dist/`,
 * as bench/index.ts serves it (bench/published.mjs).
 */
import { register } from "node:module"

register("../published.mjs", import.meta.url)
