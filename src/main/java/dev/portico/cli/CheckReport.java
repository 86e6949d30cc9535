package dev.portico.cli;

import dev.portico.ErrorCode;
import dev.portico.backup.Check;
import dev.portico.backup.Verification;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints a verification as a table (one row per check, a "→ what to do" line under a row that has
 * one, then a summary line) or as JSON; gives its exit code.
 */
final class CheckReport {
    private CheckReport() {
    }

    /** The table or nothing (JSON callers use {@link #json}); returns 0 when every check passed, else 3. */
    static int print(PrintWriter out, Verification verification) {
        int width = verification.checks().stream().mapToInt(check -> check.name().length()).max().orElse(5);
        String row = "%-" + width + "s  %-7s  %s%n";
        out.printf(row, "CHECK", "STATUS", "DETAIL");
        for (Check check : verification.checks()) {
            out.printf(row, check.name(), check.status().label(), check.detail());
            if (!check.action().isEmpty()) {
                out.printf(row, "", "", "→ " + check.action());
            }
        }
        out.println((verification.passed() ? "PASSED: " : "FAILED: ") + verification.summary());
        return exitCode(verification);
    }

    /** {"passed", "checks": [{name, status, detail, action when there is one}], "summary": {...}}. */
    static Map<String, Object> json(Verification verification) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("passed", verification.passed());
        all.put("checks", verification.checks());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("checks", verification.checks().size());
        for (Check.Status status : Check.Status.values()) {
            summary.put(status.label(), verification.count(status));
        }
        all.put("summary", summary);
        return all;
    }

    static int exitCode(Verification verification) {
        return verification.passed() ? 0 : ErrorCode.CHECKS_FAILED.exitCode();
    }
}
