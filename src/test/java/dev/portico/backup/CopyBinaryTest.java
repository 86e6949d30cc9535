package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bytes {@link CopyBinary} writes, in PostgreSQL's binary COPY format, and the values it refuses before
 * the server sees them. Loading them into a real server is the restores' part ({@link RestoreAcrossEnginesTest},
 * {@link RestoreEscapingTest}).
 */
class CopyBinaryTest {
    private static final List<String> COLUMNS = List.of("small", "id", "big", "flag", "name", "at");
    private static final List<CopyBinary.Kind> KINDS = List.of(CopyBinary.Kind.INT2, CopyBinary.Kind.INT4,
            CopyBinary.Kind.INT8, CopyBinary.Kind.BOOL, CopyBinary.Kind.TEXT, CopyBinary.Kind.TIMESTAMP);

    private static ByteBuffer written(Object... values) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyBinary copy = new CopyBinary(out, "sample", COLUMNS, KINDS);
        copy.row(values);
        copy.finish();
        return ByteBuffer.wrap(out.toByteArray());
    }

    private static byte[] bytes(ByteBuffer buffer, int length) {
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void a_row_is_the_signature_then_each_value_at_its_columns_width_then_the_trailer() throws Exception {
        ByteBuffer data = written(-2L, 2_147_483_647L, Long.MIN_VALUE, true, "Zoë", "2000-01-01 00:00:00.000001");
        assertArrayEquals(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0}, bytes(data, 11));
        assertEquals(0, data.getInt()); // flags
        assertEquals(0, data.getInt()); // header extension
        assertEquals(6, data.getShort());
        assertEquals(2, data.getInt());
        assertEquals(-2, data.getShort());
        assertEquals(4, data.getInt());
        assertEquals(2_147_483_647, data.getInt());
        assertEquals(8, data.getInt());
        assertEquals(Long.MIN_VALUE, data.getLong());
        assertEquals(1, data.getInt());
        assertEquals(1, data.get());
        assertEquals(4, data.getInt());
        assertArrayEquals("Zoë".getBytes(java.nio.charset.StandardCharsets.UTF_8), bytes(data, 4));
        assertEquals(8, data.getInt());
        assertEquals(1, data.getLong()); // microseconds since 2000-01-01 00:00:00
        assertEquals(-1, data.getShort());
        assertEquals(0, data.remaining());
    }

    @Test
    void null_is_a_length_of_minus_one_and_timestamps_count_microseconds_from_2000() throws Exception {
        ByteBuffer data = written(null, null, null, null, null, "1999-12-31 23:59:59.999999");
        data.position(19 + 2);
        for (int i = 0; i < 5; i++) {
            assertEquals(-1, data.getInt());
        }
        assertEquals(8, data.getInt());
        assertEquals(-1, data.getLong());
        ByteBuffer leap = written(null, null, null, null, null, "2024-02-29 12:34:56.500000");
        leap.position(leap.limit() - 10);
        long days = java.time.LocalDate.of(2024, 2, 29).toEpochDay() - java.time.LocalDate.of(2000, 1, 1).toEpochDay();
        assertEquals(((days * 24 + 12) * 60 + 34) * 60_000_000L + 56_500_000L, leap.getLong());
    }

    @Test
    void an_integer_too_wide_for_its_column_fails_naming_the_table_column_and_value() {
        SQLException refused = assertThrows(SQLException.class, () -> written(1L, 2_147_483_648L, 1L, true, "", null));
        assertTrue(refused.getMessage().contains("sample") && refused.getMessage().contains("id")
                && refused.getMessage().contains("2147483648"), refused.getMessage());
        assertThrows(SQLException.class, () -> written(32_768L, 1L, 1L, true, "", null));
    }

    @Test
    void a_timestamp_that_is_not_a_real_date_and_time_fails_naming_the_column() {
        for (String bad : List.of("2023-02-29 00:00:00.000000", "2023-01-01 24:00:00.000000", "0000-01-01 00:00:00.000000",
                "2023-01-01 00:60:00.000000", "2023-01-01T00:00:00.000000", "2023-01-01 00:00:00")) {
            SQLException refused = assertThrows(SQLException.class, () -> written(1L, 1L, 1L, true, "", bad), bad);
            assertTrue(refused.getMessage().contains("at") && refused.getMessage().contains(bad), refused.getMessage());
        }
    }
}
