/**
 * A stream of events served as Server-Sent Events, whatever the protocol (a `Wire`), as an `effect/http` response
 * pulled as the server writes it, or written to a Node `http.ServerResponse` as fast as its client reads. Each event
 * is `data: <json>\n\n`, as the AI SDK's `JsonToSseTransformStream` and `@ag-ui/encoder` write them. A failure before
 * any content is an HTTP error status (`UIErrorAnswer`); a client that goes away interrupts the stream at once. A
 * stream that ends without its protocol's ending is given the wire's (`Wire.unended`), checked once at its end.
 *
 * @internal
 */
import type * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Channel from "effect/Channel"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Pull from "effect/Pull"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as CachedContext from "../../core/stream/CachedContext.js"
import * as StreamStart from "../../core/stream/StreamStart.js"
import * as HandOff from "../store/HandOff.js"
import * as UIErrorAnswer from "./UIErrorAnswer.js"
import * as UIHead from "./UIHead.js"
import * as UIRedaction from "./UIRedaction.js"

export type { Wire } from "./UIHead.js"

/** Items as the text of their events: each one `data: <json>\n\n`. */
export const events = (items: ReadonlyArray<unknown>): string => {
  let text = ""
  for (let index = 0; index < items.length; index++) text += `data: ${JSON.stringify(items[index])}\n\n`
  return text
}

const encoder = new TextEncoder()

/** The wire's headers with those of `init` (theirs win); the wire's own record when `init` has none. */
const headersOf = (wire: Readonly<Record<string, string>>, init: ResponseInit | undefined) => {
  if (init?.headers === undefined) return wire
  const headers = new Headers(wire)
  new Headers(init.headers).forEach((value, name) => headers.set(name, value))
  return headers
}

/**
 * Releases the call of a body collected unread (a framework that drops the response, a `HEAD`). One registry per
 * process by default (one collected with its bodies would run no callback).
 */
export const AbandonedBodies: Context.Reference<FinalizationRegistry<() => void>> = /* @__PURE__ */ Context.Reference<
  FinalizationRegistry<() => void>
>("effect-llm-stream/SseWriter/AbandonedBodies", {
  defaultValue: () => new FinalizationRegistry<() => void>((release) => release())
})

/**
 * The text after a stream's last item (`last`, if it sent any), once it ended with `ended`: what ends a stream left
 * without its protocol's ending (`Wire.unended`; after a failure, its failure event worded by `redact`: an app's
 * operator after the converter fails with none sent), then the wire's `end`. Checked once, at the end, whatever the
 * stream's length.
 */
const endText = <A>(
  wire: UIHead.Wire<A>,
  ended: Cause.Cause<unknown>,
  last: A | undefined,
  redact: UIRedaction.Redact
): string | undefined => {
  const ending = last === undefined ? undefined : wire.unended?.(last, UIHead.failureText(ended, redact))
  return ending === undefined ? wire.end : (wire.text ?? events)(ending) + (wire.end ?? "")
}

/** The last item of `items`, else `before` (an empty batch changes nothing). */
const lastOf = <A>(items: ReadonlyArray<A>, before: A | undefined): A | undefined =>
  items.length === 0 ? before : items[items.length - 1]

/** A body's pieces: bytes, or (as a stored stream's hand-off gives them, for `writeNode` alone) text. */
type Pieces = Arr.NonEmptyReadonlyArray<Uint8Array | string>

/**
 * The body's pull: the head's events (`started` told), then each pull's, then the stream's end (`endText`, a failure
 * worded by `redact`). A failure after content ends the body cleanly (with its failure event), handed to `failed`.
 * `sent` records the pages a stored stream's hand-off writes, so that the end knows the last item written.
 */
