// app.mjs: the workshop page. Sign in with a name, create or join a session, then edit the
// persona with everybody else, watch generations stream in, browse the history, undo your own
// changes, export and import. The state machine lives in connection.mjs / sync-engine.mjs; this
// file wires it to the DOM.

import { SessionConnection, Status } from './connection.mjs';
import { LISTS, PersonaCard } from './persona-card.mjs';
import { Presence } from './presence.mjs';
import { UndoManager } from './undo.mjs';
import { toJson, toYaml, toMarkdown, parsePersonaFile, exportable } from './export.mjs';
import { friendly } from './messages.mjs';
import { holderAt, turnLeft, votesView, workshopOf, resultText } from './workshop.mjs';

const $ = (id) => document.getElementById(id);
const store = window.sessionStorage; // per tab: two tabs can be two people

let grant = null; // {token, role, user, session}
let conn = null;
let card = null;
let presence = null;
let undo = null;
let names = new Map(); // user id -> display name
let generation = null; // {id, text, next}
let files = []; // research files chosen for the next generation
let focusState = { focus: null, caret: undefined, selection: undefined, sentAt: 0, timer: null };

// ---- small helpers ----

function toast(text, kind = 'error') {
  const el = $('toast');
  el.textContent = text;
  el.className = `toast ${kind}`;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (el.hidden = true), kind === 'error' ? 8000 : 4000);
}

function log(text) {
  const li = document.createElement('li');
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString();
  li.append(time, ' ', text);
  $('log').prepend(li);
  while ($('log').children.length > 100) $('log').lastElementChild.remove();
}

class ApiError extends Error {
  constructor(status, body) {
    super(body.detail || body.message || `The server answered ${status}.`);
    this.status = status;
    this.code = body.code;
    this.body = body;
  }
}

async function api(method, path, token, body) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(path, { method, headers, body: payload });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

const userToken = () => store.getItem('persona.userToken');
const me = () => JSON.parse(store.getItem('persona.user') || 'null');
const nameOf = (id) => names.get(id) || (id === me()?.id ? me().name : id?.replace(/^[^:]*:/, '') || 'someone');

// ---- lobby ----

async function signIn(event) {
  event?.preventDefault();
  const name = $('display-name').value.trim();
  if (!name) return;
  try {
    const login = await api('POST', '/api/auth/token', null, { name });
    store.setItem('persona.userToken', login.token);
    store.setItem('persona.user', JSON.stringify(login.user));
    localStorage.setItem('persona.name', name);
    showSignedIn();
    const invite = new URLSearchParams(location.search).get('invite');
    if (invite) await joinWithInvite(invite);
    else await refreshSessions();
  } catch (e) {
    toast(friendly(e));
  }
}

function showSignedIn() {
  const user = me();
  $('signed-in').textContent = user ? `Signed in as ${user.name}` : '';
  $('after-sign-in').hidden = !user;
}

function sessionOf(token) {
  // The invite's payload names the session (its signature is checked by the server).
  const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  return payload.sid;
}

async function joinWithInvite(invite) {
  const sid = sessionOf(invite);
  enter(await api('POST', `/api/sessions/${encodeURIComponent(sid)}/join`, userToken(), { invite }));
}

async function refreshSessions() {
  const user = me();
  if (!user || !userToken()) return;
  try {
    const page = await api('GET', `/api/sessions?participant=${encodeURIComponent(user.id)}`, userToken());
    const list = $('sessions');
    list.replaceChildren();
    for (const s of page.sessions || []) {
      const li = document.createElement('li');
      const open = document.createElement('button');
      open.type = 'button';
      open.textContent = 'Open';
      open.setAttribute('aria-label', `Open ${s.name}`);
      open.addEventListener('click', async () => {
        try {
          enter(await api('POST', `/api/sessions/${encodeURIComponent(s.id)}/join`, userToken(), {}));
        } catch (e) {
          toast(friendly(e));
        }
      });
      const label = document.createElement('span');
      label.textContent = `${s.name} `;
      const id = document.createElement('code');
      id.textContent = s.id;
      li.append(label, id, ' ', open);
      list.append(li);
    }
    if (!list.children.length) list.innerHTML = '<li class="meta">None yet: start a workshop or join one with a link.</li>';
  } catch (e) {
    log(`Could not list sessions: ${friendly(e)}`);
  }
}

