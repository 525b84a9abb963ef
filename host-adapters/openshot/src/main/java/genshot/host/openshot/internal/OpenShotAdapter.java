package genshot.host.openshot.internal;

import com.fasterxml.jackson.databind.JsonNode;
import genshot.api.GenshotException;
import genshot.api.HostAdapter;
import genshot.api.HostProject;
import java.nio.file.Path;
import java.util.Locale;
import org.osgi.service.component.annotations.Component;

/** OpenShot 2.6 projects: {@code .osp} files, JSON for libopenshot 0.2.7. */
@Component(service = HostAdapter.class, property = "genshot.host=openshot")
public final class OpenShotAdapter implements HostAdapter {

    static final String HOST = "openshot";

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public boolean accepts(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".osp");
    }

    @Override
    public HostProject read(Path file, byte[] content) {
        if (content == null || content.length == 0) {
            throw GenshotException.of("project.corrupt", "The project file is empty", file, "line 1, column 1",
                    "Restore a backup or save the project again in OpenShot");
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        JsonNode root = OspJson.parse(content, file, ids);
        return new OpenShotProject(file, root, OspJson.styleOf(content), ids);
    }
}
