package dev.portico.filter;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Generates hostile filters, parameters and lookups from a seeded {@link Random}, for the property test. */
final class HostileFilters {
    static final String SECRET = "TOPSECRET-lookup-value";
    private static final List<String> FIELDS = List.of("id", "name", "qty", "price", "active", "created_at", "note",
            "NAME", "Qty", "`note`", "\"id\"", "password", "canary", "sqlite_master", "name\"--", "`name`--", "1", "a b",
            "`na``me`", "\"na\"\"me\"", "", "NOT", "and", "id;", "name/**/");
    private static final List<String> OPERATORS = List.of("=", "!=", "<>", ">", ">=", "<", "<=", "EQ", "ne", "Gt", "GTE",
            "lt", "LTE", "IN", "NOT IN", "like", "NOT LIKE", "CONTAINS", "not contains", "STARTS WITH", "ENDS WITH",
            "NOT STARTS WITH", "IS NULL", "IS NOT NULL", "is not", "==", "!", "~", "RLIKE", "REGEXP", "ALL", "SOUNDS LIKE",
            "STARTS", "NOT", "IS", "", "||", "&&");
    private static final List<String> JUNK = List.of("'", "\"", "`", "--", "/*", "*/", ";", " UNION SELECT * FROM canary",
            "; DROP TABLE canary; --", "DROP TABLE canary", "\\", "\\'", "\u0000", "\u202E", "日本", "😀", "\uD800", "OR 1=1",
            "' OR '1'='1", "') OR ('1'='1", "%", "_", "!", "ESCAPE", "{", "}", ":", "(", ")", ",", "&&", "||", "=", "<>",
            "NOT", "IN", "XOR", "NOR", "sqlite_master", "pg_sleep(10)", "SLEEP(5)", "0x41", "CHAR(65)", "\n", "\t", "\r",
            "$1", "?", "??", "@@version", "1e999999", "-0", ".5", "true", "NULL", "{user.id}", ":p0", "{l1}", "\u00A0");
    private static final List<String> KEYWORDS = List.of("AND", "OR", "&&", "||", "and", "Or", "XOR", "NOR", "AND NOT");

    private final Random random;

    HostileFilters(Random random) {
        this.random = random;
    }

    String filter() {
        int mode = random.nextInt(20);
        if (mode < 8) {
            return plausible(0, 1 + random.nextInt(4));
        } else if (mode < 13) {
            return expression(0, 1 + random.nextInt(6));
        } else if (mode < 16) {
            return soup();
        } else if (mode < 19) {
            return mutate(expression(0, 3));
        }
        int depth = 20 + random.nextInt(30);
        return "(".repeat(depth) + comparison() + ")".repeat(depth - random.nextInt(2));
    }

    Map<String, Object> params() {
        Map<String, Object> params = new HashMap<>();
        for (int index = 0; index < 4; index++) {
            if (random.nextInt(5) > 0) {
                params.put(random.nextBoolean() ? ":p" + index : "p" + index, scalar());
            }
        }
        return params;
    }

    Map<String, Object> lookups() {
        Map<String, Object> lookups = new HashMap<>(Map.of("user.id", "5"));
        for (int index = 0; index < 4; index++) {
            lookups.put("l" + index, random.nextInt(3) == 0 ? SECRET : scalar());
        }
        return lookups;
    }

    private String expression(int depth, int budget) {
        if (budget <= 1 || depth > 40) {
            String comparison = comparison();
            return random.nextInt(6) == 0 ? "NOT " + comparison : comparison;
        }
        int left = 1 + random.nextInt(budget - 1);
        String joined = expression(depth + 1, left) + " " + pick(KEYWORDS) + " " + expression(depth + 1, budget - left);
        return random.nextInt(3) == 0 ? (random.nextBoolean() ? "NOT (" : "(") + joined + ")" : joined;
    }

