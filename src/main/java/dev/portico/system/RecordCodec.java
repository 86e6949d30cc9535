package dev.portico.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.auth.AdminAccounts;
import dev.portico.crypto.PasswordHasher;
import dev.portico.crypto.SecretBox;
import dev.portico.systemdb.SqlHandle;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Converts between JSON values and column values for one field: types checked, passwords hashed,
 * secrets sealed on the way in and masked on the way out. Thread-safe.
 */
final class RecordCodec {
    static final String MASK = "**********";
    private static final Pattern SECRET_MEMBER = Pattern.compile(
            "(?i)(.*_)?(password|passwd|secret|token|key|passcode|passphrase|credentials?|certificate)(_.*)?");
    private static final DateTimeFormatter OUTPUT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ObjectMapper json;
    private final SecretBox secrets;
    private final PasswordHasher passwords;

    RecordCodec(ObjectMapper json, SecretBox secrets, PasswordHasher passwords) {
        this.json = json;
        this.secrets = secrets;
        this.passwords = passwords;
    }

    /** The column value for a JSON value; {@code stored} is the current column value on updates (or null). */
    Object toColumn(ResourceSpec resource, FieldSpec field, JsonNode value, Object stored) {
        if (value == null || value.isNull()) {
            return null;
        }
        String where = "Field '" + field.name() + "' of " + resource.name();
        return switch (field.kind()) {
            case ID, INTEGER -> {
                if (value.canConvertToExactIntegral() || value.isTextual() && value.asText().matches("-?\\d{1,18}")) {
                    long number = value.asLong();
                    if (field.int32() && (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE)) {
                        throw bad(where + " must be between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE + ".");
                    }
                    yield number;
                }
                throw bad(where + " must be a whole number.");
            }
            case BOOLEAN -> {
                if (value.isBoolean()) {
                    yield value.asBoolean();
                }
                if (value.isIntegralNumber() && (value.asInt() == 0 || value.asInt() == 1)) {
                    yield value.asInt() == 1;
                }
                throw bad(where + " must be true or false.");
            }
            case TEXT -> {
                if (!value.isValueNode()) {
                    throw bad(where + " must be text, not " + value.getNodeType().name().toLowerCase() + ".");
                }
                String text = value.asText();
                if (field.name().equals("email") && !text.matches("[^@\\s]+@[^@\\s]+")) {
                    throw bad(where + " must be an e-mail address like name@example.com; '"
                            + (text.length() > 60 ? text.substring(0, 60) + "…" : text) + "' is not one.");
                }
                if (field.maxLength() > 0 && text.codePointCount(0, text.length()) > field.maxLength()) {
                    throw bad(where + " is at most " + field.maxLength() + " characters long; this one has "
                            + text.codePointCount(0, text.length()) + ".");
                }
                if (field.has(FieldSpec.Rule.PASSWORD)) {
                    if (text.length() < AdminAccounts.MIN_PASSWORD_LENGTH) {
                        throw bad("Passwords must be at least " + AdminAccounts.MIN_PASSWORD_LENGTH + " characters long.");
                    }
                    yield passwords.hash(text);
                }
                yield field.has(FieldSpec.Rule.SECRET) ? (MASK.equals(text) ? stored : secrets.seal(text)) : text;
            }
            case JSON -> field.has(FieldSpec.Rule.SECRET_MEMBERS) ? sealMembers(where, value, stored) : writeJson(value);
            case TIMESTAMP -> throw bad(where + " is set by Portico and cannot be written.");
        };
    }

    /** The JSON value for a column value, as a client may see it. */
    Object fromColumn(FieldSpec field, Object value, Map<String, Object> row) {
        if (value == null) {
            return null;
        }
        return switch (field.kind()) {
            case ID, INTEGER -> ((Number) value).longValue();
            case BOOLEAN -> SqlHandle.truthy(value);
            case TIMESTAMP -> time(value);
            case JSON -> field.has(FieldSpec.Rule.SECRET_MEMBERS) ? maskMembers(readJson(value.toString()))
                    : readJson(value.toString());
            case TEXT -> {
                if (field.has(FieldSpec.Rule.SECRET)) {
                    Object privateFlag = row.get("private");
                    boolean masked = privateFlag == null || SqlHandle.truthy(privateFlag);
                    yield masked ? MASK : secrets.open(value.toString());
                }
                yield value.toString();
            }
        };
    }

    private Object sealMembers(String where, JsonNode value, Object stored) {
        if (!value.isObject()) {
            throw bad(where + " must be a JSON object.");
        }
        ObjectNode sealed = value.deepCopy();
        JsonNode previous = stored == null ? null : readJsonNode(stored.toString());
        for (Iterator<Map.Entry<String, JsonNode>> members = sealed.fields(); members.hasNext(); ) {
            Map.Entry<String, JsonNode> member = members.next();
            if (SECRET_MEMBER.matcher(member.getKey()).matches() && member.getValue().isTextual()) {
                String text = member.getValue().asText();
                if (MASK.equals(text)) {
                    JsonNode kept = previous == null ? null : previous.get(member.getKey());
                    if (kept == null) {
                        throw bad(where + ": '" + member.getKey() + "' was sent as the mask, but nothing is stored to keep.");
                    }
                    member.setValue(kept);
                } else {
                    member.setValue(sealed.textNode(secrets.seal(text)));
                }
            }
        }
        return writeJson(sealed);
    }

    private JsonNode maskMembers(Object parsed) {
        if (!(parsed instanceof JsonNode node) || !node.isObject()) {
            return parsed instanceof JsonNode n ? n : null;
        }
        ObjectNode masked = node.deepCopy();
        masked.fieldNames().forEachRemaining(name -> {
            if (SECRET_MEMBER.matcher(name).matches() && masked.get(name).isTextual()) {
                masked.put(name, MASK);
            }
        });
        return masked;
    }

    /** The stored value with every sealed member opened, for Portico's own use (connecting to a service). */
    JsonNode openMembers(String stored) {
        JsonNode node = readJsonNode(stored);
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                String text = object.get(name).asText();
                if (object.get(name).isTextual() && SecretBox.isSealed(text)) {
                    object.put(name, secrets.open(text));
                }
            });
        }
        return node;
    }

    private String writeJson(JsonNode value) {
        try {
            return json.writeValueAsString(value.isTextual() ? json.readTree(value.asText()) : value);
        } catch (java.io.IOException e) {
            throw bad("A JSON field holds text that is not JSON.");
        }
    }

    private Object readJson(String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            return text;
        }
    }

    private JsonNode readJsonNode(String text) {
        Object parsed = readJson(text);
        return parsed instanceof JsonNode node ? node : null;
    }

    private static String time(Object value) {
        LocalDateTime time = value instanceof Timestamp t ? t.toLocalDateTime()
                : value instanceof LocalDateTime l ? l : LocalDateTime.parse(value.toString().replace(' ', 'T'));
        return OUTPUT_TIME.format(time);
    }

    private static PorticoException bad(String message) {
        return new PorticoException(ErrorCode.BAD_REQUEST, message);
    }
}
