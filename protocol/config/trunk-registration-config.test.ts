import { describe, expect, it } from 'vitest';
import { loadMediaConfig } from './media-config.ts';

describe('MEDIA_TRUNK_REGISTER and its settings', () => {
  it('is off by default, asking 600 s when on', () => {
    expect(loadMediaConfig({})).toMatchObject({ trunkRegister: false, trunkRegisterExpiresS: 600 });
    expect(
      loadMediaConfig({
        MEDIA_TRUNK_REGISTER: 'true',
        MEDIA_TRUNK_REGISTER_USER: 'ctc-gateway',
        MEDIA_TRUNK_REGISTER_DOMAIN: 'pbx.example.com',
        MEDIA_TRUNK_REGISTER_EXPIRES_S: '3600',
      }),
    ).toMatchObject({
      trunkRegister: true,
      trunkRegisterUser: 'ctc-gateway',
      trunkRegisterDomain: 'pbx.example.com',
      trunkRegisterExpiresS: 3600,
    });
  });

  it('refuses a user that would break the address of record, naming the variable', () => {
    expect(() => loadMediaConfig({ MEDIA_TRUNK_REGISTER_USER: 'gw@evil' })).toThrow(
      /MEDIA_TRUNK_REGISTER_USER/,
    );
    expect(() => loadMediaConfig({ MEDIA_TRUNK_REGISTER_USER: 'gw\r\nVia: x' })).toThrow(
      /MEDIA_TRUNK_REGISTER_USER/,
    );
  });

  it('refuses an expiry under 10 s or over a day', () => {
    expect(() => loadMediaConfig({ MEDIA_TRUNK_REGISTER_EXPIRES_S: '5' })).toThrow(
      /MEDIA_TRUNK_REGISTER_EXPIRES_S/,
    );
    expect(() => loadMediaConfig({ MEDIA_TRUNK_REGISTER_EXPIRES_S: '86401' })).toThrow(
      /MEDIA_TRUNK_REGISTER_EXPIRES_S/,
    );
  });
});
