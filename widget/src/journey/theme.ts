import type { PublicSiteConfig } from '../../../protocol/api/public-site-config.ts';
import { textColorOn } from '../../../protocol/theme-contrast.ts';

/**
 * The site's colours as CSS custom properties. Text on the brand colour is white or black,
 * whichever contrasts more, so a marketer's pale brand colour cannot make buttons unreadable.
 */
export function themeProperties(
  theme: Pick<PublicSiteConfig['theme'], 'primaryColor'>,
): Record<string, string> {
  const primary = /^#[0-9a-fA-F]{6}$/.test(theme.primaryColor) ? theme.primaryColor : '#1b7a3e';
  return { '--ctc-primary': primary, '--ctc-on-primary': textColorOn(primary) };
}

export function applyTheme(
  root: HTMLElement,
  theme: Pick<PublicSiteConfig['theme'], 'primaryColor'>,
): void {
  for (const [name, value] of Object.entries(themeProperties(theme)))
    root.style.setProperty(name, value);
}