async function createSession(event) {
  event.preventDefault();
  if (!userToken()) return toast('Enter your name first.');
  try {
    enter(await api('POST', '/api/sessions', userToken(), { name: $('session-name').value.trim() }));
  } catch (e) {
    toast(friendly(e));
  }
}

async function share() {
  try {
    const invite = await api('POST', `/api/sessions/${encodeURIComponent(grant.session.id)}/invites`, grant.token, { role: 'editor' });
    $('share-link').value = invite.link;
    $('share-link').hidden = false;
    $('share-link').select();
    await navigator.clipboard?.writeText(invite.link).catch(() => {});
    toast('Share link ready: send it to the participants.', 'info');
  } catch (e) {
    toast(friendly(e));
  }
}

// ---- the workspace ----

function enter(joined) {
  grant = joined;
  conn?.close();
  names = new Map();
  const user = me();
  if (user) names.set(user.id, user.name);
  $('lobby').hidden = true;
  $('workspace').hidden = false;
  $('session-meta').hidden = false;
  $('session-title').textContent = joined.session.name;
  $('role').textContent = joined.role;
  $('share').hidden = joined.role !== 'facilitator';
  history.replaceState(null, '', `/?session=${encodeURIComponent(joined.session.id)}`);
  store.setItem('persona.session', joined.session.id);

  undo = new UndoManager();
  card = new PersonaCard($('card'), {
    doc: () => conn?.doc,
    onOp: (op, field) => submitLocal(op, field),
    onFocus: (focus, caret, selection) => sendPresence(focus, caret, selection),
  });
  presence = new Presence({ avatars: $('avatars'), card, selfUserId: user?.id });

  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  conn = new SessionConnection({
    url: () => `${scheme}://${location.host}/ws/sessions/${encodeURIComponent(joined.session.id)}`,
    token: async (expired) => {
      if (expired) grant = await api('POST', `/api/sessions/${encodeURIComponent(joined.session.id)}/join`, userToken(), {});
      return grant.token;
    },
    author: user?.id,
  });
  window.personaConnection = conn; // for the end-to-end tests and the curious
  window.personaGrant = () => grant;
  conn.on('status', onStatus);
  conn.on('change', onChange);
  // Our own changes enter the history when the server has sequenced them, not when typed.
  conn.on('acked', scheduleHistory);
  conn.on('frame', onFrame);
  conn.on('refused', (c) => toast(friendly({ code: c.code, message: c.message })));
  conn.on('lost', ({ count }) => toast(`The connection could not be resumed; ${count} change(s) made meanwhile could not be kept. The persona shows what everybody else has.`));
  conn.start();
  setEditable();
  loadProviders();
  loadCollaboration(conn);
}

/**
 * Asks the server how it merges (GET /api/collaboration). With conflict_resolution crdt the page
 * edits in offline mode (docs/offline.md): field edits and list items are CRDT changes that wait
 * while the connection is down, however long, and merge when it is back.
 */
async function loadCollaboration(forConn) {
  try {
    const info = await api('GET', '/api/collaboration');
    if (conn !== forConn || info.conflict_resolution !== 'crdt') return;
    conn.engine.enableCrdt();
    $('mode').hidden = false;
    log('Offline editing is on: changes made without a connection are merged when it returns');
    // Changes not yet merged are kept in this tab's storage, so a reload (or the browser
    // discarding the tab) does not lose them; a new page of the same session takes them back.
    const key = `persona.offline.${grant.session.id}`;
    const keep = () => {
      const saved = conn === forConn ? forConn.engine.savedCrdt() : null;
      if (saved) store.setItem(key, JSON.stringify(saved));
      else if (conn === forConn) store.removeItem(key);
    };
    const restore = () => {
      const saved = store.getItem(key);
      if (!saved) return;
      try {
        forConn.engine.restoreCrdt(JSON.parse(saved));
        log('Changes kept from before the reload are back and will be merged');
      } catch (e) {
        store.removeItem(key);
        toast(`Changes kept from before the reload could not be taken back: ${friendly(e)}`);
      }
    };
    if (forConn.engine.loaded) restore();
    else {
      const off = forConn.on('change', (ev) => {
        if (ev.kind !== 'reset') return;
        off();
        restore();
      });
    }
    forConn.on('change', keep);
    forConn.on('acked', keep);
  } catch (e) {
    log(`Could not read how this server merges changes (${friendly(e)}): editing as usual`);
  }
}

