/**
 * `npx effect-llm-stream chat` as a user runs it: the bin started as a child process with no key in its environment
 * (the offline models), on a free port, its page driven in headless Chromium (`playwright-core`): a question sent
 * and answered with its model and cost in dollars, the other model picked in the `<select>` and a tool approved with
 * the Approve button, an answer cut by `--budget` saying so in words; an answer that grows word by word (the default
 * pace), a reload midway that keeps the conversation and resumes the answer once, Stop saying what it cost; a tool's
 * name and arguments and the budget question's amounts as the page words them; a POST from another origin refused;
 * `--help` names the budget and the pace, and a budget that is no amount stops it in one line. The README says it
 * first, and docs/ui.md shows the page's script whole. The browser's tests are skipped, with the reason in its name,
 * where Chromium is not installed.
 */
import { assert, describe, it } from "@effect/vitest"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Http from "node:http"
import * as Path from "node:path"
import { chromium } from "playwright-core"
import * as TestPaths from "../support/TestPaths.js"

const executablePath = "/usr/bin/chromium"
const installed = Fs.existsSync(executablePath)
const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
const cli = Path.join(TestPaths.root, "src", "testkit", "Cli.ts")

/** The bin with `options`, its environment without any key. */
const start = (options: ReadonlyArray<string>) =>
  ChildProcess.spawn(process.execPath, ["--import", "tsx", cli, "chat", ...options], {
    env: { PATH: process.env["PATH"] ?? "" }
  })

/** The URL the bin says it listens on. */
const listening = (child: ChildProcess.ChildProcess): Promise<string> =>
  new Promise((resolve, reject) => {
    let out = ""
    child.stdout!.on("data", (data) => {
      out += data
      const url = /chat on (http:\/\/[\d.:]+)/.exec(out)?.[1]
      if (url !== undefined) resolve(url)
    })
    child.stderr!.on("data", (data) => (out += data))
    child.on("close", (code) => reject(new Error(`exited with ${code}: ${out}`)))
  })

/** The page's script, as `npm run build` makes it (the bin serves it). */
const build = () => {
  const built = ChildProcess.spawnSync(process.execPath, [Path.join(TestPaths.root, "scripts", "build-page.mjs")], {
    encoding: "utf8"
  })
  assert.strictEqual(built.status, 0, built.stderr)
}

/** A POST of `body` to `url` with the `Origin` header `origin`, as a page of that origin sends it: status and body. */
const post = (url: string, origin: string, body: string) =>
  new Promise<{ readonly status: number; readonly body: string }>((resolve, reject) => {
    const request = Http.request(url, {
      method: "POST",
      headers: { origin, "content-type": "text/plain;charset=UTF-8" }
    }, (response) => {
      let text = ""
      response.on("data", (data) => (text += data))
      response.on("end", () => resolve({ status: response.statusCode!, body: text }))
    })
    request.on("error", reject)
    request.end(body)
  })

/** Runs `test` on the page of a bin started with `options`; the bin and the browser stopped after. */
const onPage = async (
  options: ReadonlyArray<string>,
  test: (tab: import("playwright-core").Page, url: string) => Promise<void>
) => {
  const child = start(options)
  const browser = await chromium.launch({ executablePath, headless: true, args })
  try {
    const url = await listening(child)
    const tab = await browser.newPage()
    const errors: Array<string> = []
    tab.on("pageerror", (error) => errors.push(error.message))
    await tab.goto(url)
    await tab.waitForFunction(() => document.getElementById("status")!.textContent !== "").catch(() => {})
    assert.deepStrictEqual(errors, [])
    await tab.waitForFunction(() => document.getElementById("status")!.textContent === "ready")
    await test(tab, url)
  } finally {
    await browser.close()
    child.kill()
  }
}

