package dev.portico.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start, as a new user runs it: `./portico serve` in an empty folder. */
class QuickStartIT {
    @TempDir
    Path folder;

    @Test
    void portico_serve_in_an_empty_folder_sets_up_sqlite_and_becomes_ready() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path output = folder.resolve("serve-output.txt");
        Path instance = Files.createDirectory(folder.resolve("my-portico"));
        Process serve = PorticoProcess.start(instance, Map.of("PORTICO_HTTP_PORT", String.valueOf(port)), output,
                List.of(PorticoProcess.root().resolve("portico").toString(), "serve"));
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build();
            int status = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (status != 200 && System.nanoTime() < deadline && serve.isAlive()) {
                try {
                    status = client.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode();
                } catch (java.io.IOException notYetListening) {
                    Thread.sleep(200);
                }
            }
            String text = PorticoProcess.read(output);
            assertEquals(200, status, text);
            assertTrue(text.contains("Created the first sys-admin admin@portico.local with password: "), text);
            assertTrue(text.contains("is serving on http://127.0.0.1:" + port), text);
            Path env = instance.resolve(".env");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));
            assertTrue(Files.readString(env).contains("APP_KEY=base64:"));
            assertTrue(Files.isRegularFile(instance.resolve("storage/databases/portico.sqlite")));
            String log = PorticoProcess.read(instance.resolve("storage/logs/portico.log"));
            assertTrue(log.contains("GET /health/ready 200"), log);
            String key = Files.readAllLines(env).stream().filter(line -> line.startsWith("APP_KEY=")).findFirst()
                    .orElseThrow().substring("APP_KEY=".length());
            assertFalse(log.contains(key) || text.contains(key), "the key must never be printed or logged");
        } finally {
            serve.destroy();
        }
        // the JVM reports a SIGTERM stop as 128 + 15 once its shutdown hooks have run
        assertEquals(143, PorticoProcess.await(serve, 30), "serve stops on SIGTERM: " + PorticoProcess.read(output));
        assertTrue(PorticoProcess.read(folder.resolve("my-portico/storage/logs/portico.log")).contains("serve: stopping"));
    }
}
