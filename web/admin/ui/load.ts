import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { describeError } from './errors';
import { Banner } from './form';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  reload(): Promise<void>;
  /** Replaces the data after a successful change, without a round trip. */
  set(data: T): void;
}

/** Loads data for a page; reloads when `deps` change. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const latest = useRef(0);
  async function reload() {
    // Only the newest request may set the data: a slow answer to an older search or page
    // must not overwrite a newer one.
    const request = ++latest.current;
    try {
      const result = await load();
      if (request !== latest.current) return;
      setData(result);
      setError(undefined);
    } catch (err) {
      if (request === latest.current) setError(describeError(err).message);
    }
  }
  useEffect(() => {
    void reload();
  }, deps);
  return { data, error, reload, set: setData };
}

/** The placeholder shown while loading, or the error if loading failed. */
export function Pending(props: { error?: string }) {
  if (props.error) return html`<${Banner} message=${props.error} />`;
  return html`<p class="muted loading">${t('common.loading')}</p>`;
}

/** `value`, once it has stopped changing for `ms` (search boxes). */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}
