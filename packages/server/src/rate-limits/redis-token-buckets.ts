import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { BucketSpec, TakeResult, TokenBuckets } from './token-buckets.ts';

/**
 * KEYS[i] is bucket i; ARGV[2i-1] and ARGV[2i] its rate per second and burst. Takes one token from
 * every bucket, or none when any holds less than one, in one atomic step; answers `{allowed (0|1),
 * tokens left in each bucket}`, the levels as strings (Lua numbers come back truncated to integers).
 * Time is the Redis server's, so processes with skewed clocks share one timeline. A bucket expires
 * once it would be full again: an idle key costs no memory.
 */
const TAKE_SCRIPT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local levels = {}
local allowed = 1
for i, key in ipairs(KEYS) do
  local rate = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1]) or burst
  local at = tonumber(state[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
  levels[i] = tokens
  if tokens < 1 then allowed = 0 end
end
local answer = { allowed }
for i, key in ipairs(KEYS) do
  if allowed == 1 then
    local rate = tonumber(ARGV[2 * i - 1])
    local burst = tonumber(ARGV[2 * i])
    levels[i] = levels[i] - 1
    redis.call('HSET', key, 'tokens', tostring(levels[i]), 'at', now)
    redis.call('PEXPIRE', key, math.ceil((burst - levels[i]) / rate * 1000) + 1000)
  end
  answer[i + 1] = tostring(levels[i])
end
return answer
`;
const TAKE_SHA = createHash('sha1').update(TAKE_SCRIPT).digest('hex');

/**
 * Token buckets in Redis (distributed mode): the limit holds across every process sharing the
 * Redis server. One round trip per request (EVALSHA, auto-pipelined with other requests in flight).
 * Keys are `flowgate:rate:{scope}:<bucket>`: the braces put a project's buckets in one hash slot, as
 * a multi-key script needs on Redis Cluster.
 */
export class RedisTokenBuckets implements TokenBuckets {
  private constructor(private readonly redis: Redis) {}

  /**
   * Connects in the background: a command sent meanwhile waits for the connection, and any command
   * fails after `commandTimeoutMs` (Redis down or slow), leaving the caller to decide what that means.
   */
  static open(url: string, options: { commandTimeoutMs?: number } = {}): RedisTokenBuckets {
    const redis = new Redis(url, {
      enableAutoPipelining: true,
      maxRetriesPerRequest: 1,
      commandTimeout: options.commandTimeoutMs ?? 250,
    });
    // Connection errors reach the commands that fail; without a listener they would crash the process.
    redis.on('error', () => {});
    return new RedisTokenBuckets(redis);
  }

  async take(scope: string, specs: readonly BucketSpec[]): Promise<TakeResult> {
    const keys = specs.map((spec) => `flowgate:rate:{${scope}}:${spec.id}`);
    const limits = specs.flatMap((spec) => [spec.ratePerSecond, spec.burst]);
    let reply: unknown;
    try {
      reply = await this.redis.evalsha(TAKE_SHA, keys.length, ...keys, ...limits);
    } catch (error) {
      if (!messageOf(error).startsWith('NOSCRIPT')) throw error;
      reply = await this.redis.eval(TAKE_SCRIPT, keys.length, ...keys, ...limits);
    }
    return parseReply(reply, specs.length);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

function parseReply(reply: unknown, count: number): TakeResult {
  if (!Array.isArray(reply) || reply.length !== count + 1) {
    throw new Error(`unexpected reply from the rate-limit script: ${JSON.stringify(reply)}`);
  }
  const tokens = reply.slice(1).map((level) => Number.parseFloat(String(level)));
  return { allowed: reply[0] === 1, tokens };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
