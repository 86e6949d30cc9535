package dev.portico.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * One row of a verification or of {@code doctor}: what was checked, how it came out, what differs
 * (with the table, id and column; never a secret value) and, for a problem, what to do about it
 * ({@code action}, empty when there is nothing to say). Immutable.
 */
public record Check(String name, Status status, String detail,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) String action) {
    /** A check passed, warned (worth a look, not a failure), failed, or was not run for a stated reason. */
    public enum Status {
        OK, WARN, FAILED, SKIPPED;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status of " + name);
        Objects.requireNonNull(detail, "detail of " + name);
        Objects.requireNonNull(action, "action of " + name);
    }

    public Check(String name, Status status, String detail) {
        this(name, status, detail, "");
    }

    public static Check ok(String name, String detail) {
        return new Check(name, Status.OK, detail);
    }

    public static Check warn(String name, String detail, String action) {
        return new Check(name, Status.WARN, detail, action);
    }

    public static Check failed(String name, String detail) {
        return new Check(name, Status.FAILED, detail);
    }

    public static Check failed(String name, String detail, String action) {
        return new Check(name, Status.FAILED, detail, action);
    }

    public static Check skipped(String name, String detail) {
        return new Check(name, Status.SKIPPED, detail);
    }

    /** Passes when {@code problems} is empty, else fails listing them. */
    static Check of(String name, java.util.List<String> problems, String okDetail) {
        return problems.isEmpty() ? ok(name, okDetail) : failed(name, String.join("; ", problems));
    }
}
