import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keywordForm, ruleProblem, screenMessage } from './filters.js';
import { defaultPolicy, type Policy } from './screen/policy.js';

const SEED_SPAM =
  'chinesefreesexvideos高潮,欧美极品少妇性运交,久久久国产一区二区三区,99久久婷婷国产综合精品,成人国产一区二区三区';

const action = (text: string, options = {}) => screenMessage(text, [], options).action;

describe('chat filters (team rules over the scored screen)', () => {
  it('blocks the keyword-stuffed spam line from the seed page', () => {
    assert.equal(action(SEED_SPAM), 'block');
  });

  it('lets ordinary chat through, in Chinese and English, including lists in sentences', () => {
    for (const text of [
      '请问这个方案支持私有化部署吗?',
      'Great demo, thanks! Does it support SSO?',
      'We use AWS, Aliyun and Azure in different regions',
      'I live in Essex, near the coast',
      '我们的线索、客户、营收都在增长',
      'AI, CRM, 线索, 转化',
      'AI、CRM、线索、转化、私域、复购',
      'we use salesforce.com for our CRM',
      '666',
      '+1',
      'Is version 13.812.345 out yet?',
    ]) {
      assert.equal(action(text), 'allow', text);
    }
  });

  it('undoes evasion: separators, invisible characters, full-width letters, homoglyphs, small capitals, leetspeak', () => {
    assert.equal(keywordForm('Ｐ.O.R\u200BN'), 'porn');
    for (const text of [
      '高-潮 视频',
      'free s e x here',
      'ｆｒｅｅ ｐｏｒｎ',
      'ѕех chat',
      'ᴘᴏʀɴ',
      'p0rn site',
      'c.a.s.i.n.o bonus',
    ])
      assert.notEqual(action(text), 'allow', text);
  });

  it('holds one link from a viewer, blocks link spam, and lets hosts post links', () => {
    assert.equal(action('slides: https://example.com/deck'), 'hold');
    assert.equal(action('go www.a-shop.top and b-shop.vip now'), 'block');
    assert.equal(action('slides: https://example.com/deck', { allowLinks: true }), 'allow');
    assert.equal(action('the list is at bit.ly/abc'), 'hold');
    assert.equal(action('资料在 data点top/free'), 'hold');
  });

  it('holds contact details offered for private contact', () => {
    for (const text of [
      '加V：kefu8899 免费领取',
      'add me on wechat: lucy_2024',
      'q群 582910374',
      'call 138 1234 5678',
      '热线 4OO-8OO-1234',
      'tg @cheap_data88',
      '幺三八 一二三四 五六七八 联系我',
    ])
      assert.notEqual(action(text), 'allow', text);
  });

  it('uses per-viewer signals: a first message with contact details, the same text from several viewers', () => {
    const email = 'reach me at bob.smith@example.org';
    assert.equal(action(email), 'allow');
    assert.equal(action(email, { isFirstMessage: true }), 'hold');
    const text = 'this webinar is amazing everyone';
    assert.equal(action(text, { sameTextViewers: 1 }), 'allow');
    assert.equal(action(text, { sameTextViewers: 3 }), 'hold');
    assert.equal(action('666666', { sameTextViewers: 10 }), 'allow');
  });

  it('follows the event policy: categories can be switched off, thresholds moved', () => {
    const noLinks: Policy = {
      ...defaultPolicy,
      categories: { ...defaultPolicy.categories, links: { enabled: false, weight: 1 } },
    };
    assert.equal(action('slides: https://example.com/deck', { policy: noLinks }), 'allow');
    const strict: Policy = { ...defaultPolicy, hold_at: 10, block_at: 40 };
    assert.equal(action('our site is acme.com', { policy: strict }), 'hold');
    assert.equal(action('加V：kefu8899', { policy: strict }), 'block');
  });

  it('applies team rules first: block beats hold, regexes are matched case-insensitively', () => {
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
