package atmos.stack;

import atmos.config.Source;
import atmos.config.YamlValue;
import atmos.error.AtmosException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One stack manifest with all its imports, processed as Atmos's {@code ProcessYAMLConfigFile} does:
 * imports (relative to the stacks base path, or to the importing file for {@code ./}/{@code ../}),
 * with {@code .yaml}/{@code .yml}/{@code .yaml.tmpl} found without an extension, globs, import objects
 * with {@code context} (rendered into the imported file as a Go template, inherited by its own imports
 * with the parent's keys winning), {@code skip_templates_processing},
 * {@code ignore_missing_template_values}, {@code skip_if_missing}; {@code overrides} sections (global,
 * {@code terraform:}, {@code helmfile:}) applied to the components of the file that declares them and
 * of everything it imports; deep-merged imports first, the file last.
 *
 * <p>Cycles are reported with the whole chain; a missing import names the importing file and line.
 * Results that do not depend on a context or inherited overrides are memoized per file, so shared
 * {@code _defaults} chains are processed once per run.
 */
final class StackLoader {
    private final StackSettings settings;
    private final Manifests manifests;
    private final TemplateRenderer templates;
    private final Merge merge;
    private final Map<Path, FileResult> memo = new ConcurrentHashMap<>();
    private final StackFunctions functions;
    private static final java.util.regex.Pattern LOCALS = java.util.regex.Pattern.compile("(?m)^\\s*locals\\s*:");

    StackLoader(StackSettings settings, Manifests manifests, TemplateRenderer templates) {
        this.settings = settings;
        this.manifests = manifests;
        this.templates = templates;
        this.merge = Merge.of(settings.listMergeStrategy());
        this.functions = new StackFunctions(settings);
    }

    /** A processed top-level stack manifest. */
    record Loaded(Path file, String stackFile, YamlValue.Map merged, YamlValue.Map own,
                  Map<String, YamlValue.Map> imports, List<String> importKeys) {
    }

    /** What processing one file gives its importer. */
    record FileResult(YamlValue.Map merged, YamlValue.Map own, YamlValue.Map tfInline, YamlValue.Map tfImports,
                      YamlValue.Map hfInline, YamlValue.Map hfImports, Map<String, YamlValue.Map> imports) {
    }

    /** How an import asks for its file to be processed. */
    record ImportSpec(String path, YamlValue.Map context, boolean skipTemplates, boolean ignoreMissing, boolean skipIfMissing,
                      Source source) {
    }

    Loaded load(Path file) {
        YamlValue.Map empty = Values.emptyMap();
        FileResult r = process(file, empty, empty, new ArrayList<>(), false, settings.ignoreMissingTemplateValues(), false,
                empty, empty, empty, empty);
        List<String> keys = new ArrayList<>(new TreeSet<>(r.imports().keySet()));
        return new Loaded(file, stackFileName(file), r.merged(), r.own(), r.imports(), keys);
    }

    /** The stack file name Atmos uses: the path relative to the stacks base without {@code .yaml}/{@code .yml}. */
    String stackFileName(Path file) {
        String rel = relative(file);
        if (rel.endsWith(".yaml")) {
            return rel.substring(0, rel.length() - 5);
        }
        if (rel.endsWith(".yml")) {
            return rel.substring(0, rel.length() - 4);
        }
        return rel;
    }

    String relative(Path file) {
        Path base = settings.stacksBase();
        Path abs = file.toAbsolutePath().normalize();
        return (abs.startsWith(base) ? base.relativize(abs) : abs).toString().replace('\\', '/');
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private FileResult process(Path file, YamlValue.Map context, YamlValue.Map importPathContext, List<Path> chain,
                               boolean skipTemplates, boolean ignoreMissing,
                               boolean skipIfMissing, YamlValue.Map tfInlineParent, YamlValue.Map tfImportsParent,
                               YamlValue.Map hfInlineParent, YamlValue.Map hfImportsParent) {
        Path abs = file.toAbsolutePath().normalize();
        boolean pure = context.entries().isEmpty() && importPathContext.entries().isEmpty() && tfInlineParent.entries().isEmpty() && tfImportsParent.entries().isEmpty()
                && hfInlineParent.entries().isEmpty() && hfImportsParent.entries().isEmpty() && !skipTemplates
                && ignoreMissing == settings.ignoreMissingTemplateValues();
        if (chain.contains(abs)) {
            List<String> names = new ArrayList<>();
            for (Path p : chain.subList(chain.indexOf(abs), chain.size())) {
                names.add(relative(p));
            }
            names.add(relative(abs));
            throw AtmosException.config("import cycle: " + String.join(" → ", names),
                    "remove one of these imports; a manifest must not import itself, directly or through other manifests");
        }
        if (pure) {
            FileResult cached = memo.get(abs);
            if (cached != null) {
                return cached;
            }
        }
        String rel = relative(abs);
        var text = manifests.text(abs);
        if (text.isEmpty()) {
            if (skipIfMissing) {
                return emptyResult();
            }
            throw AtmosException.config("stack manifest not found: " + rel, "check stacks.base_path and the import paths");
        }
        if (text.get().isEmpty()) {
            return emptyResult();
        }

        YamlValue.Map own = parse(abs, rel, text.get(), context, skipTemplates, ignoreMissing);

        YamlValue.Map globalOverrides = section(own, "overrides", rel);
        YamlValue.Map terraform = section(own, "terraform", rel);
        YamlValue.Map helmfile = section(own, "helmfile", rel);
        YamlValue.Map tfOverrides = section(terraform, "overrides", rel);
        YamlValue.Map hfOverrides = section(helmfile, "overrides", rel);
        YamlValue.Map tfInline = merge.merge(globalOverrides, tfOverrides, tfInlineParent);
        YamlValue.Map hfInline = merge.merge(globalOverrides, hfOverrides, hfInlineParent);
        YamlValue.Map tfImports = tfImportsParent;
        YamlValue.Map hfImports = hfImportsParent;

        List<YamlValue.Map> layers = new ArrayList<>();
        Map<String, YamlValue.Map> imports = new LinkedHashMap<>();
        List<Path> childChain = new ArrayList<>(chain);
        childChain.add(abs);
        YamlValue.Map accumulated = importPathContext;
        for (ImportSpec spec : importSpecs(own, rel)) {
            String imp = renderImportPath(spec, accumulated, rel);
            List<Path> matches = resolveImport(imp, spec, abs, rel);
            YamlValue.Map childContext = merge.merge(spec.context(), context);
            YamlValue.Map childImportContext = accumulated;
            for (Path match : matches) {
                FileResult child = process(match, childContext, childImportContext, childChain, spec.skipTemplates(),
                        spec.ignoreMissing() || settings.ignoreMissingTemplateValues(), spec.skipIfMissing(),
                        tfInline, tfImports, hfInline, hfImports);
                tfImports = merge.merge(tfImports, child.tfImports(), child.tfInline());
                hfImports = merge.merge(hfImports, child.hfImports(), child.hfInline());
                layers.add(child.merged());
                imports.putAll(child.imports());
                imports.put(importKey(match), child.own());
                YamlValue.Map sections = pathSections(child.merged());
                if (!sections.entries().isEmpty()) {
                    accumulated = merge.merge(accumulated, sections);
                }
            }
        }

        YamlValue.Map tfFinal = merge.merge(tfImports, tfInline);
        YamlValue.Map hfFinal = merge.merge(hfImports, hfInline);
        own = injectOverrides(own, "terraform", tfFinal);
        own = injectOverrides(own, "helmfile", hfFinal);
        if (!own.entries().isEmpty()) {
            layers.add(own);
        }
        YamlValue.Map merged = merge.merge(layers);
        FileResult result = new FileResult(merged, own, tfInline, tfImports, hfInline, hfImports, imports);
        if (pure) {
            memo.put(abs, result);
        }
        return result;
    }

    private static FileResult emptyResult() {
        YamlValue.Map e = Values.emptyMap();
        return new FileResult(e, e, e, e, e, e, Map.of());
    }

    /** The key Atmos files an import under: relative to the stacks base, without its last extension. */
    private String importKey(Path file) {
        String rel = relative(file);
        int slash = rel.lastIndexOf('/');
        int dot = rel.lastIndexOf('.');
        return dot > slash + 0 && dot > 0 ? rel.substring(0, dot) : rel;
    }

    private YamlValue.Map parse(Path abs, String rel, String text, YamlValue.Map context, boolean skipTemplates, boolean ignoreMissing) {
        boolean contextGiven = !context.entries().isEmpty();
        YamlValue.Map ctx = context;
        Locals.Result locals = null;
        if (!skipTemplates && LOCALS.matcher(text).find()) {
            YamlValue.Map raw = manifests.parse(text, abs);
            if (Locals.present(raw)) {
                locals = Locals.resolve(raw, ctx, templates, v -> functions.evaluate(v, rel), rel);
                ctx = locals.context();
            }
        }
        boolean isTemplate = abs.getFileName().toString().endsWith(".tmpl");
        if (!skipTemplates && (isTemplate || !ctx.entries().isEmpty()) && templates.hasActions(text)) {
            String rendered;
            try {
                rendered = templates.render(rel, structured(abs, text, ctx, isTemplate), Values.plain(ctx), ignoreMissing);
            } catch (TemplateRenderer.TemplateException e) {
                if (contextGiven) {
                    throw AtmosException.config("invalid stack manifest '" + rel + "': " + e.getMessage(),
                            "define the values the template uses in the import's context:, or set ignore_missing_template_values: true on the import");
                }
                rendered = text; // rendered later, with the component's context
            }
            YamlValue.Map parsed = manifests.parse(rendered, abs);
            return locals == null ? parsed : locals.apply(parsed);
        }
        YamlValue.Map parsed = manifests.parsed(abs, text);
        return locals == null ? parsed : locals.apply(parsed);
    }

    /**
     * The text to render: as written, unless a value is exactly one field reference to a map, list,
     * number or boolean of the context ({@code tags: "{{ .locals.tags }}"}), which the Go Atmos replaces
     * by the value itself before rendering (re-writing the file as YAML), so it keeps its type.
     */
    private String structured(Path abs, String text, YamlValue.Map ctx, boolean isTemplate) {
        if (isTemplate || !text.contains("{{")) {
            return text; // a .tmpl file need not be YAML before it is rendered
        }
        YamlValue.Map raw;
        try {
            raw = manifests.parse(text, abs);
        } catch (AtmosException e) {
            return text;
        }
        Map<String, Object> data = Values.plainMap(ctx);
        Object plain = Values.plain(raw);
        Object replaced = Locals.structured(plain, data, templates);
        return replaced.equals(plain) || !changesType(plain, replaced) ? text : atmos.text.GoYaml.write(replaced);
    }

    /** True when a replacement put something other than a string where a template string was. */
    private static boolean changesType(Object before, Object after) {
        if (before instanceof Map<?, ?> b && after instanceof Map<?, ?> a) {
            return b.entrySet().stream().anyMatch(e -> changesType(e.getValue(), a.get(e.getKey())));
        }
        if (before instanceof List<?> b && after instanceof List<?> a) {
            for (int i = 0; i < b.size(); i++) {
                if (changesType(b.get(i), a.get(i))) {
                    return true;
                }
            }
            return false;
        }
        return before instanceof String && !(after instanceof String);
    }

    private static YamlValue.Map section(YamlValue.Map map, String key, String rel) {
        YamlValue v = map.get(key);
        if (v == null) {
            return Values.emptyMap();
        }
        if (v instanceof YamlValue.Map m) {
            return m;
        }
        throw AtmosException.config("invalid '" + key + "' section in the stack manifest '" + rel + "' (line " + v.source().line() + ")",
                "'" + key + "' must be a map (key: value)");
    }

    private List<ImportSpec> importSpecs(YamlValue.Map own, String rel) {
        YamlValue section = own.get("import");
        if (section == null || section instanceof YamlValue.Scalar s && s.isNull()) {
            return List.of();
        }
        if (!(section instanceof YamlValue.Seq seq)) {
            throw AtmosException.config("invalid 'import' section in the file '" + rel + "' (line " + section.source().line() + ")",
                    "'import' must be a list of paths or of {path: …} objects");
        }
        List<ImportSpec> out = new ArrayList<>();
        for (YamlValue item : seq.items()) {
            if (item instanceof YamlValue.Scalar s) {
                String p = Values.string(s);
                if (p == null || p.isEmpty()) {
                    throw AtmosException.config("invalid import (empty) in the file '" + rel + "' (line " + s.source().line() + ")",
                            "remove the empty entry or give the path to import");
                }
                out.add(new ImportSpec(relativeTo(p, rel), Values.emptyMap(), false, false, false, s.source()));
            } else if (item instanceof YamlValue.Map m) {
                String p = Values.string(m.get("path"));
                if (p == null || p.isEmpty()) {
                    throw AtmosException.config("invalid import in the file '" + rel + "' (line " + m.source().line() + "): 'path' is required",
                            "write the import as {path: catalog/vpc, context: {...}}");
                }
                YamlValue ctx = m.get("context");
                out.add(new ImportSpec(relativeTo(p, rel), ctx instanceof YamlValue.Map cm ? cm : Values.emptyMap(),
                        bool(m.get("skip_templates_processing")), bool(m.get("ignore_missing_template_values")),
                        bool(m.get("skip_if_missing")), m.sourceOf("path")));
            } else {
                throw AtmosException.config("invalid import in the file '" + rel + "' (line " + item.source().line() + ")",
                        "an import is a path or a {path: …} object");
            }
        }
        return out;
    }

    private static boolean bool(YamlValue v) {
        return Values.plain(v) instanceof Boolean b && b;
    }

    /** {@code ./x} and {@code ../x} are relative to the importing file; other paths to the stacks base. */
    private static String relativeTo(String path, String importingRel) {
        String first = path.split("/", 2)[0];
        if (first.equals(".") || first.equals("..")) {
            int slash = importingRel.lastIndexOf('/');
            String dir = slash < 0 ? "" : importingRel.substring(0, slash);
            return Path.of(dir.isEmpty() ? "." : dir).resolve(path).normalize().toString().replace('\\', '/');
        }
        return path;
    }

    private String renderImportPath(ImportSpec spec, YamlValue.Map accumulated, String rel) {
        String imp = spec.path();
        if (spec.skipTemplates() || !imp.contains("{{") || !settings.templatesEnabled()) {
            return imp;
        }
        YamlValue.Map data = spec.context().entries().isEmpty() ? accumulated : merge.merge(accumulated, spec.context());
        try {
            return templates.render("import-path(" + rel + ")", imp, Values.plain(data),
                    spec.ignoreMissing() || settings.ignoreMissingTemplateValues());
        } catch (TemplateRenderer.TemplateException e) {
            throw AtmosException.config("import path '" + imp + "' in file '" + rel + "': " + e.getMessage(),
                    "define the referenced variable in an earlier import (e.g. a _defaults file) or in this import's context:");
        }
    }

    private static YamlValue.Map pathSections(YamlValue.Map merged) {
        Map<String, YamlValue> out = new LinkedHashMap<>();
        for (String k : List.of("settings", "vars", "env")) {
            YamlValue v = merged.get(k);
            if (v != null && !(v instanceof YamlValue.Scalar s && s.isNull())) {
                out.put(k, v);
            }
        }
        return out.isEmpty() ? Values.emptyMap() : new YamlValue.Map(out, Map.of(), merged.source());
    }

    private List<Path> resolveImport(String imp, ImportSpec spec, Path importing, String rel) {
        if (isRemote(imp)) {
            throw AtmosException.config(rel + ":" + spec.source().line() + ": remote import is not supported by atmos-java: " + imp,
                    "download the manifest into the stacks directory (atmos vendor pull, or by hand) and import it by path");
        }
        Path base = settings.stacksBase();
        String withExt = imp;
        String name = imp.substring(imp.lastIndexOf('/') + 1);
        String ext = name.lastIndexOf('.') > 0 ? name.substring(name.lastIndexOf('.')) : "";
        if (ext.isEmpty()) {
            withExt = imp + ".yaml";
            for (String e : List.of(".yaml", ".yml", ".yaml.tmpl", ".yml.tmpl")) {
                if (!Glob.hasMeta(imp) && settings.host().inputs().exists(base.resolve(imp + e))) {
                    withExt = imp + e;
                    break;
                }
            }
        } else if (ext.equals(".yaml") || ext.equals(".yml")) {
            if (!Glob.hasMeta(imp) && settings.host().inputs().exists(base.resolve(imp + ".tmpl"))) {
                withExt = imp + ".tmpl";
            }
        }
        Path target = StackSettings.join(base, withExt);
        if (target.equals(importing.toAbsolutePath().normalize())) {
            throw AtmosException.config("import cycle: manifest '" + rel + "' imports itself via '" + imp + "' (line " + spec.source().line() + ")",
                    "remove the import of the file from itself");
        }
        List<Path> matches = Glob.files(target.toString(), settings.host().inputs());
        if (matches.isEmpty()) {
            if (spec.skipIfMissing() || templates.hasActions(imp)) {
                return List.of();
            }
            throw AtmosException.config("import '" + imp + "' not found: " + rel + ":" + spec.source().line()
                            + " imports it, but there is no " + base.relativize(target).toString().replace('\\', '/') + " under " + base,
                    "imports are relative to stacks.base_path (or to the importing file when they start with ./ or ../); "
                            + "fix the path or add 'skip_if_missing: true' to the import");
        }
        return matches;
    }

    /** Atmos's stack-import IsRemote: a scheme ({@code https://}, {@code git::}) or a go-getter host path ({@code github.com/org/repo//x}). */
    static boolean isRemote(String imp) {
        if (imp.contains("://") || imp.contains("::")) {
            return true;
        }
        int subdir = imp.indexOf("//");
        String first = imp.split("/", 2)[0];
        return subdir > 0 && first.contains(".") && !first.equals(".") && !first.equals("..");
    }

    private YamlValue.Map injectOverrides(YamlValue.Map own, String type, YamlValue.Map overrides) {
        if (overrides.entries().isEmpty() || !(own.get("components") instanceof YamlValue.Map components)
                || !(components.get(type) instanceof YamlValue.Map typed)) {
            return own;
        }
        Map<String, YamlValue> comps = new LinkedHashMap<>();
        typed.entries().forEach((name, section) -> {
            if (section instanceof YamlValue.Map sm) {
                Map<String, YamlValue> e = new LinkedHashMap<>(sm.entries());
                e.put("overrides", overrides);
                comps.put(name, new YamlValue.Map(e, sm.keySources(), sm.source()));
            } else {
                comps.put(name, section);
            }
        });
        Map<String, YamlValue> ce = new LinkedHashMap<>(components.entries());
        ce.put(type, new YamlValue.Map(comps, typed.keySources(), typed.source()));
        Map<String, YamlValue> oe = new LinkedHashMap<>(own.entries());
        oe.put("components", new YamlValue.Map(ce, components.keySources(), components.source()));
        return new YamlValue.Map(oe, own.keySources(), own.source());
    }
}
