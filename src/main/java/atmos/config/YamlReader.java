package atmos.config;

import atmos.error.AtmosException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads one YAML file into {@link YamlValue}s that remember file and line, through SnakeYAML Engine's
 * composer (the node level keeps marks; the object level would lose them).
 *
 * <p>Explicit local tags ({@code !env}, {@code !terraform.state}, …) are kept on the scalar, unevaluated:
 * {@link ConfigFunctions} evaluates the ones this tool needs, only in the sections it reads, so configs
 * full of functions this tool does not implement still load. Merge keys ({@code <<: *anchor}) are
 * honoured as Go's yaml.v3 honours them: explicit keys win over merged ones.
 */
public final class YamlReader {
    private static final String MERGE_KEY = "<<";

    private final Path displayBase;

    /** A reader whose messages show file names as they are. */
    public YamlReader() {
        this(null);
    }

    /** A reader whose messages show file names relative to {@code displayBase} (the working directory). */
    public YamlReader(Path displayBase) {
        this.displayBase = displayBase;
    }

    private String name(Path file) {
        return Source.of(file, 0, 0).display(displayBase);
    }

    /** Reads the first document of {@code file}; an empty file reads as an empty map. */
    public YamlValue read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw AtmosException.config("config file not found: " + name(file), "check the path given with --config or ATMOS_CLI_CONFIG_PATH");
        } catch (IOException e) {
            throw AtmosException.config("cannot read " + name(file) + ": " + e.getMessage(), "check the file's permissions");
        }
        return parse(text, file);
    }

    /** Parses YAML text; {@code file} is only used to name the source in marks and errors. */
    public YamlValue parse(String text, Path file) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file.toString())
                .setUseMarks(true)
                .setAllowDuplicateKeys(true) // detected by us, with both lines in the message
                .setMaxAliasesForCollections(200)
                .build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String where = mark == null ? name(file) : name(file) + ":" + (mark.getLine() + 1);
            throw AtmosException.config(where + ": invalid YAML: " + firstLine(e.getProblem()),
                    "fix the YAML syntax at that line (indentation, quoting, a missing ':')");
        } catch (YamlEngineException e) {
            throw AtmosException.config(name(file) + ": invalid YAML: " + firstLine(e.getMessage()), "fix the YAML syntax");
        }
        if (root.isEmpty()) {
            return YamlValue.Map.empty(Source.of(file, 1, 1));
        }
        return new Converter(file).convert(root.get());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private final class Converter {
        private final Path file;
        // Anchored nodes are shared by aliases; converting each node once keeps alias bombs cheap.
        private final Map<Node, YamlValue> done = new IdentityHashMap<>();

        Converter(Path file) {
            this.file = file;
        }

        Source source(Node node) {
            return node.getStartMark()
                    .map(m -> Source.of(file, m.getLine() + 1, m.getColumn() + 1))
                    .orElse(Source.of(file, 0, 0));
        }

        YamlValue convert(Node node) {
            YamlValue cached = done.get(node);
            if (cached != null) {
                return cached;
            }
            YamlValue value = switch (node.getNodeType()) {
                case SCALAR -> scalar((ScalarNode) node);
                case SEQUENCE -> sequence((SequenceNode) node);
                case MAPPING -> mapping((MappingNode) node);
                default -> throw new IllegalStateException("unknown YAML node type " + node.getNodeType());
            };
            done.put(node, value);
            return value;
        }

        private YamlValue scalar(ScalarNode node) {
            Source src = source(node);
            String tag = localTag(node.getTag());
            String raw = node.getValue();
            boolean plain = node.isPlain();
            if (tag == null) {
                boolean isNull = plain && isNullLiteral(raw);
                return new YamlValue.Scalar(isNull ? null : raw, null, plain, null, src);
            }
            return new YamlValue.Scalar(raw, tag, plain, null, src);
        }

        private YamlValue sequence(SequenceNode node) {
            List<YamlValue> items = new ArrayList<>();
            for (Node child : node.getValue()) {
                items.add(convert(child));
            }
            return new YamlValue.Seq(items, source(node), localTag(node.getTag()));
        }

        private YamlValue mapping(MappingNode node) {
            Map<String, YamlValue> entries = new LinkedHashMap<>();
            Map<String, Source> keySources = new LinkedHashMap<>();
            List<YamlValue.Map> merged = new ArrayList<>();
            for (NodeTuple tuple : node.getValue()) {
                Node keyNode = tuple.getKeyNode();
                Source keySource = source(keyNode);
                String key = keyText(keyNode, keySource);
                YamlValue value = convert(tuple.getValueNode());
                if (MERGE_KEY.equals(key) && keyNode instanceof ScalarNode sk && sk.isPlain()) {
                    collectMerge(value, merged, keySource);
                    continue;
                }
                if (entries.containsKey(key)) {
                    throw AtmosException.config(keySource.display(displayBase) + ": mapping key \"" + key
                                    + "\" already defined at line " + keySources.get(key).line(),
                            "remove one of the two definitions");
                }
                entries.put(key, value);
                keySources.put(key, keySource);
            }
            if (!merged.isEmpty()) {
                // Explicit keys win; among merged maps, the first listed wins (YAML merge-key rules).
                Map<String, YamlValue> all = new LinkedHashMap<>();
                Map<String, Source> allSources = new LinkedHashMap<>();
                for (YamlValue.Map m : merged) {
                    m.entries().forEach((k, v) -> {
                        if (!all.containsKey(k)) {
                            all.put(k, v);
                            allSources.put(k, m.sourceOf(k));
                        }
                    });
                }
                all.putAll(entries);
                allSources.putAll(keySources);
                entries = all;
                keySources = allSources;
            }
            return new YamlValue.Map(entries, keySources, source(node));
        }

        private void collectMerge(YamlValue value, List<YamlValue.Map> merged, Source where) {
            if (value instanceof YamlValue.Map m) {
                merged.add(m);
            } else if (value instanceof YamlValue.Seq s) {
                for (YamlValue item : s.items()) {
                    collectMerge(item, merged, where);
                }
            } else {
                throw AtmosException.config(where.display(displayBase) + ": the merge key '<<' needs a map or a list of maps",
                        "write '<<: *anchor' where the anchor names a map");
            }
        }

        private String keyText(Node keyNode, Source where) {
            if (keyNode instanceof ScalarNode s) {
                return s.getValue();
            }
            throw AtmosException.config(where.display(displayBase) + ": mapping keys must be plain strings",
                    "write the key as a plain string");
        }
    }

    /** Local tags (written {@code !name}) are returned without change; standard {@code !!} tags as null. */
    private static String localTag(Tag tag) {
        String value = tag.getValue();
        return value.startsWith("!") ? value : null;
    }

    static boolean isNullLiteral(String raw) {
        return raw.isEmpty() || raw.equals("~") || raw.equals("null") || raw.equals("Null") || raw.equals("NULL");
    }
}
