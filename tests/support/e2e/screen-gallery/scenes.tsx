// Every screen of the widget, as the screen gallery shows it: the real component with canned
// props, one line each. A new screen is one more line here: the gallery test finds it.
import type { VNode } from 'preact';
import type { JourneyErrorKind } from '../../../../widget/src/i18n/en.ts';
import type { CallbackWhy } from '../../../../widget/src/journey/journey-step.ts';
import { calledBackAt, verdicts } from './canned.ts';
import {
  CallbackScene,
  CallScene,
  CaptchaScene,
  ConnectionScene,
  ErrorScene,
  RatingScene,
  SoundScene,
  StartScene,
  ThanksScene,
  type SceneProps,
} from './scene-parts.tsx';

/** Waits for the element matching `selector` to be in the page, then gives it. */
export type Find = (selector: string) => Promise<HTMLElement>;

export interface Scene {
  /** The screen, in the language of `props`. */
  render(props: SceneProps): VNode;
  /** What a visitor does on it first (open the keypad, send a time that was refused). */
  act?(find: Find): Promise<void>;
  /** How far the page's clock must move after `act` (the call's warnings judge seconds). */
  clockMs?: number;
  /** The screen is as it should be shot once this CSS selector matches. */
  ready: string;
}

const byTestId = (testId: string) => `[data-testid="${testId}"]`;
const click = (testId: string) => async (find: Find) => (await find(byTestId(testId))).click();
const verdict = (name: keyof typeof verdicts): Scene => ({
  render: (p) => <ConnectionScene {...p} run={() => Promise.resolve(verdicts[name])} />,
  ready: `[data-verdict="${name}"]`,
});
const error = (kind: JourneyErrorKind): Scene => ({
  render: (p) => <ErrorScene {...p} kind={kind} />,
  ready: byTestId(`error-${kind}`),
});
/** The API's slots are in the callback form's select (all four, with the offered one). */
const slotsListed = `${byTestId('callback-window')} optgroup option:nth-child(2)`;
const callback = (why: CallbackWhy): Scene => ({
  render: (p) => <CallbackScene {...p} why={why} />,
  ready: slotsListed,
});

export const scenes = {
  start: { render: (p) => <StartScene {...p} />, ready: byTestId('start-call') },
  'start-consent': {
    render: (p) => <StartScene {...p} withNotice />,
    ready: byTestId('consent-notice'),
  },
  'start-long-wait': {
    render: (p) => <StartScene {...p} longWait />,
    ready: byTestId('callback-instead'),
  },
  captcha: { render: (p) => <CaptchaScene {...p} />, ready: byTestId('hcaptcha-checkbox') },
  'connection-running': {
    // Probing for good: the bar halfway through its 5 s once the clock has moved.
    render: (p) => (
      <ConnectionScene {...p} run={(onPhase) => (onPhase('probing'), new Promise(() => {}))} />
    ),
    clockMs: 2500,
    ready: `${byTestId('connection-test-progress')}[data-test-phase="probing"]`,
  },
  'connection-good': verdict('good'),
  'connection-acceptable': verdict('acceptable'),
  'connection-poor': verdict('poor'),
  'connection-failed': verdict('failed'),
  'connection-not-started': {
    render: (p) => <ConnectionScene {...p} run={() => Promise.reject(new Error('refused'))} />,
    ready: byTestId('connection-test-retry'),
  },
  'sound-check': { render: (p) => <SoundScene {...p} />, ready: byTestId('sound-check-record') },
  'call-ringing': {
    render: (p) => <CallScene {...p} call="ringing" />,
    ready: byTestId('expected-wait'),
  },
  'call-talking': {
    render: (p) => <CallScene {...p} call="talking" />,
    act: async (find) => (await click('call-mute')(find), await click('call-keypad-toggle')(find)),
    clockMs: 83_000,
    ready: byTestId('call-keypad'),
  },
  'call-poor-line': {
    render: (p) => <CallScene {...p} call="poor-line" />,
    clockMs: 5000,
    ready: byTestId('call-quality-note'),
  },
  'call-cut-off': {
    render: (p) => <CallScene {...p} call="cut-off" />,
    ready: byTestId('call-request-callback'),
  },
  rating: {
    render: (p) => <RatingScene {...p} />,
    act: click('rating-star-4'),
    ready: '.ctc-star-on',
  },
  callback: callback('asked'),
  'callback-slot-refused': {
    render: (p) => <CallbackScene {...p} why="asked" refuse="callback_slot_closed" />,
    act: async (find) => {
      const phone = (await find(byTestId('callback-phone'))) as HTMLInputElement;
      phone.value = '713 555 0199';
      phone.dispatchEvent(new Event('input', { bubbles: true }));
      await find(slotsListed);
      const when = (await find(byTestId('callback-window'))) as HTMLSelectElement;
      when.selectedIndex = 2;
      when.dispatchEvent(new Event('change', { bubbles: true }));
      await click('callback-consent')(find);
      await click('callback-send')(find);
    },
    ready: `#ctc-slot-problem`,
  },
  'callback-instead': {
    render: (p) => <CallbackScene {...p} why="long_wait" />,
    ready: slotsListed,
  },
  'callback-low-rating': callback('low_rating'),
  abandoned: callback('abandoned'),
  closed: callback('closed'),
  thanks: { render: (p) => <ThanksScene {...p} />, ready: byTestId('thanks-screen') },
  'thanks-callback': {
    render: (p) => <ThanksScene {...p} phone={calledBackAt} />,
    ready: byTestId('thanks-screen'),
  },
  'error-mic-denied': error('mic_denied'),
  'error-mic-missing': error('mic_missing'),
  'error-network-blocked': error('network_blocked'),
  'error-no-webrtc': error('no_webrtc'),
  'error-unavailable': error('unavailable'),
} satisfies Record<string, Scene>;

export type ScreenName = keyof typeof scenes;
