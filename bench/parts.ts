/**
 * The cost of a request with content parts: from `Message` parts to the body bytes as sent (the
 * provider's request encoding, `JSON.stringify`, UTF-8 bytes: what `HttpClientRequest.bodyJsonUnsafe`
 * leads to), for 1, 20 and 100 MB of parts, per API, with the part given as bytes (a `Uint8Array`) and
 * as a base64 `data:` URL. Against a floor: base64 of the bytes, one `JSON.stringify` of a body holding
 * it, and its UTF-8 bytes, with nothing else.
 *
 * Each cell runs in a process of its own (warmed up on 1 MB). `memory` is what the stages hold at once with
 * every stage's result kept (the encoded body, its JSON text, its bytes), measured as the growth of
 * `heapUsed + arrayBuffers` after a full GC: the least a request of that size needs, the input excluded.
 * Time is the median of the runs that follow (3 to 5). Run with `npm run bench -- parts`.
 */
import { Result } from "effect"
import * as ChildProcess from "node:child_process"
import * as Message from "../src/core/Message.js"
import type * as Request from "../src/core/request/CallRequest.js"
import * as AnthropicRequest from "../src/providers/anthropic/AnthropicRequest.js"
import * as BedrockRequest from "../src/providers/bedrock/BedrockRequest.js"
import * as ChatParts from "../src/providers/openai-compatible/ChatParts.js"
import * as ChatRequest from "../src/providers/openai-compatible/ChatRequest.js"
import * as ResponsesRequest from "../src/providers/openai-responses/ResponsesRequest.js"
import * as OpenAIService from "../src/providers/openai/OpenAIService.js"
import * as Harness from "./harness.js"

const megabyte = 2 ** 20
const sizes = [1, 20, 100] as const

type Encode = (messages: ReadonlyArray<Message.Message>) => Result.Result<Record<string, unknown>, Request.Unsupported>

const apis: Readonly<Record<string, Encode>> = {
  "OpenAI Chat": (messages) =>
    ChatRequest.encodeRequest({ model: "m", messages }, {
      maxTokensField: "max_completion_tokens",
      includeModel: true,
      parts: ChatParts.openaiPolicy,
      controls: OpenAIService.controls
    }),
  "Responses": (messages) => ResponsesRequest.encodeRequest({ model: "m", messages }),
  "Anthropic": (messages) => AnthropicRequest.encodeRequest({ model: "m", messages }),
  "Bedrock": (messages) => BedrockRequest.encodeRequest({ model: "m", messages })
}

const sources = ["bytes", "data: URL"] as const

/** A PDF-like document of `size` bytes: the signature, then bytes of every value. */
const pdf = (size: number): Uint8Array => {
  const bytes = new Uint8Array(size)
  for (let i = 0; i < size; i++) bytes[i] = (i * 2654435761) >>> 24
  bytes.set(new TextEncoder().encode("%PDF-1.7\n"))
  return bytes
}

/**
 * The stages of one cell (each takes the previous one's result), or undefined when the API refuses the
 * request (over its documented limit).
 */
const stages = (
  api: string,
  source: string,
  document: Uint8Array,
  dataUrl: string
): ReadonlyArray<(previous: any) => unknown> | undefined => {
  const json = (body: unknown) => JSON.stringify(body)
  const bytes = (text: string) => Buffer.from(text, "utf8")
  if (api === "floor") {
    const base64 = () => Buffer.from(document.buffer, document.byteOffset, document.byteLength).toString("base64")
    return [base64, (base64: string) => json({ messages: [{ content: [{ data: base64 }] }] }), bytes]
  }
  const part = Message.file(source === "bytes" ? document : dataUrl, { mediaType: "application/pdf" })
  const messages = [Message.user([Message.text("Summarize this."), part])]
  const encode = apis[api]!
  if (Result.isFailure(encode(messages))) return undefined
  return [() => Result.getOrThrow(encode(messages)), json, bytes]
}

const runStages = (list: ReadonlyArray<(previous: any) => unknown>): Array<unknown> => {
  const results: Array<unknown> = []
  let value: unknown = undefined
  for (const stage of list) results.push(value = stage(value))
  return results
}

const live = () => {
  Harness.gc()
  const usage = process.memoryUsage()
  return usage.heapUsed + usage.arrayBuffers
}

/**
 * One cell, in this process: a warm-up on 1 MB, the memory the stages hold (every stage's result kept,
 * measured after a full GC: what a request of this size needs at least, at once), then the timed runs.
 */
const child = (size: number, api: string, source: string): void => {
  const small = pdf(megabyte)
  const warm = stages(api, source, small, `data:application/pdf;base64,${Buffer.from(small).toString("base64")}`)
  for (let i = 0; i < 3; i++) if (warm !== undefined) runStages(warm)
  const document = pdf(size * megabyte)
  const dataUrl = source === "data: URL"
    ? `data:application/pdf;base64,${Buffer.from(document.buffer).toString("base64")}`
    : ""
  const list = stages(api, source, document, dataUrl)
  if (list === undefined) {
    console.log(JSON.stringify({ refused: true }))
    return
  }
  const before = live()
  const results = runStages(list)
  const held = live() - before
  if ((results[results.length - 1] as Uint8Array).length < (size * megabyte * 4) / 3) {
    throw new Error(`${api}: body too short`)
  }
  results.length = 0
  const times: Array<number> = []
  let total = 0
  while (times.length < 5 && (times.length < 3 || total < 6000)) {
    Harness.gc()
    const start = performance.now()
    runStages(list)
    const ms = performance.now() - start
    times.push(ms)
    total += ms
  }
  console.log(JSON.stringify({ ms: Harness.median(times), peak: held }))
}

export const run = async () => {
  const rows: Array<Array<string>> = []
  for (const size of sizes) {
    let floor = 0
    for (
      const [api, source] of [
        ["floor", "-"] as const,
        ...Object.keys(apis).flatMap((api) => sources.map((source) => [api, source] as const))
      ]
    ) {
      const output = ChildProcess.execFileSync(
        process.execPath,
        [...process.execArgv, import.meta.filename, "--cell", String(size), api, source],
        { encoding: "utf8", maxBuffer: 1024 * 1024 }
      )
      const result = JSON.parse(output.trim().split("\n").pop()!) as { ms: number; peak: number; refused?: true }
      if (result.refused) {
        rows.push([`${size} MB`, api, source, "refused (over the 32 MB request limit)", "-", "-"])
        continue
      }
      if (api === "floor") floor = result.ms
      rows.push([
        `${size} MB`,
        api,
        source,
        result.ms.toFixed(0),
        `${(result.ms / floor).toFixed(2)}×`,
        `${(result.peak / megabyte).toFixed(0)} MB`
      ])
    }
  }
  console.log(
    "Request bodies with one PDF part: parts → encoded body → JSON → UTF-8 bytes (median ms; memory held by the stages, input excluded; a process per cell)"
  )
  console.log(Harness.markdownTable(["parts", "API", "source", "ms", "vs floor", "memory"], rows))
}

if (process.argv[2] === "--cell") {
  child(Number(process.argv[3]), process.argv[4]!, process.argv[5]!)
} else if (import.meta.url === `file://${process.argv[1]}`) {
  await run()
}
