import { lazy } from './lazy.tsx';

// The parts of the journey whose code loads only when they come, out of the Start screen's
// download: the checks, the call (sip.js), and the rest below.
export const CallStep = lazy(() => import('./CallStep.tsx').then((m) => m.CallStep));
export const ConnectionStep = lazy(() =>
  import('./ConnectionStep.tsx').then((m) => m.ConnectionStep),
);
export const SoundStep = lazy(() => import('./SoundStep.tsx').then((m) => m.SoundStep));
// The callback form (its slots, phone check and refusal texts) comes after a call or instead of
// one: never on the first screen, whose budget it would take.
export const CallbackStep = lazy(() => import('./CallbackStep.tsx').then((m) => m.CallbackStep));
// The expected wait and "call me back instead" need a session (after the captcha): never on
// the first screen either.
export const ExpectedWaitNote = lazy(() =>
  import('../wait/ExpectedWaitNote.tsx').then((m) => m.ExpectedWaitNote),
);
