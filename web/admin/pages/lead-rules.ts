import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { engagementFacts, fitFacts } from '../../../src/leads/fact-names';
import { api, type FieldErrors } from '../api';
import { formatDateTime, formatNumber, getLocale, type MessageKey, t } from '../i18n';
import { href, useLeaveGuard } from '../router';
import { useSession } from '../session';
import { describeError } from '../ui/errors';
import { Banner } from '../ui/form';
import { Pending, useLoad } from '../ui/load';

/** The facts a rule may name: the server's own lists. */
const FIT_FACTS = fitFacts;
const ENGAGEMENT_FACTS = engagementFacts;
type Fact = (typeof FIT_FACTS)[number] | (typeof ENGAGEMENT_FACTS)[number];
const isFit = (fact: string) => (FIT_FACTS as readonly string[]).includes(fact);

interface Rule {
  fact: Fact;
  in?: string[];
  at_least?: number;
  each?: number;
  max_points?: number;
  points: number;
  label?: string;
}
interface RuleSet {
  mql_threshold: number;
  engagement_full: number;
  rules: Rule[];
}
interface Rescore {
  id: string;
  status: 'running' | 'done' | 'superseded';
  rules_version: number;
  total: number;
  done: number;
  started_at: string;
  finished_at: string | null;
}
interface RulesAnswer {
  rules: RuleSet;
  version: number;
  updated_at: string | null;
  rescore: Rescore | null;
}

/** A rule as the form edits it: numbers as typed, values as one comma-separated line. */
interface Draft {
  fact: Fact;
  values: string;
  mode: 'at_least' | 'each';
  count: string;
  max_points: string;
  points: string;
  label: string;
}
interface DraftSet {
  mql_threshold: string;
  engagement_full: string;
  rules: Draft[];
}

const toDraft = (r: Rule): Draft => ({
  fact: r.fact,
  values: (r.in ?? []).join(', '),
  mode: r.each !== undefined ? 'each' : 'at_least',
  count: String(r.each ?? r.at_least ?? 1),
  max_points: r.max_points === undefined ? '' : String(r.max_points),
  points: String(r.points),
  label: r.label ?? '',
});
const toDraftSet = (s: RuleSet): DraftSet => ({
  mql_threshold: String(s.mql_threshold),
  engagement_full: String(s.engagement_full),
  rules: s.rules.map(toDraft),
});
/** What the user typed, as a number; empty is null, so the server names the field. */
const num = (v: string) => (v.trim() === '' ? null : Number(v));
function toRule(d: Draft) {
  const label = d.label.trim() ? { label: d.label.trim() } : {};
  if (isFit(d.fact))
    return {
      fact: d.fact,
      in: d.values
        .split(/[,，]/)
        .map((v) => v.trim())
        .filter(Boolean),
      points: num(d.points),
      ...label,
    };
  return d.mode === 'each'
    ? { fact: d.fact, each: num(d.count), points: num(d.points), max_points: num(d.max_points), ...label }
    : { fact: d.fact, at_least: num(d.count), points: num(d.points), ...label };
}
const blankRule = (): Draft => ({
  fact: 'registered',
  values: '',
  mode: 'at_least',
  count: '1',
  max_points: '',
  points: '5',
  label: '',
});

const factLabel = (fact: string) => t(`leadRules.fact.${fact}` as MessageKey);
const inputValue = (e: Event) => (e.target as HTMLInputElement).value;

/** Field names of a rule the form shows a message under; the server's `at_least`/`each` go under the count. */
const RULE_FIELDS: Record<string, string> = {
  fact: 'fact',
  in: 'values',
  at_least: 'count',
  each: 'count',
  max_points: 'max_points',
  points: 'points',
  label: 'label',
};

/**
 * The score rules: every rule with its points and cap, the MQL threshold; admins and members
 * (leads:manage) change, add and remove rules and save, which re-scores everyone in the
 * background (progress shown here). Others see the rules read-only.
 */