function setEditable() {
  const online = conn && conn.status !== Status.CLOSED;
  const canEdit = grant && grant.role !== 'viewer' && online;
  card.setEditable(Boolean(canEdit));
  for (const id of ['generate', 'research-files', 'import-file']) $(id).disabled = !canEdit || (id === 'generate' && generation !== null);
  $('dropzone').setAttribute('aria-disabled', String(!canEdit));
  updateUndoButtons();
}

function submitLocal(op, field) {
  try {
    conn.submit(op);
    undo.recordLocal(op, field);
    updateUndoButtons();
  } catch (e) {
    toast(friendly(e));
    card.update(null);
  }
}

function updateUndoButtons() {
  const canEdit = grant && grant.role !== 'viewer' && conn?.status !== Status.CLOSED;
  $('undo').disabled = !canEdit || !undo?.canUndo;
  $('redo').disabled = !canEdit || !undo?.canRedo;
}

function doUndo(redo = false) {
  if (grant?.role === 'viewer') return;
  const op = redo ? undo.takeRedo() : undo.takeUndo();
  if (!op) return;
  try {
    conn.submit(op);
    card.update(op);
    presence.moveThrough(op);
  } catch (e) {
    toast(`Could not ${redo ? 'redo' : 'undo'}: ${friendly(e)}`);
  }
  updateUndoButtons();
}

function onStatus(s) {
  const el = $('status');
  const text = {
    connecting: 'Connecting…',
    online: 'Live',
    offline: s.unsent ? `Offline: reconnecting (${s.unsent} change${s.unsent === 1 ? '' : 's'} waiting)` : 'Offline: reconnecting…',
    closed: `Disconnected${s.reason ? `: ${friendly({ message: s.reason })}` : ''}`,
  }[s.status];
  el.textContent = text;
  el.className = `status ${s.status}`;
  el.dataset.status = s.status;
  if (s.status === Status.ONLINE) $('version').textContent = String(conn.version);
  if (s.status === Status.CLOSED) setEditable();
}

function onChange(event) {
  $('version').textContent = String(event.version);
  if (event.kind === 'local') {
    presence.moveThrough(event.op);
    presence.render();
    return; // the card made it and shows it already
  }
  if (event.kind === 'reset') undo.clear();
  else if (event.kind === 'remote' && isMyRestore(event)) undo.recordLocal(event.op, null);
  else if (event.kind === 'remote') undo.recordRemote(event.op);
  presence.moveThrough(event.op);
  card.update(event.kind === 'reset' ? null : event.op);
  presence.render();
  renderWorkshop();
  updateUndoButtons();
  scheduleHistory();
}

function onFrame(frame) {
  switch (frame.type) {
    case 'welcome':
      $('role').textContent = frame.role || grant.role;
      if (frame.role) grant.role = frame.role;
      for (const p of frame.presence || []) names.set(p.user_id, p.name);
      if (!frame.resumed) {
        presence.reset(frame, names);
        card.render();
        renderWorkshop();
        log(`Joined as ${grant.role} at version ${frame.version}`);
        loadNames();
        refreshHistory();
        ensureSkeleton();
      }
      setEditable();
      if (frame.generation) showGeneration(frame.generation);
      break;
    case 'user_joined':
      names.set(frame.user_id, frame.name);
      presence.joined(frame);
      log(`${frame.name} joined`);
      break;
    case 'user_left':
      presence.left(frame);
      log(`${frame.name || nameOf(frame.user_id)} left${frame.reason ? ` (${frame.reason.replace('_', ' ')})` : ''}`);
      break;
    case 'presence':
      names.set(frame.user_id, frame.name);
      presence.update(frame);
      break;
    case 'role_changed':
      if (frame.user_id === me()?.id) {
        grant.role = frame.role;
        $('role').textContent = frame.role;
        setEditable();
        toast(`You are now ${frame.role === 'viewer' ? 'a viewer: you can follow along but not edit' : `an ${frame.role}`}.`, 'info');
      }
      log(`${nameOf(frame.user_id)} is now ${frame.role}`);
      break;
    case 'session_closed':
      toast(`The workshop was closed${frame.reason === 'timeout' ? ' after a long time without activity' : ' by the facilitator'}.`, 'info');
      break;
    case 'nack':
    case 'error':
      if (frame.code !== 'rate_limited') toast(friendly(frame));
      break;
    case 'generation_started':
      generation = { id: frame.generation_id, text: '', next: 0 };
      $('generation').textContent = '';
      $('generation-status').textContent = `Generating with ${frame.provider} (started by ${nameOf(frame.user_id)})…`;
      $('cancel-generation').hidden = grant.role === 'viewer';
      setEditable();
      log(`${nameOf(frame.user_id)} started a generation`);
      break;
    case 'generation_chunk':
      if (!generation || generation.id !== frame.generation_id) generation = { id: frame.generation_id, text: '', next: 0 };
      if (frame.index < generation.next) break; // already shown
      generation.text += frame.content;
      generation.next = frame.index + 1;
      $('generation').textContent = generation.text;
      $('generation').scrollTop = $('generation').scrollHeight;
      break;
    case 'generation_complete':
      $('generation-status').textContent = `Done: ${frame.persona?.name || 'the persona'} is in the card (${frame.chunks} chunks).`;
      endGeneration();
      log('The generation finished');
      break;
    case 'generation_failed':
      $('generation-status').textContent = friendly(frame);
      endGeneration();
      toast(friendly(frame));
      break;
    case 'generation_cancelled':
      $('generation-status').textContent = `Cancelled by ${nameOf(frame.by || frame.user_id)}.`;
      endGeneration();
      break;
    default:
  }
}

