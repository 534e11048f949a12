/**
 * One CSV cell, safe to open in a spreadsheet: a value starting with = + - @ or a tab/CR
 * would run as a formula (CSV injection), so it gets a leading apostrophe (OWASP's advice);
 * then standard RFC 4180 quoting.
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
