import { Schema } from "effect"
import { Message, Tool } from "effect-llm-stream"
import * as C from "./test/support/Controls.js"
const tool = Tool.make("get_weather", { description: "w", parameters: Schema.Struct({ city: Schema.String }) })
const req: C.Request = {
  model: process.argv[2] ?? "claude-sonnet-4-5",
  system: [Message.text("You are helpful."), Message.cachePoint({ ttl: "1h" })],
  messages: [Message.user([Message.text("long doc"), Message.cachePoint(), Message.text("question")])],
  tools: [tool],
  cacheTools: { ttl: "1h" },
  cache: "auto",
  reasoning: { effort: (process.argv[3] ?? "high") as any },
  user: "u-1",
  serviceTier: "default"
}
for (const api of C.apis) {
  const r = C.encode(api, req)
  console.log(api, JSON.stringify(r._tag === "Success" ? r.success : r.failure, null, 0))
}
