package dev.portico.backup;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * One row of a verification: what was checked, whether it passed, and what differs (with the table,
 * id and column; never a secret value). Immutable.
 */
public record Check(String name, Status status, String detail) {
    /** A check passed, failed, or was not run for a stated reason (a service that is no database). */
    public enum Status {
        OK, FAILED, SKIPPED;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status of " + name);
        Objects.requireNonNull(detail, "detail of " + name);
    }

    static Check ok(String name, String detail) {
        return new Check(name, Status.OK, detail);
    }

    static Check failed(String name, String detail) {
        return new Check(name, Status.FAILED, detail);
    }

    static Check skipped(String name, String detail) {
        return new Check(name, Status.SKIPPED, detail);
    }

    /** Passes when {@code problems} is empty, else fails listing them. */
    static Check of(String name, java.util.List<String> problems, String okDetail) {
        return problems.isEmpty() ? ok(name, okDetail) : failed(name, String.join("; ", problems));
    }
}
