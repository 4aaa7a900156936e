/**
 * Benchmark bodies: real recorded stream shapes (`test/fixtures/openai/text.sse`,
 * `test/fixtures/openai-responses/text.sse`, `test/fixtures/anthropic/text.sse`,
 * `test/fixtures/bedrock/converse-text`) replayed with `n` content
 * chunks of varying text (ASCII words, accented letters and emoji, so random cuts split UTF-8
 * characters), plus how many chunks each kind of consumer must see.
 */
import { TestKit } from "../src/testing.js"
import * as Fixtures from "../support/Fixtures.js"

export type Provider = "openai" | "openai-responses" | "groq" | "azure" | "anthropic" | "bedrock" | "google"

export interface Body {
  readonly provider: Provider
  /** Content (text-bearing) chunks. */
  readonly n: number
  readonly bytes: Uint8Array
  /** The whole generated text. */
  readonly text: string
  /** Chunks this library emits (and the official SDKs yield): the content chunks plus the framing events. */
  readonly chunks: number
  /** JSON payloads in the body (what the floor parses): `chunks` plus keep-alives. */
  readonly payloads: number
}

const words = [
  " The",
  " capital",
  " of",
  " France",
  " is",
  " Paris",
  ".",
  " café",
  " naïve",
  " —",
  " 東京",
  " 🙂",
  "\n\n",
  " \"quoted\"",
  " 42",
  " tokens"
]

/** The text of the i-th content chunk. */
export const token = (index: number): string => words[index % words.length]! + (index % 7 === 0 ? String(index) : "")

const encoder = new TextEncoder()

const sseLines = (text: string): Array<string> => text.split("\n").filter((line) => line !== "")

/** OpenAI Chat Completions: role chunk, `n` content chunks, finish chunk, usage chunk, `[DONE]`. */
export const openaiParts = (() => {
  const data = sseLines(Fixtures.text("openai", "text.sse")).map((line) => line.slice("data: ".length))
  const first = data[0]!
  const content = JSON.parse(data[1]!) as { choices: Array<{ delta: { content: string } }> }
  const [before, after] = JSON.stringify({
    ...content,
    choices: [{ ...content.choices[0]!, delta: { content: "\u0000" } }]
  })
    .split("\"\\u0000\"")
  const finish = data[data.length - 3]!
  const usage = data[data.length - 2]!
  return {
    head: `data: ${first}\n\n`,
    content: (text: string) => `data: ${before}${JSON.stringify(text)}${after}\n\n`,
    tail: `data: ${finish}\n\ndata: ${usage}\n\ndata: [DONE]\n\n`
  }
})()

export const openai = (n: number): Body => {
  const parts: Array<string> = [openaiParts.head]
  const texts: Array<string> = []
  for (let index = 0; index < n; index++) {
    const text = token(index)
    texts.push(text)
    parts.push(openaiParts.content(text))
  }
  parts.push(openaiParts.tail)
  return {
    provider: "openai",
    n,
    bytes: encoder.encode(parts.join("")),
    text: texts.join(""),
    chunks: n + 3,
    payloads: n + 3
  }
}

/**
 * Groq and Azure Chat Completions, from their recorded `text.sse`: the chunks before the first text (Groq's
 * role chunk with `x_groq`; Azure's prompt annotation and role chunk), `n` content chunks shaped like the
 * first recorded one (Azure's with their content-filter results and `obfuscation`), the chunks after the
 * last text (finish, usage, Groq's `x_groq.usage`), `[DONE]`.
 */
export const chatCompatible = (provider: "groq" | "azure", n: number): Body => {
  const data = sseLines(Fixtures.text(provider, "text.sse")).map((line) => line.slice("data: ".length)).filter((
    line
  ) => line !== "[DONE]")
  const textOf = (line: string) =>
    (JSON.parse(line) as { choices: Array<{ delta?: { content?: string } }> })
      .choices[0]?.delta?.content ?? ""
  const texts = data.map(textOf)
  const first = texts.findIndex((text) => text !== "")
  const last = texts.length - 1 - [...texts].reverse().findIndex((text) => text !== "")
  const template = JSON.parse(data[first]!) as { choices: Array<{ delta: { content: string } }> }
  const [before, after] = JSON.stringify({
    ...template,
    choices: [{ ...template.choices[0]!, delta: { ...template.choices[0]!.delta, content: "\u0000" } }]
  }).split("\"\\u0000\"")
  const parts: Array<string> = data.slice(0, first).map((line) => `data: ${line}\n\n`)
  const generated: Array<string> = []
  for (let index = 0; index < n; index++) {
    const text = token(index)
    generated.push(text)
    parts.push(`data: ${before}${JSON.stringify(text)}${after}\n\n`)
  }
  parts.push(...data.slice(last + 1).map((line) => `data: ${line}\n\n`), "data: [DONE]\n\n")
  const others = first + (data.length - last - 1)
  return {
    provider,
    n,
    bytes: encoder.encode(parts.join("")),
    text: generated.join(""),
    chunks: n + others,
    payloads: n + others
  }
}

/**
 * Anthropic Messages: `message_start`, `content_block_start`, `n` `content_block_delta`s (a `ping` after
 * the first, as recorded), `content_block_stop`, `message_delta`, `message_stop`. The recorded events
 * carry trailing padding inside `data:`; it is kept.
 */
