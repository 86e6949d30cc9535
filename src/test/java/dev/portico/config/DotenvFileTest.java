package dev.portico.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotenvFileTest {
    private static final String SECRET = "s3cr3t-Zq9VvXkT0pLm";

    @TempDir
    Path folder;

    private Map<String, String> read(String... lines) throws IOException {
        Path file = folder.resolve(".env");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return DotenvFile.read(file);
    }

    @Test
    void comments_and_blank_lines_are_skipped_and_entries_keep_their_order() throws IOException {
        Map<String, String> values = read("# a comment", "", "   ", "B=2", "  # indented comment", "A=1");
        assertEquals(List.of("B", "A"), List.copyOf(values.keySet()));
        assertEquals("2", values.get("B"));
        assertEquals("1", values.get("A"));
    }

    @Test
    void export_prefix_is_ignored() throws IOException {
        assertEquals(Map.of("APP_ENV", "local"), read("export APP_ENV=local"));
    }

    @Test
    void single_quoted_values_are_literal() throws IOException {
        assertEquals("a\\nb \"c\" #d $HOME", read("V='a\\nb \"c\" #d $HOME'").get("V"));
    }

    @Test
    void double_quoted_values_understand_newline_quote_and_backslash_escapes() throws IOException {
        assertEquals("line1\nline2 \"q\" back\\slash", read("V=\"line1\\nline2 \\\"q\\\" back\\\\slash\"").get("V"));
    }

    @Test
    void a_space_and_hash_starts_an_inline_comment_but_a_hash_inside_a_word_does_not() throws IOException {
        Map<String, String> values = read("A=value # the comment", "B=color#fff", "C=\"quoted # kept\" # dropped");
        assertEquals("value", values.get("A"));
        assertEquals("color#fff", values.get("B"));
        assertEquals("quoted # kept", values.get("C"));
    }

    @Test
    void an_empty_value_followed_by_an_inline_comment_is_empty() throws IOException {
        // `DB_PORT= # default` is how many Laravel .env files leave a key unset
        assertEquals("", read("DB_PORT= # default").get("DB_PORT"));
    }

    @Test
    void a_byte_order_mark_before_the_first_key_is_ignored() throws IOException {
        assertEquals(Map.of("APP_ENV", "local", "APP_DEBUG", "true"), read("\uFEFFAPP_ENV=local", "APP_DEBUG=true"));
    }

    @Test
    void a_value_may_contain_equals_signs() throws IOException {
        assertEquals("base64:abc==", read("APP_KEY=base64:abc==").get("APP_KEY"));
        assertEquals("a=b=c", read("V=\"a=b=c\"").get("V"));
    }

    @Test
    void a_missing_file_reads_as_empty() {
        assertEquals(Map.of(), DotenvFile.read(folder.resolve("absent.env")));
    }

    @Test
    void every_malformed_line_is_reported_at_once_by_number_without_its_value() throws IOException {
        PorticoException error = assertThrows(PorticoException.class, () -> read(
                "APP_ENV=local",
                "DB_PASSWORD='" + SECRET,
                "# fine",
                SECRET,
                "REDIS_PASSWORD=\"" + SECRET + "\" " + SECRET,
                "9BAD=" + SECRET));
        assertEquals(ErrorCode.CONFIGURATION, error.code());
        String message = error.getMessage();
        for (String line : List.of("line 2", "line 4", "line 5", "line 6")) {
            assertTrue(message.contains(line), line + " missing from: " + message);
        }
        assertFalse(message.contains("line 1 ") || message.contains("line 3"), message);
        assertTrue(message.contains(".env"), "the message names the file: " + message);
        assertFalse(message.contains(SECRET), "a malformed line's value must never be echoed: " + message);
        assertFalse(message.contains("s3cr3t"), message);
    }

    @Test
    void two_bad_lines_give_one_message_naming_both_line_numbers() throws IOException {
        PorticoException error = assertThrows(PorticoException.class,
                () -> read("OK=1", "no equals here", "OK2=2", "V=\"never closed"));
        assertTrue(error.getMessage().contains("line 2"), error.getMessage());
        assertTrue(error.getMessage().contains("line 4"), error.getMessage());
    }

    @Test
    void quote_round_trips_tricky_values_through_a_written_file() {
        Map<String, String> tricky = new LinkedHashMap<>();
        tricky.put("PLAIN", "simple_value-1.2");
        tricky.put("EMPTY", "");
        tricky.put("SPACES", "  padded value  ");
        tricky.put("HASH", "pa ss #word");
        tricky.put("QUOTES", "it's \"quoted\"");
        tricky.put("BACKSLASH", "C:\\path\\n\\");
        tricky.put("NEWLINE", "first\nsecond");
        tricky.put("TAB", "a\tb");
        tricky.put("DOLLAR", "$HOME ${X}");
        tricky.put("EQUALS", "k=v==");
        tricky.put("UNICODE", "päss wörd ✓");
        tricky.put("LEADING_QUOTE", "'single");
        Path file = folder.resolve("round.env");
        EnvFileWriter.writeAll(file, "round trip", tricky);
        assertEquals(tricky, DotenvFile.read(file));
    }

    @Test
    void quote_round_trips_a_carriage_return_through_a_written_file() {
        Path file = folder.resolve("cr.env");
        EnvFileWriter.writeAll(file, "round trip", Map.of("CR", "before\rafter"));
        assertEquals(Map.of("CR", "before\rafter"), DotenvFile.read(file));
    }

    @Test
    void quote_output_parses_back_to_the_same_value() {
        for (String value : List.of("a b", "x\"y", "\\", "#", " # ", "new\nline", "=", "'")) {
            String line = "K=" + DotenvFile.quote(value);
            assertEquals(value, DotenvFile.parse(List.of(line), "test").get("K"), line);
        }
    }
}
