import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Messages } from '../i18n/en.ts';
import { Screen } from '../journey/Screen.tsx';
import { stepIcons } from '../journey/step-icons.ts';
import { loadHcaptcha, type HCaptchaApi } from './load-hcaptcha.ts';

export interface CaptchaScreenProps {
  siteKey: string;
  scriptUrl: string;
  language: string;
  messages: Messages['captcha'];
  retry: string;
  /** Exchanges the captcha's response for a session; rejects when the API refuses it. */
  verify(response: string): Promise<void>;
  /** The number to call instead, under the step (as under every step). */
  fallback?: ComponentChildren;
}

type Status = 'loading' | 'shown' | 'checking' | 'failed' | 'unavailable';

/** Image verification with hCaptcha, loaded only now; its response buys the visitor a session. */
export function CaptchaScreen({
  siteKey,
  scriptUrl,
  language,
  messages,
  retry,
  verify,
  fallback,
}: CaptchaScreenProps) {
  const container = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<Status>('loading');
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let api: HCaptchaApi | undefined;
    let widgetId: string | undefined;
    let live = true;
    loadHcaptcha(scriptUrl, language).then(
      (loaded) => {
        if (!live || !container.current) return;
        api = loaded;
        widgetId = loaded.render(container.current, {
          sitekey: siteKey,
          hl: language,
          // hCaptcha's normal box is 303 px wide: a narrower frame (a phone, 400 % zoom)
          // takes the compact one, rather than scrolling sideways (WCAG 1.4.10).
          size: container.current.clientWidth < 303 ? 'compact' : 'normal',
          callback: (response) => {
            setStatus('checking');
            verify(response).catch(() => {
              if (!live) return;
              setStatus('failed');
              api?.reset(widgetId);
            });
          },
          'expired-callback': () => setStatus('shown'),
          'error-callback': () => live && setStatus('unavailable'),
        });
        setStatus('shown');
      },
      () => live && setStatus('unavailable'),
    );
    return () => {
      live = false;
      if (api && widgetId !== undefined) api.remove(widgetId);
    };
  }, [attempt]);

  const note =
    status === 'loading'
      ? messages.loading
      : status === 'checking'
        ? messages.checking
        : status === 'failed'
          ? messages.failed
          : status === 'unavailable'
            ? messages.unavailable
            : '';
  return (
    <Screen title={messages.title} testId="captcha-screen" icon={stepIcons.shield} tone="check">
      <p>{messages.intro}</p>
      <div ref={container} class="ctc-captcha" data-testid="captcha-container" />
      <p role="status" data-testid="captcha-status" data-status={status}>
        {note}
      </p>
      {status === 'unavailable' && (
        <button type="button" onClick={() => (setStatus('loading'), setAttempt(attempt + 1))}>
          {retry}
        </button>
      )}
      {fallback}
    </Screen>
  );
}
