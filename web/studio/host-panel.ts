// Entry of the host's room panel. The studio page (GET /studio/:eventId) renders
// <aside id="lc-host-panel" data-event-id> beside the preview and loads this script;
// the socket authenticates with the staff session cookie.
import { render } from 'preact';
import { RoomClient } from '../audience/room/client.js';
import { translator } from '../audience/room/i18n.js';
import { installStyles } from '../audience/room/styles.js';
import { html } from '../audience/room/ui.js';
import { HostPanel } from './host/panel.js';

function mount(root: HTMLElement): void {
  const eventId = root.dataset.eventId ?? '';
  const locale = root.dataset.locale || document.documentElement.lang || navigator.language;
  const t = translator(locale);
  installStyles();
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const client = new RoomClient(
    () => `${scheme}://${location.host}/api/v1/events/${encodeURIComponent(eventId)}/room/socket`,
  );
  client.connect();
  render(html`<${HostPanel} client=${client} t=${t} locale=${locale} />`, root);
}

const root = document.getElementById('lc-host-panel');
if (root) mount(root);
