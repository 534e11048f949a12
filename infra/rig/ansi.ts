// baresip colours its output (warnings, reginfo) even when it is not writing to a terminal.
const ANSI_SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

export function stripAnsi(text: string): string {
  return text.replace(ANSI_SGR, '');
}
