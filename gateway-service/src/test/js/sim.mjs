// A simulated sequencer and network for the page's state machine: what sync-service and the
// gateway do for one session (transform with side left past the ops the client had not seen,
// drop duplicates by src+seq, fan the sequenced op out to every socket), with no I/O, so tests
// can reorder and delay deliveries at will.
import { apply, transform } from '../../../target/classes/static/js/json0.mjs';

export class SimServer {
  constructor(doc = {}) {
    this.doc = doc;
    this.log = []; // sequenced ops {v, src, seq, op}
    this.seen = new Map(); // src -> last seq
    this.sockets = new Set();
    this.nextClient = 1;
  }

  /** Sequences a submitted op and returns the frames to deliver, or a nack. */
  submit(frame) {
    const last = this.seen.get(frame.src) ?? 0;
    if (frame.seq <= last) {
      return { ack: { type: 'ack', seq: frame.seq, v: this.log.find((o) => o.src === frame.src && o.seq === frame.seq).v } };
    }
    if (frame.seq !== last + 1) return { nack: { type: 'nack', seq: frame.seq, code: 'seq_gap', message: 'gap' } };
    if (frame.v > this.log.length) return { nack: { type: 'nack', seq: frame.seq, code: 'invalid_version', message: 'newer' } };
    let op = frame.op;
    for (const o of this.log.slice(frame.v)) op = transform(op, o.op, 'left');
    try {
      this.doc = apply(this.doc, op);
    } catch (e) {
      return { nack: { type: 'nack', seq: frame.seq, code: 'invalid_op', message: e.message } };
    }
    const seqd = { type: 'op', v: this.log.length, src: frame.src, seq: frame.seq, op, user_id: frame.src };
    this.log.push(seqd);
    this.seen.set(frame.src, frame.seq);
    return { op: seqd };
  }
}
