package dev.portico.system;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The list parameters DreamFactory clients send ({@code fields}, {@code filter}, {@code limit},
 * {@code offset}, {@code order}, {@code ids}, {@code include_count}, {@code related}) and their
 * aliases, checked. Immutable.
 */
public record ListQuery(List<String> fields, Optional<String> filter, int limit, int offset, List<String> order,
                        List<Long> ids, boolean includeCount, List<String> related,
                        Function<String, Optional<Object>> lookups) {
    public static final int MAX_LIMIT = 1000;

    public ListQuery {
        fields = List.copyOf(fields);
        order = List.copyOf(order);
        ids = List.copyOf(ids);
        related = List.copyOf(related);
    }

    /** Reads the query string; {@code first} returns a parameter's first value, trying its aliases. */
    public static ListQuery parse(Map<String, List<String>> parameters) {
        return parse(parameters, MAX_LIMIT);
    }

    /** The same, with at most {@code maxLimit} records per page: a larger or missing limit means that many. */
    public static ListQuery parse(Map<String, List<String>> parameters, int maxLimit) {
        int limit = number(first(parameters, "limit", "top").orElse(null), maxLimit, "limit");
        if (limit > maxLimit || limit == 0) {
            limit = maxLimit;
        }
        return new ListQuery(list(first(parameters, "fields", "select").orElse("")),
                first(parameters, "filter", "where").filter(f -> !f.isBlank()),
                limit, number(first(parameters, "offset", "skip").orElse(null), 0, "offset"),
                list(first(parameters, "order", "sort", "order_by").orElse("")),
                ids(first(parameters, "ids").orElse("")),
                first(parameters, "include_count").map(v -> v.equalsIgnoreCase("true") || v.equals("1")).orElse(false),
                list(first(parameters, "related").orElse("")), name -> Optional.empty());
    }

    /** The same query with the caller's lookups ({@code {user.id}} …) available to its filter. */
    public ListQuery withLookups(Function<String, Optional<Object>> callerLookups) {
        return new ListQuery(fields, filter, limit, offset, order, ids, includeCount, related, callerLookups);
    }

    public boolean allFields() {
        return fields.isEmpty() || fields.contains("*");
    }

    private static Optional<String> first(Map<String, List<String>> parameters, String... names) {
        for (String name : names) {
            List<String> values = parameters.get(name);
            if (values != null && !values.isEmpty()) {
                return Optional.of(values.get(0));
            }
        }
        return Optional.empty();
    }

    private static List<String> list(String text) {
        List<String> items = new ArrayList<>();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    static List<Long> ids(String text) {
        List<Long> ids = new ArrayList<>();
        for (String item : list(text)) {
            try {
                ids.add(Long.parseLong(item));
            } catch (NumberFormatException e) {
                throw new PorticoException(ErrorCode.BAD_REQUEST, "'ids' must be a comma-separated list of whole numbers; '"
                        + (item.length() > 40 ? item.substring(0, 40) + "…" : item) + "' is not one.");
            }
        }
        return ids;
    }

    private static int number(String text, int fallback, String name) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new PorticoException(ErrorCode.BAD_REQUEST, "'" + name + "' must be a whole number of 0 or more.");
    }
}
