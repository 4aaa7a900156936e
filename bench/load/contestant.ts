/**
 * What each contestant of the load benchmark gives bench/load/server.ts: how it answers `POST /chat/:id` (the
 * body `useChat` sends) and, for the resumable modes, `GET /chat/:id/stream?after=k`. Each contestant is a
 * module of its own, imported by the server for its mode only, so that a server's memory is what its
 * contestant loads.
 */
import type * as Http from "node:http"

/** The server's configuration, from its environment. */
export interface Options {
  readonly mode:
    | "plain"
    | "memory"
    | "redis"
    | "endpoint"
    | "ai"
    | "floor"
    | "floor-http"
    | "floor-slow"
    | "effect"
    | "effect-web"
  readonly modelUrl: string
  readonly redisUrl: string | undefined
  /**
   * This library's HTTP client to the model: the one `layerModel` asks with when it is given none (as docs/ui.md's
   * server has it: on Node, the library's own over node:http with keep-alive connections), `@effect/platform-node`'s
   * node:http one with keep-alive connections, its undici one, or `FetchHttpClient`.
   */
  readonly httpClient: "default" | "node" | "undici" | "fetch"
  /** Mode `floor-slow`'s busy work, in µs: after each answer's response head (`start`) and each piece read (`delta`). */
  readonly floorWork: { readonly start: number; readonly delta: number }
}

export interface Contestant {
  /** Answers a chat request: reads its body and writes the UI message stream to `response`. */
  readonly answer: (id: string, request: Http.IncomingMessage, response: Http.ServerResponse) => Promise<void>
  /** Resumes a stream after its first `after` chunks (the resumable modes only). */
  readonly resume?:
    | ((id: string, after: number | undefined, response: Http.ServerResponse) => Promise<void>)
    | undefined
}

/** A request's body, read whole as text (the floor and the AI SDK read it so; this library with `readRequest`). */
export const readBody = (request: Http.IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let body = ""
    request.setEncoding("utf8")
    request.on("data", (piece: string) => body += piece)
    request.on("end", () => resolve(body))
    request.on("error", reject)
  })
