/** The part of hCaptcha's JS API (https://docs.hcaptcha.com/configuration) the widget uses. */
export interface HCaptchaApi {
  render(
    container: HTMLElement,
    params: {
      sitekey: string;
      callback(response: string): void;
      'expired-callback'?(): void;
      'error-callback'?(error: string): void;
      hl?: string;
      /** 303 x 78 px, or 164 x 144 px when compact. */
      size?: 'normal' | 'compact';
    },
  ): string;
  reset(widgetId?: string): void;
  remove(widgetId?: string): void;
}

type HCaptchaWindow = Window & { hcaptcha?: HCaptchaApi } & Record<string, unknown>;

let loading: Promise<HCaptchaApi> | undefined;

/**
 * Loads hCaptcha's script only when the captcha step comes (explicit rendering, its `onload`
 * callback), once per page. A failed load can be retried.
 */
export function loadHcaptcha(scriptUrl: string, language: string): Promise<HCaptchaApi> {
  const win = window as unknown as HCaptchaWindow;
  if (win.hcaptcha) return Promise.resolve(win.hcaptcha);
  loading ??= new Promise<HCaptchaApi>((resolve, reject) => {
    const onload = `ctcHcaptchaLoaded${Math.random().toString(36).slice(2)}`;
    const url = new URL(scriptUrl, location.href);
    url.searchParams.set('render', 'explicit');
    url.searchParams.set('onload', onload);
    url.searchParams.set('recaptchacompat', 'off');
    url.searchParams.set('hl', language);
    const script = document.createElement('script');
    const fail = () => {
      loading = undefined;
      script.remove();
      reject(new Error('the captcha script could not be loaded'));
    };
    const timer = setTimeout(fail, 15_000);
    win[onload] = () => {
      clearTimeout(timer);
      delete win[onload];
      if (win.hcaptcha) resolve(win.hcaptcha);
      else fail();
    };
    script.src = url.href;
    script.async = true;
    script.onerror = () => {
      clearTimeout(timer);
      fail();
    };
    document.head.append(script);
  });
  return loading;
}
