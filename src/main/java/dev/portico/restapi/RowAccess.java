package dev.portico.restapi;

import dev.portico.auth.rbac.FilterJoin;
import dev.portico.auth.rbac.RowFilter;
import java.util.List;

/**
 * The row filters a caller's role puts on a table, lookups already substituted, and how they join:
 * ANDed into every query, read or write. Sys-admins and roles without filters have none. Immutable.
 */
public record RowAccess(List<RowFilter> filters, FilterJoin join) {
    public RowAccess {
        filters = List.copyOf(filters);
        join = join == null ? FilterJoin.AND : join;
    }

    public static RowAccess unrestricted() {
        return new RowAccess(List.of(), FilterJoin.AND);
    }
}
