package atmos.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Go's text/template behaviour beyond the tables: messages word for word (from Go's exec_test.go:
 * TestExecError, TestMissingMapKey, TestUnterminatedStringError, TestExecutePanicDuringCall,
 * TestFunctionCheckDuringCall, TestDelims, TestTree, TestBlock, TestIssue31810), and the Atmos-facing
 * API.
 */
class GoTemplateTest {
    private static final TemplateOptions GO = TemplateOptions.goOnly();

    private static String render(String text, Object data) {
        return GoTemplates.render("t", text, data, GO);
    }

    @Test
    void an_error_in_a_nested_template_names_the_template_line_column_and_node() {
        String text = "line 1\nline 2\nline 3\n{{template \"one\" .}}\n{{define \"one\"}}{{template \"two\" .}}{{end}}\n"
                + "{{define \"two\"}}{{template \"three\" .}}{{end}}\n{{define \"three\"}}{{index \"hi\" $}}{{end}}";
        assertThatThrownBy(() -> GoTemplates.render("top", text, 5, GO)).isInstanceOf(TemplateException.class)
                .hasMessage("template: top:7:20: executing \"three\" at <index \"hi\" $>: error calling index: "
                        + "index out of range: 5");
    }

    @Test
    void a_missing_key_prints_no_value_by_default() {
        assertThat(render("{{.x}} {{.y}}", Map.of("x", 99))).isEqualTo("99 <no value>");
    }

    @Test
    void a_missing_key_with_missingkey_zero_is_the_nil_of_a_yaml_map() {
        String out = GoTemplates.render("t", "{{.x}} {{.y}}", Map.of("x", 99), GO.withMissingKey(MissingKey.ZERO));
        assertThat(out).isEqualTo("99 <no value>");
    }

    @Test
    void a_missing_key_with_missingkey_error_names_the_key() {
        String text = "name: x\nstage: {{ .vars.stage }}";
        assertThatThrownBy(() -> GoTemplates.render("stacks/x.yaml", text, Map.of("vars", Map.of()),
                GO.withMissingKey(MissingKey.ERROR)))
                .hasMessage("template: stacks/x.yaml:2:15: executing \"stacks/x.yaml\" at <.vars.stage>: "
                        + "map has no entry for key \"stage\"");
    }

    @Test
    void missingkey_error_on_nil_data_says_nil_data() {
        assertThatThrownBy(() -> GoTemplates.render("t", "{{.x}}", null, GO.withMissingKey(MissingKey.ERROR)))
                .hasMessage("template: t:1:2: executing \"t\" at <.x>: nil data; no entry for key \"x\"");
    }

    @Test
    void a_key_present_with_a_null_value_is_no_error_under_missingkey_error() {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("stage", null);
        String out = GoTemplates.render("t", "[{{ .vars.stage }}]", Map.of("vars", vars),
                GO.withMissingKey(MissingKey.ERROR));
        assertThat(out).isEqualTo("[<no value>]");
    }

    @Test
    void a_field_through_a_null_value_is_a_nil_pointer_error_in_every_mode() {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("a", null);
        assertThatThrownBy(() -> render("{{ .vars.a.b }}", Map.of("vars", vars)))
                .hasMessageEndingWith("at <.vars.a.b>: nil pointer evaluating interface {}.b");
    }

    @Test
    void a_field_through_a_missing_key_is_no_value_by_default() {
        assertThat(render("{{ .vars.a.b }}", Map.of("vars", Map.of()))).isEqualTo("<no value>");
    }

    @Test
    void index_of_a_missing_key_is_no_value_even_under_missingkey_error() {
        String out = GoTemplates.render("t", "{{ index .vars \"nope\" }}", Map.of("vars", Map.of()),
                GO.withMissingKey(MissingKey.ERROR));
        assertThat(out).isEqualTo("<no value>");
    }

    @Test
    void a_missing_key_passed_to_print_is_nil() {
        assertThat(render("{{ print .nope }}|{{ .nope | print }}", Map.of())).isEqualTo("<nil>|<nil>");
    }

    @Test
    void an_unterminated_raw_string_is_reported_on_the_line_it_starts() {
        assertThatThrownBy(() -> GoTemplate.parse("X", "hello\n\n{{`unterminated\n\n\n\n}}\n some more\n\n", GO))
                .hasMessageContaining("X:3: unterminated raw quoted string");
    }

    @Test
    void an_unclosed_action_names_where_it_started() {
        assertThatThrownBy(() -> GoTemplate.parse("X", "a\n{{ .x\n\n", GO))
                .hasMessage("template: X:4: unclosed action started at X:2");
    }

