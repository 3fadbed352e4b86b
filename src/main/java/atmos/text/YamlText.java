package atmos.text;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/** YAML output through SnakeYAML Engine: block style, 2-space indent. */
public final class YamlText {
    private YamlText() {
    }

    public static String dump(Object value) {
        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2)
                .setIndicatorIndent(0)
                .setWidth(200)
                .build();
        return new Dump(settings).dumpToString(value);
    }
}
