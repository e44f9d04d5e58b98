import type { Severity } from './diagnostic.js';
import type { Severity as ConfigSeverity } from '@interop-design/schema';

/** A configured severity as the engine uses it: `off` or a diagnostic severity. */
export function normaliseSeverity(value: ConfigSeverity): Severity | 'off' {
  switch (value) {
    case 'off':
    case 0:
      return 'off';
    case 'info':
      return 'info';
    case 'warn':
    case 'warning':
    case 1:
      return 'warning';
    case 'error':
    case 2:
      return 'error';
  }
}