    /** Well-formed filters over real columns with values of the right kind, the text ones hostile. */
    private String plausible(int depth, int budget) {
        if (budget <= 1) {
            String column = pick(List.of("name", "NOTE", "`name`", "\"note\"", "id", "qty", "price", "active", "created_at"));
            String value = switch (column.replaceAll("[`\"]", "").toLowerCase()) {
                case "id", "qty" -> pick(List.of(String.valueOf(random.nextInt(100)), ":p1", "{user.id}", "-0"));
                case "price" -> pick(List.of("9.99", "-3.75", "1e2", "0", ":p2"));
                case "active" -> pick(List.of("true", "0", "'FALSE'", "1"));
                case "created_at" -> pick(List.of("'2024-01-01 10:00:00'", "2024-01-01T11:00:00+01:00", "'2024-06-30'"));
                default -> pick(List.of("'" + junk().replace("'", "''") + "'", "\"" + junk().replace("\"", "\"\"") + "\"",
                        ":p" + random.nextInt(4), "{l" + random.nextInt(4) + "}", "bare-word", "null"));
            };
            boolean text = column.toLowerCase().contains("name") || column.toLowerCase().contains("note");
            String operator = pick(text ? List.of("=", "!=", "LIKE", "not like", "CONTAINS", "STARTS WITH", "NOT ENDS WITH", "<", "IN", "NOT IN")
                    : List.of("=", "<>", ">", ">=", "LT", "lte", "IN", "NOT IN"));
            String values = operator.toUpperCase().endsWith("IN") ? "(" + value + ", " + value + ")" : value;
            return (random.nextInt(8) == 0 ? "NOT " : "") + column + " " + operator + " " + values;
        }
        int left = 1 + random.nextInt(budget - 1);
        String joined = plausible(depth + 1, left) + " " + pick(List.of("AND", "or", "&&", "||")) + " " + plausible(depth + 1, budget - left);
        return random.nextBoolean() ? (random.nextBoolean() ? "NOT (" : "(") + joined + ")" : joined;
    }

    private String comparison() {
        String operator = pick(OPERATORS);
        String values = operator.toUpperCase().contains("IN") && random.nextInt(4) > 0
                ? "(" + value() + (random.nextBoolean() ? ", " + value() : "") + ")" : value();
        return pick(FIELDS) + (random.nextBoolean() ? " " : "") + operator + " " + (operator.contains("NULL") ? "" : values);
    }

    private String value() {
        return switch (random.nextInt(9)) {
            case 0 -> "'" + junk().replace("'", "''") + "'";
            case 1 -> "\"" + junk().replace("\"", "\"\"") + "\"";
            case 2 -> "'" + junk() + "'";
            case 3 -> String.valueOf(random.nextInt(200) - 100) + (random.nextBoolean() ? "" : "." + random.nextInt(100));
            case 4 -> pick(List.of("true", "FALSE", "null", "2024-01-01T10:00:00Z", "2024-13-45", "1e3", "abc", "日本"));
            case 5 -> ":p" + random.nextInt(5);
            case 6 -> "{" + pick(List.of("l0", "l1", "l2", "l3", "user.id", "missing", "a'b")) + "}";
            case 7 -> "(" + junk() + ")";
            default -> junk();
        };
    }

    private String soup() {
        StringBuilder soup = new StringBuilder();
        for (int count = 1 + random.nextInt(12); count > 0; count--) {
            soup.append(random.nextBoolean() ? pick(JUNK) : random.nextBoolean() ? pick(FIELDS) : pick(OPERATORS))
                    .append(random.nextInt(3) == 0 ? "" : " ");
        }
        return soup.toString();
    }

    private String mutate(String filter) {
        StringBuilder mutated = new StringBuilder(filter);
        for (int count = 1 + random.nextInt(4); count > 0 && mutated.length() > 0; count--) {
            int at = random.nextInt(mutated.length());
            if (random.nextBoolean()) {
                mutated.deleteCharAt(at);
            } else {
                mutated.insert(at, pick(JUNK));
            }
        }
        return mutated.toString();
    }

    private String junk() {
        StringBuilder junk = new StringBuilder();
        for (int count = random.nextInt(4); count >= 0; count--) {
            junk.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x3000) : pick(JUNK));
        }
        return junk.toString();
    }

    private Object scalar() {
        return switch (random.nextInt(12)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextBoolean();
            case 2 -> Double.NaN;
            case 3 -> new BigDecimal("1E+999999");
            case 4 -> List.of("a", "b");
            case 5 -> "2024-01-01 10:00:00";
            case 6 -> random.nextInt(50);
            case 7 -> null;
            default -> junk();
        };
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
