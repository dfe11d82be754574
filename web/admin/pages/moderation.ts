import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { useSession } from '../session';
import { describeError } from '../ui/errors';
import { Banner } from '../ui/form';
import { Pending, useLoad } from '../ui/load';

/** A screen category; the server's policy lists them, in its order (src/moderation/screen/policy.ts). */
type Category = string;
interface Policy {
  hold_at: number;
  block_at: number;
  categories: Record<Category, { enabled: boolean; weight: number }>;
}
interface PolicyView {
  policy: Policy;
  defaults: Policy;
  customised: boolean;
  updated_at: string | null;
}

/**
 * The event's chat screen: which categories count, how much, and where the hold-for-review
 * band starts and ends. Saved per event through the public API; every change is audit-logged.
 */
export function ModerationTab(props: { eventId: string }) {
  const { can } = useSession();
  const url = `/api/v1/events/${encodeURIComponent(props.eventId)}/moderation/policy`;
  const view = useLoad(() => api.get<PolicyView>(url), [url]);
  const [draft, setDraft] = useState<Policy>();
  const [banner, setBanner] = useState<{ message: string; kind: 'error' | 'success' }>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  if (!can('room:moderate')) return html`<${Banner} message=${t('error.FORBIDDEN')} />`;
  if (!view.data) return html`<${Pending} error=${view.error} />`;
  const policy = draft ?? view.data.policy;
  const edit = (change: Partial<Policy>) => setDraft({ ...policy, ...change });
  type Setting = Policy['categories'][Category];
  const tune = (c: Category, current: Setting, change: Partial<Setting>) =>
    edit({ categories: { ...policy.categories, [c]: { ...current, ...change } } });
  const run = async (action: () => Promise<PolicyView>) => {
    setErrors({});
    try {
      view.set(await action());
      setDraft(undefined);
      setBanner({ message: t('common.saved'), kind: 'success' });
    } catch (err) {
      const { message, fields } = describeError(err);
      setErrors(fields);
      setBanner({ message, kind: 'error' });
    }
  };
  const number = (
    name: 'hold_at' | 'block_at',
  ) => html`<div class=${`field${errors[name] ? ' has-error' : ''}`}>
    <label for=${`mod-${name}`}>${t(`moderation.${name}`)}</label>
    <input id=${`mod-${name}`} name=${name} type="number" min="1" max="1000" value=${policy[name]}
      onInput=${(e: Event) => edit({ [name]: Number((e.target as HTMLInputElement).value) })} />
    ${errors[name] ? html`<p class="field-error" role="alert">${errors[name]}</p>` : null}
  </div>`;
  return html`<section class="card" data-testid="moderation-policy">
    <h2>${t('moderation.title')}</h2>
    <p class="muted">${t('moderation.lead')}</p>
    <${Banner} message=${banner?.message} kind=${banner?.kind} />
    <form onSubmit=${(e: Event) => {
      e.preventDefault();
      void run(() => api.put<PolicyView>(url, policy));
    }}>
      ${number('hold_at')} ${number('block_at')}
      <table class="table">
        <thead><tr><th>${t('moderation.category')}</th><th>${t('moderation.enabled')}</th><th>${t('moderation.weight')}</th></tr></thead>
        <tbody>
          ${Object.entries(policy.categories).map(
            ([c, setting]) => html`<tr key=${c}>
              <td>${t(`moderation.category.${c}` as MessageKey)}</td>
              <td><input type="checkbox" aria-label=${t(`moderation.category.${c}` as MessageKey)} checked=${setting.enabled}
                onChange=${(e: Event) => tune(c, setting, { enabled: (e.target as HTMLInputElement).checked })} /></td>
              <td><input type="number" min="0" max="3" step="0.25" aria-label=${`${t(`moderation.category.${c}` as MessageKey)} ${t('moderation.weight')}`}
                value=${setting.weight}
                onInput=${(e: Event) => tune(c, setting, { weight: Number((e.target as HTMLInputElement).value) })} /></td>
            </tr>`,
          )}
        </tbody>
      </table>
      <div class="form-actions">
        <button class="btn btn-primary" type="submit">${t('common.save')}</button>
        ${view.data.customised && html`<button class="btn" type="button" onClick=${() => run(() => api.delete<PolicyView>(url))}>${t('moderation.reset')}</button>`}
      </div>
    </form>
  </section>`;
}
