package genshot.api;

import java.util.List;
import java.util.Map;

/**
 * A generator as the user sees it.
 *
 * @param model the model's id, or null for generators without one
 * @param modelFiles each model file's name and SHA-256 (hex)
 * @param parameters the parameters it reads from {@link ShotRequest#parameters()}, with their defaults
 */
public record GeneratorInfo(String id, String title, String description, String model,
                            Map<String, String> modelFiles, Map<String, String> parameters, List<String> devices) {
    public GeneratorInfo {
        modelFiles = Map.copyOf(modelFiles);
        parameters = Map.copyOf(parameters);
        devices = List.copyOf(devices);
    }
}
