import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { describeError } from './errors';

/** A button that picks one image and hands it to `upload`; shows the failure, if any. */
export function ImageUpload(props: { label: string; upload: (file: File) => Promise<void>; name?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function onChange(e: Event) {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      await props.upload(file);
    } catch (err) {
      setError(describeError(err).message);
    } finally {
      setBusy(false);
      input.value = '';
    }
  }
  return html`<div class="upload">
    <label class=${`btn ${busy ? 'disabled' : ''}`}>
      ${busy ? t('common.uploading') : props.label}
      <input type="file" name=${props.name ?? 'file'} accept="image/png,image/jpeg,image/webp,image/gif" class="visually-hidden" disabled=${busy} onChange=${onChange} />
    </label>
    <span class="field-hint">${t('upload.hint')}</span>
    ${error ? html`<p class="field-error" role="alert">${error}</p>` : null}
  </div>`;
}
