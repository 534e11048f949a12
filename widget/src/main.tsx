import { render } from 'preact';
import { CallDemo } from './CallDemo.tsx';
import './widget.css';

// The page's query names the site, the API, the gateway and the visitor's choices; the
// journey issue replaces this with the Start screen and the embed loader's configuration.
const params = new URLSearchParams(location.search);
const language = params.get('language') ?? 'en';
// Screen readers pick their voice from it.
document.documentElement.lang = language;
const root = document.getElementById('click-to-call');
if (root) {
  render(
    <CallDemo
      siteId={params.get('site') ?? 'acme'}
      parentOrigin={params.get('origin')}
      apiUrl={params.get('api') ?? location.origin}
      {...(params.get('gateway') ? { gatewayUrl: params.get('gateway') as string } : {})}
      routing={{
        intent: params.get('intent') ?? 'support',
        language,
        country: params.get('country') ?? 'US',
      }}
    />,
    root,
  );
}
