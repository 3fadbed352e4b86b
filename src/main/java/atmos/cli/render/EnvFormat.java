package atmos.cli.render;

import atmos.config.Names;
import atmos.error.AtmosException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The formats of {@code auth env}, as Atmos writes them, keys sorted: {@code bash} ({@code export K=V}),
 * {@code dotenv} ({@code K=V}), both quoted only when needed with POSIX single quotes; {@code env}
 * ({@code K=V}, never quoted); {@code json} (2-space indented object); {@code github}
 * ({@code K=V}, multi-line values as heredocs for {@code $GITHUB_ENV}).
 *
 * <p>Output is meant for {@code eval}, {@code source} and {@code $GITHUB_ENV}, so whatever the caller
 * passes: a name that is not a shell identifier is refused in every format (a name is never quoted,
 * so {@code X=1; rm -rf ~; Y} would run); bash and dotenv values are single-quoted whenever they hold
 * anything but safe characters; a github value with a line break goes in a heredoc whose delimiter the
 * value does not contain. The env format never quotes (as in Atmos), so a value with a line break or
 * NUL, which would start another variable there, is refused with a pointer to the formats that can
 * hold it; single-line values print exactly as Atmos prints them.
 */
public final class EnvFormat {
    public static final List<String> FORMATS = List.of("bash", "json", "dotenv", "env", "github");
    private EnvFormat() {
    }

    public static String render(String format, Map<String, String> vars) {
        Map<String, String> sorted = new TreeMap<>(vars);
        for (String name : sorted.keySet()) {
            requireName(name);
        }
        // Loops rather than lambdas, and no JSON library: this runs on the cached path (atmos.snapshot.FastPath).
        String f = format.toLowerCase(Locale.ROOT);
        if (f.equals("json")) {
            return atmos.text.JsonStrings.prettyStrings(sorted) + "\n";
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            switch (f) {
                case "bash" -> b.append("export ").append(k).append('=').append(quote(v)).append('\n');
                case "dotenv" -> b.append(k).append('=').append(quote(v)).append('\n');
                case "env" -> b.append(k).append('=').append(singleLine(k, v)).append('\n');
                case "github" -> github(b, k, v);
                default -> throw AtmosException.usage("unsupported format \"" + format + "\"", "use one of " + String.join(", ", FORMATS));
            }
        }
        if (sorted.isEmpty() && !FORMATS.contains(f)) {
            throw AtmosException.usage("unsupported format \"" + format + "\"", "use one of " + String.join(", ", FORMATS));
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

    private static void requireName(String name) {
        if (!Names.isEnvVarName(name)) {
            throw AtmosException.config("refusing to print the variable name \"" + Names.printable(name)
                            + "\": not a valid environment variable name",
                    "a name must be " + Names.ENV_VAR_RULE + "; fix the env: entry that sets it (atmos auth validate shows where)");
        }
    }

    private static String singleLine(String name, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw AtmosException.usage("the value of " + name + " contains a line break or NUL, which the env format cannot hold",
                    "use --format dotenv or bash (quoted), json, or github (heredoc), which can hold it");
        }
        return value;
    }

    /** POSIX shell quoting, only when needed: {@code ''} for empty, {@code 'it'"'"'s'} for quotes. */
    public static String quote(String v) {
        return atmos.text.Shell.quote(v);
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
