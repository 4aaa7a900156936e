/**
 * A chat server for tests, as an application writes one: each `POST` body read with `UIMessageStream.toMessages`,
 * the tool loop run with the approvals the browser answered, served with `fromSteps` (a refused body is a 400
 * `{ error, parameter }`); over a `node:http` instance on 127.0.0.1 (ephemeral port).
 */
import type { Scope } from "effect"
import { Effect } from "effect"
import { LanguageModel, type Tool, UIMessageStream } from "effect-llm-stream"
import * as Http from "node:http"
import * as Listen from "./Listen.js"

/** The answer to a chat request's body. */
export const answer = (
  tools: ReadonlyArray<Tool.Handled<any, any, any>>,
  options?: UIMessageStream.ToMessagesOptions | undefined,
  serving: { readonly sendReasoning?: boolean | undefined } = {}
) =>
(body: string): Effect.Effect<Response, never, LanguageModel.LanguageModel> =>
  UIMessageStream.toMessages(body, options).pipe(
    Effect.flatMap((request) =>
      LanguageModel.runTools({ messages: [...request.messages, ...request.approvals], tools }).pipe(
        UIMessageStream.fromSteps({ messageId: request.responseMessageId, tools, ...serving }),
        UIMessageStream.toResponse()
      )
    ),
    Effect.catchTag(
      "InvalidRequestError",
      (error) => Effect.succeed(Response.json({ error: error.message, parameter: error.parameter }, { status: 400 }))
    )
  )

/**
 * Listens: each `POST` answered with `answer(body)` (written with `UIMessageStream.toNodeResponse`), each `GET` with
 * `page` when given; closed when the scope closes. Resolves with the server's URL.
 */
export const listen = (
  answer: (body: string) => Effect.Effect<Response>,
  page?: { readonly html: string; readonly script: string } | undefined
): Effect.Effect<string, never, Scope.Scope> =>
  Effect.gen(function*() {
    const server = Http.createServer(async (req, res) => {
      if (req.method === "GET" && page !== undefined) {
        const script = req.url === "/app.js"
        res.writeHead(200, { "content-type": script ? "text/javascript" : "text/html" })
        return void res.end(script ? page.script : page.html)
      }
      const pieces: Array<Buffer> = []
      for await (const piece of req) pieces.push(piece as Buffer)
      await Effect.runPromise(
        Effect.flatMap(answer(Buffer.concat(pieces).toString("utf8")), UIMessageStream.toNodeResponse(res))
      )
    })
    return yield* Listen.listen(server)
  })
