import { render } from 'preact';
import { visitorApi } from './api/visitor-api.ts';
import { embedderNotifier, followEmbedderFocus } from './embedder.ts';
import { messagesFor } from './i18n/messages-for.ts';
import { initialChoices } from './journey/initial-choices.ts';
import { Journey } from './journey/Journey.tsx';
import { applyTheme } from './journey/theme.ts';
import './widget.css';

// The embed loader (or a direct link) names the site, the API, the embedding page's origin and
// any preselected intent; the language and country may be preselected too.
const params = new URLSearchParams(location.search);
const root = document.getElementById('click-to-call');
const api = visitorApi(params.get('api') ?? location.origin);
const embedder = embedderNotifier(params.get('origin'));
embedder.ready();
if (embedder.embedded) followEmbedderFocus(embedder.close);
// In the loader's frame, the panel is as tall as the step shown (within the viewport); loaded
// apart, out of the Start screen's budget (until it runs, the loader's default height holds).
if (root && embedder.embedded)
  void import('./content-height.ts').then(({ followContentHeight }) =>
    followContentHeight(root, embedder.resize),
  );

if (root) {
  const fallbackMessages = messagesFor(params.get('language'), ...navigator.languages);
  api.siteConfig(params.get('site') ?? 'acme').then(
    (site) => {
      applyTheme(document.documentElement, site.theme);
      const gateway = params.get('gateway');
      render(
        <Journey
          api={api}
          site={site}
          initialChoices={initialChoices(
            site,
            {
              intent: params.get('intent'),
              language: params.get('language'),
              country: params.get('country'),
            },
            navigator.languages,
          )}
          {...(gateway ? { gatewayUrl: gateway } : {})}
          notify={embedder.notify}
          onClose={embedder.close}
          focusFirstScreen={embedder.embedded}
        />,
        root,
      );
    },
    () => {
      root.innerHTML = '';
      const note = document.createElement('p');
      note.setAttribute('role', 'alert');
      note.dataset.testid = 'widget-unavailable';
      note.textContent = fallbackMessages.start.unavailable;
      root.append(note);
    },
  );
}
