package dev.portico.auth;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.auth.session.LoginThrottle;
import dev.portico.auth.session.RevocationStore;
import dev.portico.auth.session.SessionPolicy;
import dev.portico.auth.session.SessionToken;
import dev.portico.auth.session.TokenClaims;
import dev.portico.crypto.PasswordHasher;
import dev.portico.systemdb.SqlHandle;
import dev.portico.systemdb.SystemDatabase;
import dev.portico.systemdb.WriteFence;
import dev.portico.systemdb.UtcTimestamps;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Log in, refresh, read and log out sessions as DreamFactory's {@code …/session} resources do.
 * Failed logins are throttled per account and per client address, and every failure says the
 * same thing whether or not the account exists. Thread-safe.
 */
public final class SessionService {
    private static final String INVALID = "Invalid credentials supplied.";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    /**
     * Verified when the account is unknown, so that a miss costs as long as a wrong password: a
     * cost-12 hash of a random string nobody kept (computing one at start would cost 0.4 s).
     */
    private static final String DECOY_HASH = "$2a$12$DujXhjKdldC9x.Pu5UtIvuZltTuzcayc7NtKFxz5Y1ciVYS9fq9mC";

    private final SystemDatabase database;
    private final PasswordHasher passwords;
    private final SessionToken tokens;
    private final RevocationStore revocations;
    private final LoginThrottle throttle;
    private final SessionPolicy policy;
    private final Clock clock;

    public SessionService(SystemDatabase database, PasswordHasher passwords, SessionToken tokens,
                          RevocationStore revocations, LoginThrottle throttle, SessionPolicy policy, Clock clock) {
        this.database = database;
        this.passwords = passwords;
        this.tokens = tokens;
        this.revocations = revocations;
        this.throttle = throttle;
        this.policy = policy;
        this.clock = clock;
    }

    /** Logs in; {@code adminOnly} for {@code /system/admin/session}. Returns DreamFactory's session object. */
    public Map<String, Object> login(String email, String password, boolean adminOnly, String address) {
        if (email == null || email.isBlank() || password == null || password.isEmpty()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "Login request is missing required fields: email and password.");
        }
        String account = email.strip().toLowerCase(Locale.ROOT);
        throttle.check(account, address);
        slowDown(throttle.delayFor(account, address));
        Optional<Map<String, Object>> row = database.transaction(handle -> handle.row(
                "SELECT id, email, name, first_name, last_name, password, is_sys_admin, is_active FROM user_account "
                        + "WHERE LOWER(email) = ?", account));
        String hash = row.map(r -> (String) r.get("password")).orElse(DECOY_HASH);
        boolean valid = passwords.verify(password, hash) && row.isPresent()
                && SqlHandle.truthy(row.get().get("is_active"))
                && (!adminOnly || SqlHandle.truthy(row.get().get("is_sys_admin")));
        if (!valid) {
            throttle.recordFailure(account, address);
            throw new PorticoException(ErrorCode.UNAUTHORIZED, INVALID);
        }
        throttle.recordSuccess(account);
        Map<String, Object> user = row.get();
        Instant now = clock.instant();
        long id = Authenticator.number(user.get("id"));
        // not recorded while writes are fenced (an admin logging in during an upgrade): the upgrade
        // compares the database with its backup, and a login is no reason to roll it back
        database.transaction(handle -> WriteFence.fenced(handle, database.engine()) ? 0
                : handle.update("UPDATE user_account SET last_login_at = ? WHERE id = ?", UtcTimestamps.now(), id));
        TokenClaims claims = TokenClaims.forLogin(id, (String) user.get("email"),
                SqlHandle.truthy(user.get("is_sys_admin")), now, policy);
        return payload(tokens.issue(claims), claims, user, TIME.format(now));
    }

    /** Holds a suspicious login back before answering; capped so that a request thread is never parked long. */
    private static void slowDown(java.time.Duration delay) {
        long millis = Math.min(delay.toMillis(), 2_000);
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** PUT …/session: a fresh token for one still inside its refresh window; the old one is revoked. */
    public Map<String, Object> refresh(String token) {
        TokenClaims old = tokens.refreshable(token, clock.instant());
        if (revocations.isRevoked(old)) {
            throw new PorticoException(ErrorCode.UNAUTHORIZED, "Token has been revoked. Log in again.");
        }
        Map<String, Object> user = database.transaction(handle -> handle.row(
                "SELECT id, email, name, first_name, last_name, is_sys_admin, is_active, last_login_at FROM user_account "
                        + "WHERE id = ?", old.userId())).filter(row -> SqlHandle.truthy(row.get("is_active")))
                .orElseThrow(() -> new PorticoException(ErrorCode.UNAUTHORIZED, "The session's user is no longer active."));
        revocations.revoke(old);
        TokenClaims fresh = old.refreshed(clock.instant(), policy);
        return payload(tokens.issue(fresh), fresh, user,
                user.get("last_login_at") == null ? null : user.get("last_login_at").toString());
    }

    /** GET …/session: the current session, without a new token. */
    public Map<String, Object> describe(Caller caller, String token) {
        Caller.Account user = caller.user().orElseThrow(() -> new PorticoException(ErrorCode.UNAUTHORIZED,
                "There is no valid session for the current request."));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", user.name());
        row.put("first_name", user.firstName());
        row.put("last_name", user.lastName());
        // the caller's own token, not a new one: reading a session must not mint tokens
        Map<String, Object> body = payload(token, caller.session().orElseThrow(), row, user.lastLoginDate());
        caller.role().ifPresent(role -> {
            body.put("role", role.name());
            body.put("role_id", role.id());
        });
        return body;
    }

    /** DELETE …/session: revokes the token on every node that shares the system database. */
    public void logout(Caller caller) {
        revocations.revoke(caller.session().orElseThrow(() -> new PorticoException(ErrorCode.UNAUTHORIZED,
                "There is no valid session for the current request.")));
    }

    private static Map<String, Object> payload(String token, TokenClaims claims, Map<String, Object> user,
                                               String lastLogin) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("session_token", token);
        body.put("session_id", token);
        body.put("id", claims.userId());
        body.put("name", user.get("name"));
        body.put("first_name", user.get("first_name"));
        body.put("last_name", user.get("last_name"));
        body.put("email", claims.email());
        body.put("is_sys_admin", claims.sysAdmin());
        body.put("last_login_date", lastLogin);
        body.put("token_expiry_date", TIME.format(claims.expiresAt()));
        return body;
    }
}
