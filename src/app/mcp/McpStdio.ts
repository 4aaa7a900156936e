/**
 * The stdio transport of `Mcp.tools`: the server a child process, JSON-RPC messages one per line on its stdin
 * and stdout, as `effect/ai/McpClient` reads them through its `Transport` service. It is this library's own,
 * not `McpClient.stdio`, for what a server the program does not control may do: a line longer than the bound
 * is skipped as it arrives (never held past `maxBytes`) and fails only the request it answers, so the server
 * stays usable; a malformed line fails the requests waiting (not the transport); an exit fails every request
 * at once. Node's `child_process` is loaded when the first server starts, so that no other program carries it.
 * The child gets the environment `env` gives and a few harmless variables (`PATH`, `HOME`, ...), never the
 * parent's secrets; its stderr is not read.
 *
 * @internal
 */
import * as McpClient from "effect/ai/McpClient"
import * as McpClientError from "effect/ai/McpClientError"
import * as McpProtocol from "effect/ai/McpProtocol"
import * as McpSchema from "effect/ai/McpSchema"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as McpLines from "./McpLines.js"
import * as McpOutput from "./McpOutput.js"

/** The part of a Node child process the transport uses (typed here, so that no type of the library names Node's). */
interface Child {
  readonly stdin: {
    write: (text: string) => boolean
    end: () => void
    on: (event: "error", listener: (error: unknown) => void) => unknown
  }
  readonly exitCode: number | null
  readonly kill: (signal: string) => boolean
  readonly on: {
    (event: "close", listener: (code: number | null, signal: string | null) => void): unknown
    (event: "error", listener: (error: { readonly code?: unknown }) => void): unknown
  }
}

interface ChildProcessModule {
  readonly spawn: (command: string, args: ReadonlyArray<string>, options: {
    readonly cwd?: string | undefined
    readonly env: Record<string, string>
    readonly stdio: readonly ["pipe", McpOutput.Socket, "ignore"]
    readonly windowsHide: boolean
  }) => Child
}

/** How the server is started: `env` is added to a few harmless variables of this process. */
export interface Options {
  readonly command: string
  readonly args: ReadonlyArray<string>
  readonly env: Readonly<Record<string, string>>
  readonly cwd: string | undefined
  /** The longest line (one JSON-RPC message) read, in bytes. */
  readonly maxBytes: number
}

/** This process's platform and environment, where there is one (not in a browser). */
const host = (): { readonly platform?: string; readonly env?: Readonly<Record<string, string | undefined>> } =>
  (globalThis as { readonly process?: ReturnType<typeof host> }).process ?? {}

// The variables the official SDK's stdio transport passes on by default (`getDefaultEnvironment`).
const inherited = (platform: string | undefined): ReadonlyArray<string> =>
  platform === "win32"
    ? ["APPDATA", "HOMEDRIVE", "HOMEPATH", "LOCALAPPDATA", "PATH", "PROCESSOR_ARCHITECTURE", "SYSTEMDRIVE"]
      .concat(["SYSTEMROOT", "TEMP", "USERNAME", "USERPROFILE", "PROGRAMFILES"])
    : ["HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER"]

/** The child's environment: the harmless variables of this one (no shell functions), then `env`. */
export const environment = (env: Readonly<Record<string, string>>): Record<string, string> => {
  const { env: own = {}, platform } = host()
  const out: Record<string, string> = {}
  for (const key of inherited(platform)) {
    const value = own[key]
    if (value !== undefined && !value.startsWith("()")) out[key] = value
  }
  return { ...out, ...env }
}

/** Runs `f` after `millis`, without keeping the process alive for it. */
const later = (f: () => void, millis: number): void => {
  const timer: { unref?: () => void } = setTimeout(f, millis) as any
  timer.unref?.()
}

const failure = (reason: McpClientError.McpClientErrorReason) => new McpClientError.McpClientError({ reason })
const transportError = (description: string) => failure(new McpClientError.TransportError({ description }))

/** Loads a Node module: only programs that start a stdio server do (a specifier bundlers leave alone). */
const load = <A>(specifier: string): Effect.Effect<A, McpClientError.McpClientError> =>
  Effect.tryPromise({
    try: () => import(/* webpackIgnore: true */ /* @vite-ignore */ specifier) as Promise<A>,
    catch: () =>
      failure(new McpClientError.ConfigurationError({ description: "the stdio transport needs Node.js (node:net)" }))
  })

const modules = /* @__PURE__ */ Effect.all({
  childProcess: load<ChildProcessModule>("node:child_process"),
  net: load<McpOutput.Modules["net"]>("node:net"),
  fs: load<McpOutput.Modules["fs"]>("node:fs"),
  os: load<McpOutput.Modules["os"]>("node:os")
})

const decodeMessage = /* @__PURE__ */ Schema.decodeUnknownResult(McpSchema.JsonRpcMessage)

