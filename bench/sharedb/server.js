// The ShareDB side of the fan-out comparison (bench/e2e CompareBench, docs/benchmarks.md
// "Against ShareDB"): sharedb with its default in-memory database (MemoryDB) and in-process
// pub/sub, json0, one Node process, one WebSocket per client (ws + websocket-json-stream, the
// wiring of ShareDB's own examples). Nothing is written to disk.
//
//   node server.js [port]        prints "sharedb listening on <port>" when it accepts sockets
'use strict';
const http = require('http');
const WebSocket = require('ws');
const ShareDB = require('sharedb');
const WebSocketJSONStream = require('@teamwork/websocket-json-stream');

const port = Number(process.argv[2] || process.env.PORT || 18090);
const backend = new ShareDB();
const server = http.createServer((req, res) => {
  res.writeHead(200, {'Content-Type': 'text/plain'});
  res.end('ok\n');
});
const wss = new WebSocket.Server({server});
let sockets = 0;
wss.on('connection', (ws) => {
  sockets++;
  ws.on('close', () => sockets--);
  backend.listen(new WebSocketJSONStream(ws));
});
server.listen(port, '127.0.0.1', () => {
  console.log(`sharedb ${require('sharedb/package.json').version} listening on ${port} (node ${process.version}, pid ${process.pid})`);
});
process.on('SIGTERM', () => {
  console.log(`stopping; ${sockets} sockets open`);
  process.exit(0);
});
