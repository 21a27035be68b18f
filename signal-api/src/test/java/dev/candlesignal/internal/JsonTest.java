package dev.candlesignal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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

    @Property(tries = 300)
    void writeThenParseRoundTrips(@ForAll("documents") Map<String, Object> doc) throws Exception {
        assertThat(Json.parse(Json.write(doc))).isEqualTo(doc);
    }

    @Provide
    Arbitrary<Map<String, Object>> documents() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.doubles().ofScale(6).between(-1e9, 1e9).map(d -> (Object) d),
                Arbitraries.doubles().between(-1, 1).map(d -> (Object) d),
                Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.of(true, false).map(b -> (Object) b));
        Arbitrary<Object> list = leaf.list().ofMaxSize(5).map(l -> (Object) l);
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6), Arbitraries.oneOf(leaf, list))
                .ofMaxSize(6).map(LinkedHashMap::new);
    }
}
