package dev.portico.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.BuildInfo;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.ConfigKey;
import dev.portico.config.DatabaseEngine;
import dev.portico.systemdb.MigrationCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalogue in the jar agrees with this build; a broken catalogue is refused, every problem named. */
class ReleaseCatalogueTest {
    static Path fixture(String name) {
        return Path.of("src/test/resources/releases/" + name).toAbsolutePath();
    }

    @Test
    void the_built_in_catalogue_lists_this_build_with_the_schema_its_migrations_end_at_on_every_engine() {
        ReleaseCatalogue catalogue = ReleaseCatalogue.builtIn();
        String version = BuildInfo.load().version();
        Release release = catalogue.find(version).orElseThrow(() -> new AssertionError(
                "releases.json has no entry for this build, Portico " + version + ": add one"));
        for (DatabaseEngine engine : DatabaseEngine.values()) {
            assertEquals(MigrationCatalog.forEngine(engine).latest(), release.schema(),
                    "release " + version + "'s schema against the " + engine.displayName() + " migrations");
        }
        assertEquals(version, catalogue.versions().get(catalogue.versions().size() - 1),
                "this build is the newest release the catalogue knows");
        List<String> versions = catalogue.versions();
        for (int i = 1; i < versions.size(); i++) {
            assertTrue(BuildInfo.compareVersions(versions.get(i - 1), versions.get(i)) < 0,
                    "ascending and unique: " + versions);
        }
        assertTrue(release.minJava() <= Runtime.version().feature(), "this build runs on the Java running its tests");
    }

    @Test
    void configuration_keys_the_built_in_catalogue_names_agree_with_the_keys_this_build_reads() {
        for (Release release : ReleaseCatalogue.builtIn().releases()) {
            for (BreakingChange change : release.breaking()) {
                switch (change.kind()) {
                    case CONFIG_REMOVED -> assertTrue(ConfigKey.byName(change.name()).isEmpty(),
                            change.id() + ": " + change.name() + " is removed, but this build still reads it");
                    case CONFIG_RENAMED -> {
                        assertTrue(ConfigKey.byName(change.name()).isEmpty(), change.id() + ": old name still read");
                        assertTrue(ConfigKey.byName(change.to()).isPresent(), change.id() + ": new name not read");
                    }
                    case CONFIG_REQUIRED -> assertTrue(ConfigKey.byName(change.name()).isPresent(),
                            change.id() + ": " + change.name() + " is required, but this build does not read it");
                    default -> { }
                }
            }
        }
    }

    @Test
    void a_broken_catalogue_is_refused_naming_every_problem() {
        PorticoException refused = assertThrows(PorticoException.class,
                () -> ReleaseCatalogue.load(fixture("broken.json")));
        assertEquals(ErrorCode.FAILED, refused.code());
        String message = refused.getMessage();
        for (String problem : List.of("release 0.2.0: versions must be unique and ascending, but it follows 0.2.0",
                "release \"0.3\": version must be MAJOR.MINOR.PATCH", "\"schema\" must be a schema version",
                "\"min_java\" must be a Java feature version, 17 or more", "\"upgrade_stop\" must be true or false",
                "\"lower_case\" is not a configuration key name", "a rename needs \"to\"",
                "breaking change id a is used twice", "an api_removed change needs a \"description\"")) {
            assertTrue(message.contains(problem), "missing: " + problem + "\n" + message);
        }
        assertTrue(message.contains(fixture("broken.json").toString()), message);
    }

    @Test
    void unknown_fields_kinds_and_malformed_json_are_refused_with_where_they_are() {
        String unknownField = "{\"format\": 1, \"releases\": [{\"version\": \"0.2.0\", \"schema\": 2, \"min_java\": 17, "
                + "\"upgrade_stop\": false, \"upgrade_stp\": true}]}";
        assertTrue(refusal(unknownField).contains("upgrade_stp"), refusal(unknownField));
        String unknownKind = "{\"format\": 1, \"releases\": [{\"version\": \"0.2.0\", \"schema\": 2, \"min_java\": 17, "
                + "\"upgrade_stop\": false, \"breaking\": [{\"id\": \"x\", \"kind\": \"connector_gone\", \"name\": \"a\"}]}]}";
        assertTrue(refusal(unknownKind).contains("connector_gone"), refusal(unknownKind));
        assertTrue(refusal("{\"format\": 1, \"releases\": [").contains("line"), refusal("{\"format\": 1, \"releases\": ["));
        assertTrue(refusal("{\"format\": 2, \"releases\": []}").contains("\"format\" must be 1"));
        assertTrue(refusal("{\"format\": 2, \"releases\": []}").contains("lists no release"));
    }

    @Test
    void between_is_the_releases_after_from_up_to_and_including_to() {
        ReleaseCatalogue catalogue = ReleaseCatalogue.load(fixture("stop.json"));
        assertEquals(List.of("0.2.0", "0.2.5", "0.3.0"),
                catalogue.between("0.1.0", "0.3.0").stream().map(Release::version).toList());
        assertEquals(List.of(), catalogue.between("0.3.0", "0.3.0"));
        assertEquals("0.2.0", catalogue.firstWithSchema(2).orElseThrow().version());
    }

    private static String refusal(String json) {
        return assertThrows(PorticoException.class,
                () -> ReleaseCatalogue.parse(json.getBytes(StandardCharsets.UTF_8), "test")).getMessage();
    }
}
