package dev.portico.restapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portico.PorticoException;
import dev.portico.filter.FilterParser;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parsed-filter cache: one tree per text, never a bad filter, and never more than its bound. */
class ParsedFiltersTest {
    private final ParsedFilters filters = new ParsedFilters();

    @Test
    void a_text_is_parsed_once_and_its_tree_equals_a_fresh_parse() {
        String text = "(category='cat7') AND (qty >= 50) AND (owner = {user.id})";
        assertSame(filters.parse(text), filters.parse(text));
        assertEquals(FilterParser.parse(text), filters.parse(text));
        assertEquals(Optional.empty(), filters.parse(Optional.empty()));
    }

    @Test
    void a_filter_that_does_not_parse_is_refused_every_time_and_never_kept() {
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThrows(PorticoException.class, () -> filters.parse("name = 'x'; DROP TABLE users"));
        }
        assertEquals(0, filters.size());
    }

    @Test
    void long_texts_are_not_kept_and_a_full_cache_starts_again() {
        String longText = "name = '" + "x".repeat(ParsedFilters.MAX_TEXT) + "'";
        assertNotSame(filters.parse(longText), filters.parse(longText));
        assertEquals(0, filters.size());
        for (int i = 0; i < ParsedFilters.MAX_ENTRIES; i++) {
            filters.parse("id = " + i);
        }
        assertEquals(ParsedFilters.MAX_ENTRIES, filters.size());
        filters.parse("id = -1");
        assertEquals(1, filters.size());
    }
}