/** Sends `text` and waits for the answer's footer (its model and cost), which comes with its `finish`. */
const ask = async (tab: import("playwright-core").Page, text: string) => {
  const answers = await tab.locator(".message.assistant .meta").count()
  await tab.fill("#input", text)
  await tab.click("#send")
  return answers
}

const footer = (tab: import("playwright-core").Page, index: number) =>
  tab.locator(".message.assistant .meta").nth(index).textContent({ timeout: 20_000 })

describe("npx effect-llm-stream chat", () => {
  it("--help names the budget; a budget that is no amount is one line and exit code 1", () => {
    const help = ChildProcess.spawnSync(process.execPath, ["--import", "tsx", cli, "chat", "--help"], {
      encoding: "utf8"
    })
    assert.strictEqual(help.status, 0, help.stderr)
    assert.match(help.stdout, /--budget <usd> +the most one answer/)
    assert.match(help.stdout, /--delay <ms> +milliseconds between two words of an offline answer \(default 50\)/)
    assert.match(help.stdout, /--ask-at <fraction> +with --budget/)
    // A budget that is no amount stops it at its start, in one line.
    const bad = ChildProcess.spawnSync(process.execPath, [
      "--import",
      "tsx",
      cli,
      "chat",
      "--port",
      "0",
      "--budget",
      "abc"
    ], {
      encoding: "utf8",
      env: { PATH: process.env["PATH"] ?? "" }
    })
    assert.strictEqual(bad.status, 1)
    assert.match(
      bad.stderr,
      /^effect-llm-stream: chat: ChatEndpoint: budget\.usd must be a positive amount of USD .*\n$/
    )
  }, 30_000)

  it("docs/ui.md shows the page's script whole", () => {
    const script = Fs.readFileSync(Path.join(TestPaths.root, "examples", "chat", "full-page.ts"), "utf8")
    const docs = Fs.readFileSync(Path.join(TestPaths.root, "docs", "ui.md"), "utf8")
    assert.include(docs, script.slice(script.indexOf("import { AbstractChat")).trimEnd())
  })

  it("the README says it first, under its opening paragraph", () => {
    const readme = Fs.readFileSync(Path.join(TestPaths.root, "README.md"), "utf8").split("\n\n")
    assert.include(readme[2], "`npx effect-llm-stream chat`")
  })

  it.skipIf(!installed)(
    "in headless Chromium: an answer and its cost, another model picked, a tool approved",
    async () => {
      build()
      await onPage(["--port", "0"], async (tab) => {
        assert.deepStrictEqual(await tab.locator("#model option").allTextContents(), [
          "offline-openai",
          "offline-anthropic"
        ])
        // The first model: the offline model calls get_time (it runs at once), then quotes its result.
        const first = await ask(tab, "What time is it?")
        assert.match(await footer(tab, first) ?? "", /^offline-openai · \$0\.\d+$/)
        assert.include(await tab.locator(".message.assistant").last().textContent(), "The tool get_time answered")
        // The other model picked; the question names save_note, which asks first: approved with its button.
        await tab.selectOption("#model", "offline-anthropic")
        const second = await ask(tab, "Please save_note this")
        await tab.click("button:text('Approve')", { timeout: 20_000 })
        // The answer goes on in the message that asked, once the tool ran.
        await tab.locator(".message.assistant").last().getByText("saved (1 notes)").waitFor({ timeout: 20_000 })
        assert.match(await footer(tab, second) ?? "", /^offline-anthropic · \$0\.\d+$/)
      })
    },
    90_000
  )

  it.skipIf(!installed)("in headless Chromium: an answer --budget cuts says so in words", async () => {
    await onPage(["--port", "0", "--budget", "0.000001"], async (tab) => {
      const first = await ask(tab, "What time is it?")
      assert.match(await footer(tab, first) ?? "", /it reached its budget/)
    })
  }, 90_000)

  it.skipIf(!installed)(
    "in headless Chromium: the answer grows word by word; a reload keeps the conversation and resumes it; Stop",
    async () => {
      build()
      await onPage(["--port", "0"], async (tab) => {
        assert.include(await tab.locator("#offers").textContent(), "save_note")
        const answer = tab.locator(".message.assistant").last()
        await ask(tab, "What time is it?")
        await tab.waitForFunction(() => /get_time answered: \S+ This/.test(document.body.textContent ?? ""))
        const before = (await answer.textContent())!.length
        await tab.waitForTimeout(400)
        const after = (await answer.textContent())!.length
        assert.isAbove(after, before, "the text grows, paced")
        assert.strictEqual(await tab.locator(".meta").count(), 0, "the answer is still under way")
        // Reloaded midway: the conversation is there at once, and the answer goes on to its end, once.
        await tab.reload()
        assert.deepStrictEqual(await tab.locator(".message.user").allTextContents(), ["What time is it?"])
        assert.match(await footer(tab, 0) ?? "", /^offline-openai · \$0\.\d+$/)
        const whole = (await answer.textContent())!
        assert.strictEqual(whole.split("The tool get_time answered").length, 2, whole)
        assert.include(whole, "with the note itself.")
        // Stop ends the answer where it is, and it says what it cost and why it ended.
        await ask(tab, "What time is it now?")
        await tab.waitForFunction(() => /(get_time answered.*){2}/s.test(document.body.textContent ?? ""))
        await tab.click("#stop")
        assert.match(await footer(tab, 1) ?? "", /^offline-openai · (about )?\$0\.\d+ · stopped$/)
        assert.notInclude(await answer.textContent(), "with the note itself.")
        // Reloaded after all this: both questions and both answers, as they were.
        await tab.reload()
        await tab.waitForFunction(() => document.getElementById("status")!.textContent === "ready")
        assert.strictEqual(await tab.locator(".message").count(), 4)
        assert.match(await footer(tab, 1) ?? "", / · stopped$/)
      })
    },
    90_000
  )

  it.skipIf(!installed)(
    "in headless Chromium: a tool's name and arguments, then the budget question with both amounts",
    async () => {
      await onPage(["--port", "0", "--budget", "0.00004", "--ask-at", "0.5"], async (tab) => {
        await ask(tab, "Please save_note this")
        const asked = tab.locator(".message.assistant .asked")
        assert.strictEqual(await asked.textContent({ timeout: 20_000 }), "Run save_note (text: \"example\")?")
        await tab.click("button:text('Approve')")
        await tab.getByText("This answer has spent").waitFor({ timeout: 20_000 })
        assert.match(
          await asked.textContent() ?? "",
          /^This answer has spent \$0\.0000\d+ of its \$0\.00004 budget: go on\?$/
        )
        await tab.click("button:text('Go on')")
        await tab.getByText("cut: it reached its budget").waitFor({ timeout: 20_000 })
      })
    },
    90_000
  )

  it("a POST from a page of another origin, another port of 127.0.0.1 included, is a 403 saying why", async () => {
    build()
    const child = start(["--port", "0"])
    try {
      const url = await listening(child)
      const port = new URL(url).port
      for (const origin of [`http://127.0.0.1:${Number(port) + 1}`, `http://localhost:${port}`, "null"]) {
        const refused = await post(`${url}/api/chat`, origin, JSON.stringify({ id: "c1", messages: [] }))
        assert.strictEqual(refused.status, 403, origin)
        assert.match(JSON.parse(refused.body).error, /^This chat takes messages only from its own page: /)
        assert.strictEqual((await post(`${url}/api/chat/c1/stop`, origin, "")).status, 403)
      }
      // Its own page's origin is served (this body is refused for what it is, not where it comes from).
      const own = await post(`${url}/api/chat`, url, "{}")
      assert.strictEqual(own.status, 400, own.body)
    } finally {
      child.kill()
    }
  }, 60_000)

  it.skipIf(installed)(`in headless Chromium (skipped: Chromium is not installed at ${executablePath})`, () => {})
})
