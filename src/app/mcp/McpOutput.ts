/**
 * The stdout of a stdio MCP server, read into one buffer reused for every read: a pipe's reader gets a new buffer per
 * read (a 64 MB answer leaves tens of megabytes to collect), so the child's stdout is a local socket (`onread`).
 *
 * @internal
 */
import * as Effect from "effect/Effect"

/** The part of a Node socket this module uses. */
export interface Socket {
  readonly on: (event: "end" | "error", listener: () => void) => unknown
  readonly destroy: () => void
}

interface Server {
  readonly listen: (path: string, listener: () => void) => unknown
  readonly once: (event: "connection" | "error", listener: (value: any) => void) => unknown
  readonly close: () => unknown
}

/** The Node modules this module loads. */
export interface Modules {
  readonly net: {
    readonly createServer: () => Server
    readonly connect: (options: {
      readonly path: string
      readonly onread: { readonly buffer: Uint8Array; readonly callback: (bytes: number, buffer: Uint8Array) => void }
    }) => Socket
  }
  readonly fs: {
    readonly mkdtempSync: (prefix: string) => string
    readonly rmSync: (path: string, options: { readonly recursive: boolean; readonly force: boolean }) => void
  }
  readonly os: { readonly tmpdir: () => string; readonly platform: () => string }
}

/** The two ends: `child`, given to the child as its stdout; `reader`, this process's. */
export interface Output {
  readonly child: Socket
  readonly reader: Socket
}

const readSize = 64 * 1024

/** Opens the output: `onBytes` gets each read (valid during the call only), `onEnd` the end of the output. */
export const open = (
  modules: Modules,
  onBytes: (bytes: Uint8Array) => void,
  onEnd: () => void
): Effect.Effect<Output, unknown> =>
  Effect.callback<Output, unknown>((resume) => {
    const { fs, net, os } = modules
    const windows = os.platform() === "win32"
    const directory = windows ? undefined : fs.mkdtempSync(`${os.tmpdir()}/mcp-`)
    const path = directory === undefined
      ? `\\\\.\\pipe\\effect-llm-stream-mcp-${Date.now()}-${Math.random().toString(36).slice(2)}`
      : `${directory}/out`
    const server = net.createServer()
    const done = () => {
      server.close()
      if (directory !== undefined) fs.rmSync(directory, { recursive: true, force: true })
    }
    let reader: Socket | undefined
    server.once("error", (error) => {
      done()
      resume(Effect.fail(error))
    })
    server.once("connection", (child: Socket) => {
      done()
      resume(Effect.succeed({ child, reader: reader! }))
    })
    server.listen(path, () => {
      const buffer = new Uint8Array(readSize)
      reader = net.connect({ path, onread: { buffer, callback: (bytes) => onBytes(buffer.subarray(0, bytes)) } })
      reader.on("end", onEnd)
      reader.on("error", onEnd)
    })
  })
