// A Cloudflare Worker serving the chat endpoint (workerd, no `nodejs_compat`): its handler built from the Worker's
// bindings on the first request, and kept by the isolate.
import { chatHandler } from "./chat.mjs"

let web

export default {
  fetch(request, env) {
    web ??= chatHandler(env)
    return web.then(({ handler }) => handler(request))
  }
}
