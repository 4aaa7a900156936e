/**
 * `ChatEndpoint`'s three routes on `effect/http`'s router: `POST <path>` (a `useChat` body read with its cap and
 * decoded with the signed history, the tool loop served by `fromSteps`, resumable under the chat's id and its owner,
 * what it signs bound to both, decided before the model is called while the chat's answer still runs), `GET
 * <path>/:id/stream` (the stored answer; `204` for none of this owner) and `POST <path>/:id/stop` (`204` either way).
 * A browser's cross-site request is refused (403).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as HttpRouter from "effect/http/HttpRouter"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Result from "effect/Result"
import * as ModelService from "../../core/model/ModelService.js"
import * as Provider from "../../core/Provider.js"
import * as ProviderError from "../../core/ProviderError.js"
import * as Telemetry from "../../core/telemetry/Telemetry.js"
import * as Tool from "../../core/Tool.js"
import * as UIToMessages from "../history/UIToMessages.js"
import * as LanguageModel from "../LanguageModel.js"
import * as LoopStep from "../loop/LoopStep.js"
import * as Steering from "../loop/Steering.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import * as StreamStore from "../store/StreamStore.js"
import * as ChatStop from "../ui/ChatStop.js"
import * as SseWriter from "../ui/SseWriter.js"
import * as UIFromSteps from "../ui/UIFromSteps.js"
import * as UIHead from "../ui/UIHead.js"
import * as UIResumable from "../ui/UIResumable.js"
import * as UIServing from "../ui/UIServing.js"
import * as UIStoredAnswer from "../ui/UIStoredAnswer.js"
import { AnswerTracker } from "./AnswerTracker.js"
import type * as ChatEnding from "./ChatEnding.js"
import * as ChatModels from "./ChatModels.js"
import type * as ChatOptions from "./ChatOptions.js"
import * as ChatReservation from "./ChatReservation.js"
import * as EndpointGuards from "./EndpointGuards.js"
import * as EndpointLog from "./EndpointLog.js"
import * as EndpointReply from "./EndpointReply.js"
import * as FormAskedAgain from "./FormAskedAgain.js"
import * as NodeHandler from "./NodeHandler.js"
import * as ResumableAnswer from "./ResumableAnswer.js"
import * as SessionOwner from "./SessionOwner.js"

/** The endpoint the routes serve: its options, and the path they answer under. */
export interface Endpoint<Tools extends ReadonlyArray<Tool.Tool>, R> {
  readonly options: ChatOptions.Options<Tools, R>
  readonly path: `/${string}`
  readonly log: boolean
  readonly models: ChatModels.Models
}

export const unreadable = new ProviderError.InvalidRequestError({
  provider: Provider.browser,
  message: "the request could not be read",
  parameter: "body",
  status: 400
})

/** The owner of a request (the app's, or the session's), refused with a 401 when the app's fails. */
const ownerOf = <R>(
  options: ChatOptions.Options<ReadonlyArray<Tool.Tool>, R>,
  request: HttpServerRequest.HttpServerRequest
): Effect.Effect<SessionOwner.Owned, EndpointReply.Failure, R> => {
  if (options.owner === undefined) {
    return SessionOwner.fromSession(request, Result.getOrUndefined(SessionOwner.maxAgeOf(options.session?.maxAge)))
  }
  // Made only when it is the answer: an error value takes its stack when it is made.
  const refused = () => EndpointReply.failure(new EndpointLog.Refusal({ status: 401, message: "not signed in" }))
  return options.owner(request).pipe(
    Effect.mapError(refused),
    Effect.flatMap((owner) =>
      typeof owner === "string" && owner !== ""
        ? Effect.succeed({ owner, setCookie: undefined })
        : Effect.fail(refused())
    )
  )
}

/** What every route checks first: a browser's cross-site request is refused; then whose request it is. */
const admit = Effect.fnUntraced(function*<R>(
  endpoint: Endpoint<ReadonlyArray<Tool.Tool>, R>,
  request: HttpServerRequest.HttpServerRequest,
  context: EndpointReply.Context
) {
  if (EndpointGuards.isCrossSite(request)) return yield* Effect.fail(EndpointReply.failure(EndpointGuards.crossSite))
  const owned = yield* ownerOf(endpoint.options, request)
  context.owned = owned
  return owned.owner
})

/**
 * The chat request in the body: read up to its cap (else 413), decoded and checked for its owner (else 400; a
 * continuation without its session, 401; a form's values that do not fit it, the form asked again: `FormAskedAgain`).
 */
