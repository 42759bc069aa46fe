import type { JsonObject } from '../json.ts';

/** Kit metadata from `lamatic.config.ts`. */
export interface ImportedKit {
  name: string;
  description?: string;
  /** The kit's `steps` (`{id, type: "mandatory"|"any-of", envKey?, …}`), as written. */
  steps: JsonObject[];
  /** The whole default export of `lamatic.config.ts`. */
  config: JsonObject;
}

/**
 * What an importer produces. Each flow is FlowDefinition-shaped (`{id, name, description?, nodes,
 * edges, meta?}`) but not yet validated: `compileFlow` checks it at deploy, like any flow JSON.
 * Warnings name the flow and node they are about; they never block the import.
 */
export interface ImportResult {
  flows: JsonObject[];
  warnings: string[];
  kit?: ImportedKit;
}
