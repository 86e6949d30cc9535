package dev.portico.systemdb;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The lock that keeps two processes from changing the schema at once: a PostgreSQL advisory lock,
 * a MySQL named lock, or a file lock beside the SQLite file. The database (or the operating system,
 * for the file lock) releases it when the holder dies, so the lock itself never goes stale. The lock
 * file also records its holder ("pid N started T") while held and is emptied on release: a record
 * left behind names a process that died holding the lock, which {@code doctor} reports. Not
 * thread-safe; close it to release.
 */
public final class MigrationLock implements AutoCloseable {
    static final long POSTGRES_KEY = 0x706f727469636fL; // "portico"
    private static final long POLL_MILLIS = 200;

    private final Connection connection;
    private final FileChannel channel;
    private final FileLock fileLock;
    private final String mysqlName;

    private MigrationLock(Connection connection, FileChannel channel, FileLock fileLock, String mysqlName) {
        this.connection = connection;
        this.channel = channel;
        this.fileLock = fileLock;
        this.mysqlName = mysqlName;
    }

    /** Waits up to {@code timeout} for the lock, then fails with {@link ErrorCode#BUSY}. */
    public static MigrationLock acquire(SystemDatabase database, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            return switch (database.engine()) {
                case SQLITE -> fileLock(database, deadline, timeout);
                case POSTGRESQL -> advisoryLock(database, deadline, timeout);
                case MYSQL -> namedLock(database, timeout);
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(database, timeout);
        }
    }

    private static MigrationLock fileLock(SystemDatabase database, long deadline, Duration timeout)
            throws InterruptedException {
        Path file = lockFile(database.settings());
        try (Connection probe = database.connect()) {
            probe.isValid(1); // opening it creates the folder, with a clear error when it cannot
        } catch (SQLException e) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Cannot open the " + database.describe() + ": "
                    + e.getMessage(), e);
        }
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            while (true) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException heldInThisProcess) {
                    lock = null;
                }
                if (lock != null) {
                    recordHolder(channel);
                    return new MigrationLock(null, channel, lock, null);
                }
                if (System.nanoTime() > deadline) {
                    channel.close();
                    throw busy(database, timeout);
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Cannot open the lock file " + file + " ("
                    + e.getMessage() + "). Check that the folder is writable by this user.", e);
        }
    }

    private static MigrationLock advisoryLock(SystemDatabase database, long deadline, Duration timeout)
            throws InterruptedException {
        Connection connection = database.connect();
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, POSTGRES_KEY);
            while (true) {
                try (ResultSet result = statement.executeQuery()) {
                    if (result.next() && result.getBoolean(1)) {
                        return new MigrationLock(connection, null, null, null);
                    }
                }
                if (System.nanoTime() > deadline) {
                    closeQuietly(connection);
                    throw busy(database, timeout);
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Cannot take the migration lock on the "
                    + database.describe() + ": " + e.getMessage(), e);
        }
    }

    private static MigrationLock namedLock(SystemDatabase database, Duration timeout) {
        Connection connection = database.connect();
        String name = mysqlName(database.settings());
        try (PreparedStatement statement = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            statement.setString(1, name);
            statement.setLong(2, Math.max(0, timeout.toSeconds()));
            try (ResultSet result = statement.executeQuery()) {
                if (result.next() && result.getInt(1) == 1) {
                    return new MigrationLock(connection, null, null, name);
                }
            }
            closeQuietly(connection);
            throw busy(database, timeout);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Cannot take the migration lock on the "
                    + database.describe() + ": " + e.getMessage(), e);
        }
    }

    /** The lock file of a SQLite system database: beside it, named after it. */
    static Path lockFile(DatabaseSettings settings) {
        return Path.of(settings.sqliteFile() + ".lock");
    }

    /** The MySQL lock name of a database: one per database on a shared server, at most 64 characters. */
    static String mysqlName(DatabaseSettings settings) {
        String name = "portico_migrate_" + settings.database();
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    /** The holder record of this process, written into the lock file it now holds. */
    static String holderRecord(ProcessHandle process) {
        return "pid " + process.pid() + " started " + process.info().startInstant().map(Object::toString).orElse("?")
                + "\n";
    }

    private static void recordHolder(FileChannel channel) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(holderRecord(ProcessHandle.current()).getBytes(StandardCharsets.US_ASCII)), 0);
    }

    private static PorticoException busy(SystemDatabase database, Duration timeout) {
        return new PorticoException(ErrorCode.BUSY, "Another Portico process holds the migration lock on the "
                + database.describe() + " (waited " + timeout.toSeconds() + " s). Let it finish and try again, "
                + "or raise PORTICO_LOCK_TIMEOUT.");
    }

    @Override
    public void close() {
        try {
            if (fileLock != null) {
                // emptied, never deleted: a process waiting on this file would otherwise lock a file no one else sees
                channel.truncate(0);
                fileLock.release();
                channel.close();
            }
        } catch (IOException ignored) {
            // the operating system drops the lock with the channel anyway
        }
        if (connection != null) {
            // closing the session releases advisory and named locks
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to release: the server frees the session's locks
        }
    }
}
