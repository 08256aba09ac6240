import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import crypto from 'node:crypto';
import {
  CrdtState, CrdtError, HlcClock, parseHlc, hlcText, compareHlc, baseTag, mergeDocument, observedState, stateOf, withoutState, sha256, materialize,
} from '../crdt.mjs';

// The fixture is what ot-core's Java classes compute (CrdtConformanceFixtureTest writes and checks
// it); here the JavaScript port must compute the same from the same inputs.
const fixture = JSON.parse(fs.readFileSync(new URL('./crdt-conformance.json', import.meta.url), 'utf8'));
const S = (json) => CrdtState.fromJson(json);

test('merge_ofTwoStates_andOfAll_isWhatJavaComputes', () => {
  assert.ok(fixture.merges.length >= 40);
  for (const [i, c] of fixture.merges.entries()) {
    assert.deepEqual(S(c.a).merge(S(c.b)).toJson(), c.merged, `merge case ${i}`);
    assert.deepEqual(S(c.b).merge(S(c.a)).toJson(), c.merged, `merge case ${i}, the other way round`);
    assert.deepEqual(S(c.all).toJson(), c.all, `wire form round trip ${i}`);
  }
});

test('removal_namesTheObservedTags_likeJava', () => {
  for (const [i, c] of fixture.removals.entries()) {
    assert.deepEqual(S(c.state).removal(c.path, c.value).toJson(), c.removal, `removal case ${i}`);
  }
});

test('split_cutsIntoThePiecesJavaCuts_andTheirMergeIsTheState', () => {
  for (const [i, c] of fixture.splits.entries()) {
    const pieces = S(c.state).split(c.max);
    assert.deepEqual(pieces.map((p) => p.toJson()), c.pieces, `split case ${i}`);
    assert.ok(pieces.every((p) => p.size() <= c.max));
    assert.deepEqual(pieces.reduce((a, p) => a.merge(p), CrdtState.EMPTY).toJson(), S(c.state).toJson());
  }
});

test('baseTags_digestTheCanonicalValue_likeJava', () => {
  for (const c of fixture.base_tags) assert.equal(hlcText(baseTag(c.index, c.value)), c.tag, JSON.stringify(c.value));
});

test('documentMerge_chains_areWhatTheSequencerComputes_errorsIncluded', () => {
  let errors = 0;
  for (const [i, c] of fixture.documents.entries()) {
    if (c.after.error) {
      errors++;
      assert.throws(() => mergeDocument(c.doc, S(c.update), 'sequencer', c.now), (e) => e instanceof CrdtError && e.message === c.after.error, `step ${i}`);
    } else {
      assert.deepEqual(mergeDocument(c.doc, S(c.update), 'sequencer', c.now), c.after, `step ${i}`);
    }
  }
  assert.ok(errors > 0 && errors < fixture.documents.length, `both kinds of step are in the fixture (${errors} errors)`);
});

test('laws_commutative_associative_idempotent_onTheFixtureStates', () => {
  const states = fixture.merges.flatMap((c) => [S(c.a), S(c.b)]);
  for (let i = 0; i + 2 < states.length; i++) {
    const [a, b, c] = states.slice(i, i + 3);
    assert.deepEqual(a.merge(b).toJson(), b.merge(a).toJson());
    assert.deepEqual(a.merge(b).merge(c).toJson(), a.merge(b.merge(c)).toJson());
    assert.deepEqual(a.merge(a).toJson(), a.toJson());
  }
});

test('minus_dropsWhatAPieceCarried_butKeepsALaterWriteOfTheSameField', () => {
  const t = (s) => parseHlc(s);
  const first = CrdtState.write(['name'], 'Ada', t('10:0:c1')).merge(CrdtState.add(['goals'], 'g', t('10:1:c1')));
  const later = first.merge(CrdtState.write(['name'], 'Ada L', t('11:0:c1'))).merge(CrdtState.add(['goals'], 'h', t('11:1:c1')));
  const rest = later.minus(first);
  assert.deepEqual(rest.toJson(), {
    registers: [{ path: ['name'], value: 'Ada L', at: '11:0:c1' }],
    sets: [{ path: ['goals'], adds: [{ tag: '11:1:c1', value: 'h' }], removed: [] }],
  });
  assert.ok(first.minus(first).isEmpty());
});

test('observedState_takesInAListTheStateDoesNotHoldYet_soARemovalOfAGeneratedValueNamesItsBaseTag', () => {
  const doc = { goals: ['Ship weekly', 'Less email'] };
  assert.ok(stateOf(doc).removal(['goals'], 'Less email').isEmpty(), 'the bare state has not seen the list');
  const removal = observedState(doc, [['goals']]).removal(['goals'], 'Less email');
  const merged = mergeDocument(doc, removal, 'sequencer', 5);
  assert.deepEqual(withoutState(merged), { goals: ['Ship weekly'] });
});

test('hlcClock_neverGoesBack_andCountsPastAnObservedStamp', () => {
  let wall = 100;
  const clock = new HlcClock('c1', () => wall);
  const a = clock.tick();
  wall = 50;
  const b = clock.tick();
  assert.ok(compareHlc(b, a) > 0);
  clock.observe(parseHlc('500:7:c2'));
  const c = clock.tick();
  assert.equal(hlcText(c), '500:8:c1');
  assert.throws(() => parseHlc('12:x:n'), CrdtError);
  assert.throws(() => parseHlc('-1:0:n'), CrdtError);
  assert.throws(() => parseHlc('12:0:'), CrdtError);
});

test('invalidStates_andPaths_areRefusedWithAReason', () => {
  assert.throws(() => CrdtState.fromJson({ registers: [{ path: ['_crdt'], value: 1, at: '1:0:a' }] }), /reserved/);
  assert.throws(() => CrdtState.fromJson({ registers: [{ path: ['goals', 0], value: 1, at: '1:0:a' }] }), /field names only/);
  assert.throws(() => CrdtState.write(['demographics'], { age: 3 }, parseHlc('1:0:a')), /string, number, boolean or null/);
  assert.throws(() => CrdtState.fromJson({ registers: [], sets: [], extra: 1 }), /unknown key/);
  assert.throws(() => mergeDocument({ goals: [] }, CrdtState.write(['goals'], 'x', parseHlc('1:0:a')), 'seq', 1), /is a list/);
  assert.deepEqual(materialize(CrdtState.write(['a', 'b'], 'x', parseHlc('1:0:a')), { keep: 1 }), { keep: 1, a: { b: 'x' } });
});

test('sha256_matchesNodeCrypto_acrossBlockBoundaries', () => {
  for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
    const bytes = crypto.randomBytes(n);
    assert.equal(Buffer.from(sha256(new Uint8Array(bytes))).toString('hex'), crypto.createHash('sha256').update(bytes).digest('hex'), `${n} bytes`);
  }
});
