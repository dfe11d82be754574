import type { Normalised } from './normalise.js';
import type { Category } from './policy.js';

/** One scored finding: which category, how many points, and a short reason for moderators. */
export interface Hit {
  category: Category;
  points: number;
  reason: string;
  /** Counts in full on top of the category's strongest finding (a combination, not one more word). */
  additive?: boolean;
}

const hit = (category: Category, points: number, reason: string, additive = false): Hit => ({
  category,
  points,
  reason,
  additive,
});

// Contact details offered for private contact ------------------------------------------

/** Ways spam spells WeChat, QQ, Telegram, WhatsApp — the ordinary 微信 included. */
const CONTACT_WORD =
  '(?:微信|威信|薇信|徽信|危信|卫星|v信|v芯|微芯|威芯|薇芯|卫芯|微x|vx|wx|wechat|weixin|加v|\\+v|加微|加薇|加威|加卫|加q|加扣|addv|addvx|addwx|addq|\\+vx|\\+q|扣扣|qq|企鹅|telegram|电报|飞机|whatsapp|skype|kakao|私聊|私信|联系)';
/** Evasive spellings: nobody writes these except to dodge a filter. */
const EVASIVE_WORD =
  /(威信|薇信|徽信|危信|v信|v芯|微芯|威芯|薇芯|微x|加v|\+v|加薇|加威|加卫|扣扣|企鹅号|飞机号|薇|vx搜|搜vx|wx搜|搜wx)/;
/** contact word, maybe 号/id/是, then a handle with at least three digits (`加微信abc123`, `wechat kefu8899`). */
const HANDLE_AFTER_WORD = new RegExp(`${CONTACT_WORD}(?:号码|号|id|是|账号)?([a-z0-9_]{5,20})`, 'g');
/** an explicit `V: abc_123`, `tg = @shop88`, `微信：xyz666` in the spaced text (the handle has two digits or more). */
const MARKED_HANDLE =
  /(?:^|[^a-z])(?:v|vx|wx|tg|wechat|weixin|telegram|whatsapp|line|line\s*id|signal|kakao|skype|v芯|微芯|微信|微|薇|威|扣|企鹅|电报|飞机)\s*(?:号|id)?\s*[:：=]\s*@?(?=[a-z0-9_.-]*\d[a-z0-9_.-]*\d)[a-z0-9_.-]{4,}/;
/** The same with a few words between the contact word and the colon (`微❤信 同步 ：zx8866`), on the text without spaces and symbols. */
const LOOSE_MARKED_HANDLE = new RegExp(
  `${CONTACT_WORD}[^a-z0-9:：=]{0,6}[:：=]@?(?=[a-z0-9_.-]*\\d[a-z0-9_.-]*\\d)[a-z0-9_.-]{4,}`,
);
const TELEGRAM_AT =
  /(?:tg|telegram|电报|飞机|signal|discord|dm)[^@\n]{0,20}@[a-z0-9_]{4,}|@[a-z0-9_]{4,}\W{0,6}(?:on\s+)?(?:tg|telegram|电报|飞机)/;
const QQ = /(?:qq|q群|qq群|扣扣|企鹅|群号|qun)(?:号码|号|群)?[^\p{L}\p{N}]{0,3}\d{5,11}(?!\d)/u;
const MOBILE_CN = /(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)/;
const SERVICE_NUMBER = /(?<![\d.])[48]00\d{7}(?!\d)/;
const INTERNATIONAL = /\+\d{9,14}(?!\d)/;
const CALL_WORD_NUMBER = /(?:电话|手机|致电|热线|tel|call|text|whatsapp|联系)\D{0,8}\d{7,}/;
const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/;
/** A bare id shaped like a messenger handle (`kefu_8899`, `xiao_li_66`): letters, an underscore, two digits or more. */
const HANDLE_LIKE = /(?<![\w@./])[a-z][a-z0-9]*_[a-z0-9_]*\d{2,}(?![\w.])/;
const ADD_ME = /(?:加|\+)(?:v|微|薇|威|q|扣|我)|(?:^|[^a-z])(?:vx|wx)(?:[^a-z]|$)/;

