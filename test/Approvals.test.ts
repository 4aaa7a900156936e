import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as ApprovalApp from "./support/ApprovalApp.js"
import { NodeChat } from "./support/NodeChat.js"

describe("approvals", () => {
  it.live("scratch", () =>
    Effect.gen(function*() {
      const app = yield* ApprovalApp.make()
      const chat = new NodeChat(app.url)
      yield* Effect.promise(() => chat.sendMessage({ text: "please delete /etc/shadow" }))
      console.log(JSON.stringify(chat.messages, null, 1), chat.error)
      const part = chat.toolParts[0]
      yield* Effect.promise(() =>
        chat.settle(() => chat.addToolApprovalResponse({ id: part.approval.id, approved: true }))
      )
      console.log(JSON.stringify(chat.messages, null, 1), chat.error, app.deleted)
      yield* Effect.promise(() => chat.sendMessage({ text: "thanks" }))
      console.log(JSON.stringify(chat.messages.at(-1), null, 1), chat.error, app.deleted)
      assert.deepStrictEqual(app.deleted, ["/etc/shadow"])
    }))
})
