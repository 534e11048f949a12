import type { PublicSiteConfig } from '../../../protocol/api/public-site-config.ts';

/** WCAG relative luminance of a #RRGGBB colour. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio between two #RRGGBB colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The site's colours as CSS custom properties. Text on the brand colour is white or black,
 * whichever contrasts more, so a marketer's pale brand colour cannot make buttons unreadable.
 */
export function themeProperties(theme: PublicSiteConfig['theme']): Record<string, string> {
  const primary = /^#[0-9a-fA-F]{6}$/.test(theme.primaryColor) ? theme.primaryColor : '#1b7a3e';
  const onPrimary =
    contrastRatio(primary, '#ffffff') >= contrastRatio(primary, '#000000') ? '#ffffff' : '#000000';
  return { '--ctc-primary': primary, '--ctc-on-primary': onPrimary };
}

export function applyTheme(root: HTMLElement, theme: PublicSiteConfig['theme']): void {
  for (const [name, value] of Object.entries(themeProperties(theme)))
    root.style.setProperty(name, value);
}