/** Display names of everyone in the session (the welcome lists user ids only). */
async function loadNames() {
  try {
    const answer = await api('GET', `/api/sessions/${encodeURIComponent(grant.session.id)}/participants`, grant.token);
    const list = Array.isArray(answer) ? answer : answer.participants || [];
    for (const p of list) if (p.user_id && p.name) names.set(p.user_id, p.name);
    presence.rename(names);
  } catch {
    // Names then come from presence and user_joined frames.
  }
}

/**
 * Gives a persona that lacks them its standard fields, empty, in one op. json0 cannot merge two
 * people creating the same key at once (one creation replaces the other, and what was typed into
 * the loser is dropped), so fields must exist before anybody types: then every keystroke is a
 * string insert, which always merges.
 */
function ensureSkeleton() {
  if (!grant || grant.role === 'viewer') return;
  const doc = conn.doc ?? {};
  const op = [];
  for (const k of ['name', 'title']) if (!(k in doc)) op.push({ p: [k], oi: '' });
  if (!('demographics' in doc)) op.push({ p: ['demographics'], oi: {} });
  for (const [k] of LISTS) if (!(k in doc)) op.push({ p: [k], oi: [] });
  if (op.length) {
    try {
      conn.submit(op);
      card.update(null);
    } catch (e) {
      log(`Could not prepare the persona's fields: ${friendly(e)}`);
    }
  }
}

function showGeneration(g) {
  generation = { id: g.generation_id, text: g.text || '', next: g.next_index ?? 0 };
  $('generation').textContent = generation.text;
}

function endGeneration() {
  generation = null;
  $('cancel-generation').hidden = true;
  setEditable();
}

// ---- presence ----

function sendPresence(focus, caret, selection) {
  Object.assign(focusState, { focus, caret, selection });
  const now = Date.now();
  const wait = Math.max(0, 100 - (now - focusState.sentAt));
  clearTimeout(focusState.timer);
  focusState.timer = setTimeout(() => {
    focusState.sentAt = Date.now();
    const frame = { type: 'presence', v: conn.version };
    if (focusState.focus) {
      frame.focus = focusState.focus;
      if (focusState.caret !== undefined) frame.caret = focusState.caret;
      if (focusState.selection) frame.selection = focusState.selection;
    }
    conn.send(frame);
  }, wait);
}
// Others' entries expire 30 s after their last update (one timer for the page, whatever session it shows).
setInterval(() => presence?.expire(), 5000);
// Stay visible while sitting in a field (presence expires 30 s after the last update).
setInterval(() => {
  if (conn && focusState.focus) sendPresence(focusState.focus, focusState.caret, focusState.selection);
}, 15_000);

// ---- generation ----

async function loadProviders() {
  try {
    const answer = await api('GET', '/api/generation/providers', grant.token);
    const select = $('gen-provider');
    select.replaceChildren(new Option('Default', ''));
    for (const p of answer.providers || []) {
      if (!p.configured) continue;
      select.append(new Option(`${p.name}${p.model ? ` (${p.model})` : ''}${p.name === answer.default ? ' – default' : ''}`, p.name));
    }
  } catch {
    // Older servers have no provider list: the default provider is used.
  }
}

