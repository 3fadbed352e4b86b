package atmos.cli.render;

import atmos.error.AtmosException;
import atmos.text.JsonText;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The formats of {@code auth env}, as Atmos writes them, keys sorted: {@code bash} ({@code export K=V}),
 * {@code dotenv} ({@code K=V}), both quoted only when needed with POSIX single quotes; {@code env}
 * ({@code K=V}, never quoted); {@code json} (2-space indented object); {@code github}
 * ({@code K=V}, multi-line values as heredocs for {@code $GITHUB_ENV}).
 */
public final class EnvFormat {
    public static final List<String> FORMATS = List.of("bash", "json", "dotenv", "env", "github");
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private EnvFormat() {
    }

    public static String render(String format, Map<String, String> vars) {
        Map<String, String> sorted = new TreeMap<>(vars);
        StringBuilder b = new StringBuilder();
        switch (format.toLowerCase(Locale.ROOT)) {
            case "bash" -> sorted.forEach((k, v) -> b.append("export ").append(k).append('=').append(quote(v)).append('\n'));
            case "dotenv" -> sorted.forEach((k, v) -> b.append(k).append('=').append(quote(v)).append('\n'));
            case "env" -> sorted.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
            case "json" -> b.append(JsonText.pretty(sorted)).append('\n');
            case "github" -> sorted.forEach((k, v) -> github(b, k, v));
            default -> throw AtmosException.usage("unsupported format \"" + format + "\"", "use one of " + String.join(", ", FORMATS));
        }
        return b.toString();
    }

    /**
     * GitHub Actions workflow commands that mask every secret value ({@code ::add-mask::VALUE}, one per
     * line of a multi-line value), keys sorted; secrets are the keys {@code Redaction} treats as secret.
     */
    public static String githubMasks(Map<String, String> vars) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(vars).forEach((k, v) -> {
            if (Redaction.isSecretKey(k) && v != null && !v.isEmpty()) {
                v.lines().filter(l -> !l.isBlank()).forEach(l -> b.append("::add-mask::").append(l).append('\n'));
            }
        });
        return b.toString();
    }

    /** POSIX shell quoting, only when needed: {@code ''} for empty, {@code 'it'"'"'s'} for quotes. */
    public static String quote(String v) {
        if (v.isEmpty()) {
            return "''";
        }
        if (SAFE.matcher(v).matches()) {
            return v;
        }
        return "'" + v.replace("'", "'\"'\"'") + "'";
    }

    private static void github(StringBuilder b, String k, String v) {
        if (!v.contains("\n")) {
            b.append(k).append('=').append(v).append('\n');
            return;
        }
        String delimiter = "ATMOS_EOF_" + k;
        for (int i = 0; v.contains(delimiter); i++) {
            delimiter = "ATMOS_EOF_" + k + "_" + i;
        }
        b.append(k).append("<<").append(delimiter).append('\n').append(v).append('\n').append(delimiter).append('\n');
    }
}
