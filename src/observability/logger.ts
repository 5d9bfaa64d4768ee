import pino, { type DestinationStream } from 'pino';
import type { Logger } from '../application/ports/logger';
import type { LogLevel } from '../config/config';
import { currentCorrelationId } from './correlation';
import { PERSONAL_FIELDS } from './redacting-logger';

/** The personal fields redactingLogger drops at any depth; pino drops them at the top and one level down, for a logger used alone. */
export const REDACTED_PATHS = PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`]);

/**
 * pino: one JSON object a line on stdout, which App Service and any log shipper read as is,
 * with the time, the level's name, the message, the turn's or delivery's correlation id, and
 * the fields. Fields that hold names or what people wrote are redacted here as well as by
 * redactingLogger (which also turns people's ids into pseudonyms). `forward` also hands each
 * line to OpenTelemetry when Application Insights is on.
 */
export function createLogger(
  level: LogLevel,
  options: { destination?: DestinationStream; forward?: (level: string, message: string, fields: Record<string, unknown>) => void } = {},
): Logger {
  const log = pino(
    {
      level: level === 'silent' ? 'silent' : level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { error: pino.stdSerializers.err },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  const at =
    (method: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields: Record<string, unknown> = {}): void => {
      log[method](fields, message);
      if (options.forward && log.isLevelEnabled(method)) options.forward(method, message, fields);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
