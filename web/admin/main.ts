import { html } from 'htm/preact';
import { render } from 'preact';
import { tokensCss } from '../shared/tokens';
import { App } from './app';

// The design tokens styles.css refers to (var(--lc-…)), shared with the audience pages.
const tokenSheet = document.createElement('style');
tokenSheet.id = 'lc-tokens';
tokenSheet.textContent = tokensCss;
document.head.prepend(tokenSheet);

const root = document.getElementById('app');
if (root) render(html`<${App} />`, root);
