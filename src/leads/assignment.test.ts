import assert from 'node:assert/strict';
import { it } from 'node:test';
import { type Assignable, assignLeads } from './assignment.js';

const lead = (contactId: string, over: Partial<Assignable> = {}): Assignable => ({
  contactId,
  region: null,
  industry: null,
  company_size: null,
  company: null,
  ...over,
});

it('names the owner by the first matching rule (region, industry, named account) and round-robins the rest', () => {
  const rules = [
    { field: 'company' as const, in: ['Acme Corp'], owner_id: 'u-named' },
    { field: 'region' as const, in: ['East China'], owner_id: 'u-east' },
  ];
  const { assigned, turn } = assignLeads(
    [
      lead('c4'),
      lead('c1', { company: 'acme corp', region: 'east china' }),
      lead('c2', { region: 'East China' }),
      lead('c3'),
      lead('c5'),
    ],
    ['u-a', 'u-b'],
    rules,
    1,
  );
  assert.deepEqual(Object.fromEntries(assigned), {
    c1: 'u-named',
    c2: 'u-east',
    c3: 'u-b',
    c4: 'u-a',
    c5: 'u-b',
  });
  assert.equal(turn, 4);
});

it('leaves leads unassigned when no rule matches and the pool is empty', () => {
  assert.equal(assignLeads([lead('c1')], [], []).assigned.size, 0);
});