/** Starts the server; its transport, closed (the process ended) with the scope. */
export const make = (
  options: Options
): Effect.Effect<McpClient.Transport, McpClientError.McpClientError, Scope.Scope> =>
  Effect.gen(function*() {
    const { childProcess, ...nodeModules } = yield* modules
    const pending = new Map<
      McpSchema.RequestId,
      Deferred.Deferred<McpSchema.JsonRpcResponse, McpClientError.McpClientError>
    >()
    let closed: McpClientError.McpClientError | undefined
    const exited = yield* Deferred.make<void>()

    const failAll = (error: McpClientError.McpClientError) => {
      for (const deferred of pending.values()) Deferred.doneUnsafe(deferred, Effect.fail(error))
      pending.clear()
    }
    const close = (error: McpClientError.McpClientError) => {
      closed ??= error
      failAll(closed)
    }

    // The output first (a reader of lines within the bound on it), then the process writing to it.
    const lines = McpLines.reader(options.maxBytes, {
      line: (text) => receive(text),
      skipped: (id) => {
        const error = failure(new McpClientError.LimitError({ description: "MCP message exceeds maxMessageBytes" }))
        const deferred = id === undefined ? undefined : pending.get(id)
        if (deferred === undefined) return failAll(error)
        pending.delete(id!)
        Deferred.doneUnsafe(deferred, Effect.fail(error))
      }
    })
    let exit: string | undefined
    // No answer can come after the end of the output; the exit's code says more, when it is known in time.
    const ended = () =>
      later(() => close(transportError(exit ?? "the MCP server closed its output")), exit === undefined ? 100 : 0)
    const output = yield* McpOutput.open(nodeModules, lines, ended).pipe(
      Effect.mapError(() => transportError("cannot open the MCP server's output"))
    )
    yield* Effect.addFinalizer(() => Effect.sync(() => output.reader.destroy()))
    const child = yield* Effect.try({
      try: () => {
        try {
          return childProcess.spawn(options.command, options.args, {
            cwd: options.cwd,
            env: environment(options.env),
            stdio: ["pipe", output.child, "ignore"],
            windowsHide: true
          })
        } finally {
          // The child has its own copy of its end.
          output.child.destroy()
        }
      },
      catch: () => transportError("cannot start the MCP server")
    })
    const send = (message: McpSchema.JsonRpcMessage) => {
      if (closed === undefined) child.stdin.write(JSON.stringify(message) + "\n")
    }

    const receive = (text: string) => {
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        json = undefined
      }
      const decoded = decodeMessage(json)
      if (Result.isFailure(decoded)) {
        // Which request a malformed line answers cannot be known: every waiting one fails, the server stays.
        return failAll(
          failure(new McpClientError.ProtocolError({ description: "the MCP server sent malformed JSON-RPC" }))
        )
      }
      const message = decoded.success
      if ("method" in message) {
        // The client offers no capability: it answers pings and declines the server's other requests.
        if ("id" in message && message.id !== undefined) {
          send(
            message.method === "ping"
              ? { jsonrpc: "2.0", id: message.id, result: {} }
              : { jsonrpc: "2.0", id: message.id, error: { code: -32601, message: `Unsupported: ${message.method}` } }
          )
        }
        return
      }
      if (message.id === undefined || message.id === null) {
        return failAll(
          failure(new McpClientError.ProtocolError({ description: "the MCP server sent an error without an id" }))
        )
      }
      const deferred = pending.get(message.id)
      if (deferred !== undefined) {
        pending.delete(message.id)
        Deferred.doneUnsafe(deferred, Effect.succeed(message as McpSchema.JsonRpcResponse))
      }
    }

    child.stdin.on("error", () => {})
    child.on("error", (error) => {
      close(transportError(`cannot start the MCP server${typeof error.code === "string" ? ` (${error.code})` : ""}`))
      Deferred.doneUnsafe(exited, Effect.void)
    })
    child.on("close", (code, signal) => {
      exit = `the MCP server exited ${code !== null ? `with code ${code}` : `on ${signal ?? "a signal"}`}`
      // What it wrote before it exited is still read; a child of its own may keep the output open.
      later(() => close(transportError(exit!)), 1_000)
      Deferred.doneUnsafe(exited, Effect.void)
    })

    // Close stdin and give the server a moment to exit, then SIGTERM, then SIGKILL.
    yield* Effect.addFinalizer(() =>
      Effect.gen(function*() {
        close(failure(new McpClientError.ClosedError({ description: "MCP transport closed" })))
        child.stdin.end()
        for (const signal of ["SIGTERM", "SIGKILL"]) {
          if (Deferred.isDoneUnsafe(exited)) return
          if ((yield* Effect.timeoutOption(Deferred.await(exited), "2 seconds"))._tag === "Some") return
          child.kill(signal)
        }
      })
    )

    const transport: McpClient.Transport = {
      ["~effect/ai/McpClient/Transport"]: "~effect/ai/McpClient/Transport",
      protocol: McpProtocol.v2025_11_25,
      isCallable: () => true,
      notify: (message) =>
        Effect.suspend(() => closed === undefined ? Effect.sync(() => send(message)) : Effect.fail(closed)),
      request: (message) =>
        Effect.suspend(() => {
          if (closed !== undefined) return Effect.fail(closed)
          const deferred = Deferred.makeUnsafe<McpSchema.JsonRpcResponse, McpClientError.McpClientError>()
          pending.set(message.id, deferred)
          send(message)
          return Deferred.await(deferred).pipe(
            Effect.onInterrupt(() =>
              Effect.sync(() => {
                // A cancelled call is told to the server (`notifications/cancelled`), as the spec asks.
                if (pending.delete(message.id)) {
                  send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: message.id } })
                }
              })
            )
          )
        })
    }
    return transport
  })