const bodyPull = <A, E, R>(
  head: UIHead.Head<A, E, R>,
  wire: UIHead.Wire<A>,
  redact: UIRedaction.Redact,
  failed: (cause: Cause.Cause<E>) => void,
  started: () => void
) => {
  const text = wire.text ?? events
  let lastItem: A | undefined
  const sent = (items: ReadonlyArray<A>) => {
    lastItem = lastOf(items, lastItem)
    return text(items)
  }
  const bytes = (items: ReadonlyArray<A>): Pull.Pull<Pieces> => Effect.succeed([encoder.encode(sent(items))])
  // The head's parts, not the head: its chunks are let go once sent (`writeAnswer` says why).
  const upstream = head.pull
  const ended = head.ended
  let chunks: ReadonlyArray<A> | undefined = head.chunks
  let stage: "head" | "body" | "end" | "done" = "head"
  const finish = (cause: Cause.Cause<unknown>): Pull.Pull<Pieces> => {
    stage = "done"
    const last = endText(wire, cause, lastItem, redact)
    return last === undefined ? Cause.done() : Effect.succeed([encoder.encode(last)])
  }
  const body: Pull.Pull<Pieces, never, void, R> = Effect.matchCauseEffect(upstream, {
    onSuccess: (items) => items.length === 0 ? body : bytes(items),
    onFailure: (cause) => {
      if (!Pull.isDoneCause(cause)) failed(cause as Cause.Cause<E>)
      return finish(cause)
    }
  })
  const pull: Pull.Pull<Pieces, never, void, R> = Effect.suspend(() => {
    if (stage === "body") return body
    if (stage === "end") return finish(ended!)
    if (stage === "done") return Cause.done()
    started()
    stage = ended !== undefined ? "end" : "body"
    const first = chunks!
    chunks = undefined
    return first.length > 0 ? bytes(first) : stage === "body" ? body : finish(ended!)
  })
  return { pull, inBody: () => stage === "body", sent }
}

/** How serving a stream begins: its head (and a stored stream's hand-off), or the error answer to a failed one. */
type Begun<A, E, R> =
  | {
    readonly _tag: "Head"
    readonly head: UIHead.Head<A, E, R>
    readonly handOff: HandOff.HandOff<A> | undefined
    /** The redactor in the serving context, which words a failure the stream did not send (`endText`). */
    readonly redact: UIRedaction.Redact
  }
  | { readonly _tag: "Failed"; readonly response: HttpServerResponse.HttpServerResponse }

/**
 * Pulls the head of `self` in `scope`, asking a stored stream for its hand-off (`askHandOff`); a failure before any
 * content is answered with an HTTP error status (unless `wire` serves it as events), its scope closed.
 */
const begin = Effect.fnUntraced(
  function*<A, E, R>(
    self: Stream.Stream<A, E, R>,
    wire: UIHead.Wire<A>,
    init: ResponseInit | undefined,
    scope: Scope.Closeable,
    askHandOff: boolean
  ) {
    const started = UIHead.pullHead(self, scope, wire.isContent)
    const [head, handOff] = askHandOff ? yield* HandOff.ask(self, started) : [yield* started, undefined]
    const redact = yield* UIRedaction.Redaction
    if (UIHead.refuses(wire, head.ended)) {
      yield* Scope.close(scope, Exit.failCause(head.ended))
      const now = yield* Clock.currentTimeMillis
      const answer = UIHead.errorAnswer(head.ended, wire.sentError(head.chunks), redact, now)
      const failed: Begun<A, E, R> = { _tag: "Failed", response: UIErrorAnswer.toServerResponse(answer, init) }
      return failed
    }
    const begun: Begun<A, E, R> = { _tag: "Head", head, handOff, redact }
    return begun
  }
)

/**
 * The `effect/http` response of a stream as `wire` says. `inRequestContext`: each pull runs in the services of the
 * Effect that made it (a server pulls in a fiber of its own); else a stored stream's hand-off (`HandOff`) is asked.
 */
export const serve = Effect.fnUntraced(
  function*<A, E, R>(
    self: Stream.Stream<A, E, R>,
    wire: UIHead.Wire<A>,
    init: ResponseInit | undefined,
    inRequestContext: boolean
  ) {
    const scope = Scope.makeUnsafe()
    const begun = yield* begin(self, wire, init, scope, !inRequestContext)
    if (begun._tag === "Failed") return begun.response
    const { handOff, head, redact } = begun
    const context = yield* Effect.context<R>()
    const abandoned = yield* AbandonedBodies
    let failure: Cause.Cause<E> | undefined
    // Once read, the body is the reading's to end, and the registry lets go of the call at once.
    const token = {}
    const { inBody, pull, sent } = bodyPull(
      head,
      wire,
      redact,
      (cause) => failure = cause,
      () => abandoned.unregister(token)
    )
    const inContext = CachedContext.updating((current) =>
      current === context ? current : Context.merge(current, context as Context.Context<never>)
    )
    const stream = StreamStart.ensuringWith(
      Stream.fromPull(Effect.succeed((inRequestContext ? inContext(pull) : pull) as Pull.Pull<Pieces>)),
      (exit) => Scope.close(scope, failure === undefined ? exit : Exit.failCause(failure))
    )
    const body = handOff === undefined ? stream : HandOff.answering(
      stream,
      (take) => inBody() ? handOff((page) => take([sent(page)])) : Effect.succeed("Pull")
    )
    abandoned.register(body, () => Effect.runForkWith(context)(Scope.close(scope, Exit.interrupt())), token)
    // Text pieces (a stored stream's hand-off) only ever reach `writeNode`, which writes them as Node encodes text.
    return HttpServerResponse.stream(body as Stream.Stream<Uint8Array>, {
      status: init?.status ?? 200,
      ...(init?.statusText === undefined ? {} : { statusText: init.statusText }),
      headers: headersOf(wire.headers, init)
    })
  }
)

