package atmos.cli.render;

import atmos.error.AtmosException;
import atmos.text.GoJson;
import atmos.text.GoYaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of the {@code list} commands as Atmos renders them: a table on a terminal; without one, the
 * values alone (one per line, or tab-separated without headers); {@code json}/{@code yaml} as a list of
 * header→value objects; {@code csv}/{@code tsv} with a header line.
 */
public final class ListRows {
    private ListRows() {
    }

    public static String render(List<String> headers, List<List<String>> rows, String format, boolean tty) {
        String f = format == null || format.isEmpty() ? "table" : format.toLowerCase(java.util.Locale.ROOT);
        return switch (f) {
            case "table" -> tty ? table(headers, rows) : plain(headers, rows);
            case "json" -> GoJson.write(objects(headers, rows));
            case "yaml" -> GoYaml.write(objects(headers, rows), 4);
            case "csv" -> delimited(headers, rows, ",");
            case "tsv" -> delimited(headers, rows, "\t");
            default -> throw AtmosException.usage("unsupported format: " + format, "use table, json, yaml, csv or tsv");
        };
    }

    private static String table(List<String> headers, List<List<String>> rows) {
        Table t = new Table(headers);
        rows.forEach(t::row);
        return t.render(true);
    }

    private static String plain(List<String> headers, List<List<String>> rows) {
        StringBuilder b = new StringBuilder();
        for (List<String> r : rows) {
            b.append(headers.size() == 1 ? (r.isEmpty() ? "" : r.get(0)) : String.join("\t", r)).append('\n');
        }
        return b.toString();
    }

    private static List<Object> objects(List<String> headers, List<List<String>> rows) {
        List<Object> out = new ArrayList<>();
        for (List<String> r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < headers.size() && i < r.size(); i++) {
                m.put(headers.get(i), r.get(i));
            }
            out.add(m);
        }
        return out;
    }

    private static String delimited(List<String> headers, List<List<String>> rows, String d) {
        StringBuilder b = new StringBuilder(String.join(d, headers)).append('\n');
        for (List<String> r : rows) {
            b.append(String.join(d, r)).append('\n');
        }
        return b.toString();
    }
}
