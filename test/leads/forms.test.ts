import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEvent, publish } from '../support/fixtures.js';
import {
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';

const both = (en: string, zh: string) => ({ en, 'zh-CN': zh });

/** A designed form: standard B2B fields plus every custom type. */
const designed = {
  fields: [
    { key: 'name', type: 'name', required: true },
    { key: 'email', type: 'email', required: true },
    { key: 'phone', type: 'phone', required: false },
    { key: 'company', type: 'company', required: true },
    { key: 'industry', type: 'industry', required: true },
    { key: 'company_size', type: 'company_size', required: false },
    { key: 'country', type: 'country', required: false },
    {
      key: 'interest',
      type: 'single_choice',
      required: true,
      label: both('What brings you here?', '您关注什么？'),
      choices: [
        { value: 'leads', label: both('More leads', '更多线索') },
        { value: 'brand', label: both('Brand', '品牌') },
      ],
    },
    {
      key: 'topics',
      type: 'multiple_choice',
      required: false,
      label: both('Topics', '话题'),
      choices: [
        { value: 'seo', label: both('SEO', '搜索优化') },
        { value: 'ads', label: both('Ads', '广告') },
      ],
    },
    { key: 'notes', type: 'long_text', required: false, label: both('Anything else?', '其他？') },
    { key: 'nda', type: 'checkbox', required: true, label: both('I accept the NDA', '我接受保密协议') },
  ],
  marketing_opt_in: { enabled: true, label: both('Send me news', '给我发送资讯') },
};

const urlencoded = (pairs: [string, string][]) => ({
  payload: new URLSearchParams(pairs).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

for (const dialect of dialects) {
  describe(`registration form builder (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let event: { id: string; slug: string };
    let second: { id: string; slug: string };

    before(async () => {
      h = await startHarness(dialect, { REGISTRATION_RATE_LIMIT_PER_MINUTE: '1000' });
      admin = await setupAdmin(h);
      event = await createEvent(admin, { slug: 'forms-live' });
      second = await createEvent(admin, { slug: 'forms-second' });
      await publish(admin, event.id);
      await publish(admin, second.id);
    });
    after(() => h.close());

    const putForm = (eventId: string, body: unknown) =>
      admin.request({ method: 'PUT', url: `/api/v1/events/${eventId}/form`, payload: body as object });

    it('serves the default form until the team designs one', async () => {
      const res = await admin.request({ url: `/api/v1/events/${event.id}/form` });
      assert.equal(res.statusCode, 200);
      const form = res.json().form;
      assert.equal(form.designed, false);
      assert.deepEqual(
        form.fields.map((f: { key: string }) => f.key),
        ['name', 'email', 'phone', 'company', 'job_title'],
      );
      assert.equal(form.fields[0].label['zh-CN'], '姓名');
    });

    it('refuses invalid definitions field by field and stores nothing', async () => {
      const res = await putForm(event.id, {
        fields: [
          { key: 'name', type: 'name', required: true },
          { key: 'email', type: 'email', required: true },
          { key: 'size', type: 'shoe_size', required: false },
          { key: 'pick', type: 'single_choice', label: both('Pick', '选'), choices: [] },
          { key: 'pick', type: 'short_text', label: both('Again', '再次') },
        ],
      });
      assert.equal(res.statusCode, 400);
      const fields = res.json().error.details.fields;
      assert.equal(fields['fields.2.type'], 'Unknown field type');
      assert.equal(fields['fields.3.choices'], 'Add at least one choice');
      assert.equal(fields['fields.4.key'], 'Another field already uses this key');
      const missingEmail = await putForm(event.id, {
        fields: [{ key: 'name', type: 'name', required: true }],
      });
      assert.equal(missingEmail.json().error.details.fields.fields, 'The form needs the email field');
      const form = (await admin.request({ url: `/api/v1/events/${event.id}/form` })).json().form;
      assert.equal(form.designed, false);
    });

    it('stores a designed form, audit-logged, and the landing page renders it without JavaScript', async () => {
      const res = await putForm(event.id, designed);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().form.version, 1);
      const audit = await h.services.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'form.updated')
        .execute();
      assert.equal(audit.length, 1);
      const page = (await h.app.inject('/e/forms-live')).body;
      assert.match(page, /<select id="f-industry" name="industry" required>/);
      assert.match(page, /What brings you here\?/);
      assert.match(page, /<input type="checkbox" name="topics" value="seo" id="f-topics">/);
      assert.match(page, /<textarea id="f-notes" name="notes"/);
      assert.match(page, /name="marketing_opt_in"/);
      assert.doesNotMatch(page, /name="job_title"/);
      const zh = (await h.app.inject('/e/forms-live?lang=zh-CN')).body;
      assert.match(zh, /您关注什么？/);
      assert.match(zh, /<option value="CN">中国<\/option>/);
    });

    it('checks answers against the definition and stores nothing when they do not fit', async () => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/e/forms-live/register',
        ...urlencoded([
          ['name', 'Lin'],
          ['email', 'lin@example.com'],
          ['phone', '12345'],
          ['company', 'Acme'],
          ['industry', 'mining'],
          ['interest', 'leads'],
          ['topics', 'seo'],
          ['topics', 'crypto'],
          ['consent', 'on'],
        ]),
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /id="e-phone">Enter a valid phone number/);
      assert.match(res.body, /id="e-industry">Choose one of the offered values/);
      assert.match(res.body, /id="e-topics">Choose one of the offered values/);
      assert.match(res.body, /id="e-nda">Please agree to continue/);
      // What was typed stays in the form.
      assert.match(res.body, /value="seo" id="f-topics" checked/);
      const api = await h.app.inject({
        method: 'POST',
        url: '/api/v1/public/events/forms-live/registrations',
        payload: { name: 'Lin', email: 'lin@example.com', company: 'Acme', consent: true, interest: 'nope' },
      });
      assert.equal(api.statusCode, 400);
      const fields = api.json().error.details.fields;
      assert.equal(fields.industry, 'This field is required');
      assert.equal(fields.interest, 'Choose one of the offered values');
      const count = await h.services.db.kysely
        .selectFrom('registrations')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      assert.equal(Number(count?.n), 0);
    });

    it('stores answers per registration, fills the contact, records the opt-in, accepts China-mobile and international phones', async () => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/e/forms-live/register',
        ...urlencoded([
          ['name', 'Lin'],
          ['email', 'Lin@Example.com'],
          ['phone', '138 0013 8000'],
          ['company', 'Acme'],
          ['industry', 'software'],
          ['company_size', '200-999'],
          ['country', 'CN'],
          ['interest', 'leads'],
          ['topics', 'seo'],
          ['topics', 'ads'],
          ['nda', 'on'],
          ['marketing_opt_in', 'on'],
          ['consent', 'on'],
        ]),
      });
      assert.equal(res.statusCode, 303, res.body);
      const cookie = res.cookies.find((c) => c.name === 'lc_contact');
      assert.ok(cookie?.httpOnly, 'a signed, http-only contact cookie');
      const db = h.services.db.kysely;
      const registration = await db.selectFrom('registrations').selectAll().executeTakeFirstOrThrow();
      assert.equal(registration.phone, '+8613800138000');
      const contact = await db.selectFrom('contacts').selectAll().executeTakeFirstOrThrow();
      assert.equal(contact.company, 'Acme');
      const answers = await admin.request({
        url: `/api/v1/events/${event.id}/registrations/${registration.id}/answers`,
      });
      assert.equal(answers.statusCode, 200);
      const body = answers.json();
      const byKey = Object.fromEntries(
        body.answers.map((a: { key: string; value: unknown }) => [a.key, a.value]),
      );
      assert.deepEqual(byKey.topics, ['seo', 'ads']);
      assert.equal(byKey.industry, 'software');
      assert.equal(byKey.nda, true);
      assert.equal(body.marketing_opt_in, true);
      assert.equal(body.opt_in_text, 'Send me news');
      assert.equal(body.form_version, 1);

      const intl = await h.app.inject({
        method: 'POST',
        url: '/api/v1/public/events/forms-live/registrations',
        payload: {
          name: 'Sam',
          email: 'sam@example.co.uk',
          phone: '+44 20 7946 0958',
          company: 'Widgets',
          industry: 'retail',
          interest: 'brand',
          nda: true,
          consent: true,
        },
      });
      assert.equal(intl.statusCode, 201, intl.body);
      const sam = await db
        .selectFrom('registrations')
        .selectAll()
        .where('email', '=', 'sam@example.co.uk')
        .executeTakeFirstOrThrow();
      assert.equal(sam.phone, '+442079460958');
      const samOptIn = await db
        .selectFrom('form_submissions')
        .selectAll()
        .where('registration_id', '=', sam.id)
        .executeTakeFirstOrThrow();
      assert.equal(samOptIn.marketing_opt_in, 0);
    });

    it('does not ask a returning contact again for what is known (cookie and personal link)', async () => {
      await putForm(second.id, {
        fields: [
          { key: 'name', type: 'name', required: true },
          { key: 'email', type: 'email', required: true },
          { key: 'company', type: 'company', required: true },
          { key: 'industry', type: 'industry', required: true },
          { key: 'job_title', type: 'job_title', required: true },
          { key: 'budget', type: 'budget', required: true },
        ],
      });
      const first = await h.app.inject({
        method: 'POST',
        url: '/e/forms-live/register',
        ...urlencoded([
          ['name', 'Mei'],
          ['email', 'mei@example.com'],
          ['company', 'Mei Co'],
          ['industry', 'finance'],
          ['interest', 'brand'],
          ['nda', 'on'],
          ['consent', 'on'],
        ]),
      });
      assert.equal(first.statusCode, 303, first.body);
      const cookie = first.cookies.find((c) => c.name === 'lc_contact')!;
      const headers = { cookie: `lc_contact=${encodeURIComponent(cookie.value)}` };
      const page = await h.app.inject({ url: '/e/forms-second', headers });
      assert.equal(page.headers['cache-control'], 'private, no-store');
      assert.match(page.body, /Welcome back, Mei/);
      for (const known of ['name', 'email', 'company', 'industry'])
        assert.doesNotMatch(page.body, new RegExp(`name="${known}"`), `${known} is known`);
      assert.match(page.body, /name="job_title"/);
      assert.match(page.body, /name="budget"/);
      // A forged cookie proves nothing: the full form.
      const forged = await h.app.inject({
        url: '/e/forms-second',
        headers: { cookie: 'lc_contact=abc.def' },
      });
      assert.match(forged.body, /name="email"/);

      const missing = await h.app.inject({
        method: 'POST',
        url: '/e/forms-second/register',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams([
          ['job_title', 'CMO'],
          ['consent', 'on'],
        ]).toString(),
      });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.body, /id="e-budget"/);
      assert.doesNotMatch(missing.body, /id="e-email"/);
      const done = await h.app.inject({
        method: 'POST',
        url: '/e/forms-second/register',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams([
          ['job_title', 'CMO'],
          ['budget', '<100k'],
          ['consent', 'on'],
        ]).toString(),
      });
      assert.equal(done.statusCode, 303, done.body);
      const db = h.services.db.kysely;
      const reg = await db
        .selectFrom('registrations')
        .selectAll()
        .where('event_id', '=', second.id)
        .where('email', '=', 'mei@example.com')
        .executeTakeFirstOrThrow();
      assert.equal(reg.name, 'Mei');
      assert.equal(reg.company, 'Mei Co');
      const contact = await db
        .selectFrom('contacts')
        .selectAll()
        .where('email', '=', 'mei@example.com')
        .executeTakeFirstOrThrow();
      assert.equal(contact.job_title, 'CMO');

      // The personal link of a registration recognises the contact as well, on another device.
      const third = await createEvent(admin, { slug: 'forms-third' });
      await publish(admin, third.id);
      await putForm(third.id, {
        fields: [
          { key: 'name', type: 'name', required: true },
          { key: 'email', type: 'email', required: true },
          { key: 'job_title', type: 'job_title', required: true },
          { key: 'budget', type: 'budget', required: true },
          { key: 'purchase_timeline', type: 'purchase_timeline', required: true },
        ],
      });
      const viaLink = await h.app.inject(`/e/forms-third?k=${reg.join_token}`);
      assert.match(viaLink.body, /Welcome back, Mei/);
      assert.match(viaLink.body, /name="purchase_timeline"/);
      assert.doesNotMatch(viaLink.body, /name="budget"/);
      assert.doesNotMatch(viaLink.body, /name="job_title"/);
      const linked = await h.app.inject({
        method: 'POST',
        url: '/e/forms-third/register',
        ...urlencoded([
          ['k', reg.join_token],
          ['purchase_timeline', 'now'],
          ['consent', 'on'],
        ]),
      });
      assert.equal(linked.statusCode, 303, linked.body);
    });
  });
}
