/**
 * What pino must never write: tokens, secrets, phone numbers, comments, passwords, addresses.
 * Routes log ids and codes only; this is the safety net when an object slips into a log call.
 */
export const logRedactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.authorization',
  '*.cookie',
  '*.sessionToken',
  '*.callToken',
  '*.probeToken',
  '*.captchaResponse',
  '*.password',
  '*.phone',
  '*.comment',
  '*.secret',
  '*.ip',
  'sessionToken',
  'callToken',
  'probeToken',
  'phone',
  'comment',
  'password',
  'ip',
];
