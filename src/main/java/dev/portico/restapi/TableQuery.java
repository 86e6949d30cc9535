package dev.portico.restapi;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.system.ListQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The query parameters of a {@code _table} request: the list parameters the system API shares
 * ({@code fields filter limit offset order include_count related}), plus {@code ids} as text (keys
 * need not be numbers), {@code count_only}, {@code id_field}, {@code refresh} and {@code group}. Immutable.
 */
public record TableQuery(ListQuery list, List<String> ids, boolean countOnly, Optional<String> idField,
                         boolean refresh, List<String> group) {
    public TableQuery {
        ids = List.copyOf(ids);
        group = List.copyOf(group);
    }

    /** Reads the query string; a limit above {@code maxRecords} (or none) means {@code maxRecords}. */
    public static TableQuery parse(Map<String, List<String>> parameters, int maxRecords) {
        for (String unserved : List.of("having")) {
            if (first(parameters, unserved).filter(value -> !value.isBlank()).isPresent()) {
                // answering without them would look like success with a different meaning
                throw new PorticoException(ErrorCode.BAD_REQUEST, "'" + unserved + "' is not supported by database "
                        + "services yet. Leave it out, and read related records from their own table with a filter.");
            }
        }
        Map<String, List<String>> shared = new HashMap<>(parameters);
        shared.remove("ids");
        List<String> ids = new ArrayList<>();
        for (String id : first(parameters, "ids").orElse("").split(",")) {
            if (!id.isBlank()) {
                ids.add(id.strip());
            }
        }
        if (ids.size() > maxRecords) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "'ids' lists " + ids.size() + " identifiers; at most "
                    + maxRecords + " are allowed in one request.");
        }
        List<String> group = new ArrayList<>();
        for (String field : first(parameters, "group").or(() -> first(parameters, "group_by")).orElse("").split(",")) {
            if (!field.isBlank()) {
                group.add(field.strip());
            }
        }
        return new TableQuery(ListQuery.parse(shared, maxRecords), ids, flag(parameters, "count_only"),
                first(parameters, "id_field").filter(f -> !f.isBlank()).map(String::strip),
                flag(parameters, "refresh"), group);
    }

    /** The same query with the caller's lookups ({@code {user.id}} …) available to its filter. */
    public TableQuery withLookups(Function<String, Optional<Object>> callerLookups) {
        return new TableQuery(list.withLookups(callerLookups), ids, countOnly, idField, refresh, group);
    }

    /** Whether a flag parameter is {@code true} or {@code 1}. */
    public static boolean flag(Map<String, List<String>> parameters, String name) {
        return first(parameters, name).map(v -> v.equalsIgnoreCase("true") || v.equals("1")).orElse(false);
    }

    private static Optional<String> first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