export function contactHits(n: Normalised): Hit[] {
  const hits: Hit[] = [];
  const withPlus = n.folded.replace(/[^\p{L}\p{N}+]+/gu, '');
  for (const m of withPlus.matchAll(HANDLE_AFTER_WORD)) {
    if ((m[1]?.match(/\d/g)?.length ?? 0) >= 3) {
      hits.push(hit('contact', 60, 'contact-handle'));
      break;
    }
  }
  const tight = n.folded.replace(/[^\p{L}\p{N}:：=@_.-]+/gu, '');
  if (MARKED_HANDLE.test(n.folded) || LOOSE_MARKED_HANDLE.test(tight))
    hits.push(hit('contact', 60, 'contact-handle'));
  if (TELEGRAM_AT.test(n.folded)) hits.push(hit('contact', 60, 'contact-handle'));
  if (QQ.test(n.digits)) hits.push(hit('contact', 60, 'qq-number'));
  if (MOBILE_CN.test(n.digits) || SERVICE_NUMBER.test(n.digits))
    hits.push(hit('contact', 60, 'phone-number'));
  else if (INTERNATIONAL.test(n.digits) || CALL_WORD_NUMBER.test(n.digits))
    hits.push(hit('contact', 50, 'phone-number'));
  if (EMAIL.test(n.folded)) hits.push(hit('contact', 30, 'email'));
  else if (HANDLE_LIKE.test(n.folded)) hits.push(hit('contact', 25, 'handle-like-id'));
  if (EVASIVE_WORD.test(n.compact)) hits.push(hit('contact', 40, 'evasive-contact-word'));
  else if (ADD_ME.test(n.compact) || ADD_ME.test(n.folded)) hits.push(hit('contact', 20, 'add-me'));
  return hits;
}

// Links, with or without a scheme ------------------------------------------------------

const TLDS =
  'com|net|org|cn|io|ai|co|me|ly|gl|cc|top|xyz|vip|shop|site|info|biz|club|online|live|win|bet|loan|fun|icu|buzz|store|tech|pro|asia|mobi|work|today|app|dev|tv|us|uk|jp|hk|tw|ru|in|link|click|ink|gd|im|to|gg|ee|at|de|fr|sg|id|ws|su|lol|one|world|life|vin|kim|red|xin|wang|ltd|group';
const DOMAIN = new RegExp(
  `(?:https?:\\/\\/|hxxps?:\\/\\/|www\\.)?(?<![\\w@.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${TLDS}))(?![a-z0-9-])(:\\d{2,5})?(\\/[^\\s"'<>，。]*)?`,
  'g',
);
const SCHEME = /(?:https?|hxxps?|ftp):\/\/\S+/g;
const IP_URL = /(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?::\d{2,5})?\/\S*/;
/** Shorteners and messaging invites: where they lead cannot be seen from the chat. */
const SHORTENERS = new Set([
  'bit.ly',
  't.cn',
  'tinyurl.com',
  'goo.gl',
  't.me',
  'telegram.me',
  'wa.me',
  'dwz.cn',
  'url.cn',
  'suo.im',
  'is.gd',
  'ow.ly',
  'cutt.ly',
  'rb.gy',
  'shorturl.at',
  'tiny.cc',
  's.id',
  'v.gd',
  't.co',
  'lnkd.in',
  'reurl.cc',
  'qrco.de',
  'linktr.ee',
  'discord.gg',
  'chat.whatsapp.com',
  'u.wechat.com',
]);
const SPAM_TLDS = new Set(
  'top xyz vip shop site club win bet loan fun icu buzz work click link online live today asia cc lol vin kim red xin wang ltd ink su ws'.split(
    ' ',
  ),
);

