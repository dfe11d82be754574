import { html } from 'htm/preact';
import { api } from '../api';
import { t } from '../i18n';
import { describeError } from './errors';

/**
 * "Move up" / "Move down" for one item of an ordered list (speakers, agenda sessions):
 * sends the whole new order to `url` (PUT { ids }), so the server sets every position at once.
 */
export function MoveButtons(props: {
  ids: string[];
  index: number;
  url: string;
  label: string;
  onChanged: () => Promise<void>;
  onError: (message: string) => void;
}) {
  const move = async (by: -1 | 1) => {
    const ids = [...props.ids];
    const [item] = ids.splice(props.index, 1);
    ids.splice(props.index + by, 0, item as string);
    try {
      await api.put(props.url, { ids });
      await props.onChanged();
    } catch (err) {
      props.onError(describeError(err).message);
    }
  };
  return html`<span class="move-buttons">
    <button type="button" class="btn btn-ghost btn-icon" aria-label=${t('common.moveUp', { item: props.label })} title=${t('common.moveUp', { item: props.label })} disabled=${props.index === 0} onClick=${() => move(-1)}>↑</button>
    <button type="button" class="btn btn-ghost btn-icon" aria-label=${t('common.moveDown', { item: props.label })} title=${t('common.moveDown', { item: props.label })} disabled=${props.index === props.ids.length - 1} onClick=${() => move(1)}>↓</button>
  </span>`;
}
