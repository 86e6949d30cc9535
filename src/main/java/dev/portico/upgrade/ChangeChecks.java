package dev.portico.upgrade;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The checks of what the releases an upgrade passes through change against what one instance uses:
 * connector types, configuration keys, API behaviours, and the scripts and scheduled tasks that may
 * rely on them. Not thread-safe; one per plan.
 */
final class ChangeChecks {
    private static final int LISTED = 10;

    /** A breaking change with the release that brings it. */
    private record Change(Release release, BreakingChange change) {
        String version() {
            return release.version();
        }

        BreakingChange.Kind kind() {
            return change.kind();
        }
    }

    private final List<Change> changes = new ArrayList<>();
    private final InstanceSurvey survey;

    ChangeChecks(List<Release> passed, InstanceSurvey survey) {
        for (Release release : passed) {
            release.breaking().forEach(change -> changes.add(new Change(release, change)));
        }
        this.survey = survey;
    }

    List<UpgradePlan.Row> rows(String from, String to) {
        String span = from.equals(to) ? "" : " between " + from + " and " + to;
        return List.of(connectors(span), configuration(span), apiBehaviours(span), scripts(), scheduledTasks());
    }

    private UpgradePlan.Row connectors(String span) {
        List<String> blocked = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        for (Change change : of(kind -> kind.connector())) {
            List<String> users = survey.services().stream().filter(service -> service.type().equals(change.change().name()))
                    .map(service -> service.name() + (service.active() ? "" : " (inactive)")).toList();
            if (users.isEmpty()) {
                continue;
            }
            String type = "type `" + change.change().name() + "`";
            if (change.kind() == BreakingChange.Kind.CONNECTOR_REMOVED) {
                blocked.add(type + " is removed in " + change.version() + change.change().explained() + " and used by "
                        + listed(users, "service") + ". Delete them or move them to another type first");
            } else {
                actions.add(type + " is renamed `" + change.change().to() + "` in " + change.version()
                        + change.change().explained() + " and used by " + listed(users, "service") + ". Change the "
                        + "tools and scripts that create or look for `" + change.change().name() + "`");
            }
        }
        List<String> types = survey.services().stream().map(InstanceSurvey.Service::type).distinct().sorted().toList();
        String fine = survey.services().isEmpty() ? "no services"
                : survey.services().size() + " service(s) of type(s) " + String.join(", ", types)
                + ": none removed or renamed" + span;
        return row("connectors", blocked, actions, fine);
    }

    private UpgradePlan.Row configuration(String span) {
        List<String> actions = new ArrayList<>();
        for (Change change : of(kind -> kind.config())) {
            String key = change.change().name();
            String where = survey.configKeys().get(key);
            switch (change.kind()) {
                case CONFIG_RENAMED -> {
                    if (where != null) {
                        String to = change.change().to();
                        actions.add(key + " (set in " + where + ") is renamed " + to + " in " + change.version()
                                + change.change().explained() + ": " + (survey.configKeys().containsKey(to)
                                ? "remove " + key + ", " + to + " is set already" : "rename it " + to));
                    }
                }
                case CONFIG_REMOVED -> {
                    if (where != null) {
                        actions.add(key + " (set in " + where + ") is no longer read from " + change.version()
                                + change.change().explained() + ": remove it");
                    }
                }
                case CONFIG_REQUIRED -> {
                    if (where == null) {
                        actions.add(change.version() + " requires " + key + ", which is not set"
                                + change.change().explained() + ": add it to .env");
                    }
                }
                default -> throw new IllegalStateException("not a configuration change: " + change.kind());
            }
        }
        return row("configuration", List.of(), actions, "no key in .env or the environment is removed, renamed or "
                + "missing" + span);
    }

