import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SitesFile } from '../../../protocol/api/site-config.ts';
import { dialTargets, siteDialTargets } from './dial-targets.ts';
import { parseSitesFile } from './sites-store.ts';

const demoText = readFileSync(new URL('../../config/sites.json', import.meta.url), 'utf8');
/** A fresh copy of the demo sites, as a reload of the file gives. */
const demoSites = (): SitesFile['sites'] => parseSitesFile(demoText, 'demo').sites;

describe('dial targets', () => {
  it("are the URIs of the queues a site's rules and default queue lead to", () => {
    expect(siteDialTargets(demoSites().acme!)).toEqual([
      'sip:queue-billing-en@127.0.0.1:5060',
      'sip:queue-general-de@127.0.0.1:5060',
      'sip:queue-general-es@127.0.0.1:5060',
      'sip:queue-general-fr@127.0.0.1:5060',
      'sip:queue-sales-en@127.0.0.1:5060',
      'sip:queue-support-en@127.0.0.1:5060',
    ]);
  });

  it("follow a queue's own URI and the PBX transport, once each", () => {
    const acme = demoSites().acme!;
    acme.pbx = { host: 'pbx.acme.example', port: 5080, transport: 'tcp' };
    acme.queues['sales-en']!.uri = 'sips:sales@sbc.acme.example';
    acme.routes = [
      { intent: 'sales', queue: 'sales-en', headers: {} },
      { language: 'en', queue: 'sales-en', headers: {} },
    ];
    delete acme.defaultQueue;
    expect(siteDialTargets(acme)).toEqual(['sips:sales@sbc.acme.example']);
    acme.defaultQueue = 'support-en';
    expect(siteDialTargets(acme)).toEqual([
      'sip:queue-support-en@pbx.acme.example:5080;transport=tcp',
      'sips:sales@sbc.acme.example',
    ]);
  });

  it('keep their version over a reload that changes nothing, and change it when a target does', () => {
    const before = dialTargets(demoSites());
    expect(dialTargets(demoSites()).version).toBe(before.version);
    const edited = demoSites();
    edited.acme!.queues['support-en']!.user = 'queue-support-en-2';
    const after = dialTargets(edited);
    expect(after.version).not.toBe(before.version);
    expect(after.sites.acme).toContain('sip:queue-support-en-2@127.0.0.1:5060');
    // Hours, names and limits are not targets: editing them keeps the version.
    const renamed = demoSites();
    renamed.acme!.name = 'Acme renamed';
    renamed.acme!.queues['support-en']!.displayName = 'Support';
    expect(dialTargets(renamed).version).toBe(before.version);
  });
});
