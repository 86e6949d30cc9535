package dev.portico.systemdb;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Hands Flyway the caller's connection, enlisted in the caller's open transaction: Flyway's commits,
 * auto-commit changes and closes do nothing, so its migrations commit or roll back with the caller's
 * other work. Flyway's own rollback (after a failed migration) does roll the whole transaction back; it
 * is remembered, and the caller fails its work. Only for engines whose DDL is transactional (PostgreSQL,
 * SQLite). Not thread-safe: one migration at a time.
 */
final class EnlistedDataSource implements DataSource {
    private final Connection connection;
    private boolean rolledBack;

    EnlistedDataSource(Connection connection) {
        this.connection = connection;
    }

    /** Whether Flyway rolled the transaction back: the caller's earlier work in it is gone too. */
    boolean rolledBack() {
        return rolledBack;
    }

    @Override
    public Connection getConnection() {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "commit", "close", "setAutoCommit" -> null;
                    case "getAutoCommit" -> false;
                    case "isClosed" -> false;
                    case "rollback" -> {
                        if (args == null) {
                            rolledBack = true;
                        }
                        yield invoke(method, args);
                    }
                    default -> invoke(method, args);
                });
    }

    private Object invoke(java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public Connection getConnection(String username, String password) {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
