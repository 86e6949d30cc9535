package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The bytes {@link CopyText} writes: LOAD DATA's tab-separated text, UTF-8, with exactly the escapes the
 * format needs (the restores that read them back are in {@link RestoreEscapingTest}).
 */
class CopyTextTest {

    private static String written(Object... values) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyText text = new CopyText(out);
        text.row(values);
        text.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void values_are_tab_separated_with_null_as_backslash_n_and_a_newline_after_the_row() throws Exception {
        assertEquals("42\t\\N\t1\t0\t\t-9223372036854775808\n", written(42L, null, true, false, "", Long.MIN_VALUE));
    }

    @Test
    void backslash_tab_newline_carriage_return_and_nul_are_escaped_and_other_control_characters_are_not()
            throws Exception {
        assertEquals("a\\\\b\\tc\\nd\\re\\0f\u0001\u001b\u007f\\\\N\n", written("a\\b\tc\nd\re\u0000f\u0001\u001b\u007f\\N"));
    }

    @Test
    void text_is_utf8_and_an_unpaired_surrogate_becomes_a_question_mark() throws Exception {
        assertEquals("Zoë 漢字 🚀\\t?x\n", written("Zoë 漢字 🚀\t\ud800x"));
    }

    @Test
    void rows_longer_than_the_buffer_come_out_whole() throws Exception {
        String longText = "é\\".repeat(100_000);
        String expected = "é\\\\".repeat(100_000);
        assertEquals(expected + "\t" + expected + "\n", written(longText, longText));
    }
}