/** Host names that advertise what they are (`ps5-free-win.com`, `casino-bonus.net`), word by word. */
const SPAMMY_HOST_WORDS = new Set(
  'free win prize prizes gift gifts bonus cash loan loans bet casino sex porn xxx crypto earn rich fuli vip'.split(
    ' ',
  ),
);
const isSpammyHost = (host: string) =>
  host
    .split(/[.-]/)
    .slice(0, -1)
    .some((w) => SPAMMY_HOST_WORDS.has(w));

/** The links in a message, each with how suspicious it looks. */
export function findLinks(n: Normalised): { host: string; points: number }[] {
  const links: { host: string; points: number }[] = [];
  for (const m of n.linkable.matchAll(DOMAIN)) {
    const whole = m[0];
    const host = (m[1] ?? '').replace(/^www\./, '');
    const tld = host.split('.').at(-1) ?? '';
    const explicit = /^(?:https?|hxxps?):\/\/|^www\./.test(whole) || !!m[2] || (m[3]?.length ?? 0) > 1;
    const points = SHORTENERS.has(host)
      ? 60
      : SPAM_TLDS.has(tld) || isSpammyHost(host)
        ? 55
        : explicit
          ? 45
          : 10;
    links.push({ host, points });
  }
  if (links.length === 0) {
    for (const m of n.folded.matchAll(SCHEME)) links.push({ host: m[0], points: 45 });
  }
  if (IP_URL.test(n.linkable)) links.push({ host: 'ip', points: 55 });
  return links;
}

export function linkHits(n: Normalised): Hit[] {
  const links = findLinks(n);
  if (links.length === 0) return [];
  const hits = links.map((l) => hit('links', l.points, l.points >= 55 ? 'suspicious-link' : 'link'));
  const risky = links.filter((l) => l.points >= 45).length;
  if (risky >= 2) hits.push(hit('links', 40, 'link-spam', true));
  return hits;
}

// Repetition floods ---------------------------------------------------------------------

const CHAR_RUN = /(.)\1{19,}/gu;
const UNIT_RUN = /(.{2,12}?)\1{7,}/gu;

export function floodHits(n: Normalised): Hit[] {
  const dense = n.folded.replace(/\s+/g, '');
  let longest = 0;
  for (const m of dense.matchAll(CHAR_RUN)) longest = Math.max(longest, [...m[0]].length);
  for (const m of dense.matchAll(UNIT_RUN)) longest = Math.max(longest, [...m[0]].length);
  const counts = new Map<string, number>();
  for (const w of n.words) counts.set(w, (counts.get(w) ?? 0) + 1);
  const top = Math.max(0, ...counts.values());
  const hits: Hit[] = [];
  if (longest >= 40 || top >= 20) hits.push(hit('flood', 85, 'repetition-flood'));
  else if (longest >= 20 || (top >= 8 && top / n.words.length >= 0.5))
    hits.push(hit('flood', 50, 'repetition'));
  const chars = [...dense];
  if (chars.length >= 60 && new Set(chars).size / chars.length < 0.12)
    hits.push(hit('flood', 50, 'low-diversity'));
  return hits;
}

// Keyword stuffing ----------------------------------------------------------------------

const CJK = /\p{Script=Han}/u;

/**
 * A run of short, bare comma-separated fragments, like the seed page's spam line. An
 * ordinary topic list ("AI, CRM, 线索, 转化") is short and has short fragments: it scores
 * nothing; five or more fragments score a little, which holds only with another signal.
 */
