package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The fast path that turns a server's timestamp text into the archive's form, and what it leaves to the slow path. */
class TimestampTextTest {
    @Test
    void pads_the_fraction_to_six_digits() {
        assertEquals("2024-02-29 23:59:59.999999", TableRows.canonical("2024-02-29 23:59:59.999999"));
        assertEquals("2024-02-29 12:34:56.100000", TableRows.canonical("2024-02-29 12:34:56.1"));
        assertEquals("1970-01-01 00:00:00.000000", TableRows.canonical("1970-01-01 00:00:00"));
    }

    @Test
    void leaves_every_other_shape_to_the_general_path() {
        for (String odd : new String[] {"2024-02-29 12:34:56.", "2024-02-29T12:34:56", "12024-02-29 12:34:56",
            "2024-02-29 12:34:56.1234567", "2024-02-29 12:34:56+02", "infinity", "0099-01-01 00:00:00 BC", ""}) {
            assertNull(TableRows.canonical(odd), odd);
        }
    }
}