const readChat = (
  request: HttpServerRequest.HttpServerRequest,
  options: ChatOptions.Options<ReadonlyArray<Tool.Tool>, unknown>,
  owned: SessionOwner.Owned,
  context: EndpointReply.Context
) =>
  Effect.flatMap(
    Effect.mapError(bodyOf(request, options.maxBodyBytes), EndpointReply.failure),
    (body) =>
      Effect.catch(chatOf(body, options, owned), (failure) => FormAskedAgain.refused(failure, owned.owner, context))
  )

/** The chat request of `body`, decoded and checked for its owner. */
const chatOf = Effect.fnUntraced(
  function*(
    body: string,
    options: ChatOptions.Options<ReadonlyArray<Tool.Tool>, unknown>,
    owned: SessionOwner.Owned
  ) {
    const services = yield* Effect.context<unknown>()
    const fileIds = options.fileIds
    const chat = yield* UIToMessages.toMessages(body, {
      clientTools: options.clientTools?.map(clientTool).map((tool) => tool.name),
      binding: { owner: owned.owner },
      ...(fileIds === undefined
        ? {}
        : { fileIds: (ids) => Effect.provideContext(fileIds(ids, owned.owner), services) })
    }).pipe(
      // Refused, and sent without its session: that is what to fix.
      Effect.mapError((error) => SessionOwner.refusedContinuation(owned, body) ?? error)
    )
    // Nothing to answer (no message, or none the model reads): the browser's mistake, not a model's refusal.
    if (chat.messages.length === 0) return yield* UIDecodedMessage.invalid("messages", "no message to answer")
    // An answer continued goes on with its budget, never a fresh one: one without what it spent is refused.
    if (options.budget !== undefined && chat.responseMessageId !== undefined && chat.spent === undefined) {
      return yield* UIDecodedMessage.invalid("messages", "an answer continued without what it spent (signed)")
    }
    return chat
  },
  Effect.mapError(EndpointReply.failure)
)

/**
 * The request's body, read up to `maxBytes` (else 413): a Node request's as Node hands it on, another's as Web's. No
 * generator: a chat request pays no step for it.
 */
const bodyOf = (
  request: HttpServerRequest.HttpServerRequest,
  maxBytes: number | undefined
): Effect.Effect<string, ProviderError.InvalidRequestError> => {
  const source = NodeHandler.nodeSource(request)
  return source === undefined
    ? Effect.flatMap(
      Effect.mapError(HttpServerRequest.toWeb(request), () => unreadable),
      (web) => UIServing.readRequest(web, { maxBytes })
    )
    : UIServing.readRequest(source, { maxBytes })
}

/** A tool the browser runs, as declared to the model: a name alone takes any object. */
const clientTool = UIToMessages.clientTool

/**
 * The answer's loop as a UI message stream on the `LanguageModel` it is run with, served under `messageId`, calls
 * tracked for `onFinish`.
 */
const answerStream = <Tools extends ReadonlyArray<Tool.Tool>, R>(
  options: ChatOptions.Options<Tools, R>,
  chat: UIToMessages.ChatRequest,
  owner: string,
  caller: ChatOptions.Caller,
  tracker: AnswerTracker,
  inbox: Steering.Inbox | undefined
) => {
  // The browser's tools with the app's: the model is told of both, and a call of either is shown as made.
  const tools = [...options.tools ?? [], ...(options.clientTools ?? []).map(clientTool)]
  const steps = LanguageModel.runTools({
    messages: [...chat.messages, ...chat.approvals],
    tools,
    system: options.system,
    // Left out when not given: the model layer's own are sent then.
    ...(options.providerTools === undefined ? {} : { providerTools: options.providerTools }),
    // Its question answered earlier in the answer, the budget is not asked about again.
    budget: options.budget === undefined
      ? undefined
      : { ...options.budget, spent: chat.spent, ...(chat.questionAnswered ? { askAt: undefined } : {}) },
    stopWhen: options.stopWhen,
    maxSteps: options.maxSteps,
    spendLimit: options.spendLimit?.(owner, caller),
    // Nor is a spend limit whose question was answered `continue` earlier in the answer.
    limitsAnswered: chat.limitsAnswered,
    // Messages steered or queued into the answer (`POST <path>/:id/steer`, `/queue`), kept under the chat's id.
    steering: inbox
  })
  // Signed, and its approvals issued, for this chat and owner alone.
  const ui = UIFromSteps.fromSteps(steps, {
    messageId: tracker.messageId,
    tools,
    metadata: tracker.metadata,
    stoppedMetadata: tracker.named,
    binding: chat.binding,
    // Its first step signed after the step the message it continues held last.
    lastStep: chat.lastStep,
    spent: chat.spent,
    spentUsage: chat.spentUsage,
    spentSteps: chat.spentSteps,
    limitsAnswered: chat.limitsAnswered,
    messageMetadata: options.messageMetadata,
    // The approvals answered, sent first: the head goes out before an approved tool runs.
    approvals: chat.approvals
  })
  return tracker.watch(ui)
}

