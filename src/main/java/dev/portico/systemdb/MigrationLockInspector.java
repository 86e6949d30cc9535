package dev.portico.systemdb;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks at the {@link MigrationLock} without waiting for it, for {@code doctor}. Only the SQLite lock
 * file can be stale (a holder record left by a process that died holding it); PostgreSQL and MySQL
 * drop a lock with the session that held it, so there the most it finds is a holder that has been
 * idle for long. Never takes a server lock; takes the file lock only for an instant. Stateless.
 */
public final class MigrationLockInspector {
    /** What holds the lock: nobody, a live holder, or (SQLite only) the record of a dead one. */
    public enum State { FREE, HELD, STALE }

    /**
     * The lock's state; {@code holder} describes who (pid, application, client), {@code idleSeconds}
     * how long a server session has done nothing (-1 when unknown).
     */
    public record Finding(State state, String holder, long idleSeconds) {
    }

    private static final Pattern RECORD = Pattern.compile("pid (\\d+) started (\\S+)");

    private MigrationLockInspector() {
    }

    public static Finding inspect(SystemDatabase database) {
        return switch (database.engine()) {
            case SQLITE -> inspectFile(MigrationLock.lockFile(database.settings()));
            case POSTGRESQL -> inspectPostgres(database);
            case MYSQL -> inspectMysql(database);
        };
    }

    /**
     * Empties the SQLite lock file's holder record when it is still stale, holding the lock meanwhile.
     * The file itself stays: a process that opened it and waits for the lock must keep seeing the same
     * file. Returns the record cleared, or empty when there was nothing stale.
     */
    public static Optional<String> clearStale(SystemDatabase database) {
        Path file = MigrationLock.lockFile(database.settings());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = tryLock(channel)) {
            if (lock == null) {
                return Optional.empty();
            }
            String record = read(channel);
            if (record.isBlank() || holderAlive(record)) {
                return Optional.empty();
            }
            channel.truncate(0);
            channel.force(true);
            return Optional.of(record.strip());
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot clear the lock file " + file + " ("
                    + e.getClass().getSimpleName() + "). Check that it is writable by this user.", e);
        }
    }

    private static Finding inspectFile(Path file) {
        if (!Files.exists(file)) {
            return new Finding(State.FREE, "free: no lock file yet", -1);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            String record = read(channel);
            try (FileLock lock = tryLock(channel)) {
                if (lock == null) {
                    return new Finding(State.HELD, record.isBlank() ? "another process" : record.strip(), -1);
                }
            }
            if (record.isBlank()) {
                return new Finding(State.FREE, "free: the lock file " + file + " has no holder", -1);
            }
            return new Finding(holderAlive(record) ? State.HELD : State.STALE, record.strip(), -1);
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Cannot open the lock file " + file + " ("
                    + e.getClass().getSimpleName() + "). Check that it and its folder are readable and writable "
                    + "by this user.", e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
    }

    /** Whether the recorded process still runs: the same pid and the same start time (not a reused pid). */
    private static boolean holderAlive(String record) {
        Matcher match = RECORD.matcher(record);
        if (!match.find()) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(match.group(1)));
        return process.isPresent() && process.get().isAlive()
                && MigrationLock.holderRecord(process.get()).strip().equals(match.group().strip());
    }

    private static Finding inspectPostgres(SystemDatabase database) {
        String sql = "SELECT a.pid, a.application_name, a.client_addr, a.state, "
                + "CAST(EXTRACT(EPOCH FROM (now() - a.state_change)) AS bigint) "
                + "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                + "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                + "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                + "AND CAST(l.classid AS bigint) = ? AND CAST(l.objid AS bigint) = ?";
        return query(database, sql, statement -> {
            statement.setLong(1, MigrationLock.POSTGRES_KEY >>> 32);
            statement.setLong(2, MigrationLock.POSTGRES_KEY & 0xffffffffL);
        }, rows -> new Finding(State.HELD, "session pid " + rows.getLong(1) + " (application '" + rows.getString(2)
                + "', client " + (rows.getString(3) == null ? "local socket" : rows.getString(3)) + ", "
                + rows.getString(4) + ")", rows.getLong(5)));
    }

    private static Finding inspectMysql(SystemDatabase database) {
        String sql = "SELECT p.ID, p.USER, p.HOST, p.COMMAND, p.TIME FROM information_schema.PROCESSLIST p "
                + "WHERE p.ID = IS_USED_LOCK(?)";
        return query(database, sql, statement -> statement.setString(1, MigrationLock.mysqlName(database.settings())),
                rows -> new Finding(State.HELD, "connection id " + rows.getLong(1) + " (user '" + rows.getString(2)
                        + "', client " + rows.getString(3) + ", " + rows.getString(4) + ")",
                        "Sleep".equals(rows.getString(4)) ? rows.getLong(5) : 0));
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface RowMapper {
        Finding map(ResultSet rows) throws SQLException;
    }

    private static Finding query(SystemDatabase database, String sql, Binder binder, RowMapper mapper) {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? mapper.map(rows) : new Finding(State.FREE, "free: no session holds it", -1);
            }
        } catch (SQLException e) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Cannot read the migration lock on the "
                    + database.describe() + ": " + ConnectionFailure.scrub(database.settings(), e.getMessage()), e);
        }
    }
}
