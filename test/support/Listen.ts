/**
 * A `node:http` server of a test listening on 127.0.0.1 at a free port for as long as the scope lasts (closed,
 * its connections too, when the scope closes).
 */
import { Effect } from "effect"
import type { Scope } from "effect"
import type * as Http from "node:http"

/** Listens; gives `http://127.0.0.1:<port>`. */
export const listen = (server: Http.Server): Effect.Effect<string, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))),
    () =>
      Effect.promise(() =>
        new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
      )
  ).pipe(Effect.map(() => `http://127.0.0.1:${(server.address() as { port: number }).port}`))
