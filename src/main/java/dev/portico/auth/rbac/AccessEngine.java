package dev.portico.auth.rbac;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides whether a role may use a verb on a service component, and with which row filters: DreamFactory's
 * {@code Session::getServicePermissions} and {@code getServiceFilters} (reference §4.1). Stateless and
 * thread-safe; callers load the role and pass it in.
 *
 * <p>Order: a sys-admin is allowed everything with no filters; no role or an inactive role is denied.
 * Rules whose requestor mask lacks the requestor's bit are ignored, as in DreamFactory (a SCRIPT-only rule
 * on {@code _table/audit} does not hide an API rule on {@code _table/*} from API calls). Of the rest, only
 * the most specific level counts: 1) exact component, 2) prefix wildcard, 3) the service's {@code *},
 * 4) all-services rules. Masks of the rules at that level are OR-ed, and a verb missing there is denied even
 * if a wider rule grants it. Choices where DreamFactory is silent, quirky or unsafe:
 * <ul>
 * <li>Within level 2 the longest prefix wins ({@code _table/orders/*} over {@code _table/*}); DreamFactory
 *     ORs all wildcards, so a narrower rule could never take a verb away. Equal prefixes are OR-ed.</li>
 * <li>{@code _table/orders/*} also matches {@code _table/orders} itself, as in DreamFactory; but a rule on
 *     {@code _table/orders} does not cover {@code _table/orders/17} (it falls to {@code _table/*}).</li>
 * <li>A request segment {@code {name}} matches any one segment of a rule; all level-2 matches of such a
 *     request tie, so the answer is what the role may do on some resource of that shape.</li>
 * <li>Service names compare case-insensitively; components case-sensitively (DreamFactory ignores case).
 *     Callers must pass table names in the schema's own spelling, or {@code _table/ORDERS} could slip past
 *     a rule on {@code _table/orders} on a case-insensitive database.</li>
 * <li>Filters come from the winning rules that allow the verb. One rule: its filters. Several: if any has
 *     no filters the rows are unrestricted (OR with "all rows"); identical filter sets count once; else the
 *     sets are OR-ed when each is a single filter or OR-joined; AND-joined sets that cannot be flattened
 *     into one OR list deny, rather than pick one arbitrarily as DreamFactory does.</li>
 * </ul>
 * Filters still hold {@code {lookup}} references; resolve them with {@link RowFilters}.
 */
public final class AccessEngine {
    public AccessDecision decide(Role role, boolean sysAdmin, AccessRequest request) {
        Objects.requireNonNull(request, "request");
        if (sysAdmin) {
            return AccessDecision.allow(Verb.ALL, List.of(), FilterJoin.AND, "sys-admins bypass role-based access control");
        }
        if (role == null) {
            return AccessDecision.deny(0, "no role applies to this session, so it has no access to " + wanted(request));
        }
        if (!role.active()) {
            return AccessDecision.deny(0, roleName(role) + " is inactive, so it has no access to " + wanted(request));
        }
        List<AccessRule> winners = mostSpecific(role.rules(), request);
        int mask = 0;
        for (AccessRule rule : winners) {
            mask |= rule.verbMask() & Verb.ALL;
        }
        if (!request.verb().in(mask)) {
            String detail = winners.isEmpty() ? ""
                    : " (" + describe(winners) + (winners.size() == 1 ? " allows " : " allow ") + verbs(mask) + ")";
            return AccessDecision.deny(mask, roleName(role) + " has no access to " + wanted(request) + detail);
        }
        List<AccessRule> granting = new ArrayList<>(winners.size());
        for (AccessRule rule : winners) {
            if (request.verb().in(rule.verbMask())) {
                granting.add(rule);
            }
        }
        return TiedRules.decide(role, request, mask, granting);
    }

    static String roleName(Role role) {
        return "role '" + role.name() + "'";
    }

    static String wanted(AccessRequest request) {
        return request.verb() + " on " + request.target()
                + (request.requestor() == Requestor.SCRIPT ? " from a script" : "");
    }

    private static List<AccessRule> mostSpecific(List<AccessRule> rules, AccessRequest request) {
        ComponentPattern.Match best = null;
        List<AccessRule> winners = new ArrayList<>();
        for (AccessRule rule : rules) {
            if (!request.requestor().in(rule.requestorMask())) {
                continue;
            }
            Optional<ComponentPattern.Match> match = ComponentPattern.match(rule, request);
            if (match.isEmpty()) {
                continue;
            }
            if (best == null || match.get().beats(best)) {
                best = match.get();
                winners.clear();
            }
            if (match.get().equals(best)) {
                winners.add(rule);
            }
        }
        return winners;
    }

    private static String verbs(int mask) {
        return mask == 0 ? "no verb" : Verb.fromMask(mask).stream().map(Verb::name).collect(Collectors.joining(", "));
    }

    static String describe(List<AccessRule> rules) {
        if (rules.size() == 1) {
            return "rule " + rules.get(0).describe();
        }
        List<String> names = rules.stream().map(AccessRule::describe).distinct().toList();
        return (rules.size() == 1 ? "rule " : "rules ") + String.join(", ", names);
    }
}
