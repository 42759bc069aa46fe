import type { JsonObject, JsonValue } from './json.ts';

/**
 * The deployed flows of your project, by id: `flowgate types --project ID` writes a module
 * augmentation that fills it in, and then every `workflowId`, payload and result is checked at
 * compile time:
 *
 *     declare module '@flowgate/sdk' {
 *       interface Flows { 'order-summary': { input: { orderId: string }; output: { text: string } } }
 *     }
 *
 * Left empty, any id is accepted, payloads are JSON objects and results are JSON.
 */
// biome-ignore lint/suspicious/noEmptyInterface: an interface users augment must be declared empty here.
export interface Flows {}

/** What one entry of {@link Flows} holds; `mode: 'async'` for flows whose trigger answers at once. */
export interface FlowShape {
  input: unknown;
  output: unknown;
  mode?: 'realtime' | 'async';
}

/** The ids `executeWorkflow` accepts: those of {@link Flows}, or any string while it is empty. */
export type FlowId = [keyof Flows] extends [never] ? string : Extract<keyof Flows, string>;

type Entry<Id extends string> = Id extends keyof Flows ? Flows[Id] : never;

/** The payload a flow takes (its trigger's `advance_schema`). */
export type FlowInput<Id extends string> = [Entry<Id>] extends [never]
  ? JsonObject
  : Entry<Id> extends { input: infer Input }
    ? Input
    : JsonObject;

/** The result a finished run gives (its response node's `outputMapping`). */
export type FlowOutput<Id extends string> = [Entry<Id>] extends [never]
  ? JsonValue
  : Entry<Id> extends { output: infer Output }
    ? Output
    : JsonValue;

/** What `executeWorkflow` answers: an async flow answers with its requestId at once. */
export type ExecuteOutput<Id extends string> =
  Entry<Id> extends { mode: 'async' } ? { requestId: string } : FlowOutput<Id>;
