import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

/**
 * Chinese text uses full-width punctuation next to Chinese characters (，：！？（）), never the
 * ASCII forms. This checks every zh-CN catalogue: each domain's src/<domain>/messages.ts
 * (which the audience pages' scripts share) and the console's web/admin/i18n/zh-CN.ts.
 */
const ASCII_NEXT_TO_HAN = /\p{Script=Han}\s*[,:!?()]|[,:!?()]\s*\p{Script=Han}/u;

export function asciiPunctuationNextToHan(table: Record<string, string>): string[] {
  return Object.entries(table)
    .filter(([, text]) => ASCII_NEXT_TO_HAN.test(text))
    .map(([key, text]) => `${key}: ${text}`);
}

async function zhCatalogues(): Promise<[string, Record<string, string>][]> {
  const domainFiles = fs
    .readdirSync('src', { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join('src', d.name, 'messages.ts')))
    .map((d) => path.join('src', d.name, 'messages.ts'));
  const out: [string, Record<string, string>][] = [];
  for (const file of domainFiles) {
    // Every exported table with a zh-CN side: the catalogue (`messages`) and any other, such as
    // an email's subject and text kept beside it.
    const mod = (await import(pathToFileURL(path.resolve(file)).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      const zh = (value as Record<string, unknown> | undefined)?.['zh-CN'];
      if (zh && typeof zh === 'object') out.push([`${file} ${name}`, zh as Record<string, string>]);
    }
  }
  const admin = 'web/admin/i18n/zh-CN.ts';
  const mod = (await import(pathToFileURL(path.resolve(admin)).href)) as Record<string, unknown>;
  const table = Object.values(mod).find((v) => v && typeof v === 'object') as Record<string, string>;
  out.push([admin, table]);
  return out;
}

describe('zh-CN catalogues', () => {
  it('finds ASCII punctuation next to Chinese characters', () => {
    assert.deepEqual(
      asciiPunctuationNextToHan({ a: '还没有消息,来打个招呼吧!', b: '手机(选填)', c: '原因:{x}' }),
      ['a: 还没有消息,来打个招呼吧!', 'b: 手机(选填)', 'c: 原因:{x}'],
    );
    assert.deepEqual(asciiPunctuationNextToHan({ ok: '时区：Asia/Shanghai, GMT+8', url: 'RTMP 服务器' }), []);
  });

  it('use full-width punctuation next to Chinese in every catalogue', async () => {
    const catalogues = await zhCatalogues();
    assert.ok(catalogues.length >= 5, 'every catalogue was found');
    const problems = catalogues.flatMap(([file, table]) =>
      asciiPunctuationNextToHan(table).map((p) => `${file} ${p}`),
    );
    assert.deepEqual(problems, []);
  });
});
