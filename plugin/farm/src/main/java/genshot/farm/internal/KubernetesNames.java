package genshot.farm.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The forms Kubernetes and container registries take names and amounts in, checked before a manifest is written
 * (the API server would refuse the Job only at {@code kubectl apply}, the kubelet a bad image only when it pulls).
 */
public final class KubernetesNames {

    /** The longest DNS-1123 label: a Job's name, a namespace, a label value. */
    public static final int LABEL_MAX = 63;

    /** The longest DNS-1123 subdomain: a PersistentVolumeClaim's name. */
    public static final int SUBDOMAIN_MAX = 253;

    /** The longest image name (without tag and digest) a registry takes. */
    public static final int IMAGE_NAME_MAX = 255;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*");

    // An image reference: [host[:port]/]path[:tag][@algorithm:hex]. The host is letters, digits and inner
    // hyphens, dotted; each path component lowercase letters and digits joined by '.', '_', '__' or hyphens.
    private static final String HOST_PART = "(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])";
    private static final String HOST = HOST_PART + "(?:\\." + HOST_PART + ")*(?::[0-9]+)?";
    private static final String PATH_PART = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
    private static final Pattern IMAGE = Pattern.compile(
            "(?<name>(?:" + HOST + "/)?" + PATH_PART + "(?:/" + PATH_PART + ")*)"
                    + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
                    + "(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?");

    // A resource amount without sign: a whole or decimal number, then a binary suffix (Ki .. Ei), a decimal one
    // (n u m k M G T P E) or a decimal exponent (e3).
    private static final Pattern QUANTITY = Pattern.compile(
            "(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?");

    private KubernetesNames() {
    }

    /** Whether {@code s} is a DNS-1123 label: lowercase letters, digits and inner hyphens, at most {@code max}. */
    public static boolean isLabel(String s, int max) {
        return s != null && s.length() <= max && LABEL.matcher(s).matches();
    }

    /** Whether {@code s} is a DNS-1123 subdomain (dotted labels, at most {@value #SUBDOMAIN_MAX} characters). */
    public static boolean isSubdomain(String s) {
        return s != null && s.length() <= SUBDOMAIN_MAX && SUBDOMAIN.matcher(s).matches();
    }

    /** Whether {@code s} is an image reference a container runtime can pull ({@code ghcr.io/studio/genshot:1.4}). */
    public static boolean isImage(String s) {
        if (s == null) {
            return false;
        }
        var m = IMAGE.matcher(s);
        return m.matches() && m.group("name").length() <= IMAGE_NAME_MAX;
    }

    /** Whether {@code s} is a resource amount as a container's requests take it ({@code 4}, {@code 500m}, {@code 16Gi}). */
    public static boolean isQuantity(String s) {
        return s != null && QUANTITY.matcher(s).matches();
    }

    /**
     * A DNS-1123 label made of {@code text}: lowercase, each run of other characters than letters and digits one
     * hyphen, cut to {@code max} characters; empty when nothing of it is left.
     */
    public static String toLabel(String text, int max) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+", "");
        if (s.length() > max) {
            s = s.substring(0, max);
        }
        return s.replaceAll("-+$", "");
    }
}
