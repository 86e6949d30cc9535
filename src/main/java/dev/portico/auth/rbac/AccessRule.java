package dev.portico.auth.rbac;

import java.util.List;

/**
 * One {@code role_service_access} row: which verbs, for which requestors, a role has on a service
 * component, and the row filters that then apply. A null {@code serviceId} (and name) means "all
 * services"; such a rule only counts for the component {@code *}, or {@code ''} against the root.
 *
 * <p>The component is normalised as DreamFactory does: leading '/' and "(…)" parts removed. Forms:
 * {@code *} (whole service), {@code ''} (service root only), {@code _table/orders} (exactly that),
 * {@code _table/*} and {@code _table/orders/*} (prefix wildcards). A '*' is allowed only at the end.
 * Null filters mean none; a null join means AND. Immutable and thread-safe.
 */
public record AccessRule(Long serviceId, String serviceName, String component, int verbMask, int requestorMask,
        List<RowFilter> filters, FilterJoin join) {
    /** Highest verb bit DreamFactory stores (CONNECT 512); bits above DELETE are kept but never grant. */
    private static final int DREAMFACTORY_VERB_BITS = 1023;

    public AccessRule {
        if (serviceId == null && serviceName != null) {
            throw new IllegalArgumentException("An access rule names service '" + serviceName
                    + "' but has no service id; give both, or neither for an all-services rule.");
        }
        if (serviceId != null && (serviceName == null || serviceName.isBlank())) {
            throw new IllegalArgumentException("The access rule for service id " + serviceId
                    + " has no service name; load the name with the rule.");
        }
        component = ComponentPattern.normalise(component);
        int star = component.indexOf('*');
        if (star >= 0 && star != component.length() - 1) {
            throw new IllegalArgumentException("Access rule component '" + component
                    + "' has a '*' before its end; a '*' may only end a component, as in '_table/*'.");
        }
        if (verbMask < 0 || verbMask > DREAMFACTORY_VERB_BITS) {
            throw new IllegalArgumentException("Verb mask " + verbMask + " of access rule '" + component
                    + "' is outside 0.." + DREAMFACTORY_VERB_BITS + "; GET=1 POST=2 PUT=4 PATCH=8 DELETE=16.");
        }
        if (requestorMask < 0 || requestorMask > Requestor.ALL) {
            throw new IllegalArgumentException("Requestor mask " + requestorMask + " of access rule '" + component
                    + "' is outside 0.." + Requestor.ALL + "; API=1 SCRIPT=2.");
        }
        filters = filters == null ? List.of() : List.copyOf(filters);
        join = join == null ? FilterJoin.AND : join;
    }

    /** Whether the rule applies to every service (DreamFactory's row with an empty service). */
    public boolean allServices() {
        return serviceId == null;
    }

    /** "db/_table/*" or "(all services)/*", for reasons and logs. */
    String describe() {
        return (allServices() ? "(all services)" : serviceName) + "/" + component;
    }
}
