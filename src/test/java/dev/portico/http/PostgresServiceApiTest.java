package dev.portico.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.config.DatabaseEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The database service API over a POSTGRESQL shop database. */
class PostgresServiceApiTest extends DatabaseServiceContract {
    @Override
    DatabaseEngine engine() {
        return DatabaseEngine.POSTGRESQL;
    }

    /** The driver moves to binary results once a connection has run a statement 5 times. */
    @Test
    void dates_and_times_read_the_same_however_often_a_connection_has_run_the_statement() {
        shop.execute(List.of("CREATE TABLE moments (id INTEGER PRIMARY KEY, at_zone TIMESTAMPTZ, clock_zone TIMETZ, "
                        + "day DATE, clock TIME, at TIMESTAMP)",
                "INSERT INTO moments VALUES (1, '2021-03-11 09:57:00.5+00', '09:57:01+02', '2021-03-11', '09:57:01', "
                        + "'2021-03-11 09:57:00.25')"));
        try {
            admin.get("/shop/_table", "refresh", "true").expect(200);
            JsonNode first = admin.get("/shop/_table/moments/1").expect(200);
            assertEquals("09:57:01+02", first.path("clock_zone").asText(), first.toString());
            assertEquals("2021-03-11 09:57:00.25", first.path("at").asText(), first.toString());
            for (int read = 0; read < 60; read++) {
                assertEquals(first, admin.get("/shop/_table/moments/1").expect(200), "read " + read);
                assertEquals(first, admin.get("/shop/_table/moments").expect(200)
                        .path("resource").path(0), "list read " + read);
            }
        } finally {
            shop.execute(List.of("DROP TABLE moments"));
            admin.get("/shop/_table", "refresh", "true").expect(200);
        }
    }
}
