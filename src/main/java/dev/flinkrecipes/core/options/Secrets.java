package dev.flinkrecipes.core.options;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.configuration.GlobalConfiguration;

/**
 * Which settings hold secrets, and their values as they may be shown: Flink's own rule ({@link
 * GlobalConfiguration#isSensitive}: password, secret, token, jaas.config, apikey...) plus the few
 * names it misses, and a URI's password ({@code mongodb://user:PASSWORD@host}) wherever a value is
 * shown.
 */
public final class Secrets {
    /** What a secret is shown as: Flink's own mask, as its logs and Web UI show it. */
    public static final String MASK = GlobalConfiguration.HIDDEN_CONTENT;

    /** Parts of key names Flink does not count as sensitive but that hold secrets here. */
    private static final String[] ALSO_SENSITIVE = {"credentials", "jaas", "connection-string"};

    /** The password of a URI's user information: {@code scheme://user:PASSWORD@host}. */
    private static final Pattern URI_PASSWORD =
            Pattern.compile("(?<=[a-zA-Z][a-zA-Z0-9+.-]{0,30}://[^/@:\\s]{0,256}:)[^@/\\s]+(?=@)");

    private Secrets() {}

    /** True when the value of {@code key} must not be shown. */
    public static boolean isSensitive(String key) {
        if (GlobalConfiguration.isSensitive(key)) return true;
        String k = key.toLowerCase(Locale.ROOT);
        for (String part : ALSO_SENSITIVE) {
            if (k.contains(part)) return true;
        }
        return false;
    }

    /** The value of {@code key} as it may be shown: masked if the key is sensitive. */
    public static String shown(String key, String value) {
        if (value == null) return null;
        return isSensitive(key) ? MASK : withoutUriPasswords(value);
    }

    /** {@code text} with the password of every URI in it masked. */
    public static String withoutUriPasswords(String text) {
        return text == null ? null : URI_PASSWORD.matcher(text).replaceAll(MASK);
    }

    /** A map of settings as it may be shown, in its order. */
    public static Map<String, String> shown(Map<String, String> settings) {
        Map<String, String> out = new LinkedHashMap<>();
        settings.forEach((k, v) -> out.put(k, shown(k, v)));
        return out;
    }
}
