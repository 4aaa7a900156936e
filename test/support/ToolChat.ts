/**
 * A chat server over the tools a test gives, as an application writes it: a `node:http` instance on 127.0.0.1
 * whose `POST /api/chat` reads the body with `UIMessageStream.toMessages`, runs `LanguageModel.runTools` and
 * serves it with `fromSteps` (a refused body is a 400 `{ error }`), with the model layer the test gives.
 * Everything logged while it serves is recorded, as text.
 */
import { Cause, Effect, Layer, Logger, References } from "effect"
import type { Scope } from "effect"
import type { Tool } from "effect-llm-stream"
import { LanguageModel, UIMessageStream } from "effect-llm-stream"
import * as Http from "node:http"
import * as Util from "node:util"
import * as Listen from "./Listen.js"

/** What an instance shares with a test. */
export interface App {
  readonly url: string
  /** Every line logged while serving (its message and cause). */
  readonly logs: Array<string>
}

/** An instance serving `tools` with `model`. */
export const make = (options: {
  readonly tools: ReadonlyArray<Tool.Handled<Tool.Tool, unknown, never>>
  readonly model: Layer.Layer<LanguageModel.LanguageModel>
}): Effect.Effect<App, never, Scope.Scope> =>
  Effect.gen(function*() {
    const logs: Array<string> = []
    const logger = Logger.make(({ cause, message }) => {
      logs.push(`${Util.inspect(message, { depth: 10 })} ${Cause.pretty(cause)}`)
    })
    const model = yield* Layer.build(options.model)
    const { tools } = options
    const chat = (body: string) =>
      UIMessageStream.toMessages(body).pipe(
        Effect.flatMap((request) =>
          LanguageModel.runTools({ messages: request.messages, tools }).pipe(
            UIMessageStream.fromSteps({ messageId: request.responseMessageId, tools }),
            UIMessageStream.toResponse()
          )
        ),
        Effect.catchTag(
          "InvalidRequestError",
          (error) => Effect.succeed(Response.json({ error: error.message }, { status: 400 }))
        ),
        Effect.provide(model)
      )
    const server = Http.createServer(async (req, res) => {
      const pieces: Array<Buffer> = []
      for await (const piece of req) pieces.push(piece as Buffer)
      await Effect.runPromise(
        Effect.flatMap(chat(Buffer.concat(pieces).toString("utf8")), UIMessageStream.toNodeResponse(res)).pipe(
          Effect.provide(Logger.layer([logger])),
          Effect.provideService(References.MinimumLogLevel, "All")
        )
      )
    })
    return { url: yield* Listen.listen(server), logs }
  })
