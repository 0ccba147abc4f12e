/** The inspector page: mounts the app. */
import { render } from 'preact';
import { App } from './app.js';
import { html } from './html.js';
import './base.css';
import './list.css';
import './detail.css';
import './deal.css';

const root = document.getElementById('app');
if (root) render(html`<${App} />`, root);
