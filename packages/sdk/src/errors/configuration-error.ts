import { FlowgateError } from './flowgate-error.ts';

/** The client's options are incomplete or wrong; `problems` lists every one at once. */
export class ConfigurationError extends FlowgateError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Flowgate client options: ${problems.join('; ')}.`, { code: 'CONFIGURATION_INVALID' });
    this.name = 'ConfigurationError';
    this.problems = problems;
  }
}
