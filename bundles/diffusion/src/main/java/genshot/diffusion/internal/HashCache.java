package genshot.diffusion.internal;

import genshot.onnx.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * SHA-256 of pack files, remembered in a properties file keyed by path, size and modification time, so that
 * multi-gigabyte weights are hashed once rather than at every start.
 */
final class HashCache {
    private final Path file;
    private final Properties props = new Properties();

    HashCache(Path file) {
        this.file = file;
        if (file != null && Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            } catch (IOException e) {
                // a damaged cache is rebuilt
            }
        }
    }

    synchronized String sha256(Path f) {
        try {
            String key = f.toRealPath().toString();
            String stamp = Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis();
            String v = props.getProperty(key);
            if (v != null && v.startsWith(stamp + ":")) {
                return v.substring(stamp.length() + 1);
            }
            String sha = Sha256.of(f);
            props.setProperty(key, stamp + ":" + sha);
            save();
            return sha;
        } catch (IOException e) {
            return Sha256.of(f);
        }
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                props.store(out, "genshot: SHA-256 of model pack files (path = size:mtime:sha256)");
            }
        } catch (IOException e) {
            // the cache is an optimisation only
        }
    }
}
