// A local imitation of WhatsApp Web served over HTTPS, for tests and the demo.
//
//   import { startInbox } from './demo/server.mjs';
//   const inbox = await startInbox();          // { port, url, origin, chromiumArgs, close() }
//   // Chromium: --host-resolver-rules="MAP web.whatsapp.com 127.0.0.1:<port>" --ignore-certificate-errors
//   // then load https://web.whatsapp.com/?rows=listitem&lang=fr ...   (see demo/README.md)
//
//   node demo/server.mjs [port]                 // prints the URL and the Chromium flags
//
// The certificate (CN and SAN web.whatsapp.com) is generated at start time with the openssl CLI.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('./whatsapp/', import.meta.url)));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

function makeCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'inbox-cert-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
      '-subj', '/CN=web.whatsapp.com', '-addext', 'subjectAltName=DNS:web.whatsapp.com',
      '-keyout', keyFile, '-out', certFile,
    ], { stdio: 'ignore' });
    return { key: readFileSync(keyFile), cert: readFileSync(certFile) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function resolveFile(pathname) {
  let p = decodeURIComponent(pathname);
  if (p === '/whatsapp') p = '/';
  else if (p.startsWith('/whatsapp/')) p = p.slice('/whatsapp'.length);
  if (p.endsWith('/')) p += 'index.html';
  const file = normalize(join(ROOT, p));
  if (file !== ROOT && !file.startsWith(ROOT + sep)) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

function handle(req, res) {
  const headers = {
    'Cache-Control': 'no-store, no-cache, must-revalidate',
    Pragma: 'no-cache',
    Expires: '0',
  };
  let url;
  try {
    url = new URL(req.url ?? '/', 'https://web.whatsapp.com');
  } catch {
    res.writeHead(400, headers).end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
    return;
  }
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204, headers).end();
    return;
  }
  let file = null;
  try {
    file = resolveFile(url.pathname);
  } catch {
    file = null;
  }
  if (!file) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
    return;
  }
  const body = readFileSync(file);
  res.writeHead(200, {
    ...headers,
    // The strictest frame policy a site could send: the e2e tests then show that the extension's
    // own frame (the row timers) is exempt from the page's CSP, as Chromium exempts its scheme.
    'Content-Security-Policy': "frame-src 'self'",
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': body.length,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Chromium flags that make https://web.whatsapp.com/ reach this server. */
export function chromiumArgs(port) {
  return [`--host-resolver-rules=MAP web.whatsapp.com 127.0.0.1:${port}`, '--ignore-certificate-errors'];
}

/**
 * Starts the HTTPS server. `url` is the direct local address; `origin` is what the page is meant
 * to be loaded as (https://web.whatsapp.com) once Chromium maps that host to `port`.
 */
export async function startInbox({ port = 0, host = '127.0.0.1' } = {}) {
  const server = createServer(makeCertificate(), handle);
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const actual = server.address().port;
  return {
    port: actual,
    url: `https://${host.includes(':') ? `[${host}]` : host}:${actual}/`,
    origin: 'https://web.whatsapp.com',
    chromiumArgs: chromiumArgs(actual),
    close: () =>
      new Promise((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const port = Number(process.argv[2] ?? 0) || 0;
  const inbox = await startInbox({ port });
  console.log(`WhatsApp Web imitation at ${inbox.url}`);
  console.log(`Load it as https://web.whatsapp.com/ with Chromium flags:`);
  console.log(`  ${inbox.chromiumArgs.map((a) => (a.includes(' ') ? `"${a}"` : a)).join(' ')}`);
  const stop = () => inbox.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
