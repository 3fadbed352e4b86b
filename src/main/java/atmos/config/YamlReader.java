package atmos.config;

import atmos.error.AtmosException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads one YAML file into {@link YamlValue}s that remember file and line, through SnakeYAML Engine's
 * composer (the node level keeps marks; the object level would lose them).
 *
 * <p>Explicit local tags ({@code !env}, {@code !terraform.state}, …) are kept on the scalar, unevaluated:
 * {@link ConfigFunctions} evaluates the ones this tool needs, only in the sections it reads, so configs
 * full of functions this tool does not implement still load. Merge keys ({@code <<: *anchor}) are
 * honoured as Go's yaml.v3 honours them: explicit keys win over merged ones.
 *
 * <p>Hostile input is bounded ({@link ConfigLimits}): files are size-checked before reading, nesting
 * deeper than {@link ConfigLimits#MAX_DEPTH} stops the parser before the (recursive) composer can
 * overflow the stack, and a node reached through many aliases is converted once and shared, its
 * expanded size charged to the load's {@link ConfigLimits.Budget} so a "billion laughs" file is refused
 * at the line where it grows too large instead of being expanded by later walks.
 */
public final class YamlReader {
    private static final String MERGE_KEY = "<<";

    private final Path displayBase;
    private final ConfigLimits.Budget budget;

    /** A reader whose messages show file names as they are. */
    public YamlReader() {
        this(null);
    }

    /**
     * A reader whose messages show file names relative to {@code displayBase} (the working directory);
     * each document it reads has the expansion limits to itself (the reader may be shared by threads).
     */
    public YamlReader(Path displayBase) {
        this(displayBase, null);
    }

    /**
     * A reader that charges every document it reads to {@code budget}, so that the files of one load of
     * the configuration share one limit; null gives each document its own. Not for use by several
     * threads at once when a budget is given.
     */
    public YamlReader(Path displayBase, ConfigLimits.Budget budget) {
        this.displayBase = displayBase;
        this.budget = budget;
    }

    private ConfigLimits.Budget budgetFor() {
        return budget != null ? budget : new ConfigLimits.Budget();
    }

    /** How messages name the file (relative to the working directory when under it). */
    String display(Path file) {
        return name(file);
    }

    private String name(Path file) {
        return Source.of(file, 0, 0).display(displayBase);
    }

    /** Reads the first document of {@code file}; an empty file reads as an empty map. */
    public YamlValue read(Path file) {
        String text;
        try {
            text = ConfigLimits.readText(file, name(file));
        } catch (NoSuchFileException e) {
            throw AtmosException.config("config file not found: " + name(file), "check the path given with --config or ATMOS_CLI_CONFIG_PATH");
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
                .setCodePointLimit((int) ConfigLimits.MAX_FILE_BYTES)
                .build();
        if (text.length() > ConfigLimits.MAX_FILE_BYTES) {
            throw AtmosException.config(name(file) + ": more than " + ConfigLimits.mib(ConfigLimits.MAX_FILE_BYTES) + " of YAML",
                    "configuration files must be at most " + ConfigLimits.mib(ConfigLimits.MAX_FILE_BYTES));
        }
        Optional<Node> root;
        DepthLimitedParser parser = new DepthLimitedParser(new ParserImpl(settings, new StreamReader(settings, text)), file);
        try {
            root = new Composer(settings, parser).getSingleNode();
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String where = mark == null ? name(file) : name(file) + ":" + (mark.getLine() + 1);
            throw AtmosException.config(where + ": invalid YAML: " + firstLine(e.getProblem()),
                    "fix the YAML syntax at that line (indentation, quoting, a missing ':')");
        } catch (YamlEngineException e) {
            String message = firstLine(e.getMessage());
            boolean aliases = message.contains("aliases");
            throw AtmosException.config(parser.where() + ": invalid YAML: " + message,
                    aliases ? "an alias (*name) repeats its anchor's value each time it is used; use fewer aliases of maps and lists"
                            : "fix the YAML syntax");
        }
        if (root.isEmpty()) {
            return YamlValue.Map.empty(Source.of(file, 1, 1));
        }
        Converter converter = new Converter(file, budgetFor());
        YamlValue value = converter.convert(root.get());
        converter.chargeAll(value);
        return value;
    }

    /**
     * Charges a value built elsewhere (a command's JSON output, an included raw or .env file) to this
     * reader's budget, as if it had been read from a file, and returns it.
     */
    YamlValue adopt(YamlValue value) {
        new Converter(value.source().file(), budgetFor()).chargeAll(value);
        return value;
    }

    /**
     * SnakeYAML's composer recurses once per nesting level; this parser stops at
     * {@link ConfigLimits#MAX_DEPTH} before the stack can overflow, and remembers the line of the last
     * event so that errors without a mark of their own (too many aliases) still name a line.
     */
    private final class DepthLimitedParser implements Parser {
        private final Parser inner;
        private final Path file;
        private int depth;
        private int line;

        DepthLimitedParser(Parser inner, Path file) {
            this.inner = inner;
            this.file = file;
        }

        String where() {
            return line > 0 ? name(file) + ":" + line : name(file);
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return inner.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return inner.peekEvent();
        }

        @Override
        public boolean hasNext() {
            return inner.hasNext();
        }

        @Override
        public Event next() {
            Event e = inner.next();
            e.getStartMark().ifPresent(m -> line = m.getLine() + 1);
            switch (e.getEventId()) {
                case MappingStart, SequenceStart -> {
                    if (++depth > ConfigLimits.MAX_DEPTH) {
                        throw AtmosException.config(where() + ": nested more than " + ConfigLimits.MAX_DEPTH + " levels deep",
                                "flatten the structure; maps and lists may nest at most " + ConfigLimits.MAX_DEPTH + " levels");
                    }
                }
                case MappingEnd, SequenceEnd -> depth--;
                default -> {
                    // scalars, aliases, documents: no change of depth
                }
            }
            return e;
        }
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
        // Nodes being converted: meeting one again means an alias refers to its own ancestor.
        private final Map<Node, Boolean> inProgress = new IdentityHashMap<>();
        // Expanded size of each converted value {values, characters}, computed once per shared value.
        private final Map<YamlValue, long[]> sizes = new IdentityHashMap<>();
        private final ConfigLimits.Budget budget;

        Converter(Path file, ConfigLimits.Budget budget) {
            this.file = file;
            this.budget = budget;
        }

        /** Measures {@code value} (refusing it when too large) and charges it to the budget. */
        void chargeAll(YamlValue value) {
            long[] size = size(value);
            budget.charge(size[0], size[1]);
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
            if (inProgress.put(node, Boolean.TRUE) != null) {
                throw AtmosException.config(source(node).display(displayBase) + ": an alias refers to a map or list that contains it",
                        "a value cannot include itself; copy the part you need instead of aliasing its parent");
            }
            YamlValue value = switch (node.getNodeType()) {
                case SCALAR -> scalar((ScalarNode) node);
                case SEQUENCE -> sequence((SequenceNode) node);
                case MAPPING -> mapping((MappingNode) node);
                default -> throw new IllegalStateException("unknown YAML node type " + node.getNodeType());
            };
            inProgress.remove(node);
            measure(value);
            done.put(node, value);
            return value;
        }

        /** The expanded size of a converted value: {values, characters of keys and scalars}. */
        long[] size(YamlValue value) {
            long[] known = sizes.get(value);
            return known != null ? known : measure(value);
        }

        /**
         * Sizes a value from its (already measured) children and refuses it when, expanded, it would
         * exceed what is left of the load's budget: the first node to do so names the line to look at.
         */
        private long[] measure(YamlValue value) {
            long values = 1;
            long text = 0;
            if (value instanceof YamlValue.Scalar sc) {
                text = sc.value() == null ? 0 : sc.value().length();
            } else if (value instanceof YamlValue.Seq seq) {
                for (YamlValue item : seq.items()) {
                    long[] s = size(item);
                    values += s[0];
                    text += s[1];
                }
            } else if (value instanceof YamlValue.Map map) {
                for (Map.Entry<String, YamlValue> e : map.entries().entrySet()) {
                    long[] s = size(e.getValue());
                    values += s[0];
                    text += s[1] + e.getKey().length();
                }
            }
            if (values > budget.remainingValues()) {
                throw AtmosException.config(value.source().display(displayBase) + ": too many values once aliases are expanded"
                                + " (the configuration may hold at most " + String.format(java.util.Locale.ROOT, "%,d", ConfigLimits.MAX_VALUES) + ")",
                        "an alias (*name) repeats its anchor's whole value each time it is used; alias big maps and lists less often");
            }
            if (text > budget.remainingText()) {
                throw AtmosException.config(value.source().display(displayBase) + ": too much text once aliases are expanded"
                                + " (the configuration may hold at most " + ConfigLimits.mib(ConfigLimits.MAX_TEXT) + ")",
                        "an alias (*name) repeats its anchor's whole value each time it is used; alias long values less often");
            }
            long[] size = {values, text};
            sizes.put(value, size);
            return size;
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
