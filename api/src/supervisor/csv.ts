/**
 * One CSV cell, safe to open in a spreadsheet: a value starting with = + - @ or a tab/CR
 * would run as a formula (CSV injection), so it gets a leading apostrophe (OWASP's advice);
 * then standard RFC 4180 quoting.
 */
export type CsvValue = string | number | null | undefined;

export function csvCell(value: CsvValue): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** A column of an export: its header, and the cell each row gives it. */
export type CsvColumn<Row> = readonly [header: string, cell: (row: Row) => CsvValue];

/**
 * A header line, then a line per row: each column's header beside its cell, so a column
 * added or moved cannot leave the header saying something else than the values.
 */
export function csvTable<Row>(rows: readonly Row[], columns: readonly CsvColumn<Row>[]): string {
  const header = csvLine(columns.map(([name]) => name));
  return header + rows.map((row) => csvLine(columns.map(([, cell]) => cell(row)))).join('');
}
