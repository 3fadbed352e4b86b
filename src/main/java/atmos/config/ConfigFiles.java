package atmos.config;

import atmos.config.ConfigDiscovery.ConfigSource;
import atmos.error.AtmosException;
import atmos.system.Host;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the files of one load as Atmos does: a source with its {@code atmos.d/} fragments and its
 * {@code import:} list (paths, directories and globs, relative to the importing file's
 * {@code base_path}, each importer winning over what it imports, ten levels deep at most), and a
 * profile's directory. Records every file read and every warning (remote or missing imports) for the
 * configuration it becomes part of.
 */
final class ConfigFiles {
    private static final int MAX_IMPORT_DEPTH = 10;
    private static final List<String> REMOTE_PREFIXES = List.of("http://", "https://", "git::", "git@", "s3::",
            "s3://", "gcs::", "gcs://", "oci://", "file://", "hg::", "scp://", "sftp://", "github.com/", "bitbucket.org/");

    private final Host host;
    private final Path gitRoot;
    private final ConfigFunctions functions;
    /** The load's reader: one budget for everything it reads. */
    final YamlReader reader;
    /** Every file read, in order. */
    final List<Path> files = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    ConfigFiles(Host host, Path gitRoot, ConfigFunctions functions, YamlReader reader) {
        this.host = host;
        this.gitRoot = gitRoot;
        this.functions = functions;
        this.reader = reader;
    }

    /** A source: (with its extras) the git root's and its directory's fragments, then its imports, then the file. */
    YamlValue source(ConfigSource s) {
        Path dir = s.file().toAbsolutePath().getParent();
        YamlValue layer = YamlValue.Map.empty(Source.of(s.file(), 1, 1));
        if (s.withExtras()) {
            if (gitRoot != null && !gitRoot.equals(dir)) {
                layer = DeepMerge.merge(layer, fragments(gitRoot));
            }
            layer = DeepMerge.merge(layer, fragments(dir));
        }
        return DeepMerge.merge(layer, fileWithImports(s.file(), s.withExtras(), null, 1));
    }

    /** A profile: every YAML file of its directory with its imports, by depth then path. */
    YamlValue profile(String name, Path dir) {
        YamlValue layer = YamlValue.Map.empty(Source.synthetic("profile " + name));
        List<Path> yamlFiles = yamlFilesUnder(dir);
        if (yamlFiles.isEmpty()) {
            warnings.add("profile \"" + name + "\" (" + dir + ") has no .yaml files");
        }
        for (Path f : yamlFiles) {
            layer = DeepMerge.merge(layer, fileWithImports(f, true, null, 1));
        }
        return layer;
    }

    private YamlValue fragments(Path dir) {
        YamlValue layer = YamlValue.Map.empty(Source.synthetic("fragments"));
        for (String name : List.of("atmos.d", ".atmos.d")) {
            Path d = dir.resolve(name);
            if (inputs().isDirectory(d)) {
                for (Path f : yamlFilesUnder(d)) {
                    layer = DeepMerge.merge(layer, fileWithImports(f, true, null, 1));
                }
            }
        }
        return layer;
    }

    /** The file's imports (recursively, each importer winning over what it imports), then the file. */
    private YamlValue fileWithImports(Path file, boolean followImports, Path inheritedAnchor, int depth) {
        inputs().path(file);
        YamlValue own = reader.read(file);
        files.add(file);
        if (!followImports) {
            return own;
        }
        YamlValue.Map map = Types.document(own, host.cwd());
        List<Import> imports = importList(map);
        if (imports.isEmpty()) {
            return own;
        }
        Path anchor = importAnchor(map, file, inheritedAnchor);
        YamlValue layer = YamlValue.Map.empty(own.source());
        for (Import imp : imports) {
            String where = imp.source().display(host.cwd());
            for (Path f : resolveImport(imp.path(), anchor, where)) {
                if (depth >= MAX_IMPORT_DEPTH) {
                    warnings.add(where + ": import \"" + imp.path() + "\" is nested more than " + MAX_IMPORT_DEPTH + " levels deep; skipped");
                    continue;
                }
                layer = DeepMerge.merge(layer, fileWithImports(f, true, anchor, depth + 1));
            }
        }
        return DeepMerge.merge(layer, own);
    }

    /** The {@code import:} entries with where each was written (a list, or one comma-separated string). */
    private List<Import> importList(YamlValue.Map map) {
        YamlValue v = map.get("import");
        if (v == null) {
            return List.of();
        }
        YamlValue value = functions.evaluate(v);
        List<Import> out = new ArrayList<>();
        if (value instanceof YamlValue.Seq seq) {
            for (int i = 0; i < seq.items().size(); i++) {
                YamlValue item = seq.items().get(i);
                if (!(item instanceof YamlValue.Scalar sc)) {
                    throw AtmosException.config(item.source().display(host.cwd()) + ": import[" + i + "]: expected a path (got "
                            + Types.describe(item) + ")", "write each import as a path or glob, e.g. - stacks/catalog/*.yaml");
                }
                if (sc.value() != null && !sc.value().isBlank()) {
                    out.add(new Import(sc.value().strip(), sc.source()));
                }
            }
        } else if (value instanceof YamlValue.Scalar sc) {
            ConfigLoader.splitList(sc.value() == null ? "" : sc.value()).forEach(path -> out.add(new Import(path, sc.source())));
        } else {
            throw AtmosException.config(map.sourceOf("import").display(host.cwd()) + ": import: expected a list of paths (got "
                    + Types.describe(value) + ")", "write import as a list: import: [path/one.yaml, path/two.yaml]");
        }
        return out;
    }

