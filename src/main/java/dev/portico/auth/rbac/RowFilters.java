package dev.portico.auth.rbac;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes {@code {lookup}} references in row filter values. A reference that does not resolve, or that
 * names a private lookup (private values go only into service configs, reference §4.3), denies the request:
 * leaving "{user.id}" in place or dropping the filter could widen access. Only values are substituted, never
 * field names or operators, and reasons name the lookup but never carry a value. Stateless and thread-safe.
 */
public final class RowFilters {
    private static final Pattern REFERENCE = Pattern.compile("\\{([^{}]+)}");

    private RowFilters() {
    }

    /**
     * The filters with every reference replaced by its value.
     *
     * @throws PorticoException {@link ErrorCode#FORBIDDEN} naming the filter and lookup that did not resolve
     */
    public static List<RowFilter> resolve(List<RowFilter> filters, LookupSet lookups) {
        Resolution resolution = attempt(filters, lookups);
        if (resolution.problem() != null) {
            throw new PorticoException(ErrorCode.FORBIDDEN, "Access denied: " + resolution.problem() + ".");
        }
        return resolution.filters();
    }

    /** The decision with its filters resolved, or a denial that says which lookup did not resolve. */
    public static AccessDecision resolve(AccessDecision decision, LookupSet lookups) {
        if (!decision.allowed()) {
            return decision;
        }
        Resolution resolution = attempt(decision.filters(), lookups);
        return resolution.problem() == null
                ? AccessDecision.allow(decision.verbMask(), resolution.filters(), decision.join(), decision::reason)
                : AccessDecision.deny(decision.verbMask(), decision.reason() + ", but " + resolution.problem());
    }

    /** Either the resolved filters or, when a reference did not resolve, the problem (and no filters). */
    private record Resolution(List<RowFilter> filters, String problem) {
    }

    private static Resolution attempt(List<RowFilter> filters, LookupSet lookups) {
        List<RowFilter> resolved = new ArrayList<>(filters.size());
        for (RowFilter filter : filters) {
            Matcher reference = REFERENCE.matcher(filter.value());
            StringBuilder value = new StringBuilder();
            while (reference.find()) {
                String name = reference.group(1);
                Optional<String> replacement = lookups.valueForClient(name);
                if (replacement.isEmpty()) {
                    return new Resolution(List.of(), problem(filter, name, lookups.isPrivate(name)));
                }
                reference.appendReplacement(value, Matcher.quoteReplacement(replacement.get()));
            }
            reference.appendTail(value);
            resolved.add(filter.withValue(value.toString()));
        }
        return new Resolution(List.copyOf(resolved), null);
    }

    private static String problem(RowFilter filter, String name, boolean isPrivate) {
        String start = "the row filter on '" + filter.field() + "' uses ";
        return isPrivate
                ? start + "private lookup {" + name + "}, and private lookups are never substituted into filters;"
                        + " make the lookup non-private or change the role's filter"
                : start + "lookup {" + name + "}, which this session does not define; define it for the system,"
                        + " app, role or user, or change the role's filter";
    }
}
