package dev.portico.auth;

import dev.portico.auth.rbac.LookupSet;
import dev.portico.auth.rbac.Role;
import dev.portico.auth.session.TokenClaims;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who is calling: the signed-in user (from a session token), the app (from its API key), the role
 * that applies, and the lookups merged for them. Immutable.
 */
public record Caller(Optional<Account> user, Optional<AppIdentity> app, Optional<Role> role,
                     Optional<TokenClaims> session, Supplier<LookupSet> lookupSource) {
    /** A user account as authentication sees it. */
    public record Account(long id, String email, String name, String firstName, String lastName, boolean sysAdmin,
                          String lastLoginDate) {
    }

    /** An app as its API key identifies it. */
    public record AppIdentity(long id, String name, Long roleId) {
    }

    public static Caller anonymous() {
        return new Caller(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), LookupSet::empty);
    }

    /** The caller's merged lookups, read from the database the first time a request needs them. */
    public LookupSet lookups() {
        return lookupSource.get();
    }

    public boolean sysAdmin() {
        return user.map(Account::sysAdmin).orElse(false);
    }

    public Long userId() {
        return user.map(Account::id).orElse(null);
    }
}
