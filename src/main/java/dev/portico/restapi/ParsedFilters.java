package dev.portico.restapi;

import dev.portico.filter.FilterNode;
import dev.portico.filter.FilterParser;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Client filters already parsed, by their text. Clients send the same few filters again and again, and a
 * parsed tree holds no table, role or caller (fields are checked and lookups resolved when it is rendered),
 * so one tree serves every request that sends the text. Bounded: texts of at most {@link #MAX_TEXT}
 * characters, at most {@link #MAX_ENTRIES} of them (when full it starts again empty); a filter that does not
 * parse is never kept. Thread-safe.
 */
final class ParsedFilters {
    static final int MAX_ENTRIES = 1_000;
    static final int MAX_TEXT = 1_000;

    private final ConcurrentMap<String, FilterNode> parsed = new ConcurrentHashMap<>();

    Optional<FilterNode> parse(Optional<String> filter) {
        return filter.map(this::parse);
    }

    FilterNode parse(String text) {
        FilterNode node = parsed.get(text);
        if (node == null) {
            node = FilterParser.parse(text); // a bad filter throws here: the client's error, nothing kept
            if (text.length() <= MAX_TEXT) {
                if (parsed.size() >= MAX_ENTRIES) {
                    parsed.clear();
                }
                parsed.put(text, node);
            }
        }
        return node;
    }

    int size() {
        return parsed.size();
    }
}
