// Bundled for the Vercel Edge runtime's VM: the chat endpoint's Web handler, for the test to call with requests.
import { chatHandler } from "./chat.mjs"

globalThis.chatHandler = chatHandler
