package dev.portico;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version, commit and build time of this Portico build, read from the jar. Immutable. */
public record BuildInfo(String version, String commit, String builtAt) {
    public static BuildInfo load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream("portico-build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // a build without its properties still runs; it reports itself as unknown
        }
        return new BuildInfo(clean(properties.getProperty("version")), clean(properties.getProperty("commit")),
                clean(properties.getProperty("built")));
    }

    private static String clean(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }

    /** Compares two dotted versions numerically ("0.10.0" is newer than "0.9.3"); unknown parts count as 0. */
    public static int compareVersions(String left, String right) {
        String[] a = left.split("[.-]");
        String[] b = right.split("[.-]");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? number(a[i]) : 0;
            int y = i < b.length ? number(b[i]) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    private static int number(String part) {
        try {
            return Integer.parseInt(part);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
