// Shared by the browser benchmark parts (the leading underscore keeps bench.mjs from running it).
import { availableParallelism, loadavg } from 'node:os';
import { startInbox } from '../../demo/server.mjs';
import { extensionWorker, launchChromium } from '../launch-chromium.mjs';

/**
 * A fresh Chromium, with or without the extension, and the imitation inbox server. `open()` loads
 * the inbox in a new tab, as web.whatsapp.com (where the content script runs) or, `bare`, at the
 * server's own address (the same page, where it does not): a run with and a run without the
 * extension can then share one browser, whose speed differs from one launch to the next.
 */
export async function startBrowser({ extension = true } = {}) {
  const server = await startInbox();
  const { context, close } = await launchChromium({ inboxPort: server.port, extension });
  const extensionId = extension ? new URL((await extensionWorker(context)).url()).host : null;
  return {
    context, extensionId,
    async open(query, { bare = false } = {}) {
      const page = await context.newPage();
      await page.goto(`${bare ? server.url : 'https://web.whatsapp.com/'}${query}`);
      await page.waitForFunction(() => window.waSim?.ready);
      const cdp = await context.newCDPSession(page);
      return { context, page, cdp };
    },
    async close() {
      await close();
      await server.close();
    },
  };
}

/** The imitation inbox in a fresh Chromium, with or without the extension; `close()` ends both. */
export async function openInbox({ query, extension = true }) {
  const browser = await startBrowser({ extension });
  try {
    return { ...await browser.open(query), extensionId: browser.extensionId, close: browser.close };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * The capture scenario's setup in an open inbox tab: a 1:1 chat opened with its whole history
 * rendered, then past the settle window, so what follows is live traffic. Returns the open chat's
 * title and the other 1:1 chats'.
 */
export async function openLongConversation(page) {
  const [open, ...others] = await page.evaluate(() => waSim.chats().filter((c) => !c.group).map((c) => c.title));
  await page.evaluate((t) => waSim.openChat(t), open);
  await page.waitForFunction(() => document.querySelector('#main [data-id]'));
  for (let left = 1; left > 0;) ({ remaining: left } = await page.evaluate(() => waSim.loadOlder()));
  await page.waitForTimeout(3000);
  return { open, others };
}

/**
 * A burst of customer messages, `rate` a second for `seconds`: every `share`-th to the open chat,
 * the rest round-robin over `others`. Timed inside the page so no protocol round trip per message
 * adds main-thread work. Resolves with the number sent.
 */
export function customerBurst(page, { open, others, rate, seconds, share }) {
  return page.evaluate(({ open, others, rate, seconds, share }) => new Promise((done) => {
    let i = 0;
    const total = rate * seconds;
    const timer = setInterval(() => {
      const title = i % share === 0 ? open : others[i % others.length];
      waSim.customerSends(title, `burst message ${i} — are you there?`);
      if (++i === total) { clearInterval(timer); done(i); }
    }, 1000 / rate);
  }), { open, others, rate, seconds, share });
}

/**
 * Main-thread CPU of the page's renderer (all worlds: the page's scripts, the content script,
 * style, layout, paint), from CDP Performance.getMetrics in thread-ticks mode, i.e. thread CPU time
 * rather than wall time, so a task descheduled on a busy 2-core machine is not counted as work
 * (durations in ms), and how many times the page was laid out.
 */
export async function mainThreadMeter(cdp) {
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
    return { task: get('TaskDuration'), script: get('ScriptDuration'), layout: get('LayoutDuration'), style: get('RecalcStyleDuration'), layouts: get('LayoutCount') };
  };
  const start = await read();
  return async () => {
    const end = await read();
    const ms = (k) => (end[k] - start[k]) * 1000;
    return { task: ms('task'), script: ms('script'), layout: ms('layout'), style: ms('style'), layouts: end.layouts - start.layouts };
  };
}

/**
 * Traces the page's renderer (`devtools.timeline`) until the returned function is called, which
 * gives each animation-frame callback of the content script (`scriptUrl`) as { wall, thread } ms:
 * the same call's wall time and its main thread's CPU time (trace `dur` and `tdur`), so a batch the
 * machine descheduled (two cores shared with the browser's other processes) shows as what it cost
 * and as how long it took. The content script has two such callbacks, the observer's batch and the
 * overlay's throttled measure (at most 4 a second): the batch is the one called most often.
 * `scriptMs`: the thread time of every call into the content script (batches, the observer's
 * callback, timers, the overlay's measures), what it adds to the page's main thread as script.
 */
export async function frameCallbackMeter(cdp, scriptUrl) {
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: ['devtools.timeline'] } });
  return async () => {
    await cdp.send('Tracing.end');
    const { stream } = await done;
    let text = '';
    for (let eof = false; !eof;) {
      const chunk = await cdp.send('IO.read', { handle: stream });
      text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
      eof = chunk.eof;
    }
    await cdp.send('IO.close', { handle: stream });
    const parsed = JSON.parse(text);
    const events = (Array.isArray(parsed) ? parsed : parsed.traceEvents).filter((e) => e.ph === 'X');
    const frames = events.filter((e) => e.name === 'FireAnimationFrame');
    const inFrame = (c) => frames.some((f) => f.tid === c.tid && f.pid === c.pid && c.ts >= f.ts && c.ts + c.dur <= f.ts + f.dur);
    const byFunction = new Map();
    let scriptMs = 0;
    for (const c of events) {
      const d = c.name === 'FunctionCall' ? c.args?.data : undefined;
      if (!d?.url?.startsWith(scriptUrl)) continue;
      scriptMs += (c.tdur ?? NaN) / 1000;
      if (!inFrame(c)) continue;
      const key = `${d.functionName}@${d.lineNumber}:${d.columnNumber}`;
      if (!byFunction.has(key)) byFunction.set(key, []);
      byFunction.get(key).push({ wall: c.dur / 1000, thread: (c.tdur ?? NaN) / 1000 });
    }
    return { batches: [...byFunction.values()].sort((a, b) => b.length - a.length)[0] ?? [], scriptMs };
  };
}

/** Evaluates `expression` in the content script's isolated world (found by the global it sets). */
export async function contentScriptWorld(cdp, marker, timeoutMs = 20_000) {
  const contexts = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await cdp.send('Runtime.enable'); // replays executionContextCreated for the existing contexts
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const c of contexts.filter((x) => x.auxData?.type === 'isolated' && x.origin.startsWith('chrome-extension://'))) {
      const { result } = await cdp.send('Runtime.evaluate', { contextId: c.id, expression: `typeof globalThis.${marker}`, returnByValue: true })
        .catch(() => ({ result: {} }));
      if (result.value === 'object') {
        return async (expression) => {
          const r = await cdp.send('Runtime.evaluate', { contextId: c.id, expression, returnByValue: true, awaitPromise: true });
          if (r.exceptionDetails) throw new Error(`content script world: ${r.exceptionDetails.text}`);
          return r.result.value;
        };
      }
    }
    if (Date.now() > deadline) throw new Error(`no isolated world with globalThis.${marker}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const quantile = (values, q) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};

export const round = (x, digits = 2) => Number(x.toFixed(digits));

/** Cores and the 1-minute load average: wall-clock figures mean little on a machine busy with other work. */
export const machine = () => `${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)}`;
