// Structured logs with personal fields redacted wherever they appear in a logged object.
import pino from 'pino';

export const REDACTED_FIELDS = [
  'password',
  'documentNumber',
  'passportNumber',
  'cardNumber',
  'birthDate',
  'dateOfBirth',
  'address',
  'addresses',
  'mrz',
  'photo',
  'biometric',
  'surname',
  'givenNames',
  'email',
  'token',
  'authorization',
  'cookie',
  // request values as a whole, wherever a log line carries them, and the identity fields they hold
  'body',
  'query',
  'params',
  'passport',
  'explanation',
  'guardianName',
  'displayName',
  'phone',
  'plate',
  // a database error's detail quotes the row it refused (a duplicate key's value)
  'detail',
];

export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino(
    {
      level,
      redact: {
        paths: [
          ...REDACTED_FIELDS,
          ...REDACTED_FIELDS.map((f) => `*.${f}`),
          ...REDACTED_FIELDS.map((f) => `*.*.${f}`),
          'req.headers.cookie',
          'req.headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    destination as pino.DestinationStream,
  );
}

/** What is logged of an unhandled error: names and codes only, no text that could quote a request's values. */
export function errorFacts(err: unknown) {
  const e = (err ?? {}) as { name?: unknown; code?: unknown; constraint?: unknown; table?: unknown; stack?: unknown };
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    type: str(e.name) ?? typeof err,
    code: str(e.code),
    constraint: str(e.constraint),
    table: str(e.table),
    // the stack's first line is the message; the frames below it hold no values
    stack: str(e.stack)
      ?.split('\n')
      .filter((l) => /^\s+at /.test(l))
      .join('\n'),
  };
}