/** What writing needs of a Node `http.ServerResponse` (`UIServing.NodeResponse`). */
export interface NodeResponse {
  readonly destroyed: boolean
  readonly headersSent: boolean
  writeHead(status: number, headers: Record<string, string | Array<string>>): unknown
  write(chunk: Uint8Array | string): boolean
  end(chunk?: Uint8Array | string): unknown
  destroy(): unknown
  once(event: "drain" | "close", listener: () => void): unknown
  off(event: "drain" | "close", listener: () => void): unknown
}

/** Resolves when `event` comes (`close`: at once if the connection is already gone). */
const when = (res: NodeResponse, event: "drain" | "close"): Effect.Effect<void> =>
  Effect.callback<void>((resume) => {
    if (event === "close" && res.destroyed) return resume(Effect.void)
    const listener = () => resume(Effect.void)
    res.once(event, listener)
    return Effect.sync(() => res.off(event, listener))
  })

/**
 * Writes each pull until the stream ends, waiting for `drain` only when the socket is full; with a hand-off, what is
 * appended once all was written is written in the call that appended it.
 */
const writePulls = <A, E, R>(
  pull: Pull.Pull<ReadonlyArray<A>, E, void, R>,
  handOff: HandOff.HandOff<A> | undefined,
  res: NodeResponse,
  write: (batch: ReadonlyArray<A>) => boolean
): Effect.Effect<Cause.Cause<E | Cause.Done>, never, R> => {
  const drained = when(res, "drain")
  const take = (page: ReadonlyArray<A>) => !res.destroyed && write(page)
  const pulled: Effect.Effect<Cause.Cause<E | Cause.Done>, never, R> = Effect.matchCauseEffect(pull, {
    onSuccess: (batch) => write(batch) ? next : Effect.andThen(drained, next),
    onFailure: Effect.succeed
  })
  const next: Effect.Effect<Cause.Cause<E | Cause.Done>, never, R> = handOff === undefined ? pulled : Effect.flatMap(
    Effect.suspend(() => handOff(take)),
    (ended) => ended === "Full" ? Effect.andThen(drained, next) : pulled
  )
  return next
}

/** Web headers as Node writes them: each cookie a header of its own. */
const nodeHeaders = (web: Headers): Record<string, string | Array<string>> => {
  const headers: Record<string, string | Array<string>> = Object.fromEntries(web)
  const cookies = web.getSetCookie()
  if (cookies.length > 1) headers["set-cookie"] = cookies
  return headers
}

/** Writes the status line and the headers of a response to `res`. */
const writeHead = (
  res: NodeResponse,
  status: number,
  statusText: string | undefined,
  headers: Readonly<Record<string, string | ReadonlyArray<string>>>
): void => {
  const head = res as unknown as { writeHead(status: number, ...rest: ReadonlyArray<unknown>): unknown }
  head.writeHead(status, ...(statusText === undefined ? [headers] : [statusText, headers]))
}

/** The status, headers and body of `response`, a Web one's through its Web form. */
const headOf = (response: HttpServerResponse.HttpServerResponse | Response) => {
  if (!(response instanceof Response)) {
    const body = response.body
    if (body._tag !== "Stream") return headOf(HttpServerResponse.toWeb(response))
    return { status: response.status, statusText: response.statusText, headers: response.headers, body: body.stream }
  }
  const headers = nodeHeaders(response.headers)
  const web = response.body
  const body = web === null ? undefined : Stream.fromReadableStream({ evaluate: () => web, onError: (error) => error })
  return { status: response.status, statusText: response.statusText || undefined, headers, body }
}

/**
 * Writes `response` to `res` piece by piece; a body that fails is cut and logged. A client gone is its caller's to
 * watch: it races this with `when(res, "close")`, once for the whole answer.
 */
