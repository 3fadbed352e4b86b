package atmos.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** printf and %v printing as Go's fmt does it, for the verbs templates use. */
class GoFmtTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("{{ printf \"%s\" \"x\" }}", "x"),
                Arguments.of("{{ printf \"%d\" 42 }}", "42"),
                Arguments.of("{{ printf \"%v\" (list 1 \"a\") }}", "[1 a]"),
                Arguments.of("{{ printf \"%q\" \"a\\\"b\" }}", "\"a\\\"b\""),
                Arguments.of("{{ printf \"%t\" true }}", "true"),
                Arguments.of("{{ printf \"%x %X %x\" 255 255 \"hi\" }}", "ff FF 6869"),
                Arguments.of("{{ printf \"%o %b %#x %#o\" 8 5 255 8 }}", "10 101 0xff 010"),
                Arguments.of("{{ printf \"%f\" 1.5 }}", "1.500000"),
                Arguments.of("{{ printf \"%.2f\" 3.14159 }}", "3.14"),
                Arguments.of("{{ printf \"%.2f %.2f %.1f\" 0.125 1.005 0.25 }}", "0.12 1.00 0.2"),
                Arguments.of("{{ printf \"%5d\" 42 }}", "   42"),
                Arguments.of("{{ printf \"%-5s|\" \"ab\" }}", "ab   |"),
                Arguments.of("{{ printf \"%05d %05d\" 42 -42 }}", "00042 -0042"),
                Arguments.of("{{ printf \"100%%\" }}", "100%"),
                Arguments.of("{{ printf \"%+d %+v\" 5 (dict \"a\" 1) }}", "+5 map[a:1]"),
                Arguments.of("{{ printf \"%d\" \"x\" }}", "%!d(string=x)"),
                Arguments.of("{{ printf \"%s\" 5 }}", "%!s(int=5)"),
                Arguments.of("{{ printf \"%s %s\" \"a\" }}", "a %!s(MISSING)"),
                Arguments.of("{{ printf \"%s\" \"a\" \"b\" }}", "a%!(EXTRA string=b)"),
                Arguments.of("{{ printf \"%v|%s\" nil nil }}", "<nil>|%!s(<nil>)"),
                Arguments.of("{{ printf \"%T %T %T %T\" 1.5 1 \"s\" (list) }}", "float64 int string []interface {}"),
                Arguments.of("{{ printf \"%e\" 123456.789 }}", "1.234568e+05"),
                Arguments.of("{{ printf \"%g %g %g %.3g\" 1e21 100000.0 1000000.0 3.14159 }}", "1e+21 100000 1e+06 3.14"),
                Arguments.of("{{ printf \"%v %v %v\" 0.0000001 123456789.0 0.1 }}", "1e-07 1.23456789e+08 0.1"),
                Arguments.of("{{ printf \"%8.3f|%-8.3f|%08.3f\" 3.14159 3.14159 -3.14159 }}", "   3.142|3.142   |-003.142"),
                Arguments.of("{{ printf \"%c %U %q\" 65 0x1F600 65 }}", "A U+1F600 'A'"),
                Arguments.of("{{ printf \"%x\" -255 }}", "-ff"),
                Arguments.of("{{ printf \"%s %d %q\" (list \"a\" \"b\") (list 1 2) (list \"a\") }}", "[a b] [1 2] [\"a\"]"),
                Arguments.of("{{ printf \"%5t|%.3s\" true \"abcdef\" }}", " true|abc"),
                Arguments.of("{{ printf \"%s\" .m }}", "map[a:1 b:%!s(int=2)]"),
                Arguments.of("{{ print 1 2 \"a\" 3 \"b\" \"c\" }}", "1 2a3bc"),
                Arguments.of("{{ println \"a\" 1 }}", "a 1\n"),
                Arguments.of("{{ printf \"%v %v\" true 1.0 }}", "true 1"),
                Arguments.of("{{ printf \"%6.2v\" 3.14159 }}", "   3.1")
        );
    }

    @ParameterizedTest(name = "{0} -> [{1}]")
    @MethodSource("cases")
    void printf_formats_as_go(String template, String expected) {
        String out = GoTemplates.render("t", template, Map.of("m", Map.of("a", "1", "b", 2)), TemplateOptions.defaults());
        assertThat(out).isEqualTo(expected);
    }
}
