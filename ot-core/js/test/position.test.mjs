import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transformPosition } from '../json0.mjs';

test('transformPosition_table', () => {
  const at = (path, offset) => ({ path, offset });
  const table = [
    ['insert before the caret', [{ p: ['name', 0], si: 'Dr ' }], at(['name'], 6)],
    ['insert at the caret stays before it', [{ p: ['name', 3], si: 'X' }], at(['name'], 3)],
    ['delete around the caret', [{ p: ['name', 1], sd: 'da' }], at(['name'], 1)],
    ['other string', [{ p: ['title', 0], si: 'X' }], at(['name'], 3)],
    ['list insert before the caret string', [{ p: ['goals', 0], li: 'x' }], at(['goals', 2, 'text'], 3), ['goals', 1, 'text']],
    ['list delete before', [{ p: ['goals', 0], ld: 'x' }], at(['goals', 0, 'text'], 3), ['goals', 1, 'text']],
    ['list move of the caret element', [{ p: ['goals', 1], lm: 3 }], at(['goals', 3, 'text'], 3), ['goals', 1, 'text']],
    ['string deleted', [{ p: ['name'], od: 'Ada' }], null],
    ['parent replaced', [{ p: ['goals', 1], ld: {}, li: {} }], null, ['goals', 1, 'text']],
  ];
  for (const [name, op, expected, path = ['name']] of table) {
    assert.deepEqual(transformPosition(path, 3, op), expected, name);
  }
  assert.deepEqual(transformPosition(['name'], 3, [{ p: ['name', 3], si: 'X' }], true), at(['name'], 4));
});
