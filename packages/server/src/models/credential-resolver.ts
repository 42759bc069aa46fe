import { type GenerateRequest, NodeFailure, type UsedCredential } from '@flowgate/engine';
import type { UsableCredential } from '../credentials/credential-service.ts';
import {
  COMPATIBLE_ENDPOINTS,
  credentialKindOf,
  normaliseProviderName,
  stripProviderPrefix,
  vendorOfBaseUrl,
} from './provider-names.ts';

/** The credential and model one call uses, and how they were chosen. */
export interface ModelTarget {
  credential: UsableCredential;
  resolvedBy: UsedCredential['resolvedBy'];
  /** Without a provider prefix. */
  modelName: string;
  /** `_meta.model_provider`: the vendor that serves the call (`openai`, `groq`…). */
  provider: string;
}

/**
 * DESIGN §2: the credential named by the node's `credential_name`; else the project's credential for
 * its `provider_name`; else the project's default model; else a failure naming the node's needs and
 * the command that configures them. Imported kits name credentials of someone else's project, which
 * is why the fallbacks exist.
 */
export function resolveModelTarget(
  request: GenerateRequest,
  credentials: readonly UsableCredential[],
): ModelTarget {
  const config = usableConfig(request);
  if (config?.credential_name) {
    const named = credentials.find((credential) => credential.name === config.credential_name);
    if (named) return configuredTarget(request, named, 'credential_name');
  }
  if (config?.provider_name) {
    const providerName = config.provider_name;
    const forProvider = credentials.find((credential) => servesProvider(credential, providerName));
    if (forProvider) return configuredTarget(request, forProvider, 'provider');
  }
  const fallback = credentials.find((credential) => credential.defaultModel !== null);
  if (fallback?.defaultModel) {
    return {
      credential: fallback,
      resolvedBy: 'default_model',
      modelName: stripProviderPrefix(fallback.defaultModel, [fallback.provider, labelOf(fallback)]),
      provider: labelOf(fallback),
    };
  }
  throw new NodeFailure(request.nodeId, nothingConfigured(request), { code: 'MODEL_NOT_CONFIGURED' });
}

/** A config that names nothing (`{}`) is as good as a placeholder. */
function usableConfig(request: GenerateRequest) {
  const config = request.model;
  if (!config || !(config.credential_name || config.provider_name || config.model_name)) return undefined;
  return config;
}

function configuredTarget(
  request: GenerateRequest,
  credential: UsableCredential,
  resolvedBy: 'credential_name' | 'provider',
): ModelTarget {
  const config = request.model ?? {};
  const configured = config.provider_name;
  // The config's vendor name when it fits the credential's kind (Lamatic's `groq`, `gemini`), else the credential's.
  const provider =
    configured &&
    credentialKindOf(configured) === credential.provider &&
    normaliseProviderName(configured) !== 'openaicompatible'
      ? normaliseProviderName(configured)
      : labelOf(credential);
  const model = config.model_name ?? credential.defaultModel;
  if (!model) {
    throw new NodeFailure(
      request.nodeId,
      `the model config names no model_name and credential "${credential.name}" has no default model; ` +
        `set one: flowgate credentials set --project ${request.projectId} --name "${credential.name}" ` +
        `--provider ${credential.provider} --default-model MODEL`,
      { code: 'MODEL_NOT_CONFIGURED' },
    );
  }
  const prefixes = [credential.provider, provider, ...(configured ? [configured] : [])];
  return { credential, resolvedBy, modelName: stripProviderPrefix(model, prefixes), provider };
}

/**
 * A credential serves `provider_name` when it is of that kind (openai, anthropic, google) or, for
 * vendors behind OpenAI-compatible endpoints, when its name or base URL says it is that vendor.
 */
function servesProvider(credential: UsableCredential, providerName: string): boolean {
  const kind = credentialKindOf(providerName);
  if (kind !== credential.provider) return false;
  if (kind !== 'openai-compatible') return true;
  const vendor = normaliseProviderName(providerName);
  if (vendor === 'openaicompatible') return true;
  return (
    normaliseProviderName(credential.name).includes(vendor) || vendorOfBaseUrl(credential.baseUrl) === vendor
  );
}

function labelOf(credential: UsableCredential): string {
  if (credential.provider !== 'openai-compatible') return credential.provider;
  return vendorOfBaseUrl(credential.baseUrl) ?? 'openai-compatible';
}

function nothingConfigured(request: GenerateRequest): string {
  const config = usableConfig(request);
  const project = request.projectId;
  if (!config) {
    return (
      `no model is configured: the node's model config is ${request.placeholder ? `a placeholder (${request.placeholder})` : 'missing'} ` +
      `and project ${project} has no default model. Set one: flowgate credentials set --project ${project} ` +
      '--name OpenAI --provider openai --api-key sk-… --default-model gpt-4o-mini'
    );
  }
  const name = config.credential_name ?? config.provider_name ?? 'MODEL';
  const providerName = config.provider_name ?? 'openai';
  const kind = credentialKindOf(providerName);
  const vendor = normaliseProviderName(providerName);
  const endpoint = Object.hasOwn(COMPATIBLE_ENDPOINTS, vendor) ? COMPATIBLE_ENDPOINTS[vendor] : undefined;
  const baseUrl = kind === 'openai-compatible' ? ` --base-url ${endpoint ?? 'URL'}` : '';
  return (
    `the node needs model credential "${name}" (provider ${providerName}, model ${config.model_name ?? 'unset'}), ` +
    `and project ${project} has no credential of that name, none for provider ${providerName} and no default model. ` +
    `Configure it: flowgate credentials set --project ${project} --name "${name}" --provider ${kind}${baseUrl} --api-key …`
  );
}
