// The chat endpoint and the AG-UI agent a consumer serves on a runtime other than Node: `ChatEndpoint`'s Web handler
// and a run of `AgUi`, over OpenAI, its key and base URL from the runtime's environment (`env`: a Worker's bindings,
// `process.env` elsewhere).
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { AgUi, ChatEndpoint, LanguageModel, OpenAI } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"

const modelOf = (env) =>
  OpenAI.model("gpt-4o").pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make(env.OPENAI_API_KEY), baseUrl: env.OPENAI_BASE_URL })),
    Layer.provide(FetchHttpClient.layer)
  )

/** The Web handler (`{ handler, dispose }`, once every layer is built) of `/api/chat`, and `/api/agent` for AG-UI. */
export const chatHandler = async (env) => {
  const chat = await ChatEndpoint.toWebHandler(ChatEndpoint.layer().pipe(Layer.provide(modelOf(env))))
  const runtime = ManagedRuntime.make(modelOf(env))
  // POST /api/agent: what HttpAgent sends (a RunAgentInput) → the run, streamed as it reads it.
  const agent = (request) =>
    runtime.runPromise(
      AgUi.readRequest(request).pipe(
        Effect.flatMap((body) => AgUi.readRunInput(body)),
        Effect.flatMap((input) =>
          LanguageModel.runTools({ messages: [...input.messages, ...input.approvals] }).pipe(
            AgUi.fromSteps({ threadId: input.threadId, runId: input.runId }),
            AgUi.toResponse()
          )
        )
      )
    )
  return {
    handler: (request) => new URL(request.url).pathname === "/api/agent" ? agent(request) : chat.handler(request),
    dispose: () => Promise.all([chat.dispose(), runtime.dispose()])
  }
}
