package dev.portico.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.PorticoException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DreamFactory's batch semantics for a write of several records, over any database: by default each
 * record in its own transaction and the first failure stops the batch (earlier records stay);
 * {@code rollback} puts the whole batch in one transaction; {@code continue} tries every record.
 * Failures answer the batch error ({@link BatchFailure}); a single bare record's failure is its own
 * error. Stateless and thread-safe.
 *
 * @param <H> the handle a transaction gives its work (a system database handle, a JDBC connection)
 */
public final class BatchRun<H> {
    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    @FunctionalInterface
    public interface Transactions<H> {
        Object inTransaction(Work<H> work);
    }

    /** Work on one handle inside a transaction. */
    @FunctionalInterface
    public interface Work<H> {
        Object run(H handle) throws SQLException;
    }

    /** Writes one record and returns what the response shows for it. */
    @FunctionalInterface
    public interface RecordWrite<H> {
        Object apply(H handle, JsonNode record) throws SQLException;
    }

    private final Transactions<H> transactions;

    public BatchRun(Transactions<H> transactions) {
        this.transactions = transactions;
    }

    /** The result for each record, in order; {@code verb} names the write in a batch error ("created"…). */
    public List<Object> run(RecordBatch batch, boolean rollback, boolean keepGoing, String verb, RecordWrite<H> write) {
        List<Object> results = new ArrayList<>();
        List<Integer> failed = new ArrayList<>();
        if (rollback) {
            try {
                transactions.inTransaction(handle -> {
                    for (JsonNode record : batch.records()) {
                        results.add(write.apply(handle, record));
                    }
                    return null;
                });
            } catch (PorticoException e) {
                if (batch.single()) {
                    throw e;
                }
                failed.add(results.size());
                results.add(errorOf(e));
                throw new BatchFailure(verb, true, failed, results);
            }
            return results;
        }
        for (JsonNode record : batch.records()) {
            try {
                results.add(transactions.inTransaction(handle -> write.apply(handle, record)));
            } catch (PorticoException e) {
                if (batch.single()) {
                    throw e;
                }
                failed.add(results.size());
                results.add(errorOf(e));
                if (!keepGoing) {
                    throw new BatchFailure(verb, false, failed, results);
                }
            }
        }
        if (!failed.isEmpty()) {
            throw new BatchFailure(verb, false, failed, results);
        }
        return results;
    }

    private static Map<String, Object> errorOf(PorticoException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.apiCode());
        error.put("message", e.getMessage());
        return Map.of("error", error);
    }
}
