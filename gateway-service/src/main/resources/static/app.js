// Minimal workshop page: create or join a session, watch the document live, edit a field, and
// watch a generation stream. (The full editor is a later milestone.) Ops are applied with the
// same json0 engine the server uses (ot-core/js/json0.mjs, served at /js/json0.mjs).
import { apply } from '/js/json0.mjs';

const $ = (id) => document.getElementById(id);
let socket = null;
let state = { version: 0, snapshot: {}, generation: '' };

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

function displayName() {
  const name = $('display-name').value.trim();
  return name || 'anonymous';
}

async function refreshSessions() {
  try {
    const res = await fetch('/api/sessions');
    const page = await res.json();
    const list = $('sessions');
    list.replaceChildren();
    for (const s of page.sessions || []) {
      const li = document.createElement('li');
      li.textContent = `${s.name} (${s.id})`;
      const join = document.createElement('button');
      join.type = 'button';
      join.textContent = 'Join';
      join.addEventListener('click', () => join_(s.id, s.name));
      li.append(join);
      list.append(li);
    }
  } catch (e) {
    log('Could not list sessions: ' + e.message);
  }
}

async function createSession(event) {
  event.preventDefault();
  const name = $('session-name').value.trim();
  const res = await fetch('/api/sessions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Persona-User': displayName() },
    body: JSON.stringify({ name }),
  });
  const body = await res.json();
  if (!res.ok) {
    alert(body.detail || 'The session could not be created.');
    return;
  }
  join_(body.id, body.name);
}

function render() {
  $('document').textContent = JSON.stringify(state.snapshot, null, 2);
  $('version').textContent = String(state.version);
  $('generation').textContent = state.generation;
}

function join_(id, name) {
  if (socket) socket.close();
  $('lobby').hidden = true;
  $('workspace').hidden = false;
  $('session-title').textContent = name || id;
  $('share-id').textContent = id;
  history.replaceState(null, '', `?session=${encodeURIComponent(id)}`);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  socket = new WebSocket(`${scheme}://${location.host}/ws/sessions/${encodeURIComponent(id)}?name=${encodeURIComponent(displayName())}`);
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
        $('participants').textContent = frame.participants.length ? 'here: ' + frame.participants.join(', ') : '';
        log(`Joined as ${frame.clientId} at version ${frame.version}`);
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
        $('generate').disabled = false;
        break;
      case 'generation_failed':
        $('generation-status').textContent = frame.message;
        $('generate').disabled = false;
        break;
    }
    render();
  };
}

function sendEdit(event) {
  event.preventDefault();
  const path = $('edit-path').value.trim();
  const raw = $('edit-value').value;
  let value;
  try { value = JSON.parse(raw); } catch { value = raw; }
  socket?.send(JSON.stringify({ type: 'edit', path, value }));
}

$('create-form').addEventListener('submit', createSession);
$('join-form').addEventListener('submit', (e) => { e.preventDefault(); join_($('session-id').value.trim()); });
$('edit-form').addEventListener('submit', sendEdit);
$('generate').addEventListener('click', () => socket?.send(JSON.stringify({ type: 'generate', count: 1 })));
$('display-name').value = localStorage.getItem('persona.name') || '';
$('display-name').addEventListener('change', () => localStorage.setItem('persona.name', displayName()));

const fromLink = new URLSearchParams(location.search).get('session');
if (fromLink) join_(fromLink); else refreshSessions();
