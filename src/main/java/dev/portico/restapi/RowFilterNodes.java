package dev.portico.restapi;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.auth.rbac.FilterJoin;
import dev.portico.auth.rbac.RowFilter;
import dev.portico.filter.FilterNode;
import dev.portico.filter.Operator;
import dev.portico.filter.Value;
import dev.portico.services.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A role's row filters (lookups already substituted) as a filter tree, so they are rendered like a
 * client's filter: field checked against the table, value typecast and bound. A filter that names a
 * field the table lacks, or an operator Portico does not know, denies the request rather than being
 * dropped, which would widen access. Stateless.
 */
final class RowFilterNodes {
    private static final Pattern SPACES = Pattern.compile("\\s+"); // compiled once: every request reads its role's filters
    private RowFilterNodes() {
    }

    static Optional<FilterNode> of(List<RowFilter> filters, FilterJoin join, TableSchema table) {
        List<FilterNode> nodes = new ArrayList<>();
        for (RowFilter filter : filters) {
            if (table.fields().field(filter.field()).isEmpty()) {
                throw denied("names the field '" + filter.field() + "', which table '" + table.name()
                        + "' does not have (or which cannot be filtered)");
            }
            nodes.add(comparison(filter));
        }
        if (nodes.isEmpty()) {
            return Optional.empty();
        }
        if (nodes.size() == 1) {
            return Optional.of(nodes.get(0));
        }
        return Optional.of(join == FilterJoin.OR ? new FilterNode.Or(nodes) : new FilterNode.And(nodes));
    }

    private static FilterNode comparison(RowFilter filter) {
        Operator operator = operator(filter.operator());
        String value = unquoted(filter.value().strip());
        List<Value> values = switch (operator) {
            case IS_NULL, IS_NOT_NULL -> List.of();
            case IN, NOT_IN -> list(value);
            default -> List.of(new Value.Text(value));
        };
        return new FilterNode.Comparison(filter.field(), operator, values);
    }

    /** DreamFactory's operator spellings in a role's filters, case-insensitive. */
    private static Operator operator(String text) {
        return switch (SPACES.matcher(text.strip().toLowerCase(Locale.ROOT)).replaceAll(" ")) {
            case "=", "eq" -> Operator.EQ;
            case "!=", "<>", "ne" -> Operator.NE;
            case ">", "gt" -> Operator.GT;
            case ">=", "gte" -> Operator.GTE;
            case "<", "lt" -> Operator.LT;
            case "<=", "lte" -> Operator.LTE;
            case "in" -> Operator.IN;
            case "not in" -> Operator.NOT_IN;
            case "like" -> Operator.LIKE;
            case "not like" -> Operator.NOT_LIKE;
            case "contains" -> Operator.CONTAINS;
            case "starts with" -> Operator.STARTS_WITH;
            case "ends with" -> Operator.ENDS_WITH;
            case "is null" -> Operator.IS_NULL;
            case "is not null" -> Operator.IS_NOT_NULL;
            default -> throw denied("uses the operator '" + text + "', which Portico does not know");
        };
    }

    /** {@code a,b}, {@code (a, b)} or {@code ('a','b')}: the values of an IN filter. */
    private static List<Value> list(String text) {
        String inner = text.startsWith("(") && text.endsWith(")") ? text.substring(1, text.length() - 1) : text;
        List<Value> values = new ArrayList<>();
        for (String item : inner.split(",")) {
            if (!item.isBlank()) {
                values.add(new Value.Text(unquoted(item.strip())));
            }
        }
        if (values.isEmpty()) {
            throw denied("has an empty IN list");
        }
        return values;
    }

    private static String unquoted(String text) {
        boolean quoted = text.length() >= 2 && (text.startsWith("'") && text.endsWith("'")
                || text.startsWith("\"") && text.endsWith("\""));
        return quoted ? text.substring(1, text.length() - 1) : text;
    }

    private static PorticoException denied(String problem) {
        return new PorticoException(ErrorCode.FORBIDDEN, "Access denied: a row filter of this role " + problem
                + ". A sys-admin should fix the role's access rule.");
    }
}
