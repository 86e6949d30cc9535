package dev.portico.auth.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionPolicyTest {

    @Test
    void missing_values_give_an_hour_and_fourteen_days() {
        assertEquals(SessionPolicy.defaults(), SessionPolicy.fromMinutes(null, " "));
        assertEquals(Duration.ofMinutes(60), SessionPolicy.defaults().ttl());
        assertEquals(Duration.ofDays(14), SessionPolicy.defaults().refreshTtl());
    }

    @Test
    void values_are_read_as_minutes() {
        SessionPolicy policy = SessionPolicy.fromMinutes("1440", "20160");
        assertEquals(Duration.ofDays(1), policy.ttl());
        assertEquals(Duration.ofDays(14), policy.refreshTtl());
    }

    @Test
    void every_problem_is_reported_at_once_with_its_key() {
        PorticoException invalid = assertThrows(PorticoException.class,
                () -> SessionPolicy.fromMinutes("an hour", "-5"));
        assertEquals(ErrorCode.CONFIGURATION, invalid.code());
        assertTrue(invalid.getMessage().contains("2 problem(s)"), invalid.getMessage());
        assertTrue(invalid.getMessage().contains("DF_JWT_TTL: 'an hour' is not a whole number"), invalid.getMessage());
        assertTrue(invalid.getMessage().contains("DF_JWT_REFRESH_TTL: -5 is out of range"), invalid.getMessage());
    }

    @Test
    void a_refresh_ttl_shorter_than_the_ttl_is_refused() {
        PorticoException invalid = assertThrows(PorticoException.class, () -> SessionPolicy.fromMinutes("120", "60"));
        assertTrue(invalid.getMessage().contains("DF_JWT_REFRESH_TTL (60 minutes) must not be shorter than DF_JWT_TTL"),
                invalid.getMessage());
        assertThrows(PorticoException.class, () -> new SessionPolicy(Duration.ofSeconds(30), Duration.ofDays(1)));
        assertThrows(PorticoException.class, () -> SessionPolicy.fromMinutes("60", "600000"));
    }
}
