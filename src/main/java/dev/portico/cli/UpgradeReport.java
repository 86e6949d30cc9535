package dev.portico.cli;

import dev.portico.upgrade.UpgradePlan;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints an upgrade plan as two tables (the plan, then one row per check) and a verdict line, or as JSON. */
final class UpgradeReport {
    private UpgradeReport() {
    }

    static void print(PrintWriter out, UpgradePlan plan) {
        String from = plan.from() + " (schema " + plan.fromSchema() + ")";
        String to = plan.to() + " (schema " + plan.toSchema() + ")";
        String planRow = "%-" + Math.max(4, from.length()) + "s  %-" + Math.max(2, to.length()) + "s  %-"
                + Math.max(6, plan.method().length()) + "s  %s%n";
        out.printf(planRow, "FROM", "TO", "METHOD", "ACTIONS REQUIRED");
        out.printf(planRow, from, to, plan.method(), actions(plan));
        out.println();
        int width = plan.rows().stream().mapToInt(row -> row.check().length()).max().orElse(5);
        String row = "%-" + width + "s  %-7s  %s%n";
        out.printf(row, "CHECK", "STATUS", "DETAIL");
        for (UpgradePlan.Row check : plan.rows()) {
            out.printf(row, check.check(), check.status().label(), check.detail());
        }
        out.println(plan.verdict().label().replace('_', ' ').toUpperCase(Locale.ROOT) + ": " + plan.summary());
    }

    private static String actions(UpgradePlan plan) {
        List<String> names = plan.actions().stream().map(row -> row.check()
                + (row.status() == UpgradePlan.Status.BLOCKED ? " (blocked)" : "")).toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** {"verdict", "exit_code", "plan": {from, from_schema, to, to_schema, method, actions_required}, "checks", "summary"}. */
    static Map<String, Object> json(UpgradePlan plan) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("from", plan.from());
        summary.put("from_schema", plan.fromSchema());
        summary.put("to", plan.to());
        summary.put("to_schema", plan.toSchema());
        summary.put("method", plan.method());
        summary.put("actions_required", plan.actions().stream().map(UpgradePlan.Row::check).toList());
        List<Map<String, String>> checks = plan.rows().stream().map(check -> {
            Map<String, String> one = new LinkedHashMap<>();
            one.put("name", check.check());
            one.put("status", check.status().label());
            one.put("detail", check.detail());
            return one;
        }).toList();
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("verdict", plan.verdict().label());
        all.put("exit_code", plan.verdict().exitCode());
        all.put("plan", summary);
        all.put("checks", checks);
        all.put("summary", plan.summary());
        return all;
    }
}
