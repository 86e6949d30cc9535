package dev.portico.testing;

import dev.portico.App;
import dev.portico.cli.Cli;
import dev.portico.cli.CliContext;
import dev.portico.cli.Terminal;
import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.AppKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One Portico instance under test: a home folder, an environment (its own APP_KEY and database)
 * and the real CLI. Each {@link #run} is like a new process: a fresh {@link App} over the same home.
 */
public final class TestInstance implements AutoCloseable {
    private final Path home;
    private final TestDatabase database;
    private final Map<String, String> environment = new HashMap<>();

    /** What a command printed and the exit code it returned. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    public TestInstance(DatabaseEngine engine, Path home) {
        this.home = home;
        this.database = TestDatabase.create(engine, home.resolve("db"));
        environment.putAll(database.environment());
        environment.put("APP_KEY", AppKey.generate().encoded());
        environment.put("PORTICO_LOCK_TIMEOUT", "30");
    }

    public Path home() {
        return home;
    }

    public TestDatabase database() {
        return database;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public TestInstance with(String key, String value) {
        if (value == null) {
            environment.remove(key);
        } else {
            environment.put(key, value);
        }
        return this;
    }

    public Result run(String... args) {
        return run(Terminal.none(), args);
    }

    public Result run(Terminal terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(new App(home, environment), terminal);
        int code = Cli.run(context, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** A CLI context for a command that keeps running (serve); stop it with {@link CliContext#requestStop()}. */
    public CliContext context() {
        return new CliContext(new App(home, environment), Terminal.none());
    }

    @Override
    public void close() {
        database.close();
    }
}
