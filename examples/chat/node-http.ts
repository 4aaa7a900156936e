/**
 * The UI message stream from Node's own `http` server, without `effect/http`: `UIMessageStream.toResponse`
 * gives a Web `Response`, and `writeResponse` writes it to Node's `ServerResponse` one piece at a time,
 * reading the next piece only once the socket took the last one (nothing is read ahead of the client), and
 * cancelling the body when the client goes away (which stops the model call at once).
 */
import { Effect, type Layer, ManagedRuntime } from "effect"
import { CallStream, LanguageModel, UIMessageStream } from "effect-llm-stream"
import * as Http from "node:http"

/** Writes a Web `Response` to a Node `ServerResponse`; cancels its body if the client goes away first. */
export const writeResponse = async (response: Response, res: Http.ServerResponse): Promise<void> => {
  res.writeHead(response.status, Object.fromEntries(response.headers))
  if (response.body === null) return void res.end()
  const reader = response.body.getReader()
  const gone = () => void reader.cancel().catch(() => {})
  res.on("close", gone)
  try {
    while (true) {
      const { done, value } = await reader.read()
      if (done) break
      // Backpressure: wait until the socket has taken this piece before reading the next.
      if (!res.write(value)) await new Promise((resolve) => res.once("drain", resolve))
    }
    res.end()
  } catch {
    res.destroy()
  } finally {
    res.off("close", gone)
  }
}

/**
 * A Node `http` server answering `POST /api/chat` (the body `useChat` sends) with `model`, built once for
 * the server's life (a `ManagedRuntime`): the model's HTTP client must outlive each response it streams.
 * `save` receives each answer's ending, as it was sent.
 */
export const chatServer = (
  model: Layer.Layer<LanguageModel.LanguageModel>,
  save: (ending: CallStream.Ending) => Effect.Effect<void> = () => Effect.void
): Http.Server => {
  const runtime = ManagedRuntime.make(model)
  const server = Http.createServer(async (req, res) => {
    const chunks: Array<Buffer> = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const response = await runtime.runPromise(
      UIMessageStream.toMessages(Buffer.concat(chunks).toString("utf8")).pipe(
        Effect.flatMap(({ messages }) =>
          LanguageModel.stream({ messages }).pipe(
            CallStream.onEnd(save),
            UIMessageStream.fromStream(),
            UIMessageStream.toResponse()
          )
        ),
        Effect.catchTag(
          "InvalidRequestError",
          (error) => Effect.succeed(Response.json({ error: error.message }, { status: 400 }))
        )
      )
    )
    await writeResponse(response, res)
  })
  server.on("close", () => void runtime.dispose())
  return server
}
