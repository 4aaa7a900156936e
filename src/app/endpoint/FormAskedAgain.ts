/**
 * `ChatEndpoint`'s answer to a form's values that do not fit the form the server asked with (`FormFit.Refusal`): the
 * stream that asks the form again (`UIFormAskedAgain`, which says why: the stock `ai` client keeps a part answered
 * after a 400), logged once as the form asked again; a refusal the chat's stored answer cannot tell, the 400 it is.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as SseWriter from "../ui/SseWriter.js"
import * as UIFormAskedAgain from "../ui/UIFormAskedAgain.js"
import * as UIHead from "../ui/UIHead.js"
import * as EndpointReply from "./EndpointReply.js"

/**
 * `failure`, the refusal of a chat request of `owner`, answered for values that do not fit their form by the stream
 * that asks again what the request answered (`FormFit.Refusal`'s `answered`, as the request's decoder read it;
 * `UIFormAskedAgain.askedAgain`, from the chat's stored answer), the chat named in `context` for its log line; any
 * other refusal, or one the stored answer cannot tell, as it is.
 */
export const refused = (failure: EndpointReply.Failure, owner: string, context: EndpointReply.Context) =>
  Effect.gen(function*() {
    const asked = yield* UIFormAskedAgain.askedAgain(failure.error, owner)
    if (asked === undefined) return yield* Effect.fail(failure)
    context.chatId = asked.chatId
    const response = yield* SseWriter.serve(Stream.fromIterable(asked.chunks), UIHead.uiWire, undefined, false)
    return yield* Effect.fail(
      EndpointReply.failure(failure.error, undefined, { response, said: "asked the form again" })
    )
  })
