package dev.portico.system;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.util.List;
import java.util.Map;

/**
 * A batch in which some records failed, in DreamFactory's shape: HTTP 400, {@code error.code}
 * 1000, and a context listing the failed indexes and each record's result or error.
 */
final class BatchFailure extends PorticoException {
    private final Map<String, Object> context;

    BatchFailure(String verb, boolean rolledBack, List<Integer> failed, List<Object> results) {
        super(ErrorCode.BAD_REQUEST, "Batch Error: Not all requested records could be " + verb + "."
                + (rolledBack ? " All changes rolled back." : ""));
        this.context = Map.of("error", List.copyOf(failed), "resource", List.copyOf(results));
    }

    @Override
    public int apiCode() {
        return 1000;
    }

    @Override
    public Object context() {
        return context;
    }
}