function chooseFiles(list) {
  files = [...list];
  const ul = $('file-list');
  ul.replaceChildren(...files.map((f) => {
    const li = document.createElement('li');
    li.textContent = `${f.webkitRelativePath || f.name} (${Math.ceil(f.size / 1024)} KB)`;
    return li;
  }));
}

async function startGeneration() {
  const count = Number($('gen-count').value);
  const provider = $('gen-provider').value || undefined;
  $('generate').disabled = true;
  try {
    if (files.length) {
      const form = new FormData();
      for (const f of files) form.append('files', f, f.webkitRelativePath || f.name);
      form.append('count', String(count));
      if (provider) form.append('provider', provider);
      const started = await api('POST', `/api/sessions/${encodeURIComponent(grant.session.id)}/generations`, grant.token, form);
      for (const p of started.problems || []) log(`Skipped ${p.source}: ${p.message}`);
    } else {
      await api('POST', `/api/sessions/${encodeURIComponent(grant.session.id)}/generations`, grant.token, provider ? { count, provider } : { count });
    }
  } catch (e) {
    toast(friendly(e));
    $('generate').disabled = false;
  }
}

async function cancelGeneration() {
  if (!generation) return;
  if (!conn.send({ type: 'cancel_generation', generation_id: generation.id })) {
    try {
      await api('DELETE', `/api/sessions/${encodeURIComponent(grant.session.id)}/generations/${encodeURIComponent(generation.id)}`, grant.token);
    } catch (e) {
      toast(friendly(e));
    }
  }
}

// ---- history ----

let historyTimer = null;
/**
 * Reads the history again soon. A read already planned is kept rather than pushed back, so
 * steady typing (each keystroke acknowledged) still shows in the list within 1.5 s.
 */
function scheduleHistory() {
  if (historyTimer === null) historyTimer = setTimeout(() => { historyTimer = null; refreshHistory(); }, 1500);
}

async function refreshHistory() {
  if (!grant) return;
  try {
    const page = await api('GET', `/api/sessions/${encodeURIComponent(grant.session.id)}/history?limit=50`, grant.token);
    // The server's read model is written just after each commit; behind this page: ask again soon.
    if (page.version < (conn?.version ?? 0)) scheduleHistory();
    const ol = $('history');
    ol.replaceChildren(...page.versions.map((e) => {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'history-item';
      b.dataset.version = String(e.version);
      b.innerHTML = '<span class="who"></span> <span class="what"></span> <time></time>';
      b.querySelector('.who').textContent = e.name || nameOf(e.user_id);
      b.querySelector('.what').textContent = e.summary;
      b.querySelector('time').textContent = new Date(e.ts).toLocaleTimeString();
      b.title = `Version ${e.version}: view the persona as it was after this change`;
      b.addEventListener('click', () => viewVersion(e.version));
      li.append(b);
      return li;
    }));
    if (page.earliest > 0 && page.next_before === null) {
      const li = document.createElement('li');
      li.className = 'meta';
      li.textContent = page.persist_history
        ? `Versions before ${page.earliest} are no longer available.`
        : `Only recent changes are kept (persist_history is off): the history starts at version ${page.earliest}.`;
      ol.append(li);
    }
  } catch (e) {
    log(`History unavailable: ${friendly(e)}`);
    // A failed read (a busy server, a rate limit) would leave the list stale until the next
    // change: ask again, no sooner than the server's retryAfter (milliseconds).
    const retryAfter = Number(e?.body?.retryAfter ?? 0);
    clearTimeout(historyTimer);
    historyTimer = setTimeout(() => { historyTimer = null; refreshHistory(); }, Math.max(3000, retryAfter));
  }
}

/** Shows the document at `target` (read only), as the server reconstructs it. */
async function viewVersion(target) {
  try {
    const page = await api('GET', `/api/sessions/${encodeURIComponent(grant.session.id)}/versions/${target}`, grant.token);
    card.showReadOnly(page.document);
    $('viewing').hidden = false;
    $('viewing-version').textContent = String(target);
    $('restore-version').hidden = !grant || grant.role === 'viewer';
  } catch (e) {
    toast(`That version cannot be shown: ${friendly(e)}`);
  }
}

