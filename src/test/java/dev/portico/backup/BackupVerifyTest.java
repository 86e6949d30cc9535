package dev.portico.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup:verify} finds every kind of damage and names it, with exit code 3. */
class BackupVerifyTest {
    @TempDir
    Path home;

    private TestInstance instance;
    private Path archive;

    @BeforeEach
    void backUp() {
        instance = new TestInstance(DatabaseEngine.SQLITE, home);
        BackupFixture.setUpWithExtraRows(instance, "pv1:sealed");
        archive = home.resolve("good.zip");
        assertEquals(0, instance.run("backup", "--out", archive.toString()).exitCode());
    }

    @AfterEach
    void close() {
        instance.close();
    }

    @Test
    void a_truncated_archive_is_found_out() throws Exception {
        byte[] bytes = Files.readAllBytes(archive);
        Path truncated = home.resolve("truncated.zip");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        TestInstance.Result result = instance.run("backup:verify", truncated.toString());
        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("not a complete ZIP archive"), result.toString());
    }

    @Test
    void a_flipped_byte_in_a_data_entry_is_found_and_the_entry_named() throws Exception {
        byte[] bytes = Files.readAllBytes(archive);
        byte[] name = "data/role.ndjson".getBytes(StandardCharsets.US_ASCII);
        int header = indexOf(bytes, name);
        // local header: the name, then the extra field (empty here), then the deflated data
        bytes[header + name.length + 40] ^= 0x10;
        Path flipped = home.resolve("flipped.zip");
        Files.write(flipped, bytes);
        TestInstance.Result result = instance.run("backup:verify", flipped.toString());
        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("data/role.ndjson"), result.toString());
    }

    @Test
    void an_edited_row_count_in_the_manifest_is_found_with_both_counts() throws Exception {
        Path edited = home.resolve("edited.zip");
        long rows = BackupFixture.count(instance, "user_account");
        rewrite(archive, edited, "\"rows\" : " + rows + ",\n    \"sha256\" : \"", "\"rows\" : " + (rows + 1)
                + ",\n    \"sha256\" : \"", "data/user_account.ndjson");
        TestInstance.Result result = instance.run("backup:verify", edited.toString());
        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("data/user_account.ndjson holds " + rows + " rows, the manifest says "
                + (rows + 1)), result.toString());
    }

    @Test
    void a_file_that_is_not_a_zip_is_named_as_such() throws Exception {
        Path text = home.resolve("notes.zip");
        Files.writeString(text, "just some notes, not an archive\n");
        TestInstance.Result result = instance.run("backup:verify", text.toString());
        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().contains("not a complete ZIP archive") && result.err().contains("notes.zip"),
                result.toString());
    }

    /** Copies the archive, replacing {@code from} with {@code to} in the manifest entry of {@code file}. */
    private static void rewrite(Path source, Path target, String from, String to, String file) throws Exception {
        try (ZipFile zip = new ZipFile(source.toFile()); OutputStream out = Files.newOutputStream(target);
             ZipOutputStream copy = new ZipOutputStream(out)) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                copy.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream in = zip.getInputStream(entry)) {
                    byte[] content = in.readAllBytes();
                    if (entry.getName().equals("manifest.json")) {
                        String manifest = new String(content, StandardCharsets.UTF_8);
                        int at = manifest.indexOf("\"file\" : \"" + file + "\"");
                        int edit = manifest.indexOf(from, at);
                        assertTrue(at >= 0 && edit >= 0, manifest);
                        manifest = manifest.substring(0, edit) + to + manifest.substring(edit + from.length());
                        content = manifest.getBytes(StandardCharsets.UTF_8);
                    }
                    copy.write(content);
                }
                copy.closeEntry();
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
