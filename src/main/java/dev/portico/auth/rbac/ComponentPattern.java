package dev.portico.auth.rbac;

import java.util.Optional;

/**
 * Normalises components and works out how specifically an access rule matches a request, following
 * DreamFactory's {@code Session::getServicePermissions}. Stateless and thread-safe.
 */
final class ComponentPattern {
    /** Precedence levels, most specific first (reference §4.1). */
    enum Level { EXACT, PATTERN, SERVICE, ALL_SERVICES }

    /**
     * How a rule matched. Within {@link Level#PATTERN} a longer literal prefix ranks higher; for a
     * request with placeholders every pattern match ranks 0, so they tie and are OR-ed.
     */
    record Match(Level level, int rank) {
        boolean beats(Match other) {
            return level.ordinal() < other.level.ordinal() || (level == other.level && rank > other.rank);
        }
    }

    private ComponentPattern() {
    }

    /**
     * Removes every "(…)" part (DreamFactory strips the parameters of {@code _proc/name(1,2)}), then
     * leading slashes. A '(' without a ')' is kept. Trailing slashes are kept: on file services
     * {@code docs/} (a folder) and {@code docs} (a file) are different resources.
     */
    static String normalise(String component) {
        if (component == null) {
            return "";
        }
        StringBuilder kept = new StringBuilder(component.length());
        int position = 0;
        while (position < component.length()) {
            int open = component.indexOf('(', position);
            int close = open < 0 ? -1 : component.indexOf(')', open);
            if (close < 0) {
                kept.append(component, position, component.length());
                break;
            }
            kept.append(component, position, open);
            position = close + 1;
        }
        int start = 0;
        while (start < kept.length() && kept.charAt(start) == '/') {
            start++;
        }
        return kept.substring(start);
    }

    static Optional<Match> match(AccessRule rule, AccessRequest request) {
        String wanted = request.component();
        String granted = rule.component();
        if (rule.allServices()) {
            boolean matches = granted.equals("*") || (granted.isEmpty() && wanted.isEmpty());
            return matches ? Optional.of(new Match(Level.ALL_SERVICES, 0)) : Optional.empty();
        }
        if (!rule.serviceName().equalsIgnoreCase(request.serviceName())) {
            return Optional.empty();
        }
        if (granted.equals(wanted)) {
            return Optional.of(new Match(Level.EXACT, 0));
        }
        if (granted.equals("*")) {
            return Optional.of(new Match(Level.SERVICE, 0));
        }
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        boolean placeholders = hasPlaceholder(wanted);
        if (granted.endsWith("*")) {
            String prefix = granted.substring(0, granted.length() - 1);
            return matchesPrefix(wanted, prefix)
                    ? Optional.of(new Match(Level.PATTERN, placeholders ? 0 : prefix.length())) : Optional.empty();
        }
        return placeholders && matchesSegments(wanted, granted)
                ? Optional.of(new Match(Level.PATTERN, 0)) : Optional.empty();
    }

    static boolean hasPlaceholder(String component) {
        for (String segment : component.split("/", -1)) {
            if (isPlaceholder(segment)) {
                return true;
            }
        }
        return false;
    }

    /** DreamFactory's test: {@code component + "/"} starts with the part before the '*'. */
    private static boolean matchesPrefix(String wanted, String prefix) {
        String[] have = (wanted + "/").split("/", -1);
        String[] want = prefix.split("/", -1);
        if (have.length < want.length) {
            return false;
        }
        int last = want.length - 1;
        for (int index = 0; index < last; index++) {
            if (!segmentMatches(have[index], want[index])) {
                return false;
            }
        }
        return isPlaceholder(have[last]) || have[last].startsWith(want[last]);
    }

    private static boolean matchesSegments(String wanted, String granted) {
        String[] have = wanted.split("/", -1);
        String[] want = granted.split("/", -1);
        if (have.length != want.length) {
            return false;
        }
        for (int index = 0; index < have.length; index++) {
            if (!segmentMatches(have[index], want[index])) {
                return false;
            }
        }
        return true;
    }

    private static boolean segmentMatches(String have, String want) {
        return isPlaceholder(have) ? !want.isEmpty() : have.equals(want);
    }

    private static boolean isPlaceholder(String segment) {
        return segment.length() > 2 && segment.charAt(0) == '{' && segment.charAt(segment.length() - 1) == '}'
                && segment.indexOf('{', 1) < 0 && segment.indexOf('}') == segment.length() - 1;
    }
}