export const anthropic = (n: number): Body => {
  const lines = sseLines(Fixtures.text("anthropic", "text.sse"))
  const events: Array<{ event: string; data: string }> = []
  for (let index = 0; index < lines.length; index += 2) {
    events.push({ event: lines[index]!.slice("event: ".length), data: lines[index + 1]!.slice("data: ".length) })
  }
  const sse = (event: { event: string; data: string }) => `event: ${event.event}\ndata: ${event.data}\n\n`
  const delta = events.find((event) => event.event === "content_block_delta")!
  const [before, after] = delta.data.split("\"4200 + 42 =\"")
  const parts: Array<string> = []
  const texts: Array<string> = []
  parts.push(sse(events[0]!), sse(events[1]!))
  for (let index = 0; index < n; index++) {
    const text = token(index)
    texts.push(text)
    parts.push(`event: content_block_delta\ndata: ${before}${JSON.stringify(text)}${after}\n\n`)
    if (index === 0) parts.push(sse(events.find((event) => event.event === "ping")!))
  }
  for (const name of ["content_block_stop", "message_delta", "message_stop"]) {
    parts.push(sse(events.find((event) => event.event === name)!))
  }
  return {
    provider: "anthropic",
    n,
    bytes: encoder.encode(parts.join("")),
    text: texts.join(""),
    chunks: n + 5,
    payloads: n + 6
  }
}

/**
 * OpenAI Responses API: `response.created`, `.in_progress`, the message item and its content part added,
 * `n` `response.output_text.delta`s (numbered in sequence), then the text, part, item and response done.
 */
export const openaiResponses = (n: number): Body => {
  const lines = sseLines(Fixtures.text("openai-responses", "text.sse"))
  const events: Array<{ event: string; data: string }> = []
  for (let index = 0; index < lines.length; index += 2) {
    events.push({ event: lines[index]!.slice("event: ".length), data: lines[index + 1]!.slice("data: ".length) })
  }
  const sse = (event: { event: string; data: string }) => `event: ${event.event}\ndata: ${event.data}\n\n`
  const first = events.findIndex((event) => event.event === "response.output_text.delta")
  const last = events.map((event) => event.event).lastIndexOf("response.output_text.delta")
  const delta = JSON.parse(events[first]!.data) as Record<string, unknown>
  const parts: Array<string> = events.slice(0, first).map(sse)
  const texts: Array<string> = []
  for (let index = 0; index < n; index++) {
    const text = token(index)
    texts.push(text)
    const data = JSON.stringify({ ...delta, sequence_number: first + index, delta: text })
    parts.push(`event: response.output_text.delta\ndata: ${data}\n\n`)
  }
  parts.push(...events.slice(last + 1).map(sse))
  const others = events.length - (last - first + 1)
  return {
    provider: "openai-responses",
    n,
    bytes: encoder.encode(parts.join("")),
    text: texts.join(""),
    chunks: n + others,
    payloads: n + others
  }
}

const frame = TestKit.bedrockEventFrame

const padding = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

/**
 * Bedrock ConverseStream: `messageStart`, `n` `contentBlockDelta`s, `contentBlockStop`, `messageStop`,
 * `metadata`, each frame with the recorded `p` padding field (of varying length, as recorded).
 */
export const bedrock = (n: number): Body => {
  type Frame = { headers: Record<string, string>; payload: Record<string, unknown> }
  const recorded = Fixtures.json<{ frames: Array<Frame> }>("bedrock", "converse-text.expected.json").frames
  const of = (type: string) => recorded.find((frame) => frame.headers[":event-type"] === type)!.payload
  const frames: Array<Uint8Array> = [frame("messageStart", of("messageStart"))]
  const texts: Array<string> = []
  for (let index = 0; index < n; index++) {
    const text = token(index)
    texts.push(text)
    frames.push(
      frame("contentBlockDelta", {
        contentBlockIndex: 0,
        delta: { text },
        p: padding.slice(0, 1 + ((index * 37) % padding.length))
      })
    )
  }
  frames.push(
    frame("contentBlockStop", of("contentBlockStop")),
    frame("messageStop", of("messageStop")),
    frame("metadata", of("metadata"))
  )
  const bytes = TestKit.concatBytes(frames)
  return { provider: "bedrock", n, bytes, text: texts.join(""), chunks: n + 4, payloads: n + 4 }
}

/**
 * Gemini (`streamGenerateContent?alt=sse`), from `test/fixtures/google/text.sse` (gemini-3-pro-preview): `n`
 * events shaped like the first recorded one (one text part, the usage so far, `modelVersion`, `responseId`),
 * then the recorded last event (an empty text part with its thought signature, `finishReason: "STOP"`). No end
 * marker.
 */
export const google = (n: number): Body => {
  const data = sseLines(Fixtures.text("google", "text.sse")).map((line) => line.slice("data: ".length))
  const template = JSON.parse(data[0]!) as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> }
  template.candidates[0]!.content.parts[0]!.text = "\u0000"
  const [before, after] = JSON.stringify(template).split("\"\\u0000\"")
  const parts: Array<string> = []
  const texts: Array<string> = []
  for (let index = 0; index < n; index++) {
    const text = token(index)
    texts.push(text)
    parts.push(`data: ${before}${JSON.stringify(text)}${after}\n\n`)
  }
  parts.push(`data: ${data[data.length - 1]}\n\n`)
  return {
    provider: "google",
    n,
    bytes: encoder.encode(parts.join("")),
    text: texts.join(""),
    chunks: n + 1,
    payloads: n + 1
  }
}

export const make = (provider: Provider, n: number): Body =>
  provider === "google"
    ? google(n)
    : provider === "openai"
    ? openai(n)
    : provider === "groq" || provider === "azure"
    ? chatCompatible(provider, n)
    : provider === "openai-responses"
    ? openaiResponses(n)
    : provider === "anthropic"
    ? anthropic(n)
    : bedrock(n)

/** The content type each provider answers with. */
export const contentType = (provider: Provider): string =>
  provider === "bedrock" ? "application/vnd.amazon.eventstream" : "text/event-stream"
