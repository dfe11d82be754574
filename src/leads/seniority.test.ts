import assert from 'node:assert/strict';
import { it } from 'node:test';
import { seniorityOf } from './seniority.js';

it('reads seniority from English and Chinese job titles', () => {
  const cases: [string | null, string][] = [
    ['CEO', 'c_level'],
    ['Chief Marketing Officer', 'c_level'],
    ['Vice President, Sales', 'vp'],
    ['SVP Engineering', 'vp'],
    ['Head of Demand Generation', 'director'],
    ['Marketing Director', 'director'],
    ['Product Manager', 'manager'],
    ['Software Engineer', 'individual'],
    ['首席技术官', 'c_level'],
    ['总经理', 'c_level'],
    ['副总裁', 'vp'],
    ['副总经理', 'vp'],
    ['市场总监', 'director'],
    ['销售经理', 'manager'],
    ['工程师', 'individual'],
    ['', 'unknown'],
    [null, 'unknown'],
  ];
  for (const [title, expected] of cases) assert.equal(seniorityOf(title), expected, String(title));
});
