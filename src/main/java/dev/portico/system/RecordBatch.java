package dev.portico.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of a write request: {@code {"resource":[…]}}, a bare array, or one object. Whether
 * the request was a single bare object decides the response shape. Immutable.
 */
public record RecordBatch(List<JsonNode> records, boolean single) {
    public static final int MAX_RECORDS = 1000;

    public RecordBatch {
        records = List.copyOf(records);
    }

    public static RecordBatch of(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "The request has no body. Send one record as a JSON "
                    + "object, or several as {\"resource\":[…]}.");
        }
        JsonNode list = body.isObject() && body.has("resource") ? body.get("resource") : body;
        if (list.isObject()) {
            return new RecordBatch(List.of(list), !body.has("resource"));
        }
        if (!list.isArray()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "'resource' must be an array of records.");
        }
        if (list.size() > MAX_RECORDS) {
            throw new PorticoException(ErrorCode.PAYLOAD_TOO_LARGE, "A batch holds at most " + MAX_RECORDS
                    + " records; this one has " + list.size() + ". Split it.");
        }
        List<JsonNode> records = new ArrayList<>();
        list.forEach(records::add);
        return new RecordBatch(records, false);
    }
}
