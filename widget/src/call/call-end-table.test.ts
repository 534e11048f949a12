import { describe, expect, it } from 'vitest';
import {
  callEndCodeForSipStatus,
  callEndCodeFrom,
  callEndCodes,
  reasonHeaderValue,
  refusalStatus,
  widgetCallEndCodes,
} from '../../../protocol/call-end-reason.ts';
import { messagesFor } from '../i18n/messages-for.ts';

const languages = ['en', 'es', 'fr', 'de'] as const;

// Every way a call ends, from the gateway's refusal (status + RFC 3326 Reason header) to the
// sentence the visitor reads, in every language the widget speaks.
describe('how a call ended, from the gateway to the visitor', () => {
  describe.each(callEndCodes.map((code) => [code]))('%s', (code) => {
    it('travels as a SIP status and a Reason header the widget reads back', () => {
      const status = refusalStatus({ code });
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(700);
      const header = reasonHeaderValue({ code });
      expect(header).toBe(`SIP;cause=${status};text="${code}"`);
      expect(callEndCodeFrom(header, status, 'trunk_error')).toBe(code);
    });

    it("keeps the PBX's own status and still names the reason", () => {
      const header = reasonHeaderValue({ code, sipStatus: 486 });
      expect(header).toBe(`SIP;cause=486;text="${code}"`);
      expect(callEndCodeFrom(header, 486, 'trunk_error')).toBe(code);
    });

    it("never passes on the PBX's challenge (401, 407): the browser has none to answer", () => {
      for (const sipStatus of [401, 407])
        expect(refusalStatus({ code, sipStatus })).toBe(refusalStatus({ code }));
    });

    it.each(languages.map((language) => [language]))('has its own sentence in %s', (language) => {
      const sentences = messagesFor(language).call.ended;
      const sentence = sentences[code];
      expect(sentence.trim().length).toBeGreaterThan(5);
      const others = Object.entries(sentences).filter(([other]) => other !== code);
      expect(others.map(([, text]) => text)).not.toContain(sentence);
      if (language !== 'en') expect(sentence).not.toBe(messagesFor('en').call.ended[code]);
    });
  });

  it.each(
    widgetCallEndCodes.flatMap((code) => languages.map((language) => [code, language] as const)),
  )('the browser-side failure %s has its own sentence in %s', (code, language) => {
    const sentence = messagesFor(language).call.ended[code];
    expect(sentence.trim().length).toBeGreaterThan(5);
    if (language !== 'en') expect(sentence).not.toBe(messagesFor('en').call.ended[code]);
  });

  it.each([
    [401, 'trunk_auth_failed'],
    [407, 'trunk_auth_failed'],
    [403, 'declined'],
    [404, 'no_agent'],
    [408, 'timeout'],
    [410, 'no_agent'],
    [480, 'no_agent'],
    [486, 'busy'],
    [487, 'timeout'],
    [488, 'incompatible'],
    [500, 'trunk_error'],
    [503, 'trunk_unreachable'],
    [600, 'busy'],
    [603, 'declined'],
    [606, 'incompatible'],
    [302, 'trunk_error'],
  ] as const)('without a Reason header, SIP %i reads as %s', (status, code) => {
    expect(callEndCodeForSipStatus(status)).toBe(code);
    expect(callEndCodeFrom(undefined, status, 'gateway_error')).toBe(code);
    expect(callEndCodeFrom('SIP;cause=500;text="not_ours"', status, 'gateway_error')).toBe(code);
  });

  it('falls back when there is neither a known reason nor a failure status', () => {
    expect(callEndCodeFrom(undefined, undefined, 'agent_hung_up')).toBe('agent_hung_up');
  });
});
