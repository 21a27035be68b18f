package dev.candlesignal.feature;

import dev.candlesignal.FeatureConfigurationException;
import java.util.Objects;
import java.util.regex.Pattern;

/** Rules for column names: they become CSV headers and part of set ids, so no separators or spaces. */
final class ColumnNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.-]+");

    private ColumnNames() {
    }

    static String check(String name) {
        Objects.requireNonNull(name, "name");
        if (!VALID.matcher(name).matches()) {
            throw new FeatureConfigurationException("column name '" + name
                    + "' is not valid: use letters, digits, '_', '.' or '-' (it becomes a CSV header and part of the"
                    + " feature set id)");
        }
        return name;
    }
}