// A restore is made by the server on this participant's behalf (POST …/restore) and comes back as
// an op with src `agent:restore:<version>:…` and this user's id. The page that asked for it takes
// it as its own change, so Undo takes the restore back (its inverse, moved past later ops).
let pendingRestore = null;
function isMyRestore(event) {
  if (pendingRestore === null || event.user !== me()?.id || !event.src?.startsWith(`agent:restore:${pendingRestore}:`)) return false;
  pendingRestore = null;
  return true;
}

async function restoreVersion() {
  const target = Number($('viewing-version').textContent);
  if (!conn?.engine?.synced) {
    toast('Wait until your own changes are saved, then try again.');
    return;
  }
  pendingRestore = target;
  try {
    const result = await api('POST', `/api/sessions/${encodeURIComponent(grant.session.id)}/restore`, grant.token, { version: target });
    backToLive();
    toast(`Restored version ${target} (now version ${result.version}). Undo takes it back.`, 'info');
  } catch (e) {
    pendingRestore = null;
    toast(`Could not restore version ${target}: ${friendly(e)}`);
  }
}

function backToLive() {
  card.showReadOnly(null);
  $('viewing').hidden = true;
}

// ---- export and import ----

function exportPersona() {
  const format = $('export-format').value;
  const doc = conn?.doc ?? {};
  const [text, type, ext] = format === 'yaml' ? [toYaml(doc), 'application/yaml', 'yaml'] : format === 'md' ? [toMarkdown(doc), 'text/markdown', 'md'] : [toJson(doc), 'application/json', 'json'];
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = `${(doc.name || 'persona').replace(/[^\w.-]+/g, '-').toLowerCase()}.${ext}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function importPersona(file) {
  try {
    const persona = parsePersonaFile(file.name, await file.text());
    const doc = exportable(conn.doc);
    const op = [];
    for (const k of Object.keys(doc)) if (!(k in persona)) op.push({ p: [k], od: doc[k] });
    for (const [k, v] of Object.entries(persona)) {
      if (k.startsWith('_')) continue;
      if (k in doc) op.push({ p: [k], od: doc[k], oi: v });
      else op.push({ p: [k], oi: v });
    }
    submitLocal(op, null);
    card.update(op);
    toast(`Imported ${persona.name || file.name}.`, 'info');
  } catch (e) {
    toast(friendly(e));
  }
}

// ---- wiring ----

$('name-form').addEventListener('submit', signIn);
$('create-form').addEventListener('submit', createSession);
$('invite-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const raw = $('invite-link').value.trim();
    const invite = raw.includes('invite=') ? new URL(raw, location.href).searchParams.get('invite') : raw;
    await joinWithInvite(invite);
  } catch (err) {
    toast(friendly(err));
  }
});
$('share').addEventListener('click', share);
$('undo').addEventListener('click', () => doUndo(false));
$('redo').addEventListener('click', () => doUndo(true));
$('export').addEventListener('click', exportPersona);
$('import-file').addEventListener('change', (e) => e.target.files[0] && importPersona(e.target.files[0]));
$('generate').addEventListener('click', startGeneration);
$('cancel-generation').addEventListener('click', cancelGeneration);
$('restore-live').addEventListener('click', backToLive);
$('restore-version').addEventListener('click', restoreVersion);
$('leave').addEventListener('click', () => {
  conn?.close();
  location.href = '/';
});
const drop = $('dropzone');
drop.addEventListener('click', () => $('research-files').click());
drop.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), $('research-files').click()));
drop.addEventListener('dragover', (e) => (e.preventDefault(), drop.classList.add('over')));
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  chooseFiles(e.dataTransfer.files);
});
$('research-files').addEventListener('change', (e) => chooseFiles(e.target.files));
document.addEventListener('keydown', (e) => {
  if ($('workspace').hidden || !(e.ctrlKey || e.metaKey)) return;
  const k = e.key.toLowerCase();
  if (k === 'z' || k === 'y') {
    e.preventDefault(); // the browser's own undo would fight the shared document
    doUndo(k === 'y' || e.shiftKey);
  }
});

$('display-name').value = localStorage.getItem('persona.name') || '';
showSignedIn();
if (new URLSearchParams(location.search).get('invite')) $('invite-note').hidden = false;
refreshSessions();
// A reload (or a bookmarked ?session= link) goes straight back into the session.
const reopen = new URLSearchParams(location.search).get('session');
if (reopen && userToken()) {
  api('POST', `/api/sessions/${encodeURIComponent(reopen)}/join`, userToken(), {})
    .then(enter)
    .catch((e) => toast(friendly(e)));
}

// ---- workshop: votes and the floor (docs/workshop.md) ----
//
// The state is the document's `_workshop`, changed only by the server: it is re-rendered after
// every op, and the buttons send workshop frames whose effect comes back as ops.

function workshopButton(text, frame, title = '') {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  if (title) b.title = title;
  b.addEventListener('click', () => conn && conn.send(frame));
  return b;
}

function renderWorkshop() {
  if (!conn || !grant) return;
  const state = workshopOf(conn.doc);
  const user = me()?.id;
  const facilitator = grant.role === 'facilitator';
  const voter = grant.role !== 'viewer';
  // The floor.
  const holder = holderAt(state, Date.now());
  const left = turnLeft(state, Date.now());
  const floor = $('floor');
  floor.dataset.holder = holder ?? '';
  floor.textContent = holder === null
    ? 'Everyone can edit.'
    : `${holder === user ? 'You have' : `${nameOf(holder)} has`} the floor${state.turns.fields ? ` for ${state.turns.fields.map((f) => f.join('.')).join(', ')}` : ''}`
      + (left !== null ? ` (${Math.ceil(left / 1000)} s left)` : '') + '.';
  const controls = $('floor-controls');
  controls.replaceChildren();
  if (holder !== null && holder === user) controls.append(workshopButton('Pass the floor', { type: 'floor', action: 'pass' }));
  if (facilitator && holder === null) {
    const order = [...new Set([user, ...names.keys()].filter(Boolean))];
    controls.append(workshopButton('Take turns', { type: 'turns', on: true, order }, `Round: ${order.map(nameOf).join(', ')}`));
  }
  if (facilitator && holder !== null) {
    controls.append(workshopButton('Free editing', { type: 'turns', on: false }));
    for (const id of state.turns.order.filter((u) => u !== holder)) controls.append(workshopButton(`Give to ${nameOf(id)}`, { type: 'floor', action: 'give', to: id }));
  }
  // The votes.
  const list = $('votes');
  list.replaceChildren();
  for (const vote of votesView(state, user)) {
    const li = document.createElement('li');
    li.dataset.vote = vote.id;
    li.className = vote.open ? 'vote open' : 'vote closed';
    const head = document.createElement('div');
    head.textContent = `${vote.about}: ${vote.total} vote${vote.total === 1 ? '' : 's'}${vote.open ? '' : ` · ${resultText(vote.result)}`}`;
    li.append(head);
    const ul = document.createElement('ul');
    for (const p of vote.proposals) {
      const item = document.createElement('li');
      item.dataset.proposal = p.id;
      item.className = `${p.mine ? 'mine ' : ''}${p.winner ? 'winner' : ''}`.trim();
      const text = document.createElement('span');
      text.textContent = `${p.text} (${p.count})`;
      item.append(text);
      if (vote.open && voter && !p.mine) item.append(workshopButton('Vote', { type: 'vote', proposal: p.id }));
      ul.append(item);
    }
    li.append(ul);
    if (vote.open && facilitator) li.append(workshopButton('Close vote', { type: 'close_vote', vote: vote.id }));
    list.append(li);
  }
  $('propose-form').hidden = !voter;
  const candidates = conn.doc?.metadata?.candidates;
  $('propose-candidates').hidden = !voter || !Array.isArray(candidates) || candidates.length < 2;
}

$('propose-form').addEventListener('submit', (e) => {
  e.preventDefault();
  let value;
  const text = $('propose-value').value.trim();
  try {
    value = JSON.parse(text);
  } catch {
    value = text; // plain words are a string
  }
  if (conn && conn.send({ type: 'propose', path: $('propose-path').value.trim(), value })) $('propose-value').value = '';
});
$('propose-candidates').addEventListener('click', () => conn && conn.send({ type: 'propose', candidates: true }));
// A timed floor moves on by the clock: one timer for the page redraws the indicator.
setInterval(() => {
  if (conn && workshopOf(conn.doc).turns?.turn_ms) renderWorkshop();
}, 1000);
