/**
 * Lua for the Redis store. Each check-and-write runs as one script so it is atomic across
 * gateway replicas (Redis runs a script to completion before any other command). Numbers
 * travel as strings: Lua would truncate a returned number to an integer. Status rules mirror
 * shared.ts: expired means now >= expiresAt; a denial does not expire; consumed is final.
 */

/** KEYS: window. ARGV: amount, max, pexpire ms, relative tolerance. Returns {allowed, total}. */
export const TRY_CONSUME = `
local raw = redis.call('GET', KEYS[1]) or '0'
local amount, max = tonumber(ARGV[1]), tonumber(ARGV[2])
if tonumber(raw) + amount > max + math.abs(max) * tonumber(ARGV[4]) then
  return {0, raw}
end
local total = redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {1, total}
`;

/** KEYS: window. ARGV: amount, pexpire ms. Returns the new total. */
export const CONSUME = `
local total = redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return total
`;

/**
 * Sessions are hashes: field '.exp' holds the idle deadline on the callers' clock (so expiry
 * follows the \`now\` they pass, as in memory), fields 't:<label>' the taints and 'c:<name>'
 * the counters. PEXPIRE (a margin past that deadline) only reclaims memory.
 * KEYS: session. ARGV: now, new deadline, pexpire ms. Returns field, value, field, value, ...
 */
export const SESSION_READ = `
local exp = redis.call('HGET', KEYS[1], '.exp')
if not exp then return {} end
if tonumber(exp) <= tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[1])
  return {}
end
redis.call('HSET', KEYS[1], '.exp', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return redis.call('HGETALL', KEYS[1])
`;

/** KEYS: session. ARGV: now, new deadline, pexpire ms, labels... */
export const TAINT = `
local exp = redis.call('HGET', KEYS[1], '.exp')
if exp and tonumber(exp) <= tonumber(ARGV[1]) then redis.call('DEL', KEYS[1]) end
redis.call('HSET', KEYS[1], '.exp', ARGV[2])
for i = 4, #ARGV do redis.call('HSET', KEYS[1], 't:' .. ARGV[i], '1') end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

/** KEYS: session. ARGV: now, new deadline, pexpire ms, counter names... */
export const COUNT = `
local exp = redis.call('HGET', KEYS[1], '.exp')
if exp and tonumber(exp) <= tonumber(ARGV[1]) then redis.call('DEL', KEYS[1]) end
redis.call('HSET', KEYS[1], '.exp', ARGV[2])
for i = 4, #ARGV do redis.call('HINCRBY', KEYS[1], 'c:' .. ARGV[i], 1) end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

/**
 * KEYS: approval hash, binding index (zset), listing (zset).
 * ARGV: id, createdAt, pexpire ms, max listed, max per binding, field, value, ...
 */
export const APPROVAL_CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.error_reply('PORTCULLIS an approval with this id already exists') end
redis.call('HSET', KEYS[1], unpack(ARGV, 6))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[5]) + 1))
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -(tonumber(ARGV[4]) + 1))
return 1
`;

/**
 * The newest useful approval of a binding (pending or approved, unused and unexpired; or
 * denied). Reads hashes named from ARGV[1], so this needs a single Redis, not a cluster.
 * KEYS: binding index. ARGV: approval key prefix, now. Returns the hash as a flat list.
 */
export const APPROVAL_FOR = `
local ids = redis.call('ZREVRANGE', KEYS[1], 0, -1)
for _, id in ipairs(ids) do
  local h = redis.call('HGETALL', ARGV[1] .. id)
  if #h == 0 then
    redis.call('ZREM', KEYS[1], id)
  else
    local f = {}
    for i = 1, #h, 2 do f[h[i]] = h[i + 1] end
    if f.state == 'denied' then return h end
    if not f.consumedAt and tonumber(f.expiresAt) > tonumber(ARGV[2]) then return h end
  end
end
return {}
`;

/**
 * Only a pending, unexpired approval can be decided, and the check and the write are one
 * step, so of two approvers (or replicas) exactly one wins.
 * KEYS: approval. ARGV: now, 'approved' | 'denied', by, note, has note ('1' | '0').
 */
export const APPROVAL_DECIDE = `
local s = redis.call('HMGET', KEYS[1], 'state', 'expiresAt')
if s[1] ~= 'pending' or tonumber(s[2]) <= tonumber(ARGV[1]) then return {} end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'decidedBy', ARGV[3], 'decidedAt', ARGV[1])
if ARGV[5] == '1' then redis.call('HSET', KEYS[1], 'note', ARGV[4]) end
return redis.call('HGETALL', KEYS[1])
`;

/** KEYS: approval. ARGV: now. Returns 1 for the one call an approval lets through, else 0. */
export const APPROVAL_CONSUME = `
local s = redis.call('HMGET', KEYS[1], 'state', 'expiresAt', 'consumedAt')
if s[1] ~= 'approved' or s[3] or tonumber(s[2]) <= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'consumedAt', ARGV[1])
return 1
`;

/**
 * Kill switches: a hash (scope -> JSON) and a version counter bumped with every change and
 * published with it, so a replica can order messages against its periodic snapshots.
 * KEYS: hash, version. ARGV: scope, JSON, channel. Returns the new version.
 */
export const KILL_SET = `
local v = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PUBLISH', ARGV[3], cjson.encode({v = v, scope = ARGV[1], state = ARGV[2]}))
return v
`;

/** KEYS: hash, version. Returns {version, flat hash}, read together. */
export const KILL_LOAD = `
return {redis.call('GET', KEYS[2]) or '0', redis.call('HGETALL', KEYS[1])}
`;
