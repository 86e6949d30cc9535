package dev.portico.auth.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final String ADA = "ada@example.com";
    private static final String HOME = "203.0.113.7";
    private final TestClock clock = new TestClock(Instant.parse("2025-03-01T12:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void attempts_are_delayed_one_two_four_seconds_after_five_failures() {
        List<Duration> delays = new ArrayList<>();
        for (int failure = 1; failure <= 8; failure++) {
            throttle.check(ADA, HOME);
            throttle.recordFailure(ADA, HOME);
            delays.add(throttle.delayFor(ADA, HOME));
        }
        assertEquals(List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)), delays);
        assertEquals(Duration.ofSeconds(8), throttle.delayFor(" Ada@Example.COM ", "198.51.100.1"),
                "the account is the lower-cased e-mail, whatever the address");
    }

    @Test
    void ten_failures_lock_the_account_for_fifteen_minutes() {
        fail(ADA, HOME, 10);
        assertEquals("Too many failed login attempts. Try again in 15 minute(s).", refusal(ADA, "198.51.100.1"));
        clock.advance(Duration.ofMinutes(14).plusSeconds(30));
        assertEquals("Too many failed login attempts. Try again in 1 minute(s).", refusal(ADA, "198.51.100.1"));
    }

    @Test
    void the_lock_ends_after_its_period_and_the_count_starts_again() {
        fail(ADA, HOME, 10);
        clock.advance(Duration.ofMinutes(15));
        throttle.check(ADA, HOME);
        assertEquals(Duration.ZERO, throttle.delayFor(ADA, HOME));
        fail(ADA, HOME, 1);
        throttle.check(ADA, HOME);
    }

    @Test
    void failures_older_than_the_window_do_not_count() {
        fail(ADA, HOME, 4);
        clock.advance(Duration.ofMinutes(15));
        fail(ADA, HOME, 4);
        assertEquals(Duration.ZERO, throttle.delayFor(ADA, HOME));
    }

    @Test
    void an_unknown_account_gets_the_same_answer_as_a_real_one() {
        fail(ADA, HOME, 10);
        fail("nobody@example.com", "198.51.100.1", 10);
        String real = refusal(ADA, "192.0.2.1");
        String unknown = refusal("nobody@example.com", "192.0.2.2");
        assertEquals(real, unknown);
        assertFalse(real.contains("ada") || real.contains("203.0.113.7"), real);
    }

    @Test
    void an_address_is_locked_by_failures_across_many_accounts() {
        for (int i = 0; i < 10; i++) {
            throttle.recordFailure("user" + i + "@example.com", HOME);
        }
        assertTrue(refusal("fresh@example.com", HOME).startsWith("Too many failed login attempts."));
        throttle.check("fresh@example.com", "198.51.100.1");
        throttle.check("user1@example.com", "198.51.100.1");
    }

    @Test
    void a_successful_login_clears_the_account_but_not_the_address() {
        fail(ADA, HOME, 9);
        throttle.recordSuccess(ADA);
        assertEquals(Duration.ZERO, throttle.delayFor(ADA, "198.51.100.1"));
        assertEquals(Duration.ofSeconds(16), throttle.delayFor("bob@example.com", HOME));
        throttle.recordFailure("bob@example.com", HOME);
        assertTrue(refusal("carol@example.com", HOME).startsWith("Too many failed login attempts."));
    }

    @Test
    void spraying_keys_keeps_memory_bounded_and_keeps_locks() {
        LoginThrottle small = new LoginThrottle(clock, new ThrottleLimits(5, 10, Duration.ofMinutes(15),
                Duration.ofMinutes(15), 1_000));
        for (int i = 0; i < 10; i++) {
            small.recordFailure(ADA, "198.51.100." + i);
        }
        for (int i = 0; i < 50_000; i++) {
            String address = "10." + (i >> 16) + "." + (i >> 8 & 255) + "." + (i & 255);
            small.recordFailure("spray" + i + "@example.com", address);
            assertTrue(small.trackedKeys() <= 1_000, "tracked " + small.trackedKeys());
        }
        assertThrows(PorticoException.class, () -> small.check(ADA, "192.0.2.1"), "the locked account stays locked");
        small.check("spray0@example.com", "192.0.2.1");
    }

    @Test
    void the_default_cap_holds_a_hundred_thousand_keys() {
        for (int i = 0; i < 300_000; i++) {
            throttle.recordFailure(ADA, "2001:db8::" + Integer.toHexString(i));
        }
        assertTrue(throttle.trackedKeys() <= 100_000, "tracked " + throttle.trackedKeys());
        assertEquals(ErrorCode.TOO_MANY_REQUESTS,
                assertThrows(PorticoException.class, () -> throttle.check(ADA, "192.0.2.1")).code());
    }

    private void fail(String account, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.check(account, address);
            throttle.recordFailure(account, address);
        }
    }

    private String refusal(String account, String address) {
        PorticoException refused = assertThrows(PorticoException.class, () -> throttle.check(account, address));
        assertEquals(ErrorCode.TOO_MANY_REQUESTS, refused.code());
        return refused.getMessage();
    }
}
