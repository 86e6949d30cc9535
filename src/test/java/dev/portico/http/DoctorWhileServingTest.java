package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code portico doctor} beside this instance's own running server: the port it holds is no problem. */
class DoctorWhileServingTest {
    @TempDir
    Path home;

    @Test
    void the_port_held_by_the_instances_own_server_passes() {
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home);
             RunningServer server = RunningServer.start(instance)) {
            TestInstance.Result result = instance.with("PORTICO_HTTP_PORT", String.valueOf(server.port())).run("doctor");
            assertEquals(0, result.exitCode(), result.toString());
            String row = result.out().lines().filter(line -> line.startsWith("http port ")).findFirst().orElseThrow();
            assertTrue(row.contains(" ok "), result.toString());
            assertTrue(row.contains("in use by a running Portico server (it answers http://127.0.0.1:" + server.port()
                    + "/health/live)"), result.toString());
        }
    }
}