    /** Imports are relative to the importing file's base_path, resolved as Atmos resolves base_path. */
    private Path importAnchor(YamlValue.Map map, Path file, Path inherited) {
        Optional<String> runtime = BasePaths.runtime(host, null);
        if (runtime.isPresent()) {
            return host.expandHome(runtime.get());
        }
        Path dir = file.toAbsolutePath().getParent();
        YamlValue bp = map.get("base_path");
        if (bp == null) {
            return inherited != null ? inherited : (gitRoot != null ? gitRoot : dir);
        }
        String value = Types.pathText(functions.evaluate(bp), "base_path", host.cwd());
        return BasePaths.resolve(host, value, dir, gitRoot);
    }

    /** Where {@code imp} points; {@code from} is where it was written ({@code atmos.yaml:3}), for warnings. */
    private List<Path> resolveImport(String imp, Path anchor, String from) {
        String lower = imp.toLowerCase(Locale.ROOT);
        for (String prefix : REMOTE_PREFIXES) {
            if (lower.startsWith(prefix)) {
                warnings.add(from + ": remote import \"" + imp + "\" is not supported by atmos-java; skipped");
                return List.of();
            }
        }
        Path p = imp.startsWith("~") ? host.expandHome(imp) : anchor.resolve(imp).normalize();
        if (inputs().isRegularFile(p)) {
            return List.of(p);
        }
        if (!imp.contains("*") && !imp.contains("?") && !imp.contains("[") && !imp.contains("{")) {
            for (String ext : List.of(".yaml", ".yml")) {
                Path withExt = Path.of(p + ext);
                if (inputs().isRegularFile(withExt)) {
                    return List.of(withExt);
                }
            }
            if (inputs().isDirectory(p)) {
                return yamlFilesUnder(p);
            }
            warnings.add(from + ": import \"" + imp + "\" not found (looked for " + p + "); skipped");
            return List.of();
        }
        List<Path> matches = glob(anchor, imp);
        if (matches.isEmpty()) {
            warnings.add(from + ": import \"" + imp + "\" matched no files under " + anchor + "; skipped");
        }
        return matches;
    }

    /** One entry of an {@code import:} list and where it was written. */
    private record Import(String path, Source source) {
    }

    /** Every .yaml/.yml file under {@code dir}, recursively; x.yaml wins over x.yml; by depth, then path. */
    private List<Path> yamlFilesUnder(Path dir) {
        try {
            List<Path> all = inputs().walk(dir, false).stream().filter(Files::isRegularFile).filter(ConfigFiles::isYaml)
                    .collect(Collectors.toList());
            return sortConfigFiles(dir, all);
        } catch (IOException e) {
            throw AtmosException.config("cannot read directory " + dir + ": " + e.getMessage(), "check its permissions");
        }
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    private static List<Path> sortConfigFiles(Path root, List<Path> files) {
        Set<String> yamlStems = new java.util.HashSet<>();
        for (Path f : files) {
            String s = f.toString();
            if (s.endsWith(".yaml")) {
                yamlStems.add(s.substring(0, s.length() - 5));
            }
        }
        return files.stream()
                .filter(f -> !(f.toString().endsWith(".yml") && yamlStems.contains(f.toString().substring(0, f.toString().length() - 4))))
                .sorted(Comparator.<Path>comparingInt(f -> root.relativize(f).getNameCount()).thenComparing(Path::toString))
                .collect(Collectors.toList());
    }

    private List<Path> glob(Path anchor, String pattern) {
        Path abs = anchor.resolve(pattern).normalize();
        // Walk from the longest directory prefix without wildcards.
        Path start = abs.getRoot();
        for (Path part : abs) {
            String s = part.toString();
            if (s.contains("*") || s.contains("?") || s.contains("[") || s.contains("{")) {
                break;
            }
            start = start.resolve(s);
        }
        if (!inputs().isDirectory(start)) {
            return List.of();
        }
        String glob = abs.toString();
        PathMatcher full = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        // doublestar lets "**/" match zero directories; Java's glob does not, so try both forms.
        PathMatcher zeroDirs = FileSystems.getDefault().getPathMatcher("glob:" + glob.replace("**/", ""));
        try {
            List<Path> hits = inputs().walk(start, false).stream().filter(Files::isRegularFile)
                    .filter(p -> full.matches(p) || zeroDirs.matches(p))
                    .filter(p -> isYaml(p) || pattern.endsWith(p.getFileName().toString()))
                    .collect(Collectors.toList());
            return sortConfigFiles(start, hits);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Where every file this load reads or looks for is recorded (for the snapshot of the answer). */
    private atmos.system.Inputs inputs() {
        return host.inputs();
    }
}
