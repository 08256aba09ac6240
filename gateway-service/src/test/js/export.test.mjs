import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toJson, toYaml, toMarkdown, parseYaml, parsePersonaFile } from '../../../target/classes/static/js/export.mjs';
import { friendly } from '../../../target/classes/static/js/messages.mjs';

const persona = {
  id: 'p-1',
  name: 'Maria "Mia" Lopez',
  title: 'Busy parent: plans meals # weekly',
  demographics: { age_range: '30-39', occupation: 'Nurse', 'home city': 'Leeds', children: 2, remote: false },
  goals: ['Plan the week in 10 minutes', 'Eat: healthier'],
  pain_points: [],
  quotes: ["I'm always in a hurry", '- not a list item'],
  metadata: { provider: 'offline', model: 'offline-extractive-v1', version: 1 },
  _workshop: { votes: {} },
};

test('yaml_roundTrip_readsBackExactlyWhatWasWritten_withoutReservedKeys', () => {
  const { _workshop, ...expected } = persona;
  assert.deepEqual(parseYaml(toYaml(persona)), expected);
});

test('json_export_dropsReservedKeys', () => {
  assert.equal(JSON.parse(toJson(persona))._workshop, undefined);
  assert.equal(JSON.parse(toJson(persona)).name, persona.name);
});

test('markdown_hasTheSections', () => {
  const md = toMarkdown(persona);
  assert.match(md, /^# Maria "Mia" Lopez/);
  assert.match(md, /## Goals\n\n- Plan the week in 10 minutes/);
  assert.match(md, /> I'm always in a hurry/);
  assert.doesNotMatch(md, /Pain points/, 'empty lists are left out');
});

test('parseYaml_handWritten', () => {
  const text = "name: Sam\ntitle: 'It''s me'\ndemographics:\n  age: 34\ngoals:\n  - one\n  - \"two\"\n# a comment\n";
  assert.deepEqual(parseYaml(text), { name: 'Sam', title: "It's me", demographics: { age: 34 }, goals: ['one', 'two'] });
});

test('parsePersonaFile_badInput_saysWhatIsWrong', () => {
  assert.throws(() => parsePersonaFile('p.json', '{"name": '), /p.json is not valid JSON/);
  assert.throws(() => parsePersonaFile('p.json', '[1,2]'), /does not hold a persona/);
  assert.throws(() => parsePersonaFile('p.yaml', 'name: a\n   bad: indent\n'), /p.yaml, line 2/);
  assert.throws(() => parsePersonaFile('p.txt', 'hello'), /import a .json or .yaml/);
});

test('friendly_mapsCodesToParticipantWords', () => {
  assert.match(friendly({ code: 'forbidden', message: 'x' }), /not change it/);
  assert.match(friendly({ code: 'generation_failed', message: 'provider timed out' }), /could not be generated: provider timed out/);
  assert.equal(friendly({ code: 'validation_failed', message: 'count: must be 1-5' }), 'count: must be 1-5');
  assert.match(friendly({ message: 'not_a_participant: you left the session' }), /no longer part/);
});
