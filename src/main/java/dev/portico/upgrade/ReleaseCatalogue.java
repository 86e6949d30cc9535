package dev.portico.upgrade;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.portico.BuildInfo;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every Portico release this build knows, read from {@code releases.json} in the jar (or, for tests,
 * from a file): versions in ascending order with their schema, minimum Java, upgrade stops and
 * breaking changes. A catalogue with any problem is refused as a whole, every problem listed.
 * Immutable and thread-safe.
 */
public final class ReleaseCatalogue {
    static final String RESOURCE = "releases.json";
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Pattern CONFIG_KEY = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private record CatalogueFile(Integer format, List<Release> releases) {
    }

    private final String source;
    private final List<Release> releases;

    private ReleaseCatalogue(String source, List<Release> releases) {
        this.source = source;
        this.releases = List.copyOf(releases);
    }

    /** The catalogue shipped in this build's jar. */
    public static ReleaseCatalogue builtIn() {
        try (InputStream in = ReleaseCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new PorticoException(ErrorCode.FAILED, "This build has no release catalogue (" + RESOURCE
                        + " is missing from the jar). Rebuild Portico.");
            }
            return parse(in.readAllBytes(), "the built-in " + RESOURCE);
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot read the built-in " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** A catalogue from a file (tests and release engineering). */
    public static ReleaseCatalogue load(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "Cannot read the release catalogue " + file + " ("
                    + e.getClass().getSimpleName() + "). Check the path.", e);
        }
    }

    static ReleaseCatalogue parse(byte[] json, String source) {
        CatalogueFile file;
        try {
            file = JSON.readValue(json, CatalogueFile.class);
        } catch (JsonProcessingException e) {
            throw broken(source, List.of("not a valid catalogue: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
        } catch (IOException | RuntimeException e) {
            throw broken(source, List.of("not a valid catalogue: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        if (file == null || file.format() == null || file.format() != 1) {
            problems.add("\"format\" must be 1");
        }
        List<Release> releases = file == null || file.releases() == null ? List.of() : file.releases();
        if (releases.isEmpty()) {
            problems.add("\"releases\" lists no release");
        }
        Set<String> ids = new HashSet<>();
        Release previous = null;
        for (Release release : releases) {
            if (release == null) {
                problems.add("a release is null");
                continue;
            }
            checkRelease(release, previous, ids, problems);
            previous = release.version() != null && VERSION.matcher(release.version()).matches() ? release : previous;
        }
        if (!problems.isEmpty()) {
            throw broken(source, problems);
        }
        return new ReleaseCatalogue(source, releases);
    }

    private static void checkRelease(Release release, Release previous, Set<String> ids, List<String> problems) {
        String version = release.version();
        String at = "release " + version + ": ";
        if (version == null || !VERSION.matcher(version).matches()) {
            problems.add("release \"" + version + "\": version must be MAJOR.MINOR.PATCH, e.g. 0.2.0");
        } else if (previous != null && BuildInfo.compareVersions(previous.version(), version) >= 0) {
            problems.add(at + "versions must be unique and ascending, but it follows " + previous.version());
        }
        if (release.schema() == null || release.schema() < 1) {
            problems.add(at + "\"schema\" must be a schema version, 1 or more");
        } else if (previous != null && previous.schema() != null && release.schema() < previous.schema()) {
            problems.add(at + "schema " + release.schema() + " is older than " + previous.version() + "'s "
                    + previous.schema());
        }
        if (release.minJava() == null || release.minJava() < 17) {
            problems.add(at + "\"min_java\" must be a Java feature version, 17 or more");
        }
        if (release.upgradeStop() == null) {
            problems.add(at + "\"upgrade_stop\" must be true or false");
        }
        for (BreakingChange change : release.breaking()) {
            if (change == null) {
                problems.add(at + "a breaking change is null");
            } else {
                checkChange(change, at, ids, problems);
            }
        }
    }

    private static void checkChange(BreakingChange change, String at, Set<String> ids, List<String> problems) {
        String id = change.id();
        String where = at + "breaking change " + id + ": ";
        if (id == null || id.isBlank()) {
            problems.add(at + "a breaking change has no \"id\"");
        } else if (!ids.add(id)) {
            problems.add(at + "breaking change id " + id + " is used twice");
        }
        if (change.kind() == null) {
            problems.add(where + "\"kind\" is missing");
            return;
        }
        boolean named = change.kind().connector() || change.kind().config();
        if (named && (change.name() == null || change.name().isBlank())) {
            problems.add(where + "\"name\" (the " + (change.kind().config() ? "configuration key" : "connector type")
                    + ") is missing");
        }
        if (change.kind().config() && change.name() != null && !CONFIG_KEY.matcher(change.name()).matches()) {
            problems.add(where + "\"" + change.name() + "\" is not a configuration key name (A-Z, 0-9, _)");
        }
        if (change.kind().rename()) {
            if (change.to() == null || change.to().isBlank()) {
                problems.add(where + "a rename needs \"to\", the new name");
            } else if (change.to().equals(change.name())) {
                problems.add(where + "\"to\" is the same as \"name\"");
            } else if (change.kind().config() && !CONFIG_KEY.matcher(change.to()).matches()) {
                problems.add(where + "\"" + change.to() + "\" is not a configuration key name (A-Z, 0-9, _)");
            }
        } else if (change.to() != null) {
            problems.add(where + "\"to\" only belongs to a rename");
        }
        if (!named && change.name() != null) {
            problems.add(where + "\"name\" does not belong to an api_removed change; say what is removed in \"description\"");
        }
        if (change.kind() == BreakingChange.Kind.API_REMOVED && change.description().isEmpty()) {
            problems.add(where + "an api_removed change needs a \"description\" of the behaviour removed");
        }
        if (change.kind() != BreakingChange.Kind.API_REMOVED && !change.touches().isEmpty()) {
            problems.add(where + "\"touches\" only belongs to an api_removed change");
        }
    }

    private static PorticoException broken(String source, List<String> problems) {
        return new PorticoException(ErrorCode.FAILED, "The release catalogue " + source + " is broken ("
                + problems.size() + " problem(s)):\n  " + String.join("\n  ", problems)
                + "\nFix the catalogue; a build with a broken catalogue must not be released.");
    }

    /** Where the catalogue came from, for messages. */
    public String source() {
        return source;
    }

    public List<Release> releases() {
        return releases;
    }

    public List<String> versions() {
        return releases.stream().map(Release::version).toList();
    }

    public Optional<Release> find(String version) {
        return releases.stream().filter(release -> release.version().equals(version)).findFirst();
    }

    /** The releases after {@code from} up to and including {@code to}: whose changes an upgrade goes through. */
    public List<Release> between(String from, String to) {
        return releases.stream().filter(release -> BuildInfo.compareVersions(release.version(), from) > 0
                && BuildInfo.compareVersions(release.version(), to) <= 0).toList();
    }

    /** The earliest release whose migrations end at {@code schema}, if any. */
    public Optional<Release> firstWithSchema(int schema) {
        return releases.stream().filter(release -> release.schema() == schema).findFirst();
    }
}
