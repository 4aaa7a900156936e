/**
 * A chat server as a program runs it (`ChatEndpoint.serveNode` through `Main.runMain`), started with a
 * configuration mistake for test/app/endpoint/ChatEndpoint.test.ts: `unpriced`, a spend limit on a model without a price.
 */
import { Effect, Layer } from "effect"
import { ChatEndpoint, Main, SpendLimit } from "../../src/index.js"
import { TestKit } from "../../src/testing.js"

const Chat = ChatEndpoint.layer({ spendLimit: (owner) => ({ key: owner, usd: "1", window: "1 day" }) })

ChatEndpoint.serveNode(Chat, { port: 0 }).pipe(
  Effect.provide(
    Layer.merge(TestKit.scripted([{ text: "Hi" }], { model: "my-own-finetune" }), SpendLimit.layerMemory())
  ),
  Main.runMain
)
