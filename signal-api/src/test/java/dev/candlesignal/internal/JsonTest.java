package dev.candlesignal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.testkit.Generator;
import dev.candlesignal.testkit.Generators;
import dev.candlesignal.testkit.Property;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesEveryValueKind() throws Exception {
        Object v = Json.parse(" {\"a\": [1, -2.5e3, 0.125], \"b\": {\"c\": \"x\\n\\u00e9\\\"\"}, \"t\": true, \"f\": false,"
                + " \"n\": null} ");
        assertThat(v).isInstanceOf(Map.class);
        Map<?, ?> m = (Map<?, ?>) v;
        assertThat(m.get("a")).isEqualTo(List.of(1.0, -2500.0, 0.125));
        assertThat(((Map<?, ?>) m.get("b")).get("c")).isEqualTo("x\né\"");
        assertThat(m.get("t")).isEqualTo(true);
        assertThat(m.get("f")).isEqualTo(false);
        assertThat(m.get("n")).isSameAs(Json.NULL);
    }

    @Test
    void rejectsMalformedJsonWithAnOffset() {
        assertThatThrownBy(() -> Json.parse("{\"a\": }")).isInstanceOf(Json.ParseException.class)
                .hasMessageContaining("unexpected character '}' at offset 6");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1,}")).hasMessageContaining("expected a string key");
        assertThatThrownBy(() -> Json.parse("[1 2]")).hasMessageContaining("expected ']'");
        assertThatThrownBy(() -> Json.parse("01")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate key \"a\"");
        assertThatThrownBy(() -> Json.parse("\"abc")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> Json.parse("[NaN]")).hasMessageContaining("unexpected character 'N'");
        assertThatThrownBy(() -> Json.parse("[".repeat(100))).hasMessageContaining("nesting deeper than 64");
        assertThatThrownBy(() -> Json.parse("")).hasMessageContaining("unexpected end of input");
    }

    @Test
    void refusesToWriteNonFiniteNumbers() {
        assertThatThrownBy(() -> Json.write(List.of(Double.NaN))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writeThenParseRoundTrips() {
        Property.forAll(documents()).tries(300).check(doc -> assertThat(Json.parse(Json.write(doc))).isEqualTo(doc));
    }

    /**
     * Objects of up to 6 members with 1-6 letter keys; values are numbers (large with 6 decimals or at full
     * precision, and within [-1, 1]), strings of up to 12 characters of any kind, booleans, or lists of up to 5 of
     * those.
     */
    static Generator<Map<String, Object>> documents() {
        Generator<Object> leaf = Generators.oneOf(Generators.decimals(-1e9, 1e9, 6), Generators.doubles(-1e9, 1e9),
                Generators.doubles(-1, 1), Generators.strings(0, 12), Generators.booleans());
        Generator<Object> list = leaf.list(0, 5).map(l -> l);
        return Generators.maps(Generators.alphaStrings(1, 6), Generators.oneOf(leaf, list), 0, 6);
    }
}
