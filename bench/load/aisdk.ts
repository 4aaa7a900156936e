/**
 * The Vercel AI SDK serving the load benchmark's answers (mode `ai`), as its documentation's Node server does:
 * the body `useChat` sends, `convertToModelMessages`, `streamText` with `@ai-sdk/openai`'s Chat Completions model
 * over the loopback model, the UI message stream (`toUIMessageStream`) written by `pipeUIMessageStreamToResponse`.
 */
import { createOpenAI } from "@ai-sdk/openai"
import { convertToModelMessages, pipeUIMessageStreamToResponse, streamText, toUIMessageStream } from "ai"
import { type Contestant, type Options, readBody } from "./contestant.js"

export const make = async (options: Options): Promise<Contestant> => {
  const model = createOpenAI({ apiKey: "load-key", baseURL: options.modelUrl }).chat("gpt-4o-mini")
  return {
    answer: async (id, request, response) => {
      const { messages } = JSON.parse(await readBody(request))
      const result = streamText({ model, messages: await convertToModelMessages(messages) })
      await pipeUIMessageStreamToResponse({
        response,
        stream: toUIMessageStream({ stream: result.stream, generateMessageId: () => `m-${id}` })
      })
    }
  }
}
