package dev.portico.config;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a {@code .env} file in dotenv syntax: {@code KEY=value}, optional {@code export}, single
 * quotes (literal), double quotes (with {@code \n}, {@code \"}, {@code \\} escapes), {@code #}
 * comments. Every malformed line is reported at once, by line number, never with its value.
 */
public final class DotenvFile {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    private DotenvFile() {
    }

    /** Returns the file's entries in order, or an empty map when the file does not exist. */
    public static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException missing) {
            return Map.of();
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.CONFIGURATION,
                    "Cannot read " + file + " (" + e.getClass().getSimpleName() + "). Check that the file is readable by this user.", e);
        }
        return parse(lines, file.toString());
    }

    /** Parses lines that are not a file here (an archived .env); errors name {@code source}. */
    public static Map<String, String> parseLines(List<String> lines, String source) {
        return parse(lines, source);
    }

    static Map<String, String> parse(List<String> lines, String source) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).stripLeading();
            }
            int equals = line.indexOf('=');
            String key = equals < 0 ? line : line.substring(0, equals).strip();
            if (equals < 0 || !KEY.matcher(key).matches()) {
                problems.add("line " + (i + 1) + ": expected KEY=value"
                        + (equals < 0 ? " (no '=' found)" : " (the key is not a valid name)"));
                continue;
            }
            try {
                values.put(key, value(line.substring(equals + 1).strip()));
            } catch (IllegalArgumentException bad) {
                problems.add("line " + (i + 1) + " (" + key + "): " + bad.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new PorticoException(ErrorCode.CONFIGURATION, source + " has malformed lines:\n  "
                    + String.join("\n  ", problems) + "\nFix those lines (dotenv syntax: KEY=value).");
        }
        return values;
    }

    private static String value(String raw) {
        if (raw.startsWith("'")) {
            int end = raw.indexOf('\'', 1);
            if (end < 0) {
                throw new IllegalArgumentException("the single quote is never closed");
            }
            requireOnlyComment(raw.substring(end + 1));
            return raw.substring(1, end);
        }
        if (raw.startsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '"') {
                    requireOnlyComment(raw.substring(i + 1));
                    return out.toString();
                }
                if (c == '\\' && i + 1 < raw.length()) {
                    char next = raw.charAt(++i);
                    out.append(switch (next) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> next;
                    });
                } else {
                    out.append(c);
                }
            }
            throw new IllegalArgumentException("the double quote is never closed");
        }
        // an unquoted value ends at a '#' that starts it or follows white space
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '#' && (i == 0 || Character.isWhitespace(raw.charAt(i - 1)))) {
                return raw.substring(0, i).strip();
            }
        }
        return raw;
    }

    private static void requireOnlyComment(String rest) {
        String tail = rest.strip();
        if (!tail.isEmpty() && !tail.startsWith("#")) {
            throw new IllegalArgumentException("unexpected text after the closing quote");
        }
    }

    /** Renders one value so that {@link #parse} reads it back unchanged. */
    public static String quote(String value) {
        if (value.matches("[A-Za-z0-9_./:+=@,-]*")) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + '"';
    }
}
