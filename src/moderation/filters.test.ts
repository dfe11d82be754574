import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countLinks, isKeywordStuffed, normalise, ruleProblem, screenMessage } from './filters.js';

const SEED_SPAM =
  'chinesefreesexvideos高潮,欧美极品少妇性运交,久久久国产一区二区三区,99久久婷婷国产综合精品,成人国产一区二区三区';

describe('chat filters', () => {
  it('blocks the keyword-stuffed spam line from the seed page', () => {
    assert.equal(screenMessage(SEED_SPAM, []).action, 'block');
    assert.ok(isKeywordStuffed(SEED_SPAM));
  });

  it('catches stuffing without any listed keyword', () => {
    const r = screenMessage('便宜机票,特价酒店,签证代办,旅游套餐,低价门票', []);
    assert.deepEqual(r, { action: 'block', reason: 'keyword-stuffing' });
  });

  it('lets ordinary chat through, in Chinese and English, including lists in sentences', () => {
    for (const text of [
      '请问这个方案支持私有化部署吗?',
      'Great demo, thanks! Does it support SSO?',
      'We use AWS, Aliyun and Azure in different regions',
      'I live in Essex, near the coast',
      '我们的线索、客户、营收都在增长',
    ]) {
      assert.deepEqual(screenMessage(text, []), { action: 'allow' }, text);
    }
  });

  it('undoes evasion with separators, invisible characters and full-width letters', () => {
    assert.equal(normalise('Ｐ.O.R\u200BN'), 'porn');
    assert.equal(screenMessage('高-潮 视频', []).action, 'block');
    assert.equal(screenMessage('free s e x here', []).action, 'block');
  });

  it('holds one link from a viewer, blocks link spam, and lets hosts post links', () => {
    assert.equal(screenMessage('slides: https://example.com/deck', []).action, 'hold');
    assert.equal(screenMessage('go www.a-shop.top and b-shop.vip now', []).action, 'block');
    assert.equal(screenMessage('slides: https://example.com/deck', [], { allowLinks: true }).action, 'allow');
    assert.equal(countLinks('visit example.cn'), 1);
  });

  it('applies team rules: block beats hold, regexes are matched case-insensitively', () => {
    const rules = [
      { pattern: 'competitor', kind: 'keyword' as const, action: 'hold' as const },
      { pattern: '\\bwechat\\s*id\\b', kind: 'regex' as const, action: 'block' as const },
    ];
    assert.equal(screenMessage('try Competitor!', rules).action, 'hold');
    assert.equal(screenMessage('my WeChat ID is abc', rules).action, 'block');
  });

  it('reports broken team rules before they are saved', () => {
    assert.match(
      ruleProblem({ pattern: '(', kind: 'regex', action: 'block' }) ?? '',
      /Invalid regular expression/,
    );
    assert.ok(ruleProblem({ pattern: '...', kind: 'keyword', action: 'block' }));
    assert.equal(ruleProblem({ pattern: 'ok', kind: 'keyword', action: 'hold' }), undefined);
  });
});
