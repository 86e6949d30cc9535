package dev.portico.auth.session;

import dev.portico.systemdb.SqlHandle;
import dev.portico.systemdb.SystemDatabase;
import dev.portico.systemdb.WriteFence;
import dev.portico.systemdb.UtcTimestamps;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;

/**
 * Revoked session tokens, in the {@code token_revocation} table of the system database. Every
 * node sharing that database sees a revocation as soon as it is committed: nothing is cached, and
 * each {@link #isRevoked} is one query on the indexed {@code token_id} and {@code user_id}
 * columns. Thread-safe.
 */
public final class RevocationStore {
    private final SystemDatabase database;
    private final SessionPolicy policy;

    public RevocationStore(SystemDatabase database, SessionPolicy policy) {
        this.database = Objects.requireNonNull(database, "database");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Revokes one token (logout). The row is kept until the token could no longer be used even
     * for a refresh, so a logged-out token cannot be refreshed back to life.
     */
    public void revoke(TokenClaims claims) {
        Instant now = UtcTimestamps.now();
        // No user_id on purpose: its foreign key would make a logout fail for a user deleted meanwhile.
        database.transaction(handle -> {
            WriteFence.requireWritable(handle, database.engine());
            return handle.update("INSERT INTO token_revocation (token_id, expires_at, created_at) VALUES (?, ?, ?)",
                    claims.tokenId(), claims.unusableAfter(), now);
        });
    }

    /**
     * Revokes every token of {@code userId} issued before {@code before} (password change, deactivation), inside
     * the caller's transaction, so it commits with the change. Tokens issued later, such as the one a password
     * change hands back, stay valid. A user who no longer exists needs no row (and the foreign key would refuse one).
     */
    public void revokeAllFor(SqlHandle handle, long userId, Instant before) throws SQLException {
        Objects.requireNonNull(before, "before");
        Instant now = UtcTimestamps.now();
        // A token issued before `before` can be refreshed until at most `before` plus the refresh TTL.
        Instant keepUntil = before.plus(policy.refreshTtl());
        handle.update("INSERT INTO token_revocation (user_id, revoked_before, expires_at, created_at) "
                + "SELECT id, ?, ?, ? FROM user_account WHERE id = ?", before, keepUntil, now, userId);
    }

    /** Whether {@code claims} has been revoked, by its token id or by a revocation of all its user's tokens. */
    public boolean isRevoked(TokenClaims claims) {
        long matches = database.read(handle -> handle.number(
                "SELECT COUNT(*) FROM token_revocation WHERE token_id = ? OR (user_id = ? AND revoked_before > ?)",
                claims.tokenId(), claims.userId(), claims.issuedAt()));
        return matches > 0;
    }

    /** Deletes the rows no token can need any more at {@code now}; returns how many. */
    public int purgeExpired(Instant now) {
        return database.transaction(handle -> handle.update(
                "DELETE FROM token_revocation WHERE expires_at < ?", now));
    }
}
