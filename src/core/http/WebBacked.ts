/**
 * An incoming message read from Node's own object (a client's response, a server's request) whose body is read, when
 * it is read any other way than the library's own, through the same message as a Web one, made when first asked
 * (`web`): as text, JSON, bytes, URL parameters or a stream.
 *
 * @internal
 */
import type * as HttpIncomingMessage from "effect/http/HttpIncomingMessage"
import * as Inspectable from "effect/Inspectable"

/** The body accessors of an incoming message, each its Web counterpart's (`web`). */
export abstract class WebBacked<W extends HttpIncomingMessage.HttpIncomingMessage<any>> extends Inspectable.Class {
  /** The same message as a Web one, made when first asked. */
  abstract get web(): W

  get text(): W["text"] {
    return this.web.text
  }

  get json(): W["json"] {
    return this.web.json
  }

  get arrayBuffer(): W["arrayBuffer"] {
    return this.web.arrayBuffer
  }

  get urlParamsBody(): W["urlParamsBody"] {
    return this.web.urlParamsBody
  }

  get stream(): W["stream"] {
    return this.web.stream
  }
}
