// The chat endpoint a consumer serves on a runtime other than Node: `ChatEndpoint`'s Web handler over OpenAI, its key
// and base URL from the runtime's environment (`env`: a Worker's bindings, `process.env` elsewhere).
import { Layer, Redacted } from "effect"
import { ChatEndpoint, OpenAI } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"

/** The Web handler (`{ handler, dispose }`, once every layer is built) of `/api/chat` for the environment `env`. */
export const chatHandler = (env) =>
  ChatEndpoint.toWebHandler(
    ChatEndpoint.layer().pipe(
      Layer.provide(OpenAI.model("gpt-4o").pipe(
        Layer.provide(OpenAI.layer({ apiKey: Redacted.make(env.OPENAI_API_KEY), baseUrl: env.OPENAI_BASE_URL })),
        Layer.provide(FetchHttpClient.layer)
      ))
    )
  )
