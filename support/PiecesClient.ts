/**
 * An `HttpClient` answering every request with the given body pieces, without a network: for property
 * tests that need hundreds of runs. Provider behaviour over real HTTP is tested with the replay server.
 */
import { Effect, Layer } from "effect"
import { HttpClient, HttpClientResponse } from "effect/http"

/** A client whose answer can be changed between requests: one layer for thousands of runs. */
export const settable = (headers: Record<string, string> = { "content-type": "text/event-stream" }) => {
  let current: ReadonlyArray<Uint8Array> = []
  return {
    set: (pieces: ReadonlyArray<Uint8Array>) => {
      current = pieces
    },
    layer: Layer.succeed(
      HttpClient.HttpClient,
      HttpClient.make((request) =>
        Effect.sync(() => {
          const pieces = current
          return HttpClientResponse.fromWeb(
            request,
            new Response(
              new ReadableStream({
                start(controller) {
                  for (const piece of pieces) controller.enqueue(piece)
                  controller.close()
                }
              }),
              { headers }
            )
          )
        })
      )
    )
  }
}

/** A client answering every request with `pieces`. */
export const layer = (
  pieces: ReadonlyArray<Uint8Array>,
  headers: Record<string, string> = { "content-type": "text/event-stream" }
): Layer.Layer<HttpClient.HttpClient> => {
  const client = settable(headers)
  client.set(pieces)
  return client.layer
}
