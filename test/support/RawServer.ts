/**
 * A loopback HTTP server whose every response is written by the test (headers flushed before any body,
 * bodies that never end), counting the sockets open to it and the requests it received.
 */
import { Effect } from "effect"
import * as Http from "node:http"
import type * as Net from "node:net"

export interface RawServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  /** The requests received: method and path. */
  readonly requests: ReadonlyArray<{ readonly method: string; readonly path: string }>
  /**
   * The TCP connections open now that carried a request (fetch's dispatcher may hold a spare connection it
   * never sent a request on: nodejs/undici#5845).
   */
  readonly openSockets: () => number
}

export const make = (
  handler: (request: Http.IncomingMessage, response: Http.ServerResponse) => void
): Effect.Effect<RawServer, never, import("effect").Scope.Scope> =>
  Effect.acquireRelease(
    Effect.callback<{ readonly server: Http.Server; readonly raw: RawServer }>((resume) => {
      const sockets = new Set<Net.Socket>()
      const requests: Array<{ readonly method: string; readonly path: string }> = []
      const server = Http.createServer((request, response) => {
        sockets.add(request.socket)
        requests.push({ method: request.method ?? "", path: request.url ?? "" })
        request.resume()
        request.on("end", () => handler(request, response))
      })
      server.on("connection", (socket) => {
        socket.on("close", () => sockets.delete(socket))
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as Net.AddressInfo
        resume(Effect.succeed({
          server,
          raw: { origin: `http://127.0.0.1:${port}`, requests, openSockets: () => sockets.size }
        }))
      })
    }),
    ({ server }) =>
      Effect.callback<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ raw }) => raw))

/** Writes `text` every `everyMs` until the client hangs up. */
export const repeat = (response: Http.ServerResponse, text: string | Uint8Array, everyMs: number): void => {
  const timer = setInterval(() => {
    if (response.destroyed || response.writableEnded) clearInterval(timer)
    else response.write(text)
  }, everyMs)
  response.on("close", () => clearInterval(timer))
}

/** One Chat Completions stream event (the shape of openai-node's `ChatCompletionChunk`), for a raw body. */
export const chatEvent = (delta: object, finish: string | null = null): string =>
  `data: ${
    JSON.stringify({
      id: "chatcmpl-1",
      object: "chat.completion.chunk",
      created: 1,
      model: "gpt-4o",
      choices: [{ index: 0, delta, finish_reason: finish }]
    })
  }\n\n`
