package dev.portico.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.crypto.KeyWrap;
import java.io.IOException;

/**
 * The archive entry {@code key/app_key.json}: APP_KEY wrapped under the operator's passphrase, with the
 * KDF's name, parameters and salt, so they can be raised later without a new format. Stateless.
 */
final class KeyEntry {
    static final String ENTRY = "key/app_key.json";

    private KeyEntry() {
    }

    static byte[] json(KeyWrap.Wrapped wrapped) throws IOException {
        ObjectNode root = ArchiveWriter.MANIFEST_JSON.createObjectNode();
        root.put("kdf", wrapped.kdf());
        ObjectNode params = root.putObject("kdf_params");
        params.put("memory_kib", wrapped.params().memoryKib());
        params.put("iterations", wrapped.params().iterations());
        params.put("parallelism", wrapped.params().parallelism());
        root.put("salt", wrapped.salt());
        root.put("cipher", wrapped.cipher());
        root.put("nonce", wrapped.nonce());
        root.put("ciphertext", wrapped.ciphertext());
        root.put("key_fingerprint", wrapped.fingerprint());
        return ArchiveWriter.MANIFEST_JSON.writeValueAsBytes(root);
    }

    static KeyWrap.Wrapped parse(byte[] json) {
        try {
            JsonNode root = ArchiveWriter.MANIFEST_JSON.readTree(json);
            JsonNode params = root.required("kdf_params");
            return new KeyWrap.Wrapped(text(root, "kdf"), new KeyWrap.Params(params.required("memory_kib").asInt(),
                    params.required("iterations").asInt(), params.required("parallelism").asInt()), text(root, "salt"),
                    text(root, "cipher"), text(root, "nonce"), text(root, "ciphertext"), text(root, "key_fingerprint"));
        } catch (IOException | IllegalArgumentException e) {
            throw new PorticoException(ErrorCode.CHECKS_FAILED, ENTRY + " in the archive cannot be read ("
                    + e.getMessage().lines().findFirst().orElse("") + "): it is damaged.", e);
        }
    }

    private static String text(JsonNode root, String field) {
        return root.required(field).asText();
    }
}
