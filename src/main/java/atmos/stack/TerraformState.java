package atmos.stack;

import atmos.error.AtmosException;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code !terraform.state} and {@code !terraform.output} where no cloud is needed: the referenced
 * component's outputs come from its state file when its backend is {@code local}
 * ({@code backend.local.path}, else {@code terraform.tfstate}, or
 * {@code terraform.tfstate.d/<workspace>/terraform.tfstate} for a workspace other than
 * {@code default}, in the component's directory), or from {@code remote_state_backend.static} when
 * {@code remote_state_backend_type} is {@code static}, as the Go Atmos reads them
 * ({@code internal/terraform_backend/terraform_backend_local.go}). The expression is an output name or
 * a yq path ({@code .vpc_id}, {@code .subnets[0]}), optionally with a {@code // default} used when the
 * state is not provisioned or the value is missing. Any other backend is an error saying it is not
 * supported; a reference back to a component being resolved is an error naming the cycle.
 */
final class TerraformState {
    private static final Object NOT_PROVISIONED = new Object();

    private final Stacks stacks;
    private final Map<String, Object> outputs = new ConcurrentHashMap<>();
    private final ThreadLocal<List<String>> resolving = ThreadLocal.withInitial(ArrayList::new);

    TerraformState(Stacks stacks) {
        this.stacks = stacks;
    }

    /** Parsed arguments: {@code component [stack] expression}. */
    record Args(String component, String stack, String expression) {
    }

    /** The Go Atmos's function-argument grammar: two or three arguments, quoted ones unquoted, the expression the rest. */
    static Args parse(String tag, String args) {
        List<int[]> tokens = new ArrayList<>();
        int i = 0;
        while (i < args.length()) {
            char c = args.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '"' || c == '\'') {
                i++;
                while (i < args.length() && !(args.charAt(i) == c && (i + 1 >= args.length() || args.charAt(i + 1) != c))) {
                    i += args.charAt(i) == c ? 2 : 1;
                }
                i++;
            } else {
                while (i < args.length() && !Character.isWhitespace(args.charAt(i))) {
                    i++;
                }
            }
            tokens.add(new int[]{start, Math.min(i, args.length())});
        }
        if (tokens.size() < 2) {
            throw AtmosException.config("invalid Atmos YAML function: " + tag + " " + args + ": it needs 2 or 3 arguments",
                    "write it as '" + tag + " <component> [<stack>] <output or yq expression>'");
        }
        String component = unquote(text(args, tokens.get(0)));
        String second = text(args, tokens.get(1));
        if (tokens.size() == 2 || second.startsWith(".") || second.startsWith("[")) {
            return new Args(component, null, unquote(args.substring(tokens.get(1)[0]).strip()));
        }
        return new Args(component, unquote(second), unquote(args.substring(tokens.get(2)[0]).strip()));
    }

    /** The value of {@code expression} in the component's outputs in {@code stack}. */
    Object read(String tag, String argText, String currentComponent, String currentStack, String at, String where) {
        List<String> chain = resolving.get();
        boolean root = chain.isEmpty() && currentComponent != null && !currentComponent.isEmpty();
        if (root) {
            chain.add(currentComponent + " in " + currentStack); // so a cycle names where it started
        }
        try {
            return read(tag, argText, currentStack, at, where);
        } finally {
            if (root) {
                chain.clear();
            }
        }
    }

    private Object read(String tag, String argText, String currentStack, String at, String where) {
        Args a = parse(tag, argText);
        String stack = a.stack() == null || a.stack().isEmpty() ? currentStack : a.stack();
        String expr = a.expression();
        String dflt = null;
        int slashes = topLevelDefault(expr);
        if (slashes >= 0) {
            dflt = expr.substring(slashes + 2).strip();
            expr = expr.substring(0, slashes).strip();
        }
        if (!expr.startsWith(".")) {
            expr = "." + expr;
        }
        Object state = outputs(tag, a.component(), stack, at, where);
        Object value = state == NOT_PROVISIONED ? null : Query.evaluate(state, expr);
        if (value == null && dflt != null) {
            return literal(dflt);
        }
        if (state == NOT_PROVISIONED) {
            throw AtmosException.config(at + "terraform state not provisioned for component `" + a.component() + "` in stack `" + stack + "`"
                            + (where.isEmpty() ? "" : " (" + where + ": " + tag + " " + argText + ")"),
                    "apply the component first, or give a default: " + tag + " " + a.component() + " " + a.expression() + " // \"default\"");
        }
        return value;
    }

    private Object outputs(String tag, String component, String stack, String at, String where) {
        String key = stack + "\u0000" + component;
        Object cached = outputs.get(key);
        if (cached != null) {
            return cached;
        }
        List<String> chain = resolving.get();
        String step = component + " in " + stack;
        if (chain.contains(step)) {
            List<String> cycle = new ArrayList<>(chain.subList(chain.indexOf(step), chain.size()));
            cycle.add(step);
            throw AtmosException.config("circular dependency in YAML functions: " + String.join(" → ", cycle),
                    "make sure !terraform.state / !terraform.output references between components do not form a cycle");
        }
        chain.add(step);
        Map<String, Object> d;
        try {
            d = stacks.describeComponent(new DescribeComponent.Request(component, stack, true, true, List.of(), true));
        } catch (AtmosException e) {
            if (e.getMessage().startsWith("circular dependency in YAML functions")) {
                throw e;
            }
            // Say which function needed the component: the error alone names a component the user did not ask for.
            throw new AtmosException(e.exitCode(), at + (where.isEmpty() ? "" : where + ": ") + tag + " " + component + ": " + e.getMessage(),
                    e.hint(), e);
        } finally {
            chain.remove(chain.size() - 1);
        }
        Object result = fromSections(tag, component, stack, d, at, where);
        outputs.put(key, result);
        return result;
    }

    @SuppressWarnings("unchecked")
    private Object fromSections(String tag, String component, String stack, Map<String, Object> d, String at, String where) {
        if ("static".equals(d.get("remote_state_backend_type")) && d.get("remote_state_backend") instanceof Map<?, ?> rs) {
            return new LinkedHashMap<>((Map<String, Object>) rs);
        }
        String backendType = d.get("backend_type") instanceof String s && !s.isEmpty() ? s : "local";
        if (!backendType.equals("local")) {
            throw AtmosException.config(at + "the YAML function " + tag + " is not supported by atmos-java for the " + backendType + " backend (it reads the state of `"
                            + component + "` in `" + stack + "` from " + backendType + ")" + (where.isEmpty() ? "" : ": " + where),
                    "see the stack without it: --skip " + tag.substring(1) + " (keeps the text) or --process-functions=false");
        }
        Path dir = Path.of(Workspace.componentPath(stacks.settings(), "terraform", component, d));
        String workspace = d.get("workspace") instanceof String w ? w : "default";
        Map<String, Object> backend = d.get("backend") instanceof Map<?, ?> b ? (Map<String, Object>) b : Map.of();
        Path file;
        if (backend.get("path") instanceof String p && !p.isEmpty()) {
            file = dir.resolve(p);
        } else if (workspace.isEmpty() || workspace.equals("default")) {
            file = dir.resolve("terraform.tfstate");
        } else {
            file = dir.resolve("terraform.tfstate.d").resolve(workspace).resolve("terraform.tfstate");
        }
        // recorded: a snapshot of a run that read this state is stale once Terraform writes it again
        if (!stacks.settings().host().inputs().isRegularFile(file)) {
            return NOT_PROVISIONED;
        }
        try {
            Map<String, Object> state = JSON.std.mapFrom(Files.readString(file));
            Map<String, Object> out = new LinkedHashMap<>();
            if (state.get("outputs") instanceof Map<?, ?> o) {
                o.forEach((k, v) -> out.put(String.valueOf(k), v instanceof Map<?, ?> vm ? vm.get("value") : null));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw AtmosException.config("cannot read the Terraform state " + file + " of `" + component + "` in `" + stack + "`: " + e.getMessage(),
                    "check that the file is a Terraform state (JSON)");
        }
    }

    /** Index of a yq {@code //} outside quotes, or -1. */
    private static int topLevelDefault(String expr) {
        char quote = 0;
        for (int i = 0; i + 1 < expr.length(); i++) {
            char c = expr.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '/' && expr.charAt(i + 1) == '/') {
                return i;
            }
        }
        return -1;
    }

    /** A yq literal: JSON ({@code "x"}, {@code ["a"]}, {@code {"k": 1}}, numbers, booleans), else the text. */
    private static Object literal(String text) {
        try {
            return JSON.std.anyFrom(text);
        } catch (IOException | RuntimeException e) {
            return unquote(text);
        }
    }

    private static String text(String s, int[] t) {
        return s.substring(t[0], t[1]);
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            char q = s.charAt(0);
            return s.substring(1, s.length() - 1).replace(String.valueOf(q) + q, String.valueOf(q));
        }
        return s;
    }

    static boolean handles(String tag) {
        return Set.of("!terraform.state", "!terraform.output").contains(tag);
    }
}
