import { html } from 'htm/preact';
import { formatNumber, getLocale, type MessageKey, t } from '../i18n';
import {
  type Campaign,
  type CampaignAudience,
  deliveryStatuses,
  type StatusCounts,
  type Step,
} from './types';

/** "1 recipient" / "3 recipients", by the language's plural rules. */
export function plural(base: 'email.recipients' | 'email.log.total', n: number): string {
  const form = new Intl.PluralRules(getLocale()).select(n) === 'one' ? 'one' : 'other';
  return t(`${base}.${form}` as MessageKey, { n: formatNumber(n) });
}

export const stepName = (step: Step) => t(`email.step.${step}`);

export const audienceLabel = (audience: CampaignAudience) =>
  audience.kind === 'segment' ? t(`email.segment.${audience.segment}`) : t(`email.audience.${audience.kind}`);

/** A plan step's name, or "Campaign: …" for a campaign's key. */
export function keyLabel(key: string, campaigns: Campaign[] = []): string {
  if (!key.startsWith('campaign.')) return stepName(key as Step);
  const campaign = campaigns.find((c) => c.id === key.slice(9));
  return t('email.campaignLabel', { name: campaign?.name ?? key.slice(9) });
}

/** What a step starts from; before_start / after_end steps have an offset in minutes. */
export const anchorOf: Record<Step, 'before_start' | 'after_end' | 'live' | 'replay' | 'cancellation'> = {
  reminder_1d: 'before_start',
  reminder_1h: 'before_start',
  live: 'live',
  followup_attendees: 'after_end',
  followup_absentees: 'after_end',
  replay: 'replay',
  cancellation: 'cancellation',
};

/** The non-zero delivery counts as small badges: "Sent 120 · Failed 2". */
export function Counts(props: { counts: StatusCounts | null }) {
  const counts = props.counts;
  if (!counts) return null;
  const shown = deliveryStatuses.filter((s) => counts[s] > 0);
  if (shown.length === 0) return null;
  return html`<ul class="email-counts">
    ${shown.map((s) => html`<li class=${`badge email-status-${s}`}>${t(`email.status.${s}`)} ${formatNumber(counts[s])}</li>`)}
  </ul>`;
}
