package dev.candlesignal.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.model.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFixturesTest {

    @Test
    void everyFixtureIsAVerifiedBundleWithAReferenceOfItsShape() throws Exception {
        for (String name : ModelFixtures.ALL) {
            ModelBundle bundle = ModelBundle.load(ModelFixtures.bundle(name));
            ModelFixtures.Reference ref = ModelFixtures.reference(name);
            assertThat(ref.sequenceLength()).isEqualTo(bundle.spec().sequenceLength());
            assertThat(ref.featureCount()).isEqualTo(bundle.spec().featureCount());
            assertThat(ref.cases()).extracting(ReferenceCase::name)
                    .containsExactly("zeros", "randn", "randn_x4", "sin_ramp", "randn_x0.5", "randn_x1.5", "randn_x2",
                            "randn_x3");
            assertThat(ref.batches()).hasSize(1);
            assertThat(ref.batches().get(0).size()).isEqualTo(8);
            assertThat(ref.allCases()).hasSize(16);
            for (ReferenceCase c : ref.allCases()) {
                assertThat(c.window()).hasSize(bundle.spec().windowSize());
                assertThat(c.expected()).isBetween(0f, 1f);
            }
        }
    }

    @Test
    void windowsAreTheExactFloat32Values() {
        ModelFixtures.Reference ref = ModelFixtures.reference(ModelFixtures.LSTM14);
        float[] zeros = ref.cases().get(0).window();
        for (float v : zeros) {
            assertThat(v).isZero();
        }
        // rounded to 4 decimals before the float32 cast by the generator
        float x = ref.cases().get(1).window()[0];
        assertThat(Math.abs(x * 1e4 - Math.rint(x * 1e4))).isLessThan(1e-3);
        // the batch reuses the single windows, in the same order
        assertThat(ref.batches().get(0).window(3)).isEqualTo(ref.cases().get(3).window());
    }

    @Test
    void stressVariantsSpreadWiderThanPlainRandomInit() {
        assertThat(spread(ModelFixtures.LSTM14_X3)).isGreaterThan(5 * spread(ModelFixtures.LSTM14));
        assertThat(spread(ModelFixtures.LSTM28_X3)).isGreaterThan(5 * spread(ModelFixtures.LSTM28));
    }

    private static double spread(String name) {
        double min = 1;
        double max = 0;
        for (ReferenceCase c : ModelFixtures.reference(name).allCases()) {
            min = Math.min(min, c.expected());
            max = Math.max(max, c.expected());
        }
        return max - min;
    }

    @Test
    void malformedReferencesNameTheProblem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reference.json");
        Files.writeString(file, "{\"sequenceLength\": 2, \"featureCount\": 1, \"windows\": [{\"name\": \"w\", "
                + "\"values\": [1, 2, 3]}], \"cases\": [], \"batches\": []}");
        assertThatThrownBy(() -> ModelFixtures.read(file)).hasMessageContaining("window w has 3 values, expected 2");
        Files.writeString(file, "{\"sequenceLength\": 1, \"featureCount\": 1, \"windows\": [], \"cases\": "
                + "[{\"name\": \"nope\", \"probability\": 0.5}], \"batches\": []}");
        assertThatThrownBy(() -> ModelFixtures.read(file)).hasMessageContaining("no window named nope");
        Files.writeString(file, "{");
        assertThatThrownBy(() -> ModelFixtures.read(file)).hasMessageContaining("not valid JSON");
    }

    @Test
    void unknownFixture() {
        assertThatThrownBy(() -> ModelFixtures.bundle("lstm99")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lstm99").hasMessageContaining("lstm28-x3");
    }
}
