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
