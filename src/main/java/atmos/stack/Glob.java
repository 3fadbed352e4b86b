package atmos.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Glob patterns as Atmos matches them (the Go {@code doublestar} library): {@code *} and {@code ?}
 * stay within one path segment, {@code **} as a whole segment spans zero or more directories,
 * {@code [abc]}/{@code [!a-z]} classes and {@code {a,b}} alternatives. Patterns and paths use
 * {@code /}; matches are absolute paths, sorted.
 */
final class Glob {
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private Glob() {
    }

    static boolean hasMeta(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    /** True when the whole of {@code path} matches {@code pattern} (both with {@code /} separators). */
    static boolean matches(String pattern, String path) {
        return COMPILED.computeIfAbsent(pattern, Glob::compile).matcher(path).matches();
    }

    /** Files matching an absolute pattern, sorted; directories are never returned. */
    static List<Path> files(String absolutePattern, atmos.system.Inputs inputs) {
        String pattern = absolutePattern.replace('\\', '/');
        if (!hasMeta(pattern)) {
            Path p = Path.of(pattern);
            return inputs.isRegularFile(p) ? List.of(p) : List.of();
        }
        // Walk from the longest directory prefix without metacharacters.
        String[] parts = pattern.split("/", -1);
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length - 1 && !hasMeta(parts[i]); i++) {
            prefix.append(parts[i]).append('/');
        }
        Path start = Path.of(prefix.length() == 0 ? "/" : prefix.toString());
        if (!inputs.isDirectory(start)) {
            return List.of();
        }
        Pattern compiled = COMPILED.computeIfAbsent(pattern, Glob::compile);
        List<Path> out = new ArrayList<>();
        try {
            inputs.walk(start, true).stream().filter(Files::isRegularFile).forEach(p -> {
                if (compiled.matcher(p.toString().replace('\\', '/')).matches()) {
                    out.add(p);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        String[] segments = glob.split("/", -1);
        for (int s = 0; s < segments.length; s++) {
            String seg = segments[s];
            boolean last = s == segments.length - 1;
            if (seg.equals("**")) {
                // zero or more whole segments
                if (last) {
                    re.append(".*");
                } else {
                    re.append("(?:[^/]*/)*");
                }
                continue;
            }
            segment(re, seg);
            if (!last) {
                re.append('/');
            }
        }
        return Pattern.compile(re.toString());
    }

    private static void segment(StringBuilder re, String seg) {
        int braces = 0;
        for (int i = 0; i < seg.length(); i++) {
            char c = seg.charAt(i);
            switch (c) {
                case '*' -> {
                    // a "**" inside a segment acts like "*"
                    while (i + 1 < seg.length() && seg.charAt(i + 1) == '*') {
                        i++;
                    }
                    re.append("[^/]*");
                }
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = seg.indexOf(']', i + 1);
                    if (end < 0) {
                        re.append("\\[");
                    } else {
                        String body = seg.substring(i + 1, end);
                        if (body.startsWith("!") || body.startsWith("^")) {
                            body = "^" + body.substring(1);
                        }
                        re.append('[').append(body.replace("\\", "\\\\")).append(']');
                        i = end;
                    }
                }
                case '{' -> {
                    braces++;
                    re.append("(?:");
                }
                case '}' -> {
                    if (braces > 0) {
                        braces--;
                        re.append(')');
                    } else {
                        re.append("\\}");
                    }
                }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                case '\\' -> {
                    if (i + 1 < seg.length()) {
                        re.append(Pattern.quote(String.valueOf(seg.charAt(++i))));
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
    }
}
