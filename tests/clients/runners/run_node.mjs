// Run a Node app the way `node app.mjs` would; print one outcome line.
//
// Usage: node run_node.mjs APP. globalThis.fetch is wrapped first so that the app can reach
// loopback only: a request to any other host is refused here (and reported as
// `outside <host>`), since tests may not leave 127.0.0.1 and Node's fetch ignores HTTPS_PROXY.
// The last stdout line is `AUTHLINT-OUTCOME {json}`; only class names and API messages are
// printed, never a credential.
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const realFetch = globalThis.fetch;
let outside = null;
globalThis.fetch = async (input, init) => {
  const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const url = new URL(raw);
  if (!LOOPBACK.has(url.hostname)) {
    outside = url.host;
    throw new TypeError(`test guard: outside host ${url.host} refused`);
  }
  return realFetch(input, init);
};

function chainOf(error) {
  const chain = [];
  let current = error;
  while (current && !chain.includes(current)) {
    chain.push(current);
    current = current.cause;
  }
  return chain;
}

function outcomeOf(error) {
  const chain = chainOf(error);
  const names = chain.map((e) => (e && e.constructor ? e.constructor.name : typeof e));
  if (typeof error?.status === 'number') {
    const message = error.error?.error?.message ?? error.error?.message ?? null;
    return { outcome: `${error.status} ${message}`, class: names };
  }
  const text = chain.map((e) => String(e?.message ?? e)).join(' ');
  let outcome = `error ${names[0]}`;
  if (outside) outcome = `outside ${outside}`;
  else if (text.includes('Could not resolve authentication method')) outcome = 'no-credential';
  else if (text.includes('Pass at most one of')) outcome = 'two-credentials';
  else if (/ByteString|invalid header value|Invalid character in header/i.test(text)) outcome = 'header-refused';
  else if (/Invalid URL|unknown scheme|not supported|URL scheme/i.test(text)) outcome = 'bad-url';
  else if (/fetch failed|ECONNREFUSED|Connection error/i.test(text)) outcome = 'connection-error';
  return { outcome, class: names };
}

let result;
try {
  await import(pathToFileURL(path.resolve(process.argv[2])).href);
  result = { outcome: 'ok' };
} catch (error) {
  result = outcomeOf(error);
}
process.stdout.write('\nAUTHLINT-OUTCOME ' + JSON.stringify(result) + '\n');
