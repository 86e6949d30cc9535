package dev.portico.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs Portico as a separate operating-system process, the way an operator does (public: the backup ITs kill one). */
public final class PorticoProcess {
    /** The packaged jar, built by Maven before the integration tests run. */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("portico.test.jar", "target/portico.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("No " + jar + ": run the integration tests through `mvn verify`, which packages it first.");
        }
        return jar;
    }

    /** The repository root, where the ./portico launcher lives. */
    static Path root() {
        return jar().toAbsolutePath().getParent().getParent();
    }

    public static Process start(Path workingDirectory, Map<String, String> environment, Path output, List<String> command)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("DB_") || key.startsWith("APP_")
                || key.startsWith("PORTICO_") || key.startsWith("ADMIN_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    public static List<String> java(String... args) {
        return java(List.of(), args);
    }

    /** As {@link #java(String...)}, with JVM options before {@code -jar} (a test-only system property). */
    public static List<String> java(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    public static int await(Process process, long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the Portico process did not finish within " + seconds + " s");
        }
        return process.exitValue();
    }

    public static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
