package dev.candlesignal.architecture;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * A module path for a consumer of our modules, taken from this test's own class path: the modules the consumer
 * requires and, following their {@code requires}, everything they need; every other entry goes on the class path
 * (automatic modules read it, which is how Ta4j reaches signal-features).
 *
 * <p>Only that closure goes on the module path, not every entry: one automatic module in the configuration
 * resolves every automatic module on the path, and some jars (DJL's {@code pytorch-native-cpu}) give no valid
 * module name at all.
 *
 * <p>Under {@code mvn verify} the entries are the modules' jars. Under {@code mvn test} they are
 * {@code target/classes} directories: exploded modules when they hold a {@code module-info.class}; the modules that
 * are automatic by a manifest entry (signal-features, signal-cli) have no manifest there, so they are copied into a
 * jar with that entry.
 */
final class ModulePath {
    final List<Path> modulePath;
    final List<Path> classPath;

    private ModulePath(List<Path> modulePath, List<Path> classPath) {
        this.modulePath = List.copyOf(modulePath);
        this.classPath = List.copyOf(classPath);
    }

    /**
     * @param entries the class path to split
     * @param roots the modules the consumer requires
     * @param automatic the modules that are automatic by a manifest entry, by name, each with the class path entry
     *     it is in (a jar, or a directory to pack)
     * @param scratch where packed jars go
     */
    static ModulePath of(List<Path> entries, Collection<String> roots, Map<String, Path> automatic, Path scratch)
            throws IOException {
        Map<String, Path> byName = new LinkedHashMap<>();
        Map<String, ModuleDescriptor> descriptors = new LinkedHashMap<>();
        Map<Path, Path> replaced = new LinkedHashMap<>();
        for (Map.Entry<String, Path> a : automatic.entrySet()) {
            Path entry = a.getValue();
            Path jar = Files.isDirectory(entry) ? pack(entry, a.getKey(), scratch) : entry;
            replaced.put(entry, jar);
        }
        for (Path entry : entries) {
            Path candidate = replaced.getOrDefault(entry, entry);
            if (Files.isDirectory(candidate) && !Files.exists(candidate.resolve("module-info.class"))) {
                continue; // a plain classes directory: class path only
            }
            ModuleReference ref;
            try {
                ref = ModuleFinder.of(candidate).findAll().stream().findFirst().orElse(null);
            } catch (FindException e) {
                continue; // no valid module name (e.g. "native" in a file name): class path only
            }
            if (ref != null && !byName.containsKey(ref.descriptor().name())) {
                byName.put(ref.descriptor().name(), candidate);
                descriptors.put(ref.descriptor().name(), ref.descriptor());
            }
        }

        Set<String> needed = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!needed.add(name)) {
                continue;
            }
            ModuleDescriptor d = descriptors.get(name);
            if (d == null) {
                if (ModuleFinder.ofSystem().find(name).isEmpty()) {
                    throw new IllegalStateException("module " + name + " is not on the test class path");
                }
                continue; // a JDK module
            }
            for (ModuleDescriptor.Requires r : d.requires()) {
                // `requires static` modules: javac needs them when present (JUnit's on org.apiguardian.api);
                // the runtime does not, so one that is absent is no error
                if (!r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)
                        || descriptors.containsKey(r.name())) {
                    todo.push(r.name());
                }
            }
        }

        List<Path> modulePath = new ArrayList<>();
        Set<Path> onModulePath = new LinkedHashSet<>();
        for (String name : needed) {
            Path p = byName.get(name);
            if (p != null) {
                modulePath.add(p);
                onModulePath.add(p);
            }
        }
        List<Path> classPath = new ArrayList<>();
        for (Path entry : entries) {
            Path candidate = replaced.getOrDefault(entry, entry);
            if (!onModulePath.contains(candidate)) {
                classPath.add(entry);
            }
        }
        return new ModulePath(modulePath, classPath);
    }

    /** A jar of {@code dir}'s files whose manifest names the automatic module, as the module's real jar does. */
    private static Path pack(Path dir, String moduleName, Path scratch) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Automatic-Module-Name"), moduleName);
        Path jar = scratch.resolve(moduleName + ".jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream zip = new JarOutputStream(out, manifest);
                Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = dir.relativize(file).toString().replace('\\', '/');
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                zip.putNextEntry(new ZipEntry(name));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return jar;
    }

    static String join(List<Path> paths) {
        return String.join(java.io.File.pathSeparator, paths.stream().map(Path::toString).toList());
    }
}
