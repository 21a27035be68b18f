package dev.candlesignal.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candlesignal.SourceNeeds;
import dev.candlesignal.binance.fake.VirtualTime;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Endpoints, backoff and builder validation: bad values are named. */
class ConfigurationTest {

    @Test
    void endpointConstants() {
        assertThat(BinanceEndpoints.MARKET_DATA.rest()).isEqualTo(URI.create("https://data-api.binance.vision"));
        assertThat(BinanceEndpoints.MARKET_DATA.webSocket()).isEqualTo(URI.create("wss://data-stream.binance.vision"));
        assertThat(BinanceEndpoints.MAIN.rest()).isEqualTo(URI.create("https://api.binance.com"));
        assertThat(BinanceEndpoints.MAIN.webSocket()).isEqualTo(URI.create("wss://stream.binance.com:9443"));
        assertThat(BinanceEndpoints.SPOT_TESTNET.rest()).isEqualTo(URI.create("https://testnet.binance.vision"));
        assertThat(BinanceEndpoints.SPOT_TESTNET.webSocket()).isEqualTo(URI.create("wss://stream.testnet.binance.vision"));
        try (BinanceCandleSource s = BinanceCandleSource.builder().build()) {
            assertThat(s.endpoints()).isEqualTo(BinanceEndpoints.MARKET_DATA);
            assertThat(s.health().weightBudget()).isEqualTo(3000);
        }
    }

    @Test
    void endpointsAreCheckedAndNormalised() {
        assertThat(BinanceEndpoints.of("http://127.0.0.1:8080/", "ws://127.0.0.1:8080/").rest())
                .isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThatThrownBy(() -> BinanceEndpoints.of("ftp://x", "wss://y")).hasMessageContaining("'ftp://x'")
                .hasMessageContaining("http://");
        assertThatThrownBy(() -> BinanceEndpoints.of("https://x", "https://y")).hasMessageContaining("webSocket URL 'https://y'");
        assertThatThrownBy(() -> BinanceEndpoints.of("https://x?a=1", "wss://y")).hasMessageContaining("query");
        assertThatThrownBy(() -> BinanceEndpoints.of("not a url", "wss://y")).hasMessageContaining("'not a url'");
    }

    @Test
    void backoffDoublesUpToTheMaximumWithBoundedJitter() {
        BackoffPolicy p = new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), 0);
        SplittableRandom r = new SplittableRandom(1);
        assertThat(p.delay(0, r)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.delay(3, r)).isEqualTo(Duration.ofSeconds(8));
        assertThat(p.delay(6, r)).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.delay(1000, r)).as("no give-up, no overflow").isEqualTo(Duration.ofSeconds(60));
        BackoffPolicy jittered = new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.5);
        for (int i = 0; i < 1000; i++) {
            assertThat(jittered.delay(4, r)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(16));
        }
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ZERO, Duration.ofSeconds(1), 0)).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
                .hasMessageContaining("PT1S").hasMessageContaining("PT2S");
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.5)).hasMessageContaining("1.5");
    }

    @Test
    void builderSettersNameTheBadValue() {
        BinanceCandleSource.Builder b = BinanceCandleSource.builder();
        assertThatThrownBy(() -> b.requestWeightShare(0)).hasMessageContaining("but was 0.0");
        assertThatThrownBy(() -> b.requestWeightShare(1.5)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> b.requestWeightLimit(0)).hasMessageContaining("but was 0");
        assertThatThrownBy(() -> b.connectionAttemptLimit(301)).hasMessageContaining("301");
        assertThatThrownBy(() -> b.silenceTimeout(Duration.ZERO)).hasMessageContaining("silenceTimeout");
        assertThatThrownBy(() -> b.rotateAfter(Duration.ofHours(24))).hasMessageContaining("24 h").hasMessageContaining("PT24H");
        assertThatThrownBy(() -> b.orderBookLevels(15)).hasMessageContaining("15");
        assertThatThrownBy(() -> b.maxStreamsPerConnection(1025)).hasMessageContaining("1025");
        assertThatThrownBy(() -> b.controlMessageInterval(Duration.ofMillis(100))).hasMessageContaining("PT0.1S");
        assertThatThrownBy(() -> b.closeConfirmationDelay(Duration.ofSeconds(-1))).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> b.historyAttempts(0)).hasMessageContaining("but was 0");
        assertThatThrownBy(() -> b.apiKey("has space")).hasMessageNotContaining("has space");
        assertThatThrownBy(() -> b.restBaseUrl("gopher://x")).hasMessageContaining("gopher://x");
    }

    @Test
    void buildChecksRulesAcrossSettings() {
        VirtualTime time = new VirtualTime(Instant.parse("2020-01-01T00:00:00Z"));
        assertThatThrownBy(() -> BinanceCandleSource.builder().scheduler(time).build())
                .hasMessageContaining("clock");
        assertThatThrownBy(() -> BinanceCandleSource.builder().requestWeightLimit(100).requestWeightShare(0.01).build())
                .hasMessageContaining("budget of 1 per minute");
        assertThatThrownBy(() -> BinanceCandleSource.builder().requestWeightLimit(8).orderBookLevels(5).build())
                .hasMessageContaining("weight 5");
    }

    @Test
    void servesAFeatureSetsNeeds() {
        // an order book costs REST weight 5 (the stand-in depth request): a budget of 8 shows whether one is set
        assertThatThrownBy(() -> BinanceCandleSource.builder().requestWeightLimit(8).serve(SourceNeeds.orderBook(3))
                .build()).hasMessageContaining("weight 5");
        try (BinanceCandleSource s = BinanceCandleSource.builder().requestWeightLimit(8).serve(SourceNeeds.none())
                .build()) {
            assertThat(s).isNotNull();
        }
        assertThatThrownBy(() -> BinanceCandleSource.builder().serve(SourceNeeds.orderBook(21)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an order book of 21 levels is needed, but Binance's partial depth streams serve at most 20 levels");
    }

    @Test
    void theApiKeyNeverShows() {
        BinanceCandleSource.Builder b = BinanceCandleSource.builder().apiKey("AbCdEf0123456789");
        assertThat(b.toString()).doesNotContain("AbCdEf");
        try (BinanceCandleSource s = b.build()) {
            assertThat(s.toString()).doesNotContain("AbCdEf").contains("***");
        }
    }
}
