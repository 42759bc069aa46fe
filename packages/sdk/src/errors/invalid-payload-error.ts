import { FlowgateError, type ServerErrorOptions } from './flowgate-error.ts';

/** One payload field the flow's input schema refused, as the server names it. */
export interface PayloadFieldProblem {
  field: string;
  message: string;
}

/** 400 `INVALID_PAYLOAD`: the payload does not match the trigger's input schema; `fields` lists each problem. */
export class InvalidPayloadError extends FlowgateError {
  readonly fields: readonly PayloadFieldProblem[];

  constructor(message: string, options: ServerErrorOptions & { fields: readonly PayloadFieldProblem[] }) {
    super(message, options);
    this.name = 'InvalidPayloadError';
    this.fields = options.fields;
  }
}
