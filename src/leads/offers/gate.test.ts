import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fieldsToAsk, gateInput, gateOf, ROOM_GATE } from './gate.js';

it('asks only what is not known yet, and nothing when every required field is known', () => {
  const gate = [
    { type: 'company', required: true },
    { type: 'industry', required: true },
    { type: 'phone', required: false },
  ] as const;
  assert.deepEqual(
    fieldsToAsk(gate, {}).map((f) => f.type),
    ['company', 'industry', 'phone'],
  );
  assert.deepEqual(
    fieldsToAsk(gate, { company: 'Acme' }).map((f) => f.type),
    ['industry', 'phone'],
  );
  assert.deepEqual(fieldsToAsk(gate, { company: 'Acme', industry: 'software' }), []);
  assert.deepEqual(
    fieldsToAsk(gate, { company: '', industry: 'software' }).map((f) => f.type),
    ['company', 'phone'],
  );
});

it('refuses unknown, duplicate and empty gates field by field', () => {
  const dup = gateInput.safeParse([{ type: 'company' }, { type: 'company' }]);
  assert.equal(dup.success, false);
  assert.deepEqual(dup.error?.issues[0]?.path, [1, 'type']);
  assert.equal(gateInput.safeParse([{ type: 'email' }]).success, false);
  assert.equal(gateInput.safeParse([]).success, false);
  assert.deepEqual(gateInput.parse([{ type: 'budget' }]), [{ type: 'budget', required: true }]);
});

it('reads a stored gate, or the room form when none is stored', () => {
  assert.deepEqual(gateOf(null), ROOM_GATE);
  assert.deepEqual(gateOf('[{"type":"country","required":false}]'), [{ type: 'country', required: false }]);
});
