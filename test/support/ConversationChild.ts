/**
 * The fresh process of the stored-conversation test (bundled by esbuild, run with plain `node`, so nothing of the
 * test's module graph is shared): for each conversation it decodes the stored messages (`Message.Message` as
 * JSON), asks the follow-up through the tool loop against the replay server at `baseUrl`, and prints
 * `DONE <name>`.
 *
 *   node child.mjs '<json of ReadonlyArray<Stored>>'
 */
import { Effect, Layer, Schema } from "effect"
import { LanguageModel, Message } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as Conversations from "./Conversations.js"

interface Stored {
  readonly name: string
  readonly baseUrl: string
  /** The conversation so far, `Message.Message`s encoded as JSON. */
  readonly messages: unknown
}

const decode = Schema.decodeUnknownSync(Schema.toCodecJson(Schema.Array(Message.Message)))

const followUp = (stored: Stored) =>
  Effect.gen(function*() {
    const conversation = Conversations.conversations.find((conversation) => conversation.name === stored.name)!
    yield* LanguageModel.runToolsToEnd({
      messages: [...decode(stored.messages), Message.user(conversation.followUp)],
      tools: [Conversations.handled(conversation)]
    }).pipe(Effect.provide(Layer.provide(conversation.model(stored.baseUrl), FetchHttpClient.layer)))
    process.stdout.write(`DONE ${stored.name}\n`)
  })

const stored: ReadonlyArray<Stored> = JSON.parse(process.argv[2]!)
Effect.runPromise(Effect.forEach(stored, followUp, { discard: true })).then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${String(error)}\n`)
    process.exit(1)
  }
)
