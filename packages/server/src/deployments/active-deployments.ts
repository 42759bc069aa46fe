import { type CompiledFlow, compileFlow, EngineError, type NodeRegistry } from '@flowgate/engine';
import { ApiError } from '../errors/api-error.ts';
import type { DeploymentRecord, Store } from '../store/store.ts';
import { snapshotFlows } from './snapshot.ts';

export interface DeployedFlow {
  readonly deploymentNumber: number;
  readonly compiled: CompiledFlow;
}

interface Entry {
  number: number | undefined;
  flows: Map<string, DeployedFlow | { broken: string }>;
  checkedAt: number;
  version: number;
}

/**
 * The compiled flows of each project's active deployment, compiled once per deployment and kept
 * in memory. An entry is trusted until the store reports a change by another process
 * (`externalChangeVersion`), its time-to-live passes, or `invalidate` is called after a deploy here.
 */
export class ActiveDeployments {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  /** Compiled flows of deployments that are no longer active, by `project@number` (see flowAt). */
  private readonly older = new Map<string, Entry['flows']>();

  constructor(
    private readonly store: Pick<Store, 'deployments' | 'externalChangeVersion'>,
    private readonly registry: NodeRegistry,
    private readonly options: { ttlMs: number; now: () => number },
  ) {}

  /**
   * The deployed flow, or ApiError PROJECT_NOT_FOUND / WORKFLOW_NOT_FOUND. Answers at once (and throws
   * rather than rejects) when the project's deployment is cached, which is every request but a few.
   */
  flow(projectId: string, flowId: string): DeployedFlow | Promise<DeployedFlow> {
    const entry = this.fresh(projectId);
    if (entry) return pick(entry, projectId, flowId);
    return this.load(projectId).then((loaded) => pick(loaded, projectId, flowId));
  }

  /**
   * The flow as deployment `number` has it: a queued run runs the deployment it was accepted on, even
   * when another one became active since. The active deployment's compiled flows serve when they
   * match; older deployments are compiled from their snapshot and a few are kept.
   */
  async flowAt(projectId: string, flowId: string, number: number): Promise<DeployedFlow> {
    const entry = this.fresh(projectId) ?? (await this.load(projectId));
    const key = `${projectId}@${number}`;
    let flows = entry.number === number ? entry.flows : this.older.get(key);
    if (!flows) {
      const deployment = await this.store.deployments.get(projectId, number);
      if (!deployment) {
        throw new ApiError(
          'WORKFLOW_NOT_FOUND',
          `Deployment ${number} of project ${projectId} no longer exists.`,
        );
      }
      flows = this.compile(deployment);
      this.older.set(key, flows);
      // A handful of older deployments at most: runs queued across a deploy are few and short-lived.
      for (const stale of this.older.keys()) if (this.older.size > 8) this.older.delete(stale);
    }
    const found = flows.get(flowId);
    if (!found) {
      throw new ApiError('WORKFLOW_NOT_FOUND', `Deployment ${number} has no workflow with id "${flowId}".`);
    }
    if ('broken' in found) throw new ApiError('WORKFLOW_FAILED', found.broken);
    return found;
  }

  /** Every runnable flow of the project's active deployment (none when it has no deployment). */
  async flows(projectId: string): Promise<{ deploymentNumber: number | undefined; flows: DeployedFlow[] }> {
    const entry = this.fresh(projectId) ?? (await this.load(projectId));
    const flows = [...entry.flows.values()].filter((flow): flow is DeployedFlow => !('broken' in flow));
    return { deploymentNumber: entry.number, flows };
  }

  invalidate(projectId: string): void {
    this.entries.delete(projectId);
  }

  invalidateAll(): void {
    this.entries.clear();
  }

  private fresh(projectId: string): Entry | undefined {
    const entry = this.entries.get(projectId);
    if (!entry) return undefined;
    if (entry.version !== this.store.externalChangeVersion()) return undefined;
    if (this.options.now() - entry.checkedAt > this.options.ttlMs) return undefined;
    return entry;
  }

  private load(projectId: string): Promise<Entry> {
    const inFlight = this.loading.get(projectId);
    if (inFlight) return inFlight;
    const loading = this.loadEntry(projectId).finally(() => this.loading.delete(projectId));
    this.loading.set(projectId, loading);
    return loading;
  }

  private async loadEntry(projectId: string): Promise<Entry> {
    const version = this.store.externalChangeVersion();
    const checkedAt = this.options.now();
    const previous = this.entries.get(projectId);
    const active = await this.store.deployments.getActive(projectId);
    const entry =
      previous && active && previous.number === active.number
        ? { ...previous, checkedAt, version }
        : { number: active?.number, flows: active ? this.compile(active) : new Map(), checkedAt, version };
    this.entries.set(projectId, entry);
    return entry;
  }

  private compile(deployment: DeploymentRecord): Entry['flows'] {
    const flows: Entry['flows'] = new Map();
    for (const definition of snapshotFlows(deployment.snapshot)) {
      try {
        const compiled = compileFlow(definition, this.registry);
        flows.set(compiled.id, { deploymentNumber: deployment.number, compiled });
      } catch (error) {
        const reason = error instanceof EngineError ? error.message : String(error);
        const id = typeof definition.id === 'string' ? definition.id : '';
        flows.set(id, {
          broken: `Flow ${id} of deployment ${deployment.number} cannot run on this server: ${reason}`,
        });
      }
    }
    return flows;
  }
}

/** The flow of a project's active deployment, or why there is none. */
function pick(entry: Entry, projectId: string, flowId: string): DeployedFlow {
  if (entry.number === undefined) {
    throw new ApiError(
      'PROJECT_NOT_FOUND',
      `Project ${projectId} has no deployment yet; deploy its flows first (flowgate flows deploy PATH --project ${projectId}).`,
    );
  }
  const found = entry.flows.get(flowId);
  if (!found) {
    throw new ApiError(
      'WORKFLOW_NOT_FOUND',
      `No deployed workflow with id "${flowId}" in this project (deployment ${entry.number}); check the workflowId.`,
    );
  }
  if ('broken' in found) throw new ApiError('WORKFLOW_FAILED', found.broken);
  return found;
}
