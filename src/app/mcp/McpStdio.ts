/**
 * The stdio transport of `Mcp.tools`, its own for what a hostile server may do: a line over `maxBytes` fails only
 * the request it answers, a malformed line the requests waiting. The child never gets the parent's secrets.
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
import * as ErrorReport from "../../core/http/ErrorReport.js"
import * as NodeModules from "../../core/NodeModules.js"
import type * as McpAsked from "./McpAsked.js"
import * as McpLines from "./McpLines.js"
import * as McpOutput from "./McpOutput.js"

/** The part of a Node child process the transport uses (typed here, so that no type of the library names Node's). */
interface Child {
  readonly stdin: {
    readonly writableLength: number
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
  /** The answer to a request of the server, given the requests waiting (`McpAsked`); `undefined`: none of its own. */
  readonly answer?: McpAsked.Asked["answer"] | undefined
  /** Told each notification of the server (`McpCompletions` hears its completions). */
  readonly notified?: ((message: { readonly method: string; readonly params?: unknown }) => void) | undefined
}

/** Reads this process's platform and environment, where there is one (not in a browser). */
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
  Effect.flatMap(
    Effect.promise(() => NodeModules.load<A>(specifier)),
    (module) =>
      module !== undefined ? Effect.succeed(module) : Effect.fail(
        failure(new McpClientError.ConfigurationError({ description: "the stdio transport needs Node.js (node:net)" }))
      )
  )

const modules = /* @__PURE__ */ Effect.all({
  childProcess: load<ChildProcessModule>("node:child_process"),
  net: load<McpOutput.Modules["net"]>("node:net"),
  fs: load<McpOutput.Modules["fs"]>("node:fs"),
  os: load<McpOutput.Modules["os"]>("node:os")
})

const decodeMessage = /* @__PURE__ */ Schema.decodeUnknownResult(McpSchema.JsonRpcMessage)

type Pending = Deferred.Deferred<McpSchema.JsonRpcResponse, McpClientError.McpClientError>

/** The state of one server's transport: the requests waiting for an answer, and why it closed, once it did. */
interface Session {
  readonly pending: Map<McpSchema.RequestId, Pending>
  closed: McpClientError.McpClientError | undefined
  /** How the process exited, once it did. */
  exit: string | undefined
  child: Child | undefined
  readonly answer: McpAsked.Asked["answer"]
  readonly notified: NonNullable<Options["notified"]>
}

const failAll = (session: Session, error: McpClientError.McpClientError): void => {
  for (const deferred of session.pending.values()) Deferred.doneUnsafe(deferred, Effect.fail(error))
  session.pending.clear()
}

/** Closes the transport: every waiting request, and every later one, fails with the first reason given. */
const close = (session: Session, error: McpClientError.McpClientError): void => {
  session.closed ??= error
  failAll(session, session.closed)
}

const send = (session: Session, message: McpSchema.JsonRpcMessage): void => {
  if (session.closed === undefined) session.child?.stdin.write(JSON.stringify(message) + "\n")
}

/** Fails the request a line over the bound answered (every waiting one when its id is not known). */
const skipped = (session: Session, id: McpSchema.RequestId | undefined): void => {
  const error = failure(new McpClientError.LimitError({ description: "MCP message exceeds maxMessageBytes" }))
  const deferred = id === undefined ? undefined : session.pending.get(id)
  if (deferred === undefined) return failAll(session, error)
  session.pending.delete(id!)
  Deferred.doneUnsafe(deferred, Effect.fail(error))
}

/**
 * The most bytes waiting to be written to the server's input for an answer to a request of its own to be sent: a
 * server that asks without reading its input would otherwise grow this process without bound.
 */
const maxBacklog = 1024 * 1024

/**
 * Answers a request of the server: the session's `answer` where it has one (`McpAsked`, the requests waiting given),
 * else a ping's, or a decline (the method named cut short); no answer while the server leaves more than `maxBacklog`
 * bytes unread. A notification (no id) is told to the session's `notified`.
 */
const answerServer = (
  session: Session,
  message: { readonly method: string; readonly id?: unknown; readonly params?: unknown }
): void => {
  if (!("id" in message) || message.id === undefined) return session.notified(message)
  if ((session.child?.stdin.writableLength ?? 0) > maxBacklog) return
  const id = message.id as McpSchema.RequestId
  const method = ErrorReport.cut(message.method, 100)
  send(
    session,
    session.answer({ ...message, id }, [...session.pending.keys()]) ?? (message.method === "ping"
      ? { jsonrpc: "2.0", id, result: {} }
      : { jsonrpc: "2.0", id, error: { code: -32601, message: `Unsupported: ${method}` } })
  )
}

const parseLine = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Reads one line of the server's output: a request of its own, or the answer to one of ours. */
const receive = (session: Session, text: string): void => {
  const decoded = decodeMessage(parseLine(text))
  if (Result.isFailure(decoded)) {
    // Which request a malformed line answers cannot be known: every waiting one fails, the server stays.
    return failAll(
      session,
      failure(new McpClientError.ProtocolError({ description: "the MCP server sent malformed JSON-RPC" }))
    )
  }
  const message = decoded.success
  if ("method" in message) return answerServer(session, message)
  if (message.id === undefined || message.id === null) {
    return failAll(
      session,
      failure(new McpClientError.ProtocolError({ description: "the MCP server sent an error without an id" }))
    )
  }
  const deferred = session.pending.get(message.id)
  if (deferred !== undefined) {
    session.pending.delete(message.id)
    Deferred.doneUnsafe(deferred, Effect.succeed(message as McpSchema.JsonRpcResponse))
  }
}

/** Starts the process, its stdout the output `output` reads. */
const spawn = (childProcess: ChildProcessModule, options: Options, output: McpOutput.Output) =>
  Effect.try({
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

/** Closes the transport when the process fails to start or exits, and completes `exited`. */
const watchChild = (session: Session, child: Child, exited: Deferred.Deferred<void>): void => {
  child.stdin.on("error", () => {})
  child.on("error", (error) => {
    close(
      session,
      transportError(`cannot start the MCP server${typeof error.code === "string" ? ` (${error.code})` : ""}`)
    )
    Deferred.doneUnsafe(exited, Effect.void)
  })
  child.on("close", (code, signal) => {
    const exit = `the MCP server exited ${code !== null ? `with code ${code}` : `on ${signal ?? "a signal"}`}`
    session.exit = exit
    // What it wrote before it exited is still read; a child of its own may keep the output open.
    later(() => close(session, transportError(exit)), 1_000)
    Deferred.doneUnsafe(exited, Effect.void)
  })
}

/** Closes stdin and gives the server a moment to exit, then SIGTERM, then SIGKILL. */
const stopChild = (session: Session, child: Child, exited: Deferred.Deferred<void>) =>
  Effect.gen(function*() {
    close(session, failure(new McpClientError.ClosedError({ description: "MCP transport closed" })))
    child.stdin.end()
    for (const signal of ["SIGTERM", "SIGKILL"]) {
      if (Deferred.isDoneUnsafe(exited)) return
      if ((yield* Effect.timeoutOption(Deferred.await(exited), "2 seconds"))._tag === "Some") return
      child.kill(signal)
    }
  })

/** Sends a request and waits for its answer; a cancelled request is told to the server, as the spec asks. */
const request = (session: Session, message: McpSchema.JsonRpcRequest) =>
  Effect.suspend(() => {
    if (session.closed !== undefined) return Effect.fail(session.closed)
    const deferred = Deferred.makeUnsafe<McpSchema.JsonRpcResponse, McpClientError.McpClientError>()
    session.pending.set(message.id, deferred)
    send(session, message)
    return Deferred.await(deferred).pipe(
      Effect.onInterrupt(() =>
        Effect.sync(() => {
          if (session.pending.delete(message.id)) {
            send(session, { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: message.id } })
          }
        })
      )
    )
  })

const transportOf = (session: Session): McpClient.Transport => ({
  ["~effect/ai/McpClient/Transport"]: "~effect/ai/McpClient/Transport",
  protocol: McpProtocol.v2025_11_25,
  isCallable: () => true,
  notify: (message) =>
    Effect.suspend(() =>
      session.closed === undefined ? Effect.sync(() => send(session, message)) : Effect.fail(session.closed)
    ),
  request: (message) => request(session, message)
})

/** Starts the server; its transport, closed (the process ended) with the scope. */
export const make = (
  options: Options
): Effect.Effect<McpClient.Transport, McpClientError.McpClientError, Scope.Scope> =>
  Effect.gen(function*() {
    const { childProcess, ...nodeModules } = yield* modules
    const session: Session = {
      pending: new Map(),
      closed: undefined,
      exit: undefined,
      child: undefined,
      answer: options.answer ?? (() => undefined),
      notified: options.notified ?? (() => undefined)
    }
    const exited = yield* Deferred.make<void>()
    // The output first (a reader of lines within the bound on it), then the process writing to it.
    const lines = McpLines.reader(options.maxBytes, {
      line: (text) => receive(session, text),
      skipped: (id) => skipped(session, id)
    })
    // No answer can come after the end of the output; the exit's code says more, when it is known in time.
    const ended = () =>
      later(
        () => close(session, transportError(session.exit ?? "the MCP server closed its output")),
        session.exit === undefined ? 100 : 0
      )
    const output = yield* McpOutput.open(nodeModules, lines, ended).pipe(
      Effect.mapError(() => transportError("cannot open the MCP server's output"))
    )
    yield* Effect.addFinalizer(() => Effect.sync(() => output.reader.destroy()))
    const child = yield* spawn(childProcess, options, output)
    session.child = child
    watchChild(session, child, exited)
    yield* Effect.addFinalizer(() => stopChild(session, child, exited))
    return transportOf(session)
  })
