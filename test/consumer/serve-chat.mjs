// `bun serve-chat.mjs` and `deno run --allow-all serve-chat.mjs`: the chat endpoint on the runtime's own server, on a
// free loopback port; prints `{"port":...}` once it listens.
import { chatHandler } from "./chat.mjs"

const env = globalThis.Deno ? globalThis.Deno.env.toObject() : process.env
const { handler } = await chatHandler(env)
if (globalThis.Bun) {
  const server = globalThis.Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: handler })
  console.log(JSON.stringify({ port: server.port }))
} else {
  globalThis.Deno.serve({
    port: 0,
    hostname: "127.0.0.1",
    onListen: ({ port }) => console.log(JSON.stringify({ port }))
  }, handler)
}
