import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { formatDateTime, t } from '../i18n';
import { useSession } from '../session';
import type { ApiToken } from '../types';
import { CopyField, confirmAction } from '../ui/dialog';
import { describeError } from '../ui/errors';
import { Banner, CheckboxGroup, TextField, useForm } from '../ui/form';
import { Pending, useLoad } from '../ui/load';

interface TokenList {
  api_tokens: ApiToken[];
  available_scopes: string[];
}

/** API tokens for integrations: create with scopes (secret shown once), list, revoke. */
export function TokensPage() {
  const { can } = useSession();
  const list = useLoad(() => api.get<TokenList>('/api/v1/api-tokens'));
  const [secret, setSecret] = useState<string>();
  const [error, setError] = useState<string>();
  const form = useForm<{ name: string; scopes: string[] }>({ name: '', scopes: [] });
  if (!can('tokens:manage'))
    return html`<div class="page"><${Banner} message=${t('error.FORBIDDEN')} /></div>`;
  const onSubmit = form.submit(async (values) => {
    const res = await api.post<{ token: string }>('/api/v1/api-tokens', values);
    setSecret(res.token);
    form.reset({ name: '', scopes: [] });
    await list.reload();
  });
  async function revoke(token: ApiToken) {
    if (
      !(await confirmAction(t('tokens.confirmRevoke', { name: token.name }), {
        danger: true,
        confirmLabel: t('common.revoke'),
      }))
    )
      return;
    try {
      await api.delete(`/api/v1/api-tokens/${token.id}`);
      await list.reload();
    } catch (err) {
      setError(describeError(err).message);
    }
  }
  return html`<div class="page">
    <div class="page-head"><h1>${t('tokens.title')}</h1></div>
    <section class="card">
      <h2>${t('tokens.create')}</h2>
      <p class="muted">${t('tokens.lead')}</p>
      <form onSubmit=${onSubmit} novalidate>
        <${Banner} message=${form.banner} />
        <${TextField} form=${form} name="name" label=${t('field.name')} hint=${t('tokens.nameHint')} required />
        <${CheckboxGroup}
          legend=${t('tokens.scopes')}
          name="scopes"
          options=${(list.data?.available_scopes ?? []).map((scope) => ({ value: scope, label: html`<code>${scope}</code>` }))}
          chosen=${form.values.scopes}
          onChange=${(scopes: string[]) => form.set('scopes', scopes)}
          error=${form.errors.scopes}
        />
        <div class="form-actions"><button type="submit" class="btn btn-primary" disabled=${form.busy}>${t('tokens.createButton')}</button></div>
      </form>
      ${
        secret
          ? html`<div class="callout">
              <p class="strong">${t('tokens.shownOnce')}</p>
              <${CopyField} value=${secret} label=${t('tokens.secret')} />
            </div>`
          : null
      }
    </section>
    <section class="card">
      <h2>${t('tokens.list')}</h2>
      <${Banner} message=${error} />
      ${list.data ? html`<${TokenTable} tokens=${list.data.api_tokens} onRevoke=${revoke} />` : html`<${Pending} error=${list.error} />`}
    </section>
  </div>`;
}

function TokenTable(props: { tokens: ApiToken[]; onRevoke: (token: ApiToken) => void }) {
  if (props.tokens.length === 0) return html`<p class="muted">${t('tokens.empty')}</p>`;
  return html`<div class="table-wrap">
    <table class="table">
      <thead><tr><th>${t('field.name')}</th><th>${t('tokens.scopes')}</th><th>${t('tokens.created')}</th><th>${t('tokens.lastUsed')}</th><th><span class="visually-hidden">${t('console.actions')}</span></th></tr></thead>
      <tbody>
        ${props.tokens.map(
          (tok) => html`<tr class=${tok.revoked_at ? 'revoked' : ''}>
            <td data-label=${t('field.name')} class="strong">${tok.name} <code class="muted">${tok.token_prefix}…</code></td>
            <td data-label=${t('tokens.scopes')}>${tok.scopes.map((s) => html`<code class="scope">${s}</code> `)}</td>
            <td data-label=${t('tokens.created')}>${formatDateTime(tok.created_at)}</td>
            <td data-label=${t('tokens.lastUsed')}>${tok.last_used_at ? formatDateTime(tok.last_used_at) : t('tokens.never')}</td>
            <td class="actions-cell">
              ${tok.revoked_at ? html`<span class="muted">${t('tokens.revoked')}</span>` : html`<button type="button" class="btn btn-ghost" onClick=${() => props.onRevoke(tok)}>${t('common.revoke')}</button>`}
            </td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
