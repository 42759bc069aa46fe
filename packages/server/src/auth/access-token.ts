import { randomBytes, webcrypto } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from 'jose';
import { ApiError } from '../errors/api-error.ts';

/**
 * Access tokens (`X-Lamatic-Signature`): a raw JWT minted by the customer's backend with
 * `jwt.sign({ project_id }, secretKey)`, HS256, `exp` optional and enforced.
 *
 * jsonwebtoken uses the secret string's UTF-8 bytes as the HMAC key, so the secret is imported from
 * `TextEncoder().encode(secretText)` — never base64-decoded.
 */
export const ACCESS_TOKEN_ALGORITHM = 'HS256';
export const ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS = 5;

/** A new signing secret for `flowgate secret-keys create`: 32 random bytes, base64url text. */
export function generateSecretKey(): string {
  return randomBytes(32).toString('base64url');
}

/** Imports a secret key's text once, so verifying a token costs one HMAC and no key import. */
export function importSecretKey(secretText: string): Promise<webcrypto.CryptoKey> {
  const bytes = new TextEncoder().encode(secretText);
  return webcrypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
}

/**
 * The token's `project_id` claim before its signature is checked: only to pick the project whose
 * keys verify it, and to say early that a token names another project. Throws for a malformed token.
 */
export function readUnverifiedProjectId(token: string): string | undefined {
  let claims: JWTPayload;
  try {
    claims = decodeJwt(token);
  } catch {
    throw notAJwt();
  }
  return typeof claims.project_id === 'string' && claims.project_id !== '' ? claims.project_id : undefined;
}

/**
 * Verifies the token against each active secret key of the project (several are active while one is
 * rotated) and checks that its `project_id` names the project. Every refusal is a 403 FORBIDDEN, as
 * Lamatic answers and as the SDKs expect (they mint a new token on 403).
 */
export async function verifyAccessToken(
  token: string,
  options: { projectId: string; keys: readonly webcrypto.CryptoKey[]; now: number },
): Promise<JWTPayload> {
  requireProjectClaim(readUnverifiedProjectId(token), options.projectId);
  if (options.keys.length === 0) {
    throw new ApiError(
      'FORBIDDEN',
      `Project ${options.projectId} has no active secret key, so access tokens cannot be checked; ` +
        `create one with flowgate secret-keys create --project ${options.projectId}`,
    );
  }
  const verifyOptions = {
    algorithms: [ACCESS_TOKEN_ALGORITHM],
    clockTolerance: ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS,
    currentDate: new Date(options.now),
  };
  for (const key of options.keys) {
    try {
      const { payload } = await jwtVerify(token, key, verifyOptions);
      requireProjectClaim(
        typeof payload.project_id === 'string' ? payload.project_id : undefined,
        options.projectId,
      );
      return payload;
    } catch (error) {
      if (error instanceof errors.JWSSignatureVerificationFailed) continue;
      throw refusal(error, token);
    }
  }
  throw new ApiError('FORBIDDEN', "Access token signature is not valid for this project's secret keys");
}

function requireProjectClaim(claimed: string | undefined, projectId: string): void {
  if (claimed === undefined) {
    throw new ApiError(
      'FORBIDDEN',
      `Access token has no project_id claim; mint it with the payload { "project_id": "${projectId}" }`,
    );
  }
  if (claimed !== projectId) {
    throw new ApiError(
      'FORBIDDEN',
      `Access token is for project ${claimed}, not project ${projectId}; ` +
        "mint it with this project's id and one of its secret keys",
    );
  }
}

/** Maps a jose failure other than a signature mismatch to the answer; unexpected errors pass through. */
function refusal(error: unknown, token: string): unknown {
  if (error instanceof ApiError) return error;
  if (error instanceof errors.JWTExpired) {
    return accessTokenExpired(typeof error.payload.exp === 'number' ? error.payload.exp : undefined);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new ApiError(
      'FORBIDDEN',
      `Access token is signed with ${headerAlgorithm(token)}; only ${ACCESS_TOKEN_ALGORITHM} is accepted`,
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new ApiError(
      'FORBIDDEN',
      `Access token claim "${error.claim}" failed its check (${error.reason}); mint a new one`,
    );
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return notAJwt();
  return error;
}

/** The refusal of a token whose `exp` (epoch seconds) has passed. */
export function accessTokenExpired(expSeconds: number | undefined): ApiError {
  const expiry = expSeconds === undefined ? 'an unknown time' : new Date(expSeconds * 1000).toISOString();
  return new ApiError('FORBIDDEN', `Access token expired at ${expiry}; mint a new one`);
}

function headerAlgorithm(token: string): string {
  try {
    const { alg } = decodeProtectedHeader(token);
    return typeof alg === 'string' ? alg.slice(0, 16) : 'no algorithm';
  } catch {
    return 'an unreadable algorithm';
  }
}

function notAJwt(): ApiError {
  return new ApiError(
    'FORBIDDEN',
    'Access token is not a valid JWT: send the raw token (header.payload.signature) in X-Lamatic-Signature, without a Bearer prefix',
  );
}
