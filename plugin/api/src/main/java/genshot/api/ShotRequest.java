package genshot.api;

import java.util.Map;

/**
 * What the user asked for.
 *
 * @param generator the generator id ("slug", "fog"...)
 * @param parameters generator-specific parameters, as text
 * @param device "cpu", "cuda" or "cuda:N"
 */
public record ShotRequest(String generator, String prompt, String negativePrompt, long seed,
                          Map<String, String> parameters, String device) {
    public ShotRequest {
        prompt = prompt == null ? "" : prompt;
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        device = device == null ? "cpu" : device;
    }
}
