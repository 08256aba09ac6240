// Minimal workshop page: sign in, create a session or join one by invite link, watch the
// document live, edit a field, and watch a generation stream. (The full editor is a later
// milestone.) Ops are applied with the same json0 engine the server uses
// (ot-core/js/json0.mjs, served at /js/json0.mjs).
import { apply } from '/js/json0.mjs';

const $ = (id) => document.getElementById(id);
let socket = null;
let grant = null; // {token, role, user, session}
let state = { version: 0, snapshot: {}, generation: '' };
let here = new Map(); // user id -> name of everyone connected
const store = window.sessionStorage; // per tab: two tabs can be two people

function setStatus(text, kind) {
  const el = $('status');
  el.textContent = text;
  el.className = 'status ' + (kind || '');
}

function log(text) {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  $('log').prepend(li);
}

async function api(method, path, token, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.detail || `The server answered ${res.status}.`);
  return json;
}

function userToken() {
  return store.getItem('persona.userToken');
}

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
    alert(e.message);
  }
}

function showSignedIn() {
  const user = JSON.parse(store.getItem('persona.user') || 'null');
  $('signed-in').textContent = user ? `Signed in as ${user.name}` : '';
}

function sessionOf(token) {
  // The invite's payload names the session (its signature is checked by the server).
  const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  return payload.sid;
}

async function joinWithInvite(invite) {
  const sid = sessionOf(invite);
  const joined = await api('POST', `/api/sessions/${encodeURIComponent(sid)}/join`, userToken(), { invite });
  enter(joined);
}

async function refreshSessions() {
  const user = JSON.parse(store.getItem('persona.user') || 'null');
  if (!user || !userToken()) return;
  try {
    const page = await api('GET', `/api/sessions?participant=${encodeURIComponent(user.id)}`, userToken());
    const list = $('sessions');
    list.replaceChildren();
    for (const s of page.sessions || []) {
      const li = document.createElement('li');
      li.textContent = `${s.name} (${s.id})`;
      const join = document.createElement('button');
      join.type = 'button';
      join.textContent = 'Open';
      join.addEventListener('click', async () => {
        try {
          enter(await api('POST', `/api/sessions/${encodeURIComponent(s.id)}/join`, userToken(), {}));
        } catch (e) {
          alert(e.message);
        }
      });
      li.append(join);
      list.append(li);
    }
  } catch (e) {
    log('Could not list sessions: ' + e.message);
  }
}

async function createSession(event) {
  event.preventDefault();
  if (!userToken()) {
    alert('Sign in with your name first.');
    return;
  }
  try {
    enter(await api('POST', '/api/sessions', userToken(), { name: $('session-name').value.trim() }));
  } catch (e) {
    alert(e.message);
  }
}

async function share() {
  try {
    const invite = await api('POST', `/api/sessions/${encodeURIComponent(grant.session.id)}/invites`, grant.token, { role: 'editor' });
    $('share-link').textContent = invite.link;
    await navigator.clipboard?.writeText(invite.link).catch(() => {});
    log('Share link ready (copied if the browser allows it)');
  } catch (e) {
    alert(e.message);
  }
}

function render() {
  $('document').textContent = JSON.stringify(state.snapshot, null, 2);
  $('version').textContent = String(state.version);
  $('generation').textContent = state.generation;
}

function enter(joined) {
  grant = joined;
  if (socket) socket.close();
  $('lobby').hidden = true;
  $('workspace').hidden = false;
  $('session-title').textContent = joined.session.name;
  $('share-id').textContent = joined.session.id;
  $('role').textContent = joined.role;
  $('share').hidden = joined.role !== 'facilitator';
  const editable = joined.role !== 'viewer';
  for (const el of [$('edit-path'), $('edit-value'), $('generate'), ...document.querySelectorAll('#edit-form button')]) el.disabled = !editable;
  history.replaceState(null, '', '/');
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  socket = new WebSocket(`${scheme}://${location.host}/ws/sessions/${encodeURIComponent(joined.session.id)}`,
    ['persona.v1', `bearer.${joined.token}`]);
  setStatus('Connecting…');
  socket.onopen = () => setStatus('Connected', 'online');
  socket.onclose = (e) => {
    setStatus(`Disconnected${e.reason ? ': ' + e.reason : ''}`, 'offline');
    log(`Connection closed (${e.code}) ${e.reason}`);
  };
  socket.onmessage = (event) => {
    const frame = JSON.parse(event.data);
    switch (frame.type) {
      case 'welcome':
        state = { version: frame.version, snapshot: frame.snapshot, generation: '' };
        here = new Map(frame.participants.map((id) => [id, displayName(id, frame.presence)]));
        log(`Joined as ${frame.role} at version ${frame.version}`);
        break;
      case 'op':
        state.snapshot = apply(state.snapshot, frame.op);
        state.version = frame.v + 1;
        log(`v${frame.v} by ${frame.user_id}`);
        break;
      case 'nack':
      case 'error':
        log(`${frame.code}: ${frame.message}`);
        break;
      case 'user_joined':
        here.set(frame.user_id, frame.name);
        log(`${frame.name} joined`);
        break;
      case 'user_left':
        here.delete(frame.user_id);
        log(`${frame.name} left`);
        break;
      case 'role_changed':
        log(`${frame.user_id} is now ${frame.role}`);
        break;
      case 'session_closed':
        log(`The session was closed: ${frame.message}`);
        break;
      case 'generation_started':
        state.generation = '';
        $('generation-status').textContent = `Generating (started by ${frame.user_id})…`;
        $('generate').disabled = true;
        break;
      case 'generation_chunk':
        state.generation += frame.content;
        break;
      case 'generation_complete':
        $('generation-status').textContent = `Done: ${frame.persona.name || 'persona'} (${frame.chunks} chunks)`;
        $('generate').disabled = grant.role === 'viewer';
        break;
      case 'generation_failed':
        $('generation-status').textContent = frame.message;
        $('generate').disabled = grant.role === 'viewer';
        break;
      case 'generation_cancelled':
        $('generation-status').textContent = `Cancelled by ${displayName(frame.by, [])}`;
        $('generate').disabled = grant.role === 'viewer';
        break;
    }
    $('participants').textContent = here.size ? 'here: ' + [...here.values()].join(', ') : '';
    render();
  };
}

/** A participant's name: from their presence entry if the welcome has one, else the user id without its issuer. */
function displayName(userId, presence) {
  const entry = (presence || []).find((p) => p.user_id === userId);
  return entry ? entry.name : userId.replace(/^[^:]*:/, '');
}

function sendEdit(event) {
  event.preventDefault();
  const path = $('edit-path').value.trim();
  const raw = $('edit-value').value;
  let value;
  try { value = JSON.parse(raw); } catch { value = raw; }
  socket?.send(JSON.stringify({ type: 'edit', path, value }));
}

$('name-form').addEventListener('submit', signIn);
$('create-form').addEventListener('submit', createSession);
$('invite-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const invite = new URL($('invite-link').value.trim(), location.href).searchParams.get('invite') || $('invite-link').value.trim();
    await joinWithInvite(invite);
  } catch (err) {
    alert(err.message);
  }
});
$('edit-form').addEventListener('submit', sendEdit);
$('generate').addEventListener('click', () => socket?.send(JSON.stringify({ type: 'generate', count: 1 })));
$('share').addEventListener('click', share);
$('display-name').value = localStorage.getItem('persona.name') || '';
showSignedIn();
if (new URLSearchParams(location.search).get('invite')) $('invite-note').hidden = false;
refreshSessions();