    @Test
    void an_unknown_function_is_a_parse_error() {
        assertThatThrownBy(() -> GoTemplate.parse("X", "{{ nope 1 }}", GO))
                .hasMessage("template: X:1: function \"nope\" not defined");
    }

    @Test
    void a_dash_inside_a_field_name_is_a_bad_character() {
        assertThatThrownBy(() -> GoTemplate.parse("X", "{{ if .Flags.dry-run }}x{{ end }}", GO))
                .hasMessage("template: X:1: bad character U+002D '-'");
    }

    @Test
    void a_failing_function_reports_error_calling_with_its_message() {
        TemplateOptions o = GO.withFunctions(Functions.none().with("doPanic", GoFunction.of(a -> {
            throw new IllegalStateException("custom panic string");
        })));
        assertThatThrownBy(() -> GoTemplates.render("t", "{{doPanic}}", null, o))
                .hasMessage("template: t:1:2: executing \"t\" at <doPanic>: error calling doPanic: custom panic string")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> GoTemplates.render("t", "{{call doPanic}}", null, o))
                .hasMessage("template: t:1:7: executing \"t\" at <doPanic>: error calling doPanic: custom panic string");
    }

    @Test
    void call_without_a_function_reports_the_argument_count() {
        assertThatThrownBy(() -> render("{{call}}", null))
                .hasMessageEndingWith("wrong number of args for call: want at least 1 got 0");
    }

    @Test
    void a_wrong_argument_type_is_reported_as_go_reports_it() {
        assertThatThrownBy(() -> render("{{ printf 3 }}", null))
                .hasMessage("template: t:1:10: executing \"t\" at <3>: expected string; found 3");
        assertThatThrownBy(() -> render("{{ .x | printf }}", Map.of("x", 3)))
                .hasMessageEndingWith("wrong type for value; expected string; got int");
        assertThatThrownBy(() -> render("{{ eq \"a\" 1 }}", null))
                .hasMessageEndingWith("error calling eq: incompatible types for comparison");
        assertThatThrownBy(() -> render("{{ lt true false }}", null))
                .hasMessageEndingWith("error calling lt: invalid type for comparison");
    }

    @Test
    void eq_with_a_missing_value_is_false_not_an_error() {
        assertThat(render("{{ eq .nope \"x\" }} {{ eq .nope nil }}", Map.of())).isEqualTo("false true");
    }

    @Test
    void custom_delimiters_work_as_in_go() {
        Map<String, Object> data = Map.of("Str", "Hello, world");
        for (String[] d : new String[][] {{"{{", "}}"}, {"<<", ">>"}, {"|", "|"}, {"(日)", "(本)"}}) {
            String text = d[0] + ".Str" + d[1] + d[0] + "/*comment*/" + d[1] + d[0] + "\"" + d[0] + "\"" + d[1];
            assertThat(GoTemplates.render("delims", text, data, GO.withDelimiters(d[0], d[1])))
                    .as(d[0]).isEqualTo("Hello, world" + d[0]);
        }
    }

    @Test
    void atmos_quoted_delimiters_render() {
        TemplateOptions o = GO.withDelimiters("'{{", "}}'");
        assertThat(GoTemplates.render("t", "stage: '{{ .stage }}'", Map.of("stage", "dev"), o)).isEqualTo("stage: dev");
        assertThat(GoTemplates.render("t", "keep: {{ .stage }}", Map.of("stage", "dev"), o)).isEqualTo("keep: {{ .stage }}");
    }

    @Test
    void a_recursive_define_with_trim_markers_walks_a_tree() {
        String tree = "\n\t(- define \"tree\" -)\n\t[\n\t\t(- .Val -)\n\t\t(- with .Left -)\n\t\t\t(template \"tree\" . -)\n"
                + "\t\t(- end -)\n\t\t(- with .Right -)\n\t\t\t(- template \"tree\" . -)\n\t\t(- end -)\n\t]\n\t(- end -)\n";
        Map<String, Object> data = node(1, node(2, node(3, node(4, null, null), null), node(5, node(6, null, null), null)),
                node(7, node(8, node(9, null, null), null), node(10, node(11, null, null), null)));
        GoTemplate t = GoTemplate.parse("root", tree, GO.withDelimiters("(", ")"));
        assertThat(t.executeTemplate("tree", data)).isEqualTo("[1[2[3[4]][5[6]]][7[8[9]][10[11]]]]");
    }

    private static Map<String, Object> node(int val, Map<String, Object> left, Map<String, Object> right) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Val", val);
        m.put("Left", left);
        m.put("Right", right);
        return m;
    }

    @Test
    void block_defines_and_calls_a_template() {
        assertThat(render("a({{block \"inner\" .}}bar({{.}})baz{{end}})b", "hello")).isEqualTo("a(bar(hello)baz)b");
    }

    @Test
    void a_parenthesized_dot_alone_is_fine() {
        assertThat(render("{{ (.)  }}", "result")).isEqualTo("result");
    }

    @Test
    void an_undefined_template_is_an_execution_error() {
        assertThatThrownBy(() -> render("{{template \"nope\"}}", null))
                .hasMessage("template: t:1:11: executing \"t\" at <{{template \"nope\"}}>: template \"nope\" not defined");
    }

    @Test
    void endless_template_recursion_stops_with_go_s_message() {
        assertThatThrownBy(() -> GoTemplates.render("tmpl", "{{template \"tmpl\" .}}", null, GO))
                .hasMessageContaining("exceeded maximum template depth (100000)");
    }

    @Test
    void range_over_a_map_is_in_sorted_key_order_and_break_continue_work() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("c", 3);
        m.put("a", 1);
        m.put("b", 2);
        assertThat(render("{{range $k, $v := .}}{{if eq $k \"b\"}}{{continue}}{{end}}{{$k}}={{$v}};{{end}}", m))
                .isEqualTo("a=1;c=3;");
        assertThat(render("{{range .}}{{if eq . 5}}{{break}}{{end}}{{.}}{{end}}", List.of(1, 5, 9))).isEqualTo("1");
    }

    @Test
    void values_print_as_go_s_fmt_prints_them() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("m", Map.of("b", 2, "a", List.of("x", "y")));
        data.put("f1", 1e6);
        data.put("f2", 1.5);
        data.put("f3", 100000.0);
        data.put("f4", 0.00001);
        data.put("f5", 3.0);
        data.put("n", null);
        data.put("l", List.of(1, "two", true));
        assertThat(render("{{.m}} {{.f1}} {{.f2}} {{.f3}} {{.f4}} {{.f5}} {{.n}} {{.l}}", data))
                .isEqualTo("map[a:[x y] b:2] 1e+06 1.5 100000 1e-05 3 <no value> [1 two true]");
    }

    @Test
    void a_template_without_actions_is_not_parsed_and_returns_itself() {
        GoTemplate t = GoTemplate.parse("t", "plain {text} with } braces", GO);
        assertThat(t.hasActions()).isFalse();
        assertThat(t.execute(null)).isEqualTo("plain {text} with } braces");
        assertThat(GoTemplates.containsActions("plain")).isFalse();
        assertThat(GoTemplates.containsActions("a {{ .b }}")).isTrue();
        assertThat(GoTemplates.containsActions("a '{{ .b }}'", "'{{")).isTrue();
    }

    @Test
    void variables_declared_in_if_end_with_it() {
        assertThatThrownBy(() -> GoTemplate.parse("t", "{{if $x := 1}}{{end}}{{$x}}", GO))
                .hasMessage("template: t:1: undefined variable \"$x\"");
    }

    @Test
    void html_js_and_urlquery_escape_as_go() {
        assertThat(render("{{js .}}", "<a href='x'>=&\"\\\n")).isEqualTo("\\u003Ca href\\u003D\\'x\\'\\u003E\\u003D\\u0026\\\"\\\\\\u000A");
        assertThat(render("{{urlquery \"a b&c=d/é~\"}}", null)).isEqualTo("a+b%26c%3Dd%2F%C3%A9~");
        assertThat(render("{{html \"<'&'>\"}}", null)).isEqualTo("&lt;&#39;&amp;&#39;&gt;");
    }

    @Test
    void len_counts_bytes_of_strings_like_go() {
        assertThat(render("{{len \"héllo\"}} {{len .}}", List.of(1, 2))).isEqualTo("6 2");
        assertThatThrownBy(() -> render("{{len .x}}", Map.of()))
                .hasMessageEndingWith("error calling len: reflect: call of reflect.Value.Type on zero Value");
    }

    /**
     * Go's cmpTests (exec_test.go TestComparison): eq, ne, lt, le, gt, ge over literals, signed and
     * unsigned integers, nil maps; cases over pointers, structs and interfaces left out.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "eq true true|true|true",
        "eq true false|false|true",
        "eq 1.5 1.5|true|true",
        "eq 1.5 2.5|false|true",
        "eq 1 1|true|true",
        "eq 1 2|false|true",
        "eq `xy` `xy`|true|true",
        "eq `xy` `xyz`|false|true",
        "eq .Uthree .Uthree|true|true",
        "eq .Uthree .Ufour|false|true",
        "eq 3 4 5 6 3|true|true",
        "eq 3 4 5 6 7|false|true",
        "ne true true|false|true",
        "ne true false|true|true",
        "ne 1.5 1.5|false|true",
        "ne 1.5 2.5|true|true",
        "ne 1 1|false|true",
        "ne 1 2|true|true",
        "ne `xy` `xy`|false|true",
        "ne `xy` `xyz`|true|true",
        "ne .Uthree .Uthree|false|true",
        "ne .Uthree .Ufour|true|true",
        "lt 1.5 1.5|false|true",
        "lt 1.5 2.5|true|true",
        "lt 1 1|false|true",
        "lt 1 2|true|true",
        "lt `xy` `xy`|false|true",
        "lt `xy` `xyz`|true|true",
        "lt .Uthree .Uthree|false|true",
        "lt .Uthree .Ufour|true|true",
        "le 1.5 1.5|true|true",
        "le 1.5 2.5|true|true",
        "le 2.5 1.5|false|true",
        "le 1 1|true|true",
        "le 1 2|true|true",
        "le 2 1|false|true",
        "le `xy` `xy`|true|true",
        "le `xy` `xyz`|true|true",
        "le `xyz` `xy`|false|true",
        "le .Uthree .Uthree|true|true",
        "le .Uthree .Ufour|true|true",
        "le .Ufour .Uthree|false|true",
        "gt 1.5 1.5|false|true",
        "gt 1.5 2.5|false|true",
        "gt 1 1|false|true",
        "gt 2 1|true|true",
        "gt 1 2|false|true",
        "gt `xy` `xy`|false|true",
        "gt `xy` `xyz`|false|true",
        "gt .Uthree .Uthree|false|true",
        "gt .Uthree .Ufour|false|true",
        "gt .Ufour .Uthree|true|true",
        "ge 1.5 1.5|true|true",
        "ge 1.5 2.5|false|true",
        "ge 2.5 1.5|true|true",
        "ge 1 1|true|true",
        "ge 1 2|false|true",
        "ge 2 1|true|true",
        "ge `xy` `xy`|true|true",
        "ge `xy` `xyz`|false|true",
        "ge `xyz` `xy`|true|true",
        "ge .Uthree .Uthree|true|true",
        "ge .Uthree .Ufour|false|true",
        "ge .Ufour .Uthree|true|true",
        "eq .Uthree .Three|true|true",
        "eq .Three .Uthree|true|true",
        "le .Uthree .Three|true|true",
        "le .Three .Uthree|true|true",
        "ge .Uthree .Three|true|true",
        "ge .Three .Uthree|true|true",
        "lt .Uthree .Three|false|true",
        "lt .Three .Uthree|false|true",
        "gt .Uthree .Three|false|true",
        "gt .Three .Uthree|false|true",
        "eq .Ufour .Three|false|true",
        "lt .Ufour .Three|false|true",
        "gt .Ufour .Three|true|true",
        "eq .NegOne .Uthree|false|true",
        "eq .Uthree .NegOne|false|true",
        "ne .NegOne .Uthree|true|true",
        "ne .Uthree .NegOne|true|true",
        "lt .NegOne .Uthree|true|true",
        "lt .Uthree .NegOne|false|true",
        "le .NegOne .Uthree|true|true",
        "le .Uthree .NegOne|false|true",
        "gt .NegOne .Uthree|false|true",
        "gt .Uthree .NegOne|true|true",
        "ge .NegOne .Uthree|false|true",
        "ge .Uthree .NegOne|true|true",
        "eq (index `x` 0) 'x'|true|true",
        "eq (index `x` 0) 'y'|false|true",
        "eq .Map .Map|true|true",
        "eq .Map nil|true|true",
        "eq nil .Map|true|true",
        "eq .Map .NonNilMap|false|true",
        "eq `xy` 1||false",
        "eq 2 2.0||false",
        "lt true true||false",
        "eq .NonNilMap .NonNilMap||false"
    })
    void comparisons_follow_go_s_rules(String expr, String truth, boolean ok) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Uthree", GoNumber.uint64(3));
        data.put("Ufour", GoNumber.uint64(4));
        data.put("NegOne", -1);
        data.put("Three", 3);
        data.put("Map", null);
        data.put("NonNilMap", Map.of());
        String text = "{{if " + expr + "}}true{{else}}false{{end}}";
        if (ok) {
            assertThat(GoTemplates.render("empty", text, data, GO)).isEqualTo(truth);
        } else {
            assertThatThrownBy(() -> GoTemplates.render("empty", text, data, GO)).isInstanceOf(TemplateException.class);
        }
    }
}
