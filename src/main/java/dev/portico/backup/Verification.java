package dev.portico.backup;

import java.util.List;

/** The result of {@code verify} or {@code doctor}: one {@link Check} per row, in the order they ran. Immutable. */
public record Verification(List<Check> checks) {
    public Verification {
        checks = List.copyOf(checks);
    }

    public long count(Check.Status status) {
        return checks.stream().filter(check -> check.status() == status).count();
    }

    /** True when no check failed (warnings and skipped ones do not count against it). */
    public boolean passed() {
        return count(Check.Status.FAILED) == 0;
    }

    /** One line: how many checks, how many passed, failed and were skipped. */
    public String summary() {
        return checks.size() + " checks: " + count(Check.Status.OK) + " ok, " + count(Check.Status.FAILED) + " failed"
                + (count(Check.Status.WARN) > 0 ? ", " + count(Check.Status.WARN) + " warned" : "")
                + (count(Check.Status.SKIPPED) > 0 ? ", " + count(Check.Status.SKIPPED) + " skipped" : "") + ".";
    }
}
