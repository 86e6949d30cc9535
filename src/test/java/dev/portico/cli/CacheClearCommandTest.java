package dev.portico.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.DatabaseEngine;
import dev.portico.config.PorticoConfig;
import dev.portico.testing.TestInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

class CacheClearCommandTest {
    @TempDir
    Path home;

    private static long removedCount(TestInstance.Result result) {
        Matcher count = Pattern.compile(": (\\d+) entr(y|ies) removed\\.").matcher(result.out());
        assertTrue(count.find(), result.toString());
        return Long.parseLong(count.group(1));
    }

    @Test
    void the_file_driver_empties_the_cache_folder_and_reports_how_many_files_it_removed() throws IOException {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            Path data = home.resolve("storage/cache/data");
            Files.createDirectories(data.resolve("ab/cd"));
            Files.writeString(data.resolve("one"), "1");
            Files.writeString(data.resolve("ab/two"), "2");
            Files.writeString(data.resolve("ab/cd/three"), "3");
            Files.writeString(home.resolve("storage/cache/config.env"), "APP_ENV=local\n");

            TestInstance.Result result = instance.run("cache:clear");
            assertEquals(0, result.exitCode(), result.toString());
            assertEquals(3, removedCount(result));
            assertTrue(result.out().contains("file cache"), result.toString());
            assertTrue(Files.isDirectory(data), "the folder itself stays");
            try (Stream<Path> left = Files.list(data)) {
                assertEquals(List.of(), left.toList());
            }
            assertTrue(Files.exists(PorticoConfig.cacheFile(home)), "the config snapshot is not a cache entry");

            TestInstance.Result again = instance.run("cache:clear");
            assertEquals(0, again.exitCode(), again.toString());
            assertEquals(0, removedCount(again));
        }
    }

    @Test
    void the_file_driver_with_no_cache_folder_removes_nothing() {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result result = instance.run("cache:clear");
            assertEquals(0, result.exitCode(), result.toString());
            assertEquals(0, removedCount(result));
            assertTrue(result.out().contains("0 entries removed"), result.toString());
        }
    }

    @Test
    void the_redis_driver_removes_portico_keys_and_keeps_everyone_elses() {
        String run = UUID.randomUUID().toString();
        List<String> ours = List.of("portico:test:" + run + ":a", "portico:test:" + run + ":b", "portico:session:" + run);
        String theirs = "other-app:" + run;
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home);
             Jedis redis = new Jedis("127.0.0.1", 6379)) {
            ours.forEach(key -> redis.set(key, "cached"));
            redis.set(theirs, "keep me");
            try {
                TestInstance.Result result = instance.with("CACHE_DRIVER", "redis").run("cache:clear");
                assertEquals(0, result.exitCode(), result.toString());
                assertTrue(result.out().contains("Redis cache at 127.0.0.1:6379"), result.toString());
                assertTrue(removedCount(result) >= ours.size(), result.toString());
                for (String key : ours) {
                    assertFalse(redis.exists(key), key + " survived cache:clear");
                }
                assertEquals("keep me", redis.get(theirs));
            } finally {
                redis.del(theirs);
            }
        }
    }

    @Test
    void an_unreachable_redis_fails_naming_the_settings_to_fix() {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result result = instance.with("CACHE_DRIVER", "redis").with("REDIS_PORT", "1").run("cache:clear");
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains("127.0.0.1:1"), result.toString());
            assertTrue(result.err().contains("REDIS_HOST"), result.toString());
            assertFalse(result.err().contains("unexpectedly"), result.toString());
        }
    }

    @Test
    void a_wrong_redis_password_is_never_printed() {
        String password = "redis-Pw-Q8zL2xVt";
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home)) {
            TestInstance.Result result = instance.with("CACHE_DRIVER", "redis").with("REDIS_PASSWORD", password)
                    .run("cache:clear");
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains("REDIS_PASSWORD"), result.toString());
            assertFalse(result.out().contains(password) || result.err().contains(password), result.toString());
        }
    }
}