/** Tells the app how an answer ended (`onFinish`), and logs one that broke off after its first content. */
const finished = <R>(
  endpoint: Endpoint<ReadonlyArray<Tool.Tool>, R>,
  context: EndpointReply.Context,
  ending: ChatEnding.Ending
): Effect.Effect<void, never, R> => {
  const broke = ending._tag === "Failed" ? ending.error : ending._tag === "Dropped" ? ending.storeFailure : undefined
  const log = context.log && broke !== undefined
    ? EndpointLog.failure(EndpointReply.entryOf(context, 200), broke)
    : Effect.void
  const onFinish = endpoint.options.onFinish
  const told = onFinish === undefined
    ? Effect.void
    : onFinish({ owner: context.owned!.owner, chatId: context.chatId!, ending }).pipe(
      Effect.catchCause((cause) => Effect.logError("ChatEndpoint: onFinish failed", cause))
    )
  return Effect.andThen(log, told)
}

/**
 * `POST <path>`: the answer to a chat request, streamed and stored as it is made; while the chat's answer runs, refused
 * (409), after it for a request that continues it, or, for a request that has seen it, in its place once it is stopped
 * (`ChatReservation.reserve`).
 */
export const chat = <Tools extends ReadonlyArray<Tool.Tool>, R>(endpoint: Endpoint<Tools, R>) =>
(
  request: HttpServerRequest.HttpServerRequest
) => {
  const context: EndpointReply.Context = { route: `POST ${endpoint.path}`, log: endpoint.log }
  return EndpointReply.reply(context, answerChat(endpoint, request, context))
}

/** The chat route's answer: the request admitted and read, its answer served resumably (or why it is refused). */
const answerChat = Effect.fnUntraced(
  function*<Tools extends ReadonlyArray<Tool.Tool>, R>(
    endpoint: Endpoint<Tools, R>,
    request: HttpServerRequest.HttpServerRequest,
    context: EndpointReply.Context
  ) {
    const owner = yield* admit(endpoint, request, context)
    const chat = yield* readChat(request, endpoint.options, context.owned!, context)
    const chatId = chat.id ?? StreamStore.newId()
    context.chatId = chatId
    yield* Effect.annotateCurrentSpan(Telemetry.conversationId, chatId)
    const model = yield* ChatModels.pick(endpoint.models, chat.model)
    // What the answer it continues sent (once a continuation of it running ended), the start of its new stream.
    const continued = chat.responseMessageId
    if (continued !== undefined) yield* ChatReservation.awaitContinued(chatId, owner, continued)
    const earlier = continued === undefined ? [] : yield* UIStoredAnswer.earlierChunks(chatId, owner, continued)
    if (ChatReservation.answersLeftBehind(chat.approvals, earlier)) {
      return yield* Effect.fail(EndpointReply.failure(ChatReservation.answerMovedOn(chatId)))
    }
    // Decided before the model is called: the chat's answer still running is refused (409), waited for when the request
    // continues it, or stopped and waited for when it has seen it (its page stopped it and goes on, or regenerates).
    const earlyStops = yield* ChatReservation.reserve(chatId, owner, {
      messageIds: chat.messageIds,
      regenerates: chat.trigger === "regenerate-message",
      continues: chat.responseMessageId
    }).pipe(Effect.mapError(EndpointReply.failure))
    const held = yield* ResumableAnswer.prependEarlier(chatId, owner, earlier)
    const tracker = new AnswerTracker(
      chat.responseMessageId ?? crypto.randomUUID(),
      model.id,
      UIFromSteps.earlierOf(chat)
    )
    const caller = { address: EndpointGuards.clientAddress(request) }
    // The answer's inbox (`POST <path>/:id/steer`, `/queue`), under the chat's id: read by its loop, and by a stop.
    const steering = endpoint.options.steering
    const inbox = steering === undefined || chat.id === undefined
      ? undefined
      : Steering.inbox(chat.id, { owner, ...steering })
    const ui = answerStream(endpoint.options, chat, owner, caller, tracker, inbox)
    const services = yield* Effect.context<R>()
    // The answer is pulled in the request's fiber, then in the one it forks (with its context): what these give,
    // the picked model, each step's ending heard by the tracker, and the chat's id on every span of the answer (its
    // requests, tools, steps), is in both. Given here, not to each pull (`Stream.provideService` would change the
    // context around every delta).
    const served = yield* ResumableAnswer.serve(
      ui,
      { streamId: chatId, owner, steering: inbox, stopNames: ChatStop.carried(chat), earlyStops },
      (settled) => Effect.provideContext(finished(endpoint, context, tracker.endingOf(settled)), services),
      held
    ).pipe(
      Effect.provideService(LoopStep.StepEndings, tracker.hear),
      Effect.provideService(ModelService.LanguageModel, model.service),
      Effect.annotateSpans(Telemetry.conversationId, chatId)
    )
    if (served._tag === "Streaming") return served.response
    yield* Effect.provideContext(
      finished(endpoint, { ...context, log: false }, tracker.failed(served.error)),
      services
    )
    return yield* Effect.fail(EndpointReply.failure(served.error, served.answer))
  }
)

