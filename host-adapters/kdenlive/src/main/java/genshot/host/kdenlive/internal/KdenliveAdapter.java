package genshot.host.kdenlive.internal;

import genshot.api.GenshotException;
import genshot.api.HostAdapter;
import genshot.api.HostProject;
import java.nio.file.Path;
import java.util.Locale;
import org.osgi.service.component.annotations.Component;

/**
 * Kdenlive projects: {@code .kdenlive} files, MLT XML with document version 1.04 (Kdenlive 22.12) or 1.1 (Kdenlive
 * 23.04 and later; the active sequence is read and filled).
 */
@Component(service = HostAdapter.class, property = "genshot.host=kdenlive")
public final class KdenliveAdapter implements HostAdapter {

    static final String HOST = "kdenlive";

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public boolean accepts(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".kdenlive");
    }

    @Override
    public HostProject read(Path file, byte[] content) {
        if (content == null || content.length == 0) {
            throw GenshotException.of("project.corrupt", "The project file is empty", file, "byte 0",
                    "Restore a backup or save the project again in Kdenlive");
        }
        Encoding.Decoded text = Encoding.decode(content, file);
        return new KdenliveProject(file, Xml.parse(text.text(), file), text.bom());
    }
}
