// The one rule for text on a site's brand colour, shared by the API (which gives the embed
// loader its launcher's text colour ready-made, keeping the loader small) and the widget.
// Plain code, no zod: the widget imports it.

/** A theme colour as the sites file writes it and the contrast rule reads it: `#RRGGBB`. */
export const hexColorPattern = /^#[0-9a-fA-F]{6}$/;

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
 * White or black, whichever contrasts more with the brand colour: at least 4.58:1 for any
 * colour, so WCAG AA for normal text (4.5:1) holds whatever colour a marketer picks.
 */
export function textColorOn(background: string): '#ffffff' | '#000000' {
  return contrastRatio(background, '#ffffff') >= contrastRatio(background, '#000000')
    ? '#ffffff'
    : '#000000';
}
