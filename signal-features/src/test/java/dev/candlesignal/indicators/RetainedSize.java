package dev.candlesignal.indicators;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Estimates the heap retained by an object graph from its fields, for HotSpot on 64 bits with compressed
 * oops and class pointers (the default below 32 GB of heap): 12-byte object headers, 16-byte array headers,
 * 4-byte references, every object padded to 8 bytes. HotSpot packs fields into gaps, so this can overstate an
 * object by a few bytes; it does not see JIT-time effects. Strings, enums, classes and the shared immutable
 * configuration objects passed in {@code shared} are not counted, since every stream shares them.
 *
 * <p>Only for the project's own plain-Java classes: it reads private fields by reflection, which the JDK's
 * modules refuse for {@code java.*} internals.
 */
final class RetainedSize {
    private RetainedSize() {
    }

    static long of(Object root, Object... shared) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Collections.addAll(seen, shared);
        Deque<Object> todo = new ArrayDeque<>();
        todo.push(root);
        long total = 0;
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (!seen.add(o) || o instanceof String || o instanceof Enum<?> || o instanceof Class<?>) {
                continue;
            }
            Class<?> type = o.getClass();
            if (type.isArray()) {
                int length = Array.getLength(o);
                Class<?> component = type.getComponentType();
                total += align(16 + (long) length * sizeOf(component));
                if (!component.isPrimitive()) {
                    for (int i = 0; i < length; i++) {
                        Object element = Array.get(o, i);
                        if (element != null) {
                            todo.push(element);
                        }
                    }
                }
                continue;
            }
            if (type.getName().startsWith("java.")) {
                throw new IllegalArgumentException("cannot measure JDK internals of " + type.getName());
            }
            long size = 12;
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) {
                        continue;
                    }
                    size += sizeOf(f.getType());
                    if (!f.getType().isPrimitive()) {
                        f.setAccessible(true);
                        try {
                            Object value = f.get(o);
                            if (value != null) {
                                todo.push(value);
                            }
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }
            total += align(size);
        }
        return total;
    }

    private static long sizeOf(Class<?> type) {
        if (type == long.class || type == double.class) {
            return 8;
        }
        if (type == int.class || type == float.class) {
            return 4;
        }
        if (type == short.class || type == char.class) {
            return 2;
        }
        if (type == byte.class || type == boolean.class) {
            return 1;
        }
        return 4;
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
