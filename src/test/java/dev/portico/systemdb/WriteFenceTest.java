package dev.portico.systemdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The write fence on each engine: a write transaction that has passed it holds `portico down` off
 * until it ends, and every write after `down` is refused; a bypass secret lifts it.
 */
class WriteFenceTest {
    @TempDir
    Path home;

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void down_waits_for_fenced_writes_and_every_later_write_is_refused(DatabaseEngine engine) throws Exception {
        try (TestInstance instance = new TestInstance(engine, home)) {
            assertEquals(0, instance.run("migrate", "--seed").exitCode());
            UtcTimestamps timestamps = new UtcTimestamps(engine);
            CompletableFuture<TestInstance.Result> down;
            try (Connection writer = instance.database().connect()) {
                writer.setAutoCommit(false);
                assertFalse(WriteFence.fenced(new SqlHandle(writer, timestamps), engine), "up: writes go ahead");
                down = CompletableFuture.supplyAsync(() -> instance.run("down"));
                assertThrows(TimeoutException.class, () -> down.get(700, TimeUnit.MILLISECONDS),
                        "down waits for the write transaction that passed the fence");
                writer.commit();
            }
            assertEquals(0, down.get(60, TimeUnit.SECONDS).exitCode(), "down goes on once the write has ended");
            try (Connection writer = instance.database().connect()) {
                writer.setAutoCommit(false);
                SqlHandle handle = new SqlHandle(writer, timestamps);
                assertTrue(WriteFence.fenced(handle, engine), "down: writes are fenced");
                PorticoException refused = assertThrows(PorticoException.class,
                        () -> WriteFence.requireWritable(handle, engine));
                assertEquals(ErrorCode.UNAVAILABLE, refused.code());
                assertTrue(refused.getMessage().contains("nothing was changed"), refused.getMessage());
                writer.rollback();
            }
            assertEquals(0, instance.run("down", "--secret", "operator-bypass-secret").exitCode());
            try (Connection writer = instance.database().connect()) {
                writer.setAutoCommit(false);
                assertFalse(WriteFence.fenced(new SqlHandle(writer, timestamps), engine),
                        "with a bypass secret the admitted requests may write");
                writer.rollback();
            }
            assertEquals(0, instance.run("up").exitCode());
        }
    }
}
