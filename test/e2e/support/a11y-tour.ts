import type { Browser, Page } from 'playwright-core';
import { createEvent, multipartFile, PNG_1X1, publish } from '../../support/fixtures.js';
import { ADMIN, type Harness, type StaffClient, setupAdmin } from '../../support/harness.js';
import { type AxeFinding, axeViolations } from './axe.js';

/**
 * A tour of every console page and audience page, in English and Chinese, including the
 * states a person reaches by acting (tabs, dialogs, menus, field errors), with axe-core run
 * at each stop. Shared by the browser test (which fails on any violation) and
 * bench/audience/axe.ts (which writes the committed report).
 */
export interface StopResult {
  locale: 'en' | 'zh-CN';
  stop: string;
  findings: AxeFinding[];
}

type Locale = StopResult['locale'];

interface World {
  base: string;
  eventId: string;
  draftId: string;
  slug: string;
  joinToken: string;
  leadId: string;
  templateId: string;
  invitationToken: string;
  unsubscribeToken: string | undefined;
}

const PASSWORD = ADMIN.password;

/** Seeds what the pages show: a published event with speaker, agenda, cover, registrations, a poll and an offer. */
export async function seedTour(h: Harness, base: string): Promise<World & { admin: StaffClient }> {
  const admin = await setupAdmin(h);
  const event = await createEvent(admin, { slug: 'a11y-tour', title: 'Accessible webinars' });
  await admin.request({ method: 'PUT', url: `/api/v1/events/${event.id}/cover`, ...multipartFile(PNG_1X1) });
  const speaker = (
    await admin.request({
      method: 'POST',
      url: `/api/v1/events/${event.id}/speakers`,
      payload: { name: 'Han Meimei', title: 'VP Marketing', company: 'Acme', tier: 'customer' },
    })
  ).json().speaker as { id: string };
  await admin.request({
    method: 'POST',
    url: `/api/v1/events/${event.id}/agenda`,
    payload: {
      title: 'Keynote',
      starts_at: '2030-12-10T14:00',
      ends_at: '2030-12-10T14:30',
      speaker_ids: [speaker.id],
    },
  });
  await publish(admin, event.id);
  const draft = await createEvent(admin, { slug: 'a11y-draft', title: 'A draft event' });
  const registered = await h.app.inject({
    method: 'POST',
    url: `/e/${event.slug}/register`,
    payload: new URLSearchParams({
      name: 'Li Lei',
      email: 'li.lei.a-very-long-address-that-wraps@example-enterprise-customer.com',
      phone: '+86 138 0013 8000',
      company: 'Example Ltd',
      consent: 'on',
    }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const joinToken = /registered\/([A-Za-z0-9_-]{43})/.exec(String(registered.headers.location))?.[1] ?? '';
  const action = (payload: Record<string, unknown>) =>
    admin.request({ method: 'POST', url: `/api/v1/events/${event.id}/room/actions`, payload });
  const poll = (
    await action({
      type: 'poll.create',
      question: 'Which format works best?',
      kind: 'single',
      options: ['Slides', 'Interview'],
    })
  ).json().result as { pollId: string };
  await action({ type: 'poll.open', pollId: poll.pollId });
  const offer = (
    await action({
      type: 'offer.create',
      title: 'The webinar playbook',
      ctaLabel: 'Download',
      url: 'https://example.com/playbook.pdf',
    })
  ).json().result as { offerId: string };
  await action({ type: 'offer.push', offerId: offer.offerId });
  const contact = await h.services.db.kysely.selectFrom('contacts').select('id').executeTakeFirstOrThrow();
  const templates = (await admin.request({ method: 'GET', url: '/api/v1/sop/templates' })).json() as {
    templates: { id: string }[];
  };
  const invitation = (
    await admin.request({
      method: 'POST',
      url: '/api/v1/invitations',
      payload: { email: 'new@example.com', role: 'member' },
    })
  ).json() as { token: string };
  const unsubscribe = await h.services.db.kysely
    .selectFrom('mail_contacts')
    .select('unsubscribe_token')
    .executeTakeFirst();
  return {
    admin,
    base,
    eventId: event.id,
    draftId: draft.id,
    slug: event.slug,
    joinToken,
    leadId: contact.id,
    templateId: templates.templates[0]?.id ?? '',
    invitationToken: invitation.token,
    unsubscribeToken: unsubscribe?.unsubscribe_token,
  };
}

/** Waits until the console shows no loading text and the network is quiet. */
async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction("!document.querySelector('.center-screen p.muted, p.loading')", null, {
    timeout: 10_000,
  });
}

type Part = (browser: Browser, world: World, locale: Locale) => Promise<StopResult[]>;

/** The tour in parts, so a failure names its part and a part can be run alone. */
export const tourParts: Record<string, Part> = {
  'console before sign-in': consoleSignedOut,
  'console pages, tabs, dialogs and errors': consoleSignedIn,
  'console on a phone, and the studio': phoneAndStudio,
  'audience pages at laptop and phone sizes': audience,
};

async function newPage(browser: Browser, locale: Locale, width = 1280, height = 800) {
  const context = await browser.newContext({
    locale: locale === 'en' ? 'en-US' : 'zh-CN',
    timezoneId: 'Europe/Berlin',
    viewport: { width, height },
  });
  return { context, page: await context.newPage() };
}

async function consoleSignedOut(browser: Browser, w: World, locale: Locale) {
  const out: StopResult[] = [];
  const { context, page } = await newPage(browser, locale);
  const check = async (stop: string) => out.push({ locale, stop, findings: await axeViolations(page) });
  await page.goto(`${w.base}/admin/#/sign-in`);
  await page.locator('form input[type=email]').waitFor();
  await check('sign-in');
  await page.locator('form input[type=email]').fill('nobody@example.com');
  await page.locator('form input[type=password]').fill('not the password');
  await page.locator('form button[type=submit]').click();
  await page.locator('.banner').first().waitFor();
  await check('sign-in: wrong password');
  await page.goto(`${w.base}/admin/#/invite/${w.invitationToken}`);
  await page.locator('form input[autocomplete=name]').waitFor();
  await check('invitation');
  await page.locator('form button[type=submit]').click();
  await page.locator('.field.has-error').first().waitFor();
  await check('invitation: field errors');
  await page.goto(`${w.base}/admin/#/setup/not-a-token`);
  await settle(page);
  await check('setup link after setup');
  // Forgotten password: the form, what it answers, and a reset link that does not work.
  await page.goto(`${w.base}/admin/#/forgot`);
  await page.locator('form input[type=email]').waitFor();
  await check('forgot password');
  await page.locator('form input[type=email]').fill('nobody@example.com');
  await page.locator('form button[type=submit]').click();
  await page.locator('.banner').first().waitFor();
  await check('forgot password: answered');
  await page.goto(`${w.base}/admin/#/reset/not-a-token`);
  await page.locator('.banner').first().waitFor();
  await check('reset link that does not work');
  await context.close();
  return out;
}

async function consoleSignedIn(browser: Browser, w: World, locale: Locale) {
  const out: StopResult[] = [];
  const { context, page } = await signedInPage(browser, w, locale, 1280, 800);
  const check = async (stop: string) => out.push({ locale, stop, findings: await axeViolations(page) });
  const visit = async (path: string, stop = path) => {
    await page.goto('about:blank');
    await page.goto(`${w.base}/admin/#${path}`);
    await page.locator('.topbar nav').waitFor();
    await settle(page);
    await check(stop);
  };
  const pages = [
    '/events',
    '/events/new',
    '/my-tasks',
    '/leads',
    `/leads/${w.leadId}`,
    '/my-leads',
    '/review',
    '/templates',
    `/templates/${w.templateId}`,
    '/team',
    '/mail',
    '/tokens',
    '/account',
  ];
  for (const path of pages) await visit(path);
  for (const tab of [
    'details',
    'sop',
    'crew',
    'speakers',
    'agenda',
    'form',
    'registrations',
    'analytics',
    'moderation',
  ])
    await visit(`/events/${w.eventId}/${tab}`);

  // Interactive states: field errors, a confirmation dialog, the add-speaker form.
  await visit('/events/new', 'new event');
  await page.locator('form button[type=submit]').last().click();
  await page.locator('.field.has-error').first().waitFor();
  await check('new event: field errors');
  await visit(`/events/${w.draftId}`, 'draft event');
  await page.locator('.event-actions .btn-danger-outline').click();
  await page.getByRole('dialog').waitFor();
  await check('delete dialog');
  await page.keyboard.press('Escape');
  await visit(`/events/${w.eventId}/speakers`, 'speakers');
  await page.locator('.tab-body button.btn-primary').first().click();
  await page.locator('form input').first().waitFor();
  await check('speakers: add form');
  await context.close();
  return out;
}

async function signedInPage(browser: Browser, w: World, locale: Locale, width: number, height: number) {
  const opened = await newPage(browser, locale, width, height);
  const { page } = opened;
  await page.goto(`${w.base}/admin/#/sign-in`);
  await page.locator('form input[type=email]').fill(ADMIN.email);
  await page.locator('form input[type=password]').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.locator('.topbar nav').waitFor();
  const csrf = ((await (await page.request.get(`${w.base}/api/v1/me`)).json()) as { csrf_token: string })
    .csrf_token;
  await page.request.patch(`${w.base}/api/v1/me`, { data: { locale }, headers: { 'x-csrf-token': csrf } });
  return opened;
}

async function phoneAndStudio(browser: Browser, w: World, locale: Locale) {
  const out: StopResult[] = [];
  const phone = await signedInPage(browser, w, locale, 360, 740);
  for (const path of ['/events', `/events/${w.eventId}/registrations`]) {
    await phone.page.goto('about:blank');
    await phone.page.goto(`${w.base}/admin/#${path}`);
    await phone.page.locator('.topbar nav').waitFor();
    await settle(phone.page);
    out.push({ locale, stop: `${path} (phone)`, findings: await axeViolations(phone.page) });
  }
  await phone.context.close();

  const studio = await signedInPage(browser, w, locale, 1280, 800);
  await studio.page.goto(`${w.base}/studio/${w.eventId}`);
  await studio.page.locator('#lc-host-panel .lcr[data-connected="true"]').waitFor();
  out.push({ locale, stop: 'studio', findings: await axeViolations(studio.page) });
  for (const tab of await studio.page.locator('#lc-host-panel [role=tab]').all()) {
    await tab.click();
    out.push({
      locale,
      stop: `studio: ${(await tab.getAttribute('data-tab')) ?? 'tab'}`,
      findings: await axeViolations(studio.page),
    });
  }
  await studio.context.close();
  return out;
}

async function audience(browser: Browser, w: World, locale: Locale) {
  const out: StopResult[] = [];
  const lang = `?lang=${locale}`;
  for (const [width, height] of [
    [1280, 800],
    [360, 740],
  ] as const) {
    const { context, page } = await newPage(browser, locale, width, height);
    const size = width < 500 ? ' (phone)' : '';
    const check = async (stop: string) =>
      out.push({ locale, stop: `${stop}${size}`, findings: await axeViolations(page) });
    await page.goto(`${w.base}/e/${w.slug}${lang}`);
    await check('landing');
    const addcal = page.locator('.addcal summary').first();
    if (await addcal.isVisible()) {
      await addcal.click();
      await check('landing: add to calendar open');
    }
    await page.locator('form#register button[type=submit]').click();
    await page.waitForLoadState('load');
    await check('landing: registration errors');
    await page.goto(`${w.base}/e/${w.slug}/registered/${w.joinToken}${lang}`);
    await check('confirmation');
    await page.goto(`${w.base}/j/${w.joinToken}${lang}`);
    await page.locator('.lcr[data-connected="true"]').waitFor();
    await page.waitForTimeout(300);
    await check('room before the live');
    const tabs = page.locator('.lcr [role=tab]');
    for (let i = 0; i < (await tabs.count()); i++) {
      await tabs.nth(i).click();
      await check(`room: ${(await tabs.nth(i).getAttribute('data-tab')) ?? `tab ${i + 1}`}`);
    }
    await page.goto(`${w.base}/e/no-such-event${lang}`);
    await check('landing: not found');
    if (w.unsubscribeToken) {
      await page.goto(`${w.base}/u/${w.unsubscribeToken}${lang}`);
      await check('unsubscribe');
    }
    await context.close();
  }
  return out;
}

export { PASSWORD };
