package dev.candlesignal.backtest.internal;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * A small JSON writer for the backtest's outputs: maps (in their order), collections, arrays of doubles and longs,
 * strings, numbers and booleans. A number that is not finite is written {@code null} (JSON has no NaN). Strings are
 * escaped so that the text can sit inside an HTML {@code <script>} element ({@code </} is written {@code <\/}).
 * Stateless.
 */
public final class Json {
    private Json() {
    }

    public static String write(Object value) {
        StringBuilder sb = new StringBuilder(1 << 12);
        write(sb, value, "", false);
        return sb.toString();
    }

    /** Indented, for the files a person opens. */
    public static String pretty(Object value) {
        StringBuilder sb = new StringBuilder(1 << 12);
        write(sb, value, "", true);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, String indent, boolean pretty) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v instanceof Double || v instanceof Float) {
            number(sb, ((Number) v).doubleValue());
        } else if (v instanceof Number n) {
            sb.append(n.longValue());
        } else if (v instanceof double[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                number(sb, a[i]);
            }
            sb.append(']');
        } else if (v instanceof long[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(a[i]);
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            String inner = indent + "  ";
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                if (pretty) {
                    sb.append('\n').append(inner);
                }
                string(sb, String.valueOf(e.getKey()));
                sb.append(pretty ? ": " : ":");
                write(sb, e.getValue(), inner, pretty);
                if (it.hasNext()) {
                    sb.append(',');
                }
            }
            if (pretty) {
                sb.append('\n').append(indent);
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            boolean simple = c.stream().noneMatch(x -> x instanceof Map || x instanceof Collection);
            String inner = indent + "  ";
            sb.append('[');
            Iterator<?> it = c.iterator();
            while (it.hasNext()) {
                if (pretty && !simple) {
                    sb.append('\n').append(inner);
                }
                write(sb, it.next(), inner, pretty);
                if (it.hasNext()) {
                    sb.append(pretty && simple ? ", " : ",");
                }
            }
            if (pretty && !simple && !c.isEmpty()) {
                sb.append('\n').append(indent);
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
        }
    }

    private static void number(StringBuilder sb, double d) {
        if (!Double.isFinite(d)) {
            sb.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            sb.append((long) d);
        } else {
            sb.append(d);
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '/' -> sb.append(i > 0 && s.charAt(i - 1) == '<' ? "\\/" : "/");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
