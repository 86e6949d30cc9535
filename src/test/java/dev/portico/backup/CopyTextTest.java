package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The bytes {@link CopyText} writes: COPY's and LOAD DATA's tab-separated text, UTF-8, with exactly the
 * escapes both formats need (the restores that read them back are in {@link RestoreEscapingTest}).
 */
class CopyTextTest {

    private static String written(boolean mysql, Object... values) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyText text = new CopyText(out, mysql);
        text.row(values);
        text.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void values_are_tab_separated_with_null_as_backslash_n_and_a_newline_after_the_row() throws Exception {
        assertEquals("42\t\\N\tt\tf\t\t-9223372036854775808\n",
                written(false, 42L, null, true, false, "", Long.MIN_VALUE));
        assertEquals("42\t\\N\t1\t0\t\n", written(true, 42L, null, true, false, ""));
    }

    @Test
    void backslash_tab_newline_and_carriage_return_are_escaped_and_other_control_characters_are_not()
            throws Exception {
        assertEquals("a\\\\b\\tc\\nd\\re\u0001\u001b\u007f\\\\N\n", written(false, "a\\b\tc\nd\re\u0001\u001b\u007f\\N"));
    }

    @Test
    void nul_is_escaped_for_mysql_and_left_for_postgresql_to_refuse() throws Exception {
        assertEquals("a\\0b\n", written(true, "a\u0000b"));
        assertEquals("a\u0000b\n", written(false, "a\u0000b"));
    }

    @Test
    void text_is_utf8_and_an_unpaired_surrogate_becomes_a_question_mark() throws Exception {
        String text = "Zoë 漢字 🚀\t\ud800x";
        assertEquals("Zoë 漢字 🚀\\t?x\n", written(false, text));
    }

    @Test
    void rows_longer_than_the_buffer_come_out_whole() throws Exception {
        String longText = "é\\".repeat(100_000);
        String expected = "é\\\\".repeat(100_000);
        assertEquals(expected + "\t" + expected + "\n", written(false, longText, longText));
    }
}