export function stuffingHits(n: Normalised): Hit[] {
  const fragments = n.folded
    .split(/[,，、|;；/]+/)
    .map((f) => f.trim())
    .filter(Boolean);
  // Chinese prose enumerates with 、; ad lists are joined with commas, bars or slashes.
  const enumeration = (n.folded.match(/、/g)?.length ?? 0) >= fragments.length / 2;
  const hits: Hit[] = [];
  const hashtags = n.folded.match(/#[^\s#]+/g)?.length ?? 0;
  if (hashtags >= 5) hits.push(hit('stuffing', 40, 'hashtag-stuffing'));
  if (fragments.length < 5) return hits;
  const cjk = fragments.filter((f) => CJK.test(f)).length / fragments.length >= 0.5;
  // A fragment is "bare" when it is a keyword, not a clause: no spaces in CJK, at most three words in Latin.
  const bare = fragments.filter((f) =>
    cjk ? !/\s/.test(f) && [...f].length <= 24 : f.split(/\s+/).length <= 3 && f.length <= 30,
  );
  if (bare.length / fragments.length < 0.75 || (!cjk && fragments.length < 6)) return hits;
  const meanLength = bare.reduce((sum, f) => sum + [...f].length, 0) / bare.length;
  const points = cjk && meanLength >= 4 && !enumeration ? 50 : 35;
  hits.push(hit('stuffing', points + (fragments.length >= 8 ? 15 : 0), 'keyword-stuffing'));
  return hits;
}

// Money promises (recruitment and get-rich-quick) -------------------------------------

const PICTOGRAPHS = /\p{Extended_Pictographic}/gu;
const MONEY_PER_TIME = [
  /(?:日|天|每天|一天|周|每周|月|每月)[^，。,\d]{0,3}(?:赚|入|收入|结|薪|挣|收益|进账)\D{0,3}(?:\d{2,}|\d+\s*[百千万kw])/,
  /(?:赚|挣|收益|收入|earn|make|making|earning|profit)\D{0,6}[$¥￥]?\d[\d,.]*\s*(?:k|w|万|千|元|块|usd|dollars|rmb|\$)?\+?\s*(?:\/|per|a|each|every|一|每)\s*(?:day|daily|week|hour|天|日|小时|周|单)/,
  /[$¥￥]\d[\d,.]*\s*(?:k)?\+?\s*(?:\/|per|a|each|every)\s*(?:day|week|hour)/,
  /\d+\s*(?:元|块)\s*(?:\/|一|每)\s*(?:天|日|单|小时)/,
  /投\s*\d+\s*[万千wk]?\s*(?:回|赚|返)\s*\d+/,
];
/** An amount per period without an "earn" word: "500 USD per week" may also be a budget, so it only holds. */
const AMOUNT_PER_TIME = /\d[\d,.]*\s*(?:usd|dollars|rmb)\s*(?:\/|per|a|each|every)\s*(?:day|week|hour)/;

export function moneyHits(n: Normalised): Hit[] {
  const text = n.digits.replace(PICTOGRAPHS, '');
  if (MONEY_PER_TIME.some((re) => re.test(text))) return [hit('jobs', 60, 'money-per-time')];
  return AMOUNT_PER_TIME.test(text) ? [hit('jobs', 40, 'money-per-time')] : [];
}

// Solicitation: invitations to private contact, trading in accounts, promised returns -----

const SOLICIT: [RegExp, Category, number, string][] = [
  [
    /(?:有需要|需要的?|有意向?|感兴趣|想要|想了解|想赚钱|想学)[^，。！？,.!?]{0,8}(?:私(?![有域密人])|联系|找我|加我|滴滴|戳我|咨询我)/,
    'promo',
    45,
    'private-contact-invitation',
  ],
  [/(?:私我|滴滴我|戳我|私聊我|联系我|找我)[。！!~～]*$/, 'promo', 45, 'private-contact-invitation'],
  [/加我(?:好友|微信)?[^，。]{0,8}(?:带你|教你|送你)/, 'promo', 45, 'private-contact-invitation'],
  [
    /\b(?:dm|inbox|pm|whatsapp|text)\s+(?:me\s+)?(?:now|today|for|if|asap)\b/,
    'promo',
    45,
    'private-contact-invitation',
  ],
  [/\b(?:contact|message)\s+(?:me|us)\s+(?:now|today|for|asap)\b/, 'promo', 45, 'private-contact-invitation'],
  [
    /\b(?:msg|dm|pm|inbox|hmu|whatsapp|telegram)\s+me\b|\bhmu\b|\bcomment\s+["']?yes\b/,
    'promo',
    45,
    'private-contact-invitation',
  ],
  [/\bask\s+me\s+(?:how|for)\b|\bask\s+me\W*$/, 'promo', 30, 'private-contact-invitation'],
  [
    /\b(?:made|make|makes|earn|earns|earned|earning|making)\s+(?:over\s+|about\s+|up\s+to\s+)?[$¥€£]\s?\d[\d,.]*\s*k?\b|\b(?:earn|earned|earning|make|made|making)\s+\d+\s*k\b|\b\d+x\s+your\s+(?:income|money|earnings|savings)\b/,
    'jobs',
    35,
    'income-claim',
  ],
  [/(?<![今昨明每当次本])日结(?![束果论合构])/, 'jobs', 45, 'daily-pay'],
  [/\bdm\s+["'“”‘’]\w+|\bfollow\s*(?:\+|and|&)\s*dm\b/, 'promo', 45, 'private-contact-invitation'],
  [
    /\b(?:message|contact|text|reach|call|add|find)\s+(?:me|us)\s+(?:on|via|at|in)\s+(?:whatsapp|telegram|wechat|signal|skype|line|kakao|tg|viber)\b/,
    'contact',
    45,
    'private-messenger',
  ],
  [
    /\b(?:contact|text|whatsapp|email|message)\s+(?:him|her)\b|\breach\s+out\s+to\s+(?:him|her)\b/,
    'fraud',
    30,
    'testimonial-contact',
  ],
  [
    /\b(?:mrs?|ms|dr|sir|madam)\.?\s+[a-z]+\b[^.!?]{0,60}\b(?:helped|recovered|invest|profit|legit|trader)/,
    'fraud',
    40,
    'testimonial',
  ],
  [
    /\d+\s*k?\s*(?:subs|subscribers|followers|likes|views|粉丝|播放)\s*(?:for|=|只要|仅)\s*[$¥￥]?\s?\d/,
    'fraud',
    60,
    'engagement-for-sale',
  ],
  [
    /(?:^|[，。,;；\s])(?:收|出)[^，。,.\s]{0,4}(?:号|账号|卡|粉)(?:[，。,\s]|$)/,
    'fraud',
    60,
    'account-trading',
  ],
  [/\bfirst\s+\d+\s+(?:people|users|members|persons)\b|限前\s*\d+\s*名/, 'promo', 25, 'first-n-people'],
  [/(?:一单|每单)\s*(?:赚|挣|返|佣金)?\s*\d+/, 'jobs', 60, 'money-per-task'],
  [
    /(?:出售|回收|收购|求购|高价收|低价出|批量出)[^，。,.]{0,8}(?:号|账号|卡|数据|资料|粉|名单|名录|电话|手机号)/,
    'fraud',
    60,
    'account-trading',
  ],
  [
    /\b(?:sell|selling|buy|buying)\s+(?:[\w,-]+\s+){0,3}(?:accounts|followers|likes|reviews|licenses|licences|leads|databases?|data|lists|records|emails)\b/,
    'fraud',
    45,
    'account-trading',
  ],
  [
    /(?:guaranteed|稳定|保证|保本)[^.。!！]{0,24}(?:returns?|profits?|收益|回报|利润)|(?:returns?|profits?|收益|回报)[^.。!！]{0,24}(?:guaranteed|稳定|保证)/,
    'investment',
    60,
    'promised-returns',
  ],
  [/价值\s*\d{3,}\s*(?:元|块)?的?/, 'promo', 25, 'worth-amount'],
];

export function solicitationHits(n: Normalised): Hit[] {
  return SOLICIT.filter(([re]) => re.test(n.folded)).map(([, category, points, reason]) =>
    hit(category, points, reason),
  );
}
