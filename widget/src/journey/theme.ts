import type { PublicSiteConfig } from '../../../protocol/api/public-site-config.ts';
import { hexColorPattern as hex, textColorOn } from '../../../protocol/theme-contrast.ts';

type Theme = Pick<PublicSiteConfig['theme'], 'primaryColor' | 'checkColor' | 'callColor'>;

/** A colour and the text on it: white or black, whichever contrasts more (WCAG AA). */
const withText = (name: string, colour: string) => ({
  [`--ctc-${name}`]: colour,
  [`--ctc-on-${name}`]: textColorOn(colour),
});

/**
 * The site's colours as CSS custom properties: the brand (buttons, launcher, most headers)
 * and, when the site sets them, the headers of the checks and of the call (otherwise
 * widget.css's own). The text on each is chosen by the one contrast rule, so a marketer's
 * pale colour cannot make a button or a title unreadable.
 */
export function themeProperties(theme: Theme): Record<string, string> {
  return {
    ...withText('primary', hex.test(theme.primaryColor) ? theme.primaryColor : '#1b7a3e'),
    ...(theme.checkColor && hex.test(theme.checkColor) ? withText('check', theme.checkColor) : {}),
    ...(theme.callColor && hex.test(theme.callColor) ? withText('call', theme.callColor) : {}),
  };
}

export function applyTheme(root: HTMLElement, theme: Theme): void {
  for (const [name, value] of Object.entries(themeProperties(theme)))
    root.style.setProperty(name, value);
}
