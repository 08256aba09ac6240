// harness.mjs: what the page tests share. Headless Chromium (Debian's, through playwright-core),
// people who sign in and open a session, a TCP proxy in front of the gateway so a test can cut the
// network under one page, and screenshots.
//
// Environment (set by WebPageIntegrationTest):
//   PERSONA_BASE_URL     the gateway, e.g. http://localhost:41234 (required)
//   CHROMIUM_PATH        the browser (default /usr/bin/chromium)
//   PERSONA_SCREENSHOTS  where screenshots go (default: none are written)

import { chromium } from 'playwright-core';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';

export const BASE = process.env.PERSONA_BASE_URL;
if (!BASE) throw new Error('PERSONA_BASE_URL is not set: these tests run against a running system (see WebPageIntegrationTest)');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`);

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A new person in their own browser context (own storage: another participant). */
export async function person(browser, name, { viewport = { width: 1280, height: 860 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
  page.name = name;
  page.problems = problems;
  return page;
}

/** Signs in on the lobby (or a share link already opened). */
export async function signIn(page, name, url = BASE) {
  await page.goto(url);
  await page.fill('#display-name', name);
  await page.click('#name-form button[type=submit]');
}

/** Signs in and creates a session; returns when the page is live in it. */
export async function createSession(page, sessionName) {
  await signIn(page, page.name);
  await page.waitForSelector('#after-sign-in:not([hidden])');
  await page.fill('#session-name', sessionName);
  await page.click('#create-form button[type=submit]');
  await live(page);
}

/** The facilitator's share link (editor role) from the page's own button. */
export async function shareLink(page) {
  await page.click('#share');
  await page.waitForFunction(() => document.querySelector('#share-link').value.includes('invite='));
  return page.inputValue('#share-link');
}

/** Opens a share link, signs in, and waits until live. */
export async function join(page, link) {
  await signIn(page, page.name, link);
  await live(page);
}

/** Waits until the page says it is live and has applied its skeleton op. */
export async function live(page, timeout = 20_000) {
  await page.waitForFunction(() => document.querySelector('#status')?.dataset.status === 'online', null, { timeout });
  await page.waitForFunction(() => window.personaConnection?.engine.synced && 'name' in (window.personaConnection.doc ?? {}), null, { timeout });
}

/** The page's document and version as its state machine holds them. */
export function state(page) {
  return page.evaluate(() => ({ doc: window.personaConnection.doc, version: window.personaConnection.version, synced: window.personaConnection.engine.synced }));
}

/** Waits until every page has sent everything and all are at the same version; returns their states. */
export async function settle(pages, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const states = await Promise.all(pages.map(state));
    if (states.every((s) => s.synced && s.version === states[0].version)) return states;
    if (Date.now() > deadline) assert.fail(`pages did not settle: ${JSON.stringify(states.map((s) => ({ v: s.version, synced: s.synced })))}`);
    await sleep(200);
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Calls the REST API with the page's session token (for what the page has no button for in a test). */
export function apiFromPage(page, method, url, body) {
  return page.evaluate(async ([method, url, body]) => {
    const res = await fetch(url, { method, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${window.personaGrant().token}` }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: await res.json().catch(() => null) };
  }, [method, url, body]);
}

/** Writes a screenshot when PERSONA_SCREENSHOTS names a folder. */
export async function screenshot(page, name) {
  const dir = process.env.PERSONA_SCREENSHOTS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: false });
}

/**
 * A TCP proxy to the gateway: pages opened through `url` reach the system through it, and `cut()`
 * destroys every connection and refuses new ones until `restore()`: to the page that is the
 * server dropping its socket and going away for a while.
 */
export async function proxy() {
  const target = new URL(BASE);
  const sockets = new Set();
  let open = true;
  const server = net.createServer((client) => {
    if (!open) return client.destroy();
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream).pipe(client);
    const done = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', done).on('close', done);
    upstream.on('error', done).on('close', done);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  return {
    url: `http://localhost:${port}`,
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    restore() {
      open = true;
    },
    close: () => new Promise((r) => (server.close(r), sockets.forEach((s) => s.destroy()))),
  };
}
