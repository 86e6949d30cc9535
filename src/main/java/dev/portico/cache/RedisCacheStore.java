package dev.portico.cache;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.CacheSettings;
import java.util.List;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** A cache in Redis under the {@code portico:} prefix, shared by every node. */
final class RedisCacheStore implements CacheStore {
    private final CacheSettings settings;

    RedisCacheStore(CacheSettings settings) {
        this.settings = settings;
    }

    @Override
    public String describe() {
        return "Redis cache at " + settings.redisHost() + ":" + settings.redisPort();
    }

    @Override
    public boolean contains(String key) {
        try (Jedis jedis = connect()) {
            return jedis.exists(PREFIX + key);
        } catch (JedisException e) {
            throw unreachable(e);
        }
    }

    @Override
    public void put(String key, String value) {
        try (Jedis jedis = connect()) {
            jedis.set(PREFIX + key, value);
        } catch (JedisException e) {
            throw unreachable(e);
        }
    }

    private Jedis connect() {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(3000).socketTimeoutMillis(10_000);
        if (settings.redisPassword() != null) {
            config.password(settings.redisPassword().value());
        }
        return new Jedis(new HostAndPort(settings.redisHost(), settings.redisPort()), config.build());
    }

    private PorticoException unreachable(JedisException e) {
        return new PorticoException(ErrorCode.UNAVAILABLE, "Cannot reach the " + describe() + " ("
                + e.getClass().getSimpleName() + "). Start Redis, or fix REDIS_HOST, REDIS_PORT and REDIS_PASSWORD.", e);
    }

    @Override
    public String ping() {
        long started = System.nanoTime();
        try (Jedis jedis = connect()) {
            String answer = jedis.ping();
            return describe() + " answered " + answer + " in " + (System.nanoTime() - started) / 1_000_000 + " ms";
        } catch (JedisException e) {
            throw unreachable(e);
        }
    }

    @Override
    public long clear() {
        try (Jedis jedis = connect()) {
            long removed = 0;
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams match = new ScanParams().match(PREFIX + "*").count(500);
            do {
                ScanResult<String> page = jedis.scan(cursor, match);
                List<String> keys = page.getResult();
                if (!keys.isEmpty()) {
                    removed += jedis.del(keys.toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            return removed;
        } catch (JedisException e) {
            throw unreachable(e);
        }
    }
}