    private UpgradePlan.Row apiBehaviours(String span) {
        List<String> actions = of(kind -> kind == BreakingChange.Kind.API_REMOVED).stream()
                .map(change -> change.version() + " removes " + change.change().id() + ": "
                        + change.change().description() + "; check the API clients that may rely on it").toList();
        return row("api behaviours", List.of(), actions, "none removed" + span);
    }

    private UpgradePlan.Row scripts() {
        List<String> names = survey.scripts().stream().map(script -> script.name() + " (" + script.type()
                + (script.active() ? "" : ", inactive") + ")").toList();
        if (names.isEmpty()) {
            return new UpgradePlan.Row("scripts", UpgradePlan.Status.OK, "no event scripts");
        }
        List<String> actions = touching(BreakingChange.Touch.SCRIPTS).stream().map(change -> change.version()
                + " removes " + change.change().id() + ", which scripts may use: check " + listed(names, "event script")
                + " before upgrading").toList();
        return row("scripts", List.of(), actions, "re-test after the upgrade: " + listed(names, "event script"),
                UpgradePlan.Status.NOTE);
    }

    private UpgradePlan.Row scheduledTasks() {
        if (survey.tasks().isEmpty()) {
            return new UpgradePlan.Row("scheduled tasks", UpgradePlan.Status.OK, "no scheduled tasks");
        }
        List<String> names = survey.tasks().stream().map(task -> task.name() + " (calls " + task.serviceName()
                + (task.active() ? "" : ", inactive") + ")").toList();
        List<String> actions = new ArrayList<>();
        for (Change change : touching(BreakingChange.Touch.SCHEDULED_TASKS)) {
            actions.add(change.version() + " removes " + change.change().id() + ", which scheduled tasks may use: "
                    + "check " + listed(names, "scheduled task") + " before upgrading");
        }
        for (Change change : of(kind -> kind.connector())) {
            List<String> calling = survey.tasks().stream().filter(task -> task.serviceType().equals(change.change().name()))
                    .map(InstanceSurvey.Task::name).toList();
            if (!calling.isEmpty()) {
                actions.add("type `" + change.change().name() + "` is " + (change.kind()
                        == BreakingChange.Kind.CONNECTOR_REMOVED ? "removed" : "renamed `" + change.change().to() + "`")
                        + " in " + change.version() + " and called by " + listed(calling, "scheduled task")
                        + ". Check them before upgrading");
            }
        }
        return row("scheduled tasks", List.of(), actions, "re-test after the upgrade: "
                + listed(names, "scheduled task"), UpgradePlan.Status.NOTE);
    }

    private List<Change> of(Predicate<BreakingChange.Kind> kind) {
        return changes.stream().filter(change -> kind.test(change.kind())).toList();
    }

    private List<Change> touching(BreakingChange.Touch touch) {
        return changes.stream().filter(change -> change.change().touches().contains(touch)).toList();
    }

    private static UpgradePlan.Row row(String check, List<String> blocked, List<String> actions, String fine) {
        return row(check, blocked, actions, fine, UpgradePlan.Status.OK);
    }

    private static UpgradePlan.Row row(String check, List<String> blocked, List<String> actions, String fine,
                                       UpgradePlan.Status otherwise) {
        List<String> all = new ArrayList<>(blocked);
        all.addAll(actions);
        UpgradePlan.Status status = !blocked.isEmpty() ? UpgradePlan.Status.BLOCKED
                : !actions.isEmpty() ? UpgradePlan.Status.ACTION : otherwise;
        return new UpgradePlan.Row(check, status, all.isEmpty() ? fine : String.join("; ", all));
    }

    /** "3 services: a, b, c" with at most {@value #LISTED} names. */
    private static String listed(List<String> names, String noun) {
        String shown = String.join(", ", names.subList(0, Math.min(LISTED, names.size())));
        return names.size() + " " + noun + (names.size() == 1 ? "" : "s") + ": " + shown
                + (names.size() > LISTED ? " and " + (names.size() - LISTED) + " more" : "");
    }
}
