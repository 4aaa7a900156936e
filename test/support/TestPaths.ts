/**
 * The folders the tests read from, wherever a test file is: the repository's root and its `test/` folder.
 */
import * as Path from "node:path"

/** The repository's `test/` folder. */
export const test = Path.join(import.meta.dirname, "..")

/** The repository's root. */
export const root = Path.join(import.meta.dirname, "..", "..")
