/**
 * What Groq's Chat Completions take as content parts (GroqCloud docs, "Images and Vision"): images, on
 * its vision models, as an `http(s)` URL or a `data:` URL; at most 5 images per request, and a request
 * with base64-encoded images of at most 4 MB. No documents and no audio in chat messages (speech goes
 * through Groq's transcription endpoint).
 *
 * @internal
 */
import type * as ChatParts from "../openai-compatible/ChatParts.js"

/** Groq's rules for content parts. */
export const policy: ChatParts.Policy = {
  api: "Groq",
  noFiles: "Groq's chat completions take no documents; extract the document's text and send it as a text part",
  noAudio:
    "Groq's chat completions take no audio; transcribe the recording first (Groq's audio transcriptions endpoint) and send the text",
  maxImages: 5,
  maxInlineImageBytes: {
    limit: 4 * 2 ** 20,
    base64: true,
    what: "4 MB of base64-encoded images per request"
  }
}
