import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileTemplate, personalise } from './compile.js';
import { defaultTemplate, footerOf } from './defaults.js';
import { MERGE_FIELDS, type MergeValues } from './merge.js';

const footer = footerOf('en');
const values = Object.fromEntries(MERGE_FIELDS.map((f) => [f, `<${f}>`])) as MergeValues;
const doc = (inner: string) =>
  `<mjml>\n<mj-body>\n<mj-section>\n<mj-column>\n${inner}\n</mj-column>\n</mj-section>\n</mj-body>\n</mjml>`;

describe('email templates', () => {
  it('every built-in template compiles in both languages, with the unsubscribe link in the footer', async () => {
    for (const step of [
      'reminder_1d',
      'reminder_1h',
      'live',
      'followup_attendees',
      'followup_absentees',
      'replay',
      'cancellation',
      'campaign',
    ] as const) {
      for (const locale of ['en', 'zh-CN'] as const) {
        const result = await compileTemplate(defaultTemplate(step, locale), footerOf(locale));
        assert.ok(result.ok, `${step} ${locale}: ${JSON.stringify(!result.ok && result.problems)}`);
        assert.match(result.compiled.html, /\{\{unsubscribe_url\}\}/);
        assert.match(result.compiled.text, /\{\{unsubscribe_url\}\}/);
      }
    }
  });

  it('refuses an unknown merge field with its line and name', async () => {
    const result = await compileTemplate(
      { subject: 'Hi {{name}}', body: doc('<mj-text>Hi {{first_name}}</mj-text>') },
      footer,
    );
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.problems, [
      {
        part: 'body',
        line: 5,
        message:
          'Unknown merge field {{first_name}}; use one of name, event_title, local_time, time_zone, join_url, ics_url, landing_url, replay_url, unsubscribe_url, offer_links',
        merge_field: 'first_name',
      },
    ]);
  });

  it('refuses broken markup, unknown MJML, scripts and multi-line subjects, each with its line', async () => {
    const unclosed = await compileTemplate(
      { subject: 'x', body: doc('<mj-text>Hi <b>there</mj-text>') },
      footer,
    );
    assert.deepEqual(!unclosed.ok && unclosed.problems.map((p) => [p.line, p.message]), [
      [5, '<b> is not closed before </mj-text> (line 5)'],
    ]);
    const stray = await compileTemplate(
      { subject: 'x', body: doc('<mj-text>a < b</mj-text></mj-button>') },
      footer,
    );
    assert.deepEqual(!stray.ok && stray.problems.map((p) => [p.line, p.message]), [
      [5, 'A "<" that starts no valid tag'],
      [5, '</mj-button> was never opened'],
    ]);
    const unknown = await compileTemplate({ subject: 'x', body: doc('<mj-texte>Hi</mj-texte>') }, footer);
    assert.deepEqual(!unknown.ok && unknown.problems.map((p) => p.line), [5]);
    const script = await compileTemplate(
      { subject: 'x', body: doc('<mj-raw><script>alert(1)</script></mj-raw>') },
      footer,
    );
    assert.match(!script.ok ? script.problems[0]!.message : '', /Scripts/);
    const handler = await compileTemplate(
      { subject: 'x', body: doc('<mj-text><a href="#" onclick="x()">y</a></mj-text>') },
      footer,
    );
    assert.equal(handler.ok, false);
    const subject = await compileTemplate(
      { subject: 'Hi\r\nBcc: all@example.com', body: doc('<mj-text>x</mj-text>') },
      footer,
    );
    assert.deepEqual(!subject.ok && subject.problems.map((p) => p.part), ['subject']);
  });

  it('fills values escaped for HTML, raw in text, and on one line in the subject', async () => {
    const result = await compileTemplate(
      {
        subject: 'For {{name}}',
        body: doc('<mj-text>Hi {{name}}</mj-text><mj-button href="{{join_url}}">Join</mj-button>'),
      },
      footer,
    );
    assert.ok(result.ok);
    const mail = personalise(result.compiled, { ...values, name: 'Eve <b>\r\nBcc: x@example.com' });
    assert.equal(mail.subject, 'For Eve <b> Bcc: x@example.com');
    assert.match(mail.html, /Hi Eve &lt;b&gt;/);
    assert.match(mail.html, /href="&lt;join_url&gt;"/);
    assert.match(mail.text, /Hi Eve <b>/);
  });

  it('links the offers in HTML, one a line, and only that field', () => {
    const values = {
      ...Object.fromEntries(MERGE_FIELDS.map((f) => [f, ''])),
      name: 'https://evil.example',
      offer_links: 'Slides <v2>: https://example.com/s?a=1&b=2\nGuide: https://example.com/g',
    } as MergeValues;
    const out = personalise(
      { subject: '{{name}}', html: '<p>{{name}}</p><p>{{offer_links}}</p>', text: '{{offer_links}}' },
      values,
    );
    assert.equal(
      out.html,
      '<p>https://evil.example</p><p><a href="https://example.com/s?a=1&amp;b=2">Slides &lt;v2&gt;</a><br><a href="https://example.com/g">Guide</a></p>',
    );
    assert.equal(out.text, values.offer_links);
  });
});
