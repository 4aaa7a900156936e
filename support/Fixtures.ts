/**
 * Recorded provider bodies under `test/fixtures/<provider>/` (see each folder's SOURCES.md for where
 * every recording comes from).
 */
import * as Fs from "node:fs"
import * as Path from "node:path"

const root = Path.join(import.meta.dirname, "..", "test", "fixtures")

export const bytes = (provider: string, name: string): Uint8Array =>
  new Uint8Array(Fs.readFileSync(Path.join(root, provider, name)))

export const text = (provider: string, name: string): string => Fs.readFileSync(Path.join(root, provider, name), "utf8")

export const json = <A = any>(provider: string, name: string): A => JSON.parse(text(provider, name)) as A

/** The names of a provider's recorded streams (files ending in `.sse`), without the extension. */
export const streams = (provider: string): Array<string> =>
  Fs.readdirSync(Path.join(root, provider))
    .filter((file) => file.endsWith(".sse"))
    .map((file) => file.slice(0, -".sse".length))
    .sort()

/** A recorded body as bytes: Bedrock's binary bodies are stored base64-encoded (`*.b64`), others as they are. */
export const body = (provider: string, name: string): Uint8Array =>
  name.endsWith(".b64") ? new Uint8Array(Buffer.from(text(provider, name).trim(), "base64")) : bytes(provider, name)

/** The names of the files of a provider's folder that end with `suffix`. */
export const files = (provider: string, suffix: string): Array<string> =>
  Fs.readdirSync(Path.join(root, provider)).filter((file) => file.endsWith(suffix)).sort()

/**
 * The content-block indices a recorded Bedrock stream marks as tools the service ran itself (a `toolUse` start
 * with `type: "server_tool_use"`), read from the frames of its `*.expected.json`.
 */
export const bedrockServerToolBlocks = (
  expected: { readonly frames: ReadonlyArray<{ readonly payload: any }> }
): ReadonlySet<number> =>
  new Set(
    expected.frames.flatMap((frame) =>
      frame.payload?.start?.toolUse?.type === "server_tool_use" ? [frame.payload.contentBlockIndex as number] : []
    )
  )
