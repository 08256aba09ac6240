// The page in offline mode (conflict_resolution: crdt) against a real system started in that mode
// (CrdtOfflineSystemIntegrationTest runs this file): a participant whose network is cut keeps
// editing for a long while, the others go on, and on reconnect everything merges with nothing
// refused or lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, person, createSession, shareLink, join, settle, state, sleep, screenshot, proxy, BASE } from './harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const withoutState = (doc) => Object.fromEntries(Object.entries(doc).filter(([k]) => k !== '_crdt'));

test('offlineEditing_aCutPageKeepsEditing_whileTheOtherGoesOn_andOnReconnectBothMergeWithNothingRefused', async () => {
  const alice = await person(browser, 'Alice');
  await createSession(alice, 'Offline workshop');
  await alice.waitForSelector('#mode:not([hidden])');
  // A starting list, as a generation would leave it.
  for (const text of ['Ship weekly', 'Less email']) {
    await alice.click('.list-goals button.add');
    await alice.keyboard.type(text, { delay: 5 });
  }
  const link = await shareLink(alice);
  const net = await proxy();
  const toasts = [];
  try {
    const bob = await person(browser, 'Bob');
    await join(bob, link.replace(BASE, net.url));
    await bob.waitForSelector('#mode:not([hidden])');
    await settle([alice, bob]);
    assert.deepEqual((await state(bob)).doc.goals, ['Ship weekly', 'Less email']);
    await bob.exposeFunction('reportToast', (t) => toasts.push(t));
    await bob.evaluate(() => new MutationObserver(() => window.reportToast(document.querySelector('#toast').textContent)).observe(document.querySelector('#toast'), { childList: true, subtree: true, characterData: true }));

    net.cut();
    await bob.waitForFunction(() => document.querySelector('#status').dataset.status === 'offline', null, { timeout: 10_000 });
    const bobVersion = (await state(bob)).version;
    // Bob, offline: a title, a removed goal, twenty new goals, a demographic.
    await bob.click('input.title');
    await bob.keyboard.type('Product lead, written offline', { delay: 5 });
    await bob.click('.list-goals li:nth-child(2) .remove');
    for (let i = 1; i <= 20; i++) {
      await bob.click('.list-goals button.add');
      await bob.keyboard.type(`Offline goal ${i}`, { delay: 2 });
    }
    await bob.fill('.demo-new-key', 'Home town');
    await bob.click('.add-demo button');
    await bob.keyboard.type('Leeds', { delay: 5 });
    // Title, the removed goal, twenty goals, the demographic: each counts once (the keystrokes in
    // an item do not).
    assert.match(await bob.textContent('#status'), /Offline: reconnecting \(23 changes waiting\)/);
    await screenshot(bob, 'offline-mode');

    // Alice goes on meanwhile, well past the sequencer's retained window (10 ops in this system).
    await alice.click('input.name');
    for (const ch of 'Sam Rivera') {
      await alice.keyboard.type(ch);
      await settle([alice]);
    }
    await alice.click('.list-goals button.add');
    await alice.keyboard.type('Alice adds a goal', { delay: 5 });
    await settle([alice]);
    const aliceVersion = (await state(alice)).version;
    assert.ok(aliceVersion - bobVersion > 10, `the others moved ${aliceVersion - bobVersion} versions on (more than the retained 10)`);
    assert.equal((await state(alice)).doc.title, '', 'nothing of Bob\'s arrived while cut');

    net.restore();
    await bob.waitForFunction(() => document.querySelector('#status').dataset.status === 'online', null, { timeout: 30_000 });
    const [a, b] = await settle([alice, bob], 40_000);
    assert.deepEqual(withoutState(a.doc), withoutState(b.doc), 'both pages hold the same persona');
    assert.equal(a.doc.title, 'Product lead, written offline');
    assert.equal(a.doc.name, 'Sam Rivera', 'Alice\'s work is kept');
    assert.deepEqual(a.doc.demographics, { home_town: 'Leeds' });
    const expectedGoals = ['Ship weekly', 'Alice adds a goal', ...Array.from({ length: 20 }, (_, i) => `Offline goal ${i + 1}`)];
    assert.deepEqual([...a.doc.goals].sort(), [...expectedGoals].sort(), 'every goal added on either side, less the one Bob removed');
    // The cards show it too.
    await alice.waitForFunction((t) => document.querySelector('input.title').value === t, 'Product lead, written offline');
    assert.equal(await alice.locator('.list-goals textarea').count(), expectedGoals.length);
    assert.deepEqual(toasts.filter((t) => /could not be kept|refused|not_your_turn|op_too_old/i.test(t)), [], 'nothing refused or lost');
    assert.deepEqual([...alice.problems, ...bob.problems], []);
    await screenshot(alice, 'offline-merged');
    // A later edit online still reaches the other side.
    await bob.click('input.name');
    await bob.keyboard.press('End');
    await bob.keyboard.type(' Jr', { delay: 5 });
    const [a2] = await settle([alice, bob]);
    assert.equal(a2.doc.name, 'Sam Rivera Jr');
  } finally {
    await net.close();
  }
});

test('offlineChanges_surviveAReload_beforeTheConnectionIsBack_andMergeAfterIt', async () => {
  const alice = await person(browser, 'Alice');
  await createSession(alice, 'Reload while offline');
  await alice.waitForSelector('#mode:not([hidden])');
  const link = await shareLink(alice);
  const net = await proxy();
  try {
    const bob = await person(browser, 'Bob');
    // Bob's sockets can be refused while his page still loads (the server is half reachable).
    let socketsRefused = false;
    await bob.routeWebSocket(/\/ws\//, (ws) => (socketsRefused ? ws.close({ code: 1011, reason: 'unreachable' }) : ws.connectToServer()));
    await join(bob, link.replace(BASE, net.url));
    await bob.waitForSelector('#mode:not([hidden])');
    await settle([alice, bob]);
    net.cut();
    socketsRefused = true;
    await bob.waitForFunction(() => document.querySelector('#status').dataset.status === 'offline', null, { timeout: 10_000 });
    await bob.click('input.title');
    await bob.keyboard.type('Kept across a reload', { delay: 5 });
    await bob.click('.list-goals button.add');
    await bob.keyboard.type('Survives the reload', { delay: 5 });
    await sleep(300);
    // The page comes back (the site answers again) but its socket still cannot connect: reload.
    net.restore();
    await bob.reload();
    await bob.waitForSelector('#workspace:not([hidden])');
    await bob.waitForSelector('#mode:not([hidden])');
    assert.equal((await state(alice)).doc.title, '', 'nothing of Bob\'s reached the server yet');
    socketsRefused = false;
    await bob.waitForFunction(() => document.querySelector('#status').dataset.status === 'online', null, { timeout: 30_000 });
    await alice.waitForFunction(() => document.querySelector('input.title').value === 'Kept across a reload', null, { timeout: 20_000 });
    const [a, b] = await settle([alice, bob], 30_000);
    assert.equal(a.doc.title, 'Kept across a reload');
    assert.deepEqual(a.doc.goals, ['Survives the reload']);
    assert.deepEqual(withoutState(a.doc), withoutState(b.doc));
    assert.equal(await bob.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('persona.offline.')).length), 0, 'nothing is kept once merged');
    assert.deepEqual([...alice.problems, ...bob.problems], []);
  } finally {
    await net.close();
  }
});