export function LeadRulesPage() {
  const { can } = useSession();
  const editable = can('leads:manage');
  const loaded = useLoad(() => api.get<RulesAnswer>('/api/v1/leads/rules'));
  const [draft, setDraft] = useState<DraftSet>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<{ message: string; kind: 'error' | 'success' }>();
  const [busy, setBusy] = useState(false);
  const [rescore, setRescore] = useState<Rescore | null>(null);
  const saved = useRef('');
  const latest = useRef('');
  const dirty = useRef(() => latest.current !== saved.current).current;
  useLeaveGuard(dirty);

  useEffect(() => {
    if (!loaded.data) return;
    const set = toDraftSet(loaded.data.rules);
    saved.current = latest.current = JSON.stringify(set);
    setDraft(set);
    setRescore(loaded.data.rescore);
  }, [loaded.data]);

  // While a re-score runs, ask for its progress every second.
  useEffect(() => {
    if (rescore?.status !== 'running') return;
    const timer = setTimeout(async () => {
      try {
        setRescore((await api.get<{ rescore: Rescore }>(`/api/v1/leads/rescores/${rescore.id}`)).rescore);
      } catch {
        setRescore({ ...rescore }); // try again in a second
      }
    }, 1000);
    return () => clearTimeout(timer);
  }, [rescore]);

  if (!loaded.data || !draft) return html`<div class="page"><${Pending} error=${loaded.error} /></div>`;
  const edit = (next: DraftSet) => {
    latest.current = JSON.stringify(next);
    setDraft(next);
  };
  const editRule = (i: number, change: Partial<Draft>) =>
    edit({ ...draft, rules: draft.rules.map((r, j) => (j === i ? { ...r, ...change } : r)) });

  // Server field names ("rules.3.points") → where the form shows them ("rules.3.points" too,
  // with at_least/each under the count); whatever has no place goes into the banner.
  const shown = new Set(['mql_threshold', 'engagement_full', 'rules']);
  const fieldKey = (server: string) => {
    const m = /^rules\.(\d+)\.(\w+)$/.exec(server);
    return m && RULE_FIELDS[m[2]!] ? `rules.${m[1]}.${RULE_FIELDS[m[2]!]}` : server;
  };
  draft.rules.forEach((_, i) => {
    for (const f of Object.values(RULE_FIELDS)) shown.add(`rules.${i}.${f}`);
  });

  async function save(e: Event) {
    e.preventDefault();
    if (!draft) return;
    setBusy(true);
    setErrors({});
    setBanner(undefined);
    try {
      const answer = await api.put<RulesAnswer>('/api/v1/leads/rules', {
        mql_threshold: num(draft.mql_threshold),
        engagement_full: num(draft.engagement_full),
        rules: draft.rules.map(toRule),
      });
      const set = toDraftSet(answer.rules);
      saved.current = latest.current = JSON.stringify(set);
      setDraft(set);
      setRescore(answer.rescore);
      loaded.set(answer);
      setBanner({ message: t('leadRules.saved', { version: answer.version }), kind: 'success' });
    } catch (err) {
      const { message, fields } = describeError(err);
      const mapped: FieldErrors = {};
      for (const [name, text] of Object.entries(fields)) mapped[fieldKey(name)] ??= text;
      setErrors(mapped);
      const unshown = Object.entries(mapped).filter(([name]) => !shown.has(name));
      setBanner({ message: [message, ...unshown.map(([, text]) => text)].join(' — '), kind: 'error' });
    } finally {
      setBusy(false);
    }
  }

  const error = (key: string) =>
    errors[key]
      ? html`<p class="field-error" role="alert" id=${`${key.replaceAll('.', '-')}-error`}>${errors[key]}</p>`
      : null;
  const invalid = (key: string) => (errors[key] ? 'true' : undefined);
  const numberField = (key: 'mql_threshold' | 'engagement_full', hint: string) =>
    html`<div class=${`field${errors[key] ? ' has-error' : ''}`}>
      <label for=${`rules-${key}`}>${t(`leadRules.${key}`)}</label>
      <input id=${`rules-${key}`} name=${key} type="number" min="1" max="1000" step="1" value=${draft[key]}
        aria-invalid=${invalid(key)} aria-describedby=${errors[key] ? `${key}-error` : undefined}
        onInput=${(e: Event) => edit({ ...draft, [key]: inputValue(e) })} />
      ${error(key) ?? html`<p class="field-hint">${hint}</p>`}
    </div>`;

  return html`<div class="page lead-rules">
    <a class="back" href=${href('/leads')}>← ${t('leads.title')}</a>
    <div class="page-head"><h1>${t('leadRules.title')}</h1></div>
    <p class="muted">${t('leadRules.intro')}</p>
    ${editable ? null : html`<p class="muted" data-testid="rules-read-only">${t('leadRules.readOnly')}</p>`}
    <p class="muted">${
      loaded.data.updated_at
        ? t('leadRules.version', {
            version: loaded.data.version,
            when: formatDateTime(loaded.data.updated_at),
          })
        : t('leadRules.defaults')
    }</p>
    <${RescoreProgress} rescore=${rescore} />
    <${Banner} message=${banner?.message} kind=${banner?.kind} />
    <form onSubmit=${save} novalidate>
      <fieldset disabled=${!editable || busy} class="rules-fieldset">
        <section class="card">
          ${numberField('mql_threshold', t('leadRules.mql_threshold.hint'))}
          ${numberField('engagement_full', t('leadRules.engagement_full.hint'))}
        </section>
        <section class="card">
          <h2>${t('leadRules.rules')}</h2>
          ${error('rules')}
          ${draft.rules.length === 0 ? html`<p class="muted">${t('leadRules.none')}</p>` : null}
          <ol class="rule-list">
            ${draft.rules.map((r, i) => {
              const k = (f: string) => `rules.${i}.${f}`;
              const fit = isFit(r.fact);
              return html`<li class="rule-row" key=${i} data-rule=${i}>
                <div class=${`field${errors[k('fact')] ? ' has-error' : ''}`}>
                  <label for=${`rule-${i}-fact`}>${t('leadRules.fact')}</label>
                  <select id=${`rule-${i}-fact`} name=${k('fact')} value=${r.fact} aria-invalid=${invalid(k('fact'))}
                    onChange=${(e: Event) => editRule(i, { fact: inputValue(e) as Fact })}>
                    <optgroup label=${t('leadRules.fit')}>${FIT_FACTS.map((f) => html`<option value=${f}>${factLabel(f)}</option>`)}</optgroup>
                    <optgroup label=${t('leadRules.engagement')}>${ENGAGEMENT_FACTS.map((f) => html`<option value=${f}>${factLabel(f)}</option>`)}</optgroup>
                  </select>
                  ${error(k('fact'))}
                </div>
                ${
                  fit
                    ? html`<div class=${`field rule-values${errors[k('values')] ? ' has-error' : ''}`}>
                        <label for=${`rule-${i}-values`}>${t('leadRules.values')}</label>
                        <input id=${`rule-${i}-values`} name=${k('values')} value=${r.values} aria-invalid=${invalid(k('values'))}
                          placeholder=${r.fact === 'seniority' ? 'c_level, vp, director, manager' : ''}
                          onInput=${(e: Event) => editRule(i, { values: inputValue(e) })} />
                        ${error(k('values')) ?? html`<p class="field-hint">${t('leadRules.values.hint')}</p>`}
                      </div>`
                    : html`<div class="field">
                        <label for=${`rule-${i}-mode`}>${t('leadRules.mode')}</label>
                        <select id=${`rule-${i}-mode`} name=${k('mode')} value=${r.mode}
                          onChange=${(e: Event) => editRule(i, { mode: inputValue(e) as Draft['mode'] })}>
                          <option value="at_least">${t('leadRules.mode.at_least')}</option>
                          <option value="each">${t('leadRules.mode.each')}</option>
                        </select>
                      </div>
                      <div class=${`field rule-number${errors[k('count')] ? ' has-error' : ''}`}>
                        <label for=${`rule-${i}-count`}>${r.mode === 'each' ? t('leadRules.each') : t('leadRules.at_least')}</label>
                        <input id=${`rule-${i}-count`} name=${k('count')} type="number" min="1" step="1" value=${r.count}
                          aria-invalid=${invalid(k('count'))} onInput=${(e: Event) => editRule(i, { count: inputValue(e) })} />
                        ${error(k('count'))}
                      </div>`
                }
                <div class=${`field rule-number${errors[k('points')] ? ' has-error' : ''}`}>
                  <label for=${`rule-${i}-points`}>${t('leadRules.points')}</label>
                  <input id=${`rule-${i}-points`} name=${k('points')} type="number" min="-100" max="100" step="1" value=${r.points}
                    aria-invalid=${invalid(k('points'))} onInput=${(e: Event) => editRule(i, { points: inputValue(e) })} />
                  ${error(k('points'))}
                </div>
                ${
                  !fit && r.mode === 'each'
                    ? html`<div class=${`field rule-number${errors[k('max_points')] ? ' has-error' : ''}`}>
                        <label for=${`rule-${i}-max`}>${t('leadRules.max_points')}</label>
                        <input id=${`rule-${i}-max`} name=${k('max_points')} type="number" min="1" max="1000" step="1" value=${r.max_points}
                          aria-invalid=${invalid(k('max_points'))} onInput=${(e: Event) => editRule(i, { max_points: inputValue(e) })} />
                        ${error(k('max_points'))}
                      </div>`
                    : null
                }
                <div class=${`field rule-label${errors[k('label')] ? ' has-error' : ''}`}>
                  <label for=${`rule-${i}-label`}>${t('leadRules.label')}</label>
                  <input id=${`rule-${i}-label`} name=${k('label')} maxlength="80" value=${r.label} placeholder=${t('leadRules.label.placeholder')}
                    aria-invalid=${invalid(k('label'))} onInput=${(e: Event) => editRule(i, { label: inputValue(e) })} />
                  ${error(k('label'))}
                </div>
                ${
                  editable
                    ? html`<button type="button" class="btn btn-ghost rule-remove" aria-label=${t('leadRules.removeRule', { n: i + 1 })}
                        onClick=${() => edit({ ...draft, rules: draft.rules.filter((_, j) => j !== i) })}>${t('leadRules.remove')}</button>`
                    : null
                }
              </li>`;
            })}
          </ol>
          ${
            editable
              ? html`<div class="form-actions">
                  <button type="button" class="btn" onClick=${() => edit({ ...draft, rules: [...draft.rules, blankRule()] })}>${t('leadRules.add')}</button>
                  <button type="submit" class="btn btn-primary" disabled=${busy}>${t('leadRules.save')}</button>
                </div>`
              : null
          }
        </section>
      </fieldset>
    </form>
  </div>`;
}

/** The latest full re-score: a progress bar while it runs, then when it finished. */
function RescoreProgress(props: { rescore: Rescore | null }) {
  const r = props.rescore;
  if (!r) return null;
  const figures = { done: formatNumber(r.done), total: formatNumber(r.total), version: r.rules_version };
  return html`<div class="card rescore" role="status" data-status=${r.status}>
    ${
      r.status === 'running'
        ? html`<p>${t('leadRules.rescore.running', figures)}</p>
            <progress max=${Math.max(r.total, 1)} value=${r.done} aria-label=${t('leadRules.rescore.label')}></progress>`
        : r.status === 'done'
          ? html`<p>${t(
              new Intl.PluralRules(getLocale()).select(r.total) === 'one'
                ? 'leadRules.rescore.done.one'
                : 'leadRules.rescore.done',
              { ...figures, when: r.finished_at ? formatDateTime(r.finished_at) : '—' },
            )}</p>`
          : html`<p>${t('leadRules.rescore.superseded', figures)}</p>`
    }
  </div>`;
}
