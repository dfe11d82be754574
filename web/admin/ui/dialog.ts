import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { describeError } from './errors';

interface Request {
  message: string;
  confirmLabel: string;
  danger: boolean;
  resolve(ok: boolean): void;
}

let show: (r: Request) => void = () => {};

/** Asks the user to confirm an action in a modal; resolves true when they do. */
export function confirmAction(
  message: string,
  options: { confirmLabel?: string; danger?: boolean } = {},
): Promise<boolean> {
  return new Promise((resolve) =>
    show({
      message,
      confirmLabel: options.confirmLabel ?? t('common.confirm'),
      danger: options.danger ?? false,
      resolve,
    }),
  );
}

/** Mounted once at the root; renders the pending confirmation, if any. */
export function DialogHost() {
  const [request, setRequest] = useState<Request>();
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    show = setRequest;
  }, []);
  useEffect(() => {
    if (!request) return;
    confirmButton.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [request]);
  if (!request) return null;
  function close(ok: boolean) {
    request?.resolve(ok);
    setRequest(undefined);
  }
  return html`<div class="modal-backdrop" onClick=${(e: Event) => e.target === e.currentTarget && close(false)}>
    <div class="modal" role="dialog" aria-modal="true" aria-labelledby="confirm-message">
      <p id="confirm-message">${request.message}</p>
      <div class="actions">
        <button type="button" class="btn" onClick=${() => close(false)}>${t('common.cancel')}</button>
        <button type="button" ref=${confirmButton} class=${`btn ${request.danger ? 'btn-danger' : 'btn-primary'}`} onClick=${() => close(true)}>
          ${request.confirmLabel}
        </button>
      </div>
    </div>
  </div>`;
}

/** A read-only value with a copy button (invitation links, API tokens). */
export function CopyField(props: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.value);
    } catch {
      // Clipboard access needs a secure context; fall back to selecting the text.
      input.current?.select();
      document.execCommand('copy');
    }
    setCopied(true);
  }
  return html`<div class="copy-field">
    <input ref=${input} readonly value=${props.value} aria-label=${props.label} onFocus=${(e: Event) => (e.target as HTMLInputElement).select()} />
    <button type="button" class="btn" onClick=${copy}>${copied ? t('common.copied') : t('common.copy')}</button>
  </div>`;
}

/** Asks to confirm a deletion, then DELETEs `url` and runs `after`; failures go to `onError`. */
export async function deleteAfterConfirm(
  question: string,
  url: string,
  after: () => Promise<void>,
  onError: (message: string) => void,
): Promise<void> {
  if (!(await confirmAction(question, { danger: true, confirmLabel: t('common.delete') }))) return;
  try {
    await api.delete(url);
    await after();
  } catch (err) {
    onError(describeError(err).message);
  }
}
