/**
 * The launcher's two labels, closed and open, in the languages the widget speaks. The launcher
 * is part of the page, so it speaks the page's language (`<html lang>`), else the browser's.
 */
const labels: Record<string, [open: string, close: string]> = {
  en: ['Click to call', 'Close'],
  es: ['Llamar ahora', 'Cerrar'],
  fr: ['Appeler', 'Fermer'],
  de: ['Jetzt anrufen', 'Schließen'],
};

export const launcherLabels = (language: string): [open: string, close: string] =>
  labels[language.slice(0, 2).toLowerCase()] ?? labels.en!;