const writeResponse = (
  response: HttpServerResponse.HttpServerResponse | Response,
  res: NodeResponse
): Effect.Effect<void> => {
  const { body, headers, status, statusText } = headOf(response)
  writeHead(res, status, statusText, headers)
  if (body === undefined) return Effect.sync(() => void res.end())
  return Effect.scoped(writeBody(body as Stream.Stream<Uint8Array | string, unknown>, res))
}

/** Writes a body's pieces as it is pulled; text pieces (a stored stream's hand-off) as they are. */
const writeBody = Effect.fnUntraced(function*(body: Stream.Stream<Uint8Array | string, unknown>, res: NodeResponse) {
  const pulled = Channel.toPullScoped(Stream.toChannel(body), yield* Scope.Scope)
  const [pull, handOff] = yield* HandOff.ask(body, pulled)
  const ended = yield* writePulls(pull as Pull.Pull<Pieces, unknown>, handOff, res, (pieces) => {
    let ready = true
    for (const piece of pieces) ready = res.write(piece)
    return ready
  })
  if (Pull.isDoneCause(ended)) return void res.end()
  res.destroy()
  if (!Cause.hasInterruptsOnly(ended)) yield* Effect.logError("a response body failed after its head was sent", ended)
})

/** Writes `response` to `res` piece by piece; a body that fails is cut and logged; a client gone stops it. */
export const writeNode = (
  response: HttpServerResponse.HttpServerResponse | Response,
  res: NodeResponse
): Effect.Effect<void> => Effect.raceFirst(writeResponse(response, res), when(res, "close"))

/**
 * Writes `self` to `res` as `wire` says: its head, or the error answer to a stream that failed before any content;
 * then each pull's events (a stored stream's pages handed off as they are appended), then its end (`endText`). A
 * failure after content ends the response cleanly (with its failure event), and closes the stream's scope with it.
 */
const writeStream = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  res: NodeResponse,
  init: ResponseInit | undefined,
  wire: UIHead.Wire<A>
): Effect.Effect<void, never, R> =>
  Effect.suspend(() => {
    const scope = Scope.makeUnsafe()
    let failure: Cause.Cause<E> | undefined
    return Effect.onExit(
      writeAnswer(self, res, init, wire, scope, (cause) => failure = cause),
      (exit) => Scope.close(scope, failure === undefined ? exit : Exit.failCause(failure))
    )
  })

/**
 * What `writeStream` writes, the stream pulled in `scope`; its failure after content handed to `failed`. The head's
 * chunks are written as it begins and not held: a generator's frame keeps what it held for the answer's life, and
 * chunks kept so while a burst of answers begins lead V8 to allocate every later delta's chunks in the old
 * generation (bench/RESULTS.md).
 */
const writeAnswer = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  res: NodeResponse,
  init: ResponseInit | undefined,
  wire: UIHead.Wire<A>,
  scope: Scope.Closeable,
  failed: (cause: Cause.Cause<E>) => void
): Effect.Effect<void, never, R> =>
  Effect.flatMap(begin(self, wire, init, scope, true), (begun) => {
    if (begun._tag === "Failed") return writeResponse(begun.response, res)
    const text = wire.text ?? events
    let last: A | undefined
    const write = (items: ReadonlyArray<A>) => {
      last = lastOf(items, last)
      return items.length === 0 || res.write(text(items))
    }
    const headers = headersOf(wire.headers, init)
    writeHead(res, init?.status ?? 200, init?.statusText, headers instanceof Headers ? nodeHeaders(headers) : headers)
    const full = !write(begun.head.chunks)
    const { ended } = begun.head
    const pulls: Effect.Effect<Cause.Cause<unknown>, never, R> = ended === undefined
      ? Effect.map(writePulls(begun.head.pull, begun.handOff, res, write), (ended) => {
        if (!Pull.isDoneCause(ended)) failed(ended as Cause.Cause<E>)
        return ended
      })
      : Effect.succeed(ended)
    return Effect.flatMap(
      full ? Effect.andThen(when(res, "drain"), pulls) : pulls,
      (ended) => Effect.sync(() => void res.end(endText(wire, ended, last, begun.redact)))
    )
  })

/**
 * A stream served as `wire` says, written to `res`; a Web `Response` written as it is. The stream's pulls and the
 * writes race the client going away once.
 */
export const toNode = <A, E, R>(
  self: Stream.Stream<A, E, R> | Response,
  res: NodeResponse,
  init: ResponseInit | undefined,
  wire: UIHead.Wire<A>
): Effect.Effect<void, never, R> =>
  Stream.isStream(self)
    ? Effect.raceFirst(writeStream(self, res, init, wire), when(res, "close"))
    : writeNode(self, res)
