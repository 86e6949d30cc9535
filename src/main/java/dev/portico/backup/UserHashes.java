package dev.portico.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether every user can still log in: each stored password is a well-formed bcrypt hash (the
 * {@code $2a$}, {@code $2b$} and {@code $2y$} forms), so a restored user's password verifies as before.
 * Streams {@code user_account}; names users by id and e-mail, never a hash. Not thread-safe.
 */
final class UserHashes {
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    /** How many users, how many have a password, and the users whose hash is malformed. */
    record Result(long users, long withPassword, List<String> problems) {
    }

    private UserHashes() {
    }

    static Result read(Connection connection) throws SQLException {
        long users = 0;
        long withPassword = 0;
        List<String> problems = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, email, password FROM user_account ORDER BY id")) {
            statement.setFetchSize(500);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    users++;
                    String hash = rows.getString(3);
                    if (hash == null) {
                        continue;
                    }
                    withPassword++;
                    if (!BCRYPT.matcher(hash).matches() && problems.size() < RowMerge.SHOWN) {
                        problems.add("user_account id " + rows.getLong(1) + " <" + rows.getString(2)
                                + ">: the password is not a well-formed bcrypt hash, so the user cannot log in");
                    }
                }
            }
        }
        return new Result(users, withPassword, problems);
    }
}
