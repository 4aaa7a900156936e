/**
 * Builds `dist/chat/page.js`, the script of the page `npx effect-llm-stream chat` serves (examples/chat/full-page.ts):
 * the `ai` package's chat client bundled for the browser, minified, so that the command needs no bundler where it
 * runs (esbuild is a development dependency). The page runs the client `useChat` runs, not a copy of its protocol:
 * what the browser sends back must be the answers as the server signed them.
 *
 * Run by `npm run build`, after tsc: `node scripts/build-page.mjs`.
 */
import * as esbuild from "esbuild"
import * as Path from "node:path"
import * as Url from "node:url"

const root = Path.join(Path.dirname(Url.fileURLToPath(import.meta.url)), "..")

await esbuild.build({
  entryPoints: [Path.join(root, "examples", "chat", "full-page.ts")],
  outfile: Path.join(root, "dist", "chat", "page.js"),
  bundle: true,
  minify: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  // The licences of what it bundles (the ai package's, Apache-2.0), in a file beside it.
  legalComments: "linked",
  banner: { js: "/* The chat page of effect-llm-stream; bundles the ai package (Apache-2.0, Vercel) and its dependencies. */" },
  // The page's helper from its source: the command's test builds the page before tsc has made dist/.
  alias: { "effect-llm-stream/ChatPage": Path.join(root, "src", "app", "ui", "ChatPage.ts") },
  logLevel: "warning"
})