/** The id in the route's path. */
const idOf = Effect.map(HttpRouter.params, (params) => params["id"] ?? "")

/** A route of a stored answer (`<path>/:id/...`): the request admitted, its chat the path's id. */
export const storedRoute = <R>(
  endpoint: Endpoint<ReadonlyArray<Tool.Tool>, R>,
  route: string,
  answer: (
    chatId: string,
    owner: string,
    request: HttpServerRequest.HttpServerRequest
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse, EndpointReply.Failure>
) =>
(request: HttpServerRequest.HttpServerRequest) => {
  const context: EndpointReply.Context = { route, log: endpoint.log }
  return EndpointReply.reply(context, storedAnswer(endpoint, request, context, answer))
}

/** A stored answer's route: the request admitted, then `answer` of the chat in the path. */
const storedAnswer = Effect.fnUntraced(function*<R>(
  endpoint: Endpoint<ReadonlyArray<Tool.Tool>, R>,
  request: HttpServerRequest.HttpServerRequest,
  context: EndpointReply.Context,
  answer: (
    chatId: string,
    owner: string,
    request: HttpServerRequest.HttpServerRequest
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse, EndpointReply.Failure>
) {
  const owner = yield* admit(endpoint, request, context)
  context.chatId = yield* idOf
  yield* Effect.annotateCurrentSpan(Telemetry.conversationId, context.chatId)
  return yield* answer(context.chatId, owner, request)
})

/**
 * `GET <path>/:id/stream`: the stored answer, replayed from its start then live; 204 when there is none of this owner.
 */
export const resume = <R>(endpoint: Endpoint<ReadonlyArray<Tool.Tool>, R>) =>
  storedRoute(
    endpoint,
    `GET ${endpoint.path}/:id/stream`,
    (chatId, owner) =>
      UIResumable.resume(chatId, { owner }).pipe(
        Effect.flatMap((stream) => SseWriter.serve(stream, UIHead.uiWire, undefined, false)),
        Effect.catchTag("StreamNotFound", () => Effect.succeed(HttpServerResponse.empty({ status: 204 }))),
        Effect.mapError(EndpointReply.failure)
      )
  )

/**
 * `POST <path>/:id/stop`: stops the answer wherever it runs; 204 also when there is none of this owner. Before the
 * chat's first answer (none stored) it waits for it (`StreamStore.stop`); a stop finding the chat's answer ended was
 * that answer's, and stops no later one (docs/ui.md, "One answer runs in a chat at a time"), unless its body names the
 * continuation it stops (`ChatStop`: the approvals its `assistantMessage` answers): that one is stopped as it starts,
 * within 30 s, whatever reaches the server first. A body that is not such JSON is a 400.
 */
export const stop = <R>(endpoint: Endpoint<ReadonlyArray<Tool.Tool>, R>) =>
  storedRoute(
    endpoint,
    `POST ${endpoint.path}/:id/stop`,
    (chatId, owner, request) =>
      bodyOf(request, endpoint.options.maxBodyBytes).pipe(
        Effect.flatMap((body) => UIResumable.stop(chatId, { owner, body })),
        Effect.mapError(EndpointReply.failure),
        Effect.as(HttpServerResponse.empty({ status: 204 }))
      )
  )
