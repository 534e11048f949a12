// Entry of embed.js: finds its own <script> tag (also when a tag manager injected it late)
// and starts the loader once the page has a body.
import { startLoader } from './start-loader.ts';

const current = document.currentScript ?? document.querySelector('script[data-site][src*="embed"]');
if (current instanceof HTMLScriptElement) {
  const boot = () => startLoader(window, current);
  if (document.body) boot();
  else document.addEventListener('DOMContentLoaded', boot);
}
