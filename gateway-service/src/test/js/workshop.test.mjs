import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holderAt, mayEdit, turnLeft, votesView, workshopOf, resultText, label } from '../../../target/classes/static/js/workshop.mjs';

const timed = { turns: { holder: 'alice', order: ['alice', 'bob', 'carol'], turn_ms: 10000, since: 100 } };

test('holderAt_followsTheSequencersFormula', () => {
  // The same table as sync-service's WorkshopTest.timer_passesTheFloorBySequencedTime.
  const table = [[100, 'alice'], [10099, 'alice'], [10100, 'bob'], [20100, 'carol'], [30100, 'alice'], [45000, 'bob']];
  for (const [now, holder] of table) assert.equal(holderAt(timed, now), holder, `t=${now}`);
  assert.equal(holderAt({}, 5), null);
  assert.equal(holderAt({ turns: { holder: 'bob', order: ['alice', 'bob'] } }, 1e12), 'bob');
});

test('turnLeft_countsDownEachTurn', () => {
  assert.equal(turnLeft(timed, 100), 10000);
  assert.equal(turnLeft(timed, 10099), 1);
  assert.equal(turnLeft(timed, 10100), 10000);
  assert.equal(turnLeft({}, 0), null);
});

test('mayEdit_mirrorsNotYourTurnAndFieldLocked', () => {
  const state = {
    turns: { holder: 'alice', order: ['alice', 'bob'], fields: [['goals']] },
    locks: [{ path: ['demographics'], by: 'carol', at: 1 }],
  };
  assert.deepEqual(mayEdit(state, ['goals', 0], 'bob', 0), { ok: false, code: 'not_your_turn', by: 'alice' });
  assert.deepEqual(mayEdit(state, ['goals', 0], 'alice', 0), { ok: true });
  assert.deepEqual(mayEdit(state, ['name'], 'bob', 0), { ok: true });
  assert.deepEqual(mayEdit(state, [], 'bob', 0), { ok: false, code: 'not_your_turn', by: 'alice' });
  assert.deepEqual(mayEdit(state, ['demographics', 'age'], 'alice', 0), { ok: false, code: 'field_locked', by: 'carol' });
  assert.deepEqual(mayEdit(state, ['demographics', 'age'], 'carol', 0), { ok: true });
});

test('votesView_openFirst_countsAndMyVote', () => {
  const state = workshopOf({
    _workshop: {
      votes: {
        v1: { id: 'v1', path: [], status: 'closed', proposals: [{ id: 'p2', value: { name: 'Ada', title: 'Nurse' }, by: 'a' }],
          ballots: { a: 'p2' }, tally: { p2: 1 }, result: { winner: 'p2', reason: 'most_votes', votes: 1 } },
        v3: { id: 'v3', path: ['demographics', 'age'], status: 'open',
          proposals: [{ id: 'p4', value: 34, by: 'a' }, { id: 'p5', value: 41, by: 'b' }],
          ballots: { a: 'p4', b: 'p5', c: 'p5' }, tally: { p4: 1, p5: 2 } },
      },
    },
  });
  const view = votesView(state, 'c');
  assert.deepEqual(view.map((v) => v.id), ['v3', 'v1']);
  assert.equal(view[0].about, 'demographics.age');
  assert.equal(view[0].total, 3);
  assert.deepEqual(view[0].proposals.map((p) => [p.id, p.text, p.count, p.mine]), [['p4', '34', 1, false], ['p5', '41', 2, true]]);
  assert.equal(view[1].about, 'the whole persona');
  assert.equal(view[1].proposals[0].text, 'Ada, Nurse');
  assert.equal(view[1].proposals[0].winner, true);
  assert.equal(resultText(view[1].result), 'p2 won with the most votes');
  assert.equal(resultText({ reason: 'no_quorum', votes: 1 }), 'too few votes (1): no winner, nothing changed');
});

test('workshopOf_noState_isEmpty', () => {
  assert.deepEqual(workshopOf({ name: 'x' }), {});
  assert.deepEqual(workshopOf(null), {});
  assert.equal(label(['goals', 2]), 'goals.2');
});
