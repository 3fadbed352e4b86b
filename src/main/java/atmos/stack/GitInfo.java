package atmos.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the {@code !git.*} YAML functions read, from the repository's own files rather than by running
 * git: the commit of {@code HEAD} ({@code !git.sha}, {@code !git.ref}), its branch ({@code !git.branch}),
 * and from the {@code origin} remote's URL the host, owner and name ({@code !git.host}, {@code !git.owner},
 * {@code !git.name}, {@code !git.repository} = owner/name, {@code !git.url}), as the Go Atmos's
 * {@code pkg/git} derives them. A worktree's {@code .git} file ({@code gitdir: …}) is followed.
 */
final class GitInfo {
    private static final Pattern SCP = Pattern.compile("^(?:[^@/]+@)?([^:/]+):(.+)$");
    private static final Pattern URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/]+@)?([^/:]+)(?::\\d+)?/(.+)$");

    private final Path gitDir;
    private final Path commonDir;

    private GitInfo(Path gitDir, Path commonDir) {
        this.gitDir = gitDir;
        this.commonDir = commonDir;
    }

    /** The repository at {@code root} (the worktree root), if it has one. */
    static Optional<GitInfo> at(Path root) {
        if (root == null) {
            return Optional.empty();
        }
        Path dotGit = root.resolve(".git");
        try {
            Path gitDir = dotGit;
            if (Files.isRegularFile(dotGit)) {
                String line = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
                if (!line.startsWith("gitdir:")) {
                    return Optional.empty();
                }
                gitDir = root.resolve(line.substring(7).strip()).normalize();
            }
            if (!Files.isDirectory(gitDir)) {
                return Optional.empty();
            }
            Path common = gitDir;
            Path commonFile = gitDir.resolve("commondir");
            if (Files.isRegularFile(commonFile)) {
                common = gitDir.resolve(Files.readString(commonFile, StandardCharsets.UTF_8).strip()).normalize();
            }
            return Optional.of(new GitInfo(gitDir, common));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The branch HEAD is on; empty when detached. */
    Optional<String> branch() {
        return head().filter(h -> h.startsWith("ref: refs/heads/")).map(h -> h.substring("ref: refs/heads/".length()));
    }

    /** The commit HEAD points at. */
    Optional<String> sha() {
        Optional<String> head = head();
        if (head.isEmpty()) {
            return Optional.empty();
        }
        String h = head.get();
        if (!h.startsWith("ref: ")) {
            return Optional.of(h);
        }
        String ref = h.substring(5).strip();
        for (Path dir : List.of(gitDir, commonDir)) {
            Optional<String> loose = read(dir.resolve(ref));
            if (loose.isPresent()) {
                return loose;
            }
        }
        Optional<String> packed = read(commonDir.resolve("packed-refs"));
        if (packed.isPresent()) {
            for (String line : packed.get().split("\n")) {
                String[] parts = line.strip().split(" ");
                if (parts.length == 2 && parts[1].equals(ref)) {
                    return Optional.of(parts[0]);
                }
            }
        }
        return Optional.empty();
    }

    /** The URL of the {@code origin} remote (else the first remote). */
    Optional<String> url() {
        Optional<String> config = read(commonDir.resolve("config"));
        if (config.isEmpty()) {
            return Optional.empty();
        }
        String section = null;
        String first = null;
        for (String raw : config.get().split("\n")) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                section = line;
            } else if (section != null && section.startsWith("[remote ") && line.startsWith("url")) {
                String value = line.substring(line.indexOf('=') + 1).strip();
                if (section.equals("[remote \"origin\"]")) {
                    return Optional.of(value);
                }
                if (first == null) {
                    first = value;
                }
            }
        }
        return Optional.ofNullable(first);
    }

    /** Host, owner and name of the remote: {@code github.com}, {@code cloudposse}, {@code atmos}. */
    Optional<String[]> remote() {
        return url().flatMap(u -> {
            Matcher m = URL.matcher(u);
            Matcher s = SCP.matcher(u);
            String host;
            String path;
            if (m.matches()) {
                host = m.group(1);
                path = m.group(2);
            } else if (s.matches()) {
                host = s.group(1);
                path = s.group(2);
            } else {
                return Optional.empty();
            }
            path = path.replaceAll("/+$", "").replaceAll("\\.git$", "");
            int slash = path.lastIndexOf('/');
            if (slash <= 0) {
                return Optional.empty();
            }
            return Optional.of(new String[]{host, path.substring(0, slash), path.substring(slash + 1)});
        });
    }

    private Optional<String> head() {
        return read(gitDir.resolve("HEAD"));
    }

    private static Optional<String> read(Path p) {
        try {
            return Files.isRegularFile(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
