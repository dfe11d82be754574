import { catalog } from '../../i18n/catalog.js';
import type { Locale } from '../../i18n/index.js';
import type { Step } from '../plan/steps.js';
import { escapeHtml, type MergeField } from './merge.js';

const str = (locale: Locale, key: string) => catalog[locale][key] ?? catalog.en[key] ?? key;

/** The button each step carries, if any: its label and the merge field it links to. */
const buttons: Record<Step | 'campaign', { label: string; field: MergeField } | null> = {
  reminder_1d: { label: 'mail.button.join', field: 'join_url' },
  reminder_1h: { label: 'mail.button.join', field: 'join_url' },
  live: { label: 'mail.button.join', field: 'join_url' },
  followup_attendees: { label: 'mail.button.replay', field: 'replay_url' },
  followup_absentees: { label: 'mail.button.replay', field: 'replay_url' },
  replay: { label: 'mail.button.replay', field: 'replay_url' },
  cancellation: null,
  campaign: { label: 'mail.button.event', field: 'landing_url' },
};

/** An MJML document from paragraphs and an optional button: the shape of every built-in template. */
export function mjmlDocument(
  paragraphs: string[],
  button: { label: string; field: MergeField } | null,
): string {
  const texts = paragraphs.map((p) => `        <mj-text>${escapeHtml(p)}</mj-text>`);
  const action = button
    ? [
        `        <mj-button href="{{${button.field}}}" background-color="#2756d8">${escapeHtml(button.label)}</mj-button>`,
      ]
    : [];
  return [
    '<mjml>',
    '  <mj-head>',
    '    <mj-attributes>',
    `      <mj-all font-family="system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif" />`,
    '      <mj-text font-size="16px" line-height="1.55" color="#1b1f2a" />',
    '    </mj-attributes>',
    '  </mj-head>',
    '  <mj-body background-color="#f4f5f7">',
    '    <mj-section background-color="#ffffff">',
    '      <mj-column>',
    ...texts,
    ...action,
    '      </mj-column>',
    '    </mj-section>',
    '  </mj-body>',
    '</mjml>',
  ].join('\n');
}

/** The built-in subject and MJML body of a step (or a campaign's starting point) in one language. */
export function defaultTemplate(step: Step | 'campaign', locale: Locale): { subject: string; body: string } {
  const key = step === 'campaign' ? 'mail.campaign' : `mail.step.${step}`;
  const button = buttons[step];
  return {
    subject: step === 'campaign' ? '{{event_title}}' : str(locale, `${key}.subject`),
    body: mjmlDocument(
      str(locale, `${key}.body`)
        .split('\n\n')
        .filter((p) => p.trim() !== ''),
      button && { label: str(locale, button.label), field: button.field },
    ),
  };
}

/** The footer every email carries (with the unsubscribe link), in one language. */
export const footerOf = (locale: Locale) => ({
  notice: str(locale, 'mail.footer'),
  unsubscribe: str(locale, 'mail.footer.unsubscribe'),
});
