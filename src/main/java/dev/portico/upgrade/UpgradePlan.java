package dev.portico.upgrade;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The answer of {@code upgrade:check}: from which release and schema to which, by what method, one row
 * per check, and the verdict they add up to (the worst row). {@code upgrade} goes ahead only on
 * {@link Verdict#GO}. Immutable.
 */
public record UpgradePlan(String from, int fromSchema, String to, int toSchema, String method, List<Row> rows) {
    /** Whether the upgrade can go ahead, with the exit code {@code upgrade:check} gives for it. */
    public enum Verdict {
        GO(0), ACTION_REQUIRED(3), BLOCKED(4);

        private final int exitCode;

        Verdict(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How one check came out; the worst status of all rows is the plan's verdict. */
    public enum Status {
        /** Nothing to do. */
        OK(Verdict.GO),
        /** Worth knowing (things to re-test after the upgrade), nothing to do before it. */
        NOTE(Verdict.GO),
        /** Something must be done before upgrading; the detail says what. */
        ACTION(Verdict.ACTION_REQUIRED),
        /** The upgrade cannot go ahead as planned; the detail says what to do instead. */
        BLOCKED(Verdict.BLOCKED);

        private final Verdict verdict;

        Status(Verdict verdict) {
            this.verdict = verdict;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One check: its name, how it came out, and what was found (with names and versions, never a secret). */
    public record Row(String check, Status status, String detail) {
        public Row {
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(status, "status of " + check);
            Objects.requireNonNull(detail, "detail of " + check);
        }
    }

    public UpgradePlan {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(method, "method");
        rows = List.copyOf(rows);
    }

    public Verdict verdict() {
        return rows.stream().map(row -> row.status().verdict).max(Enum::compareTo).orElse(Verdict.GO);
    }

    /** The rows that need something done (action or blocked), in order. */
    public List<Row> actions() {
        return rows.stream().filter(row -> row.status() == Status.ACTION || row.status() == Status.BLOCKED).toList();
    }

    /** One sentence for the end of the report. */
    public String summary() {
        List<Row> actions = actions();
        return switch (verdict()) {
            case GO -> fromSchema == toSchema && from.equals(to) ? "Portico " + to + " is what last migrated this "
                    + "instance; nothing to upgrade." : "Ready to upgrade from " + from + " to " + to + ", " + method + ".";
            case ACTION_REQUIRED -> actions.size() + " check(s) need action before the upgrade: "
                    + String.join(", ", actions.stream().map(Row::check).toList()) + ".";
            case BLOCKED -> "The upgrade from " + from + " to " + to + " cannot go ahead: " + String.join(", ",
                    actions.stream().filter(row -> row.status() == Status.BLOCKED).map(Row::check).toList()) + ".";
        };
    }
}
