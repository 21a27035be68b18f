package dev.candlesignal.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The report in a real browser: Debian's {@code chromium} and {@code chromium-driver}, driven by Selenium, load the
 * report of a year of BTCUSDT (file://, no network), see no console error, and find data in every chart. Assumes
 * the two packages are installed ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}, or the paths in
 * {@code CHROME_BIN} and {@code CHROMEDRIVER}); where they are not, the test is skipped ({@code .ci/run} installs
 * them). Also saves a screenshot, {@code target/report-screenshot.png}, the picture in the README.
 */
@Tag("browser")
class ReportBrowserTest {
    @TempDir
    Path dir;

    private static Path executable(String env, String fallback) {
        String value = System.getenv(env);
        return Path.of(value != null && !value.isBlank() ? value : fallback);
    }

    @Test
    void theReportLoadsWithoutConsoleErrorsAndEveryChartHasData() throws Exception {
        Path chromium = executable("CHROME_BIN", "/usr/bin/chromium");
        Path driverBinary = executable("CHROMEDRIVER", "/usr/bin/chromedriver");
        Assumptions.assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(driverBinary),
                "needs Debian's chromium and chromium-driver (" + chromium + ", " + driverBinary + ")");

        BacktestResult result = RealData.backtest();
        BacktestReport.write(result, dir);
        Path report = dir.resolve("report.html");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,2400", "--no-first-run", "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverBinary.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(report.toUri().toString());
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d ->
                    Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return window.reportReady === true")));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> charts = (List<Map<String, Object>>) driver.executeScript(
                    "return window.reportCharts.map(c => ({name: c.name,"
                    + " points: c.chart.data.slice(1).reduce((n, s) => n + s.filter(v => v !== null && v !== undefined"
                    + " && !Number.isNaN(v)).length, 0), x: c.chart.data[0].length,"
                    + " canvas: c.chart.root.querySelector('canvas') !== null}))");
            assertThat(charts).extracting(c -> c.get("name")).contains("equity", "drawdown", "price BTCUSDT",
                    "monthly returns", "calibration");
            assertThat(charts).allSatisfy(c -> {
                assertThat(((Number) c.get("points")).longValue()).as("data points of %s", c.get("name")).isPositive();
                assertThat(((Number) c.get("x")).longValue()).as("x values of %s", c.get("name")).isPositive();
                assertThat(c.get("canvas")).as("canvas of %s", c.get("name")).isEqualTo(true);
            });
            Object rows = driver.executeScript("return document.querySelectorAll('#metrics-table tr').length");
            assertThat(((Number) rows).intValue()).isGreaterThan(10);
            List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
            assertThat(severe).as("console errors and warnings").isEmpty();
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", "report-screenshot.png"), png);
        } finally {
            driver.quit();
        }
    }
}
