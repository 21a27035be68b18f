package dev.candlesignal.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The published modules' classes, and which module each came from. A class belongs to a module when it was read from
 * the same jar (under {@code mvn verify}) or the same {@code target/classes} directory (under {@code mvn test}) as
 * the module's anchor class: packages alone cannot tell, because signal-api owns the root package
 * {@code dev.candlesignal} under which every other module's packages sit.
 */
final class Modules {
    /** Imported once per test JVM: importing every module takes a few seconds. */
    private static Modules instance;

    final JavaClasses classes;
    private final Map<String, PublishedModule> byContainer = new HashMap<>();

    private Modules(JavaClasses classes) {
        this.classes = classes;
        for (PublishedModule m : PublishedModule.values()) {
            String container = PublishedModule.containerOf(classes.get(m.anchorClass)).orElseThrow(
                    () -> new IllegalStateException("no class file location for " + m.anchorClass));
            PublishedModule previous = byContainer.put(container, m);
            if (previous != null) {
                throw new IllegalStateException(m + " and " + previous + " were both read from " + container);
            }
        }
    }

    static synchronized Modules imported() {
        if (instance == null) {
            instance = new Modules(new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.candlesignal"));
        }
        return instance;
    }

    Optional<PublishedModule> moduleOf(JavaClass javaClass) {
        return PublishedModule.containerOf(javaClass).map(byContainer::get);
    }

    DescribedPredicate<JavaClass> in(PublishedModule module) {
        return DescribedPredicate.describe("in " + module.artifactId,
                c -> moduleOf(c).filter(module::equals).isPresent());
    }

    /** The classes of all published modules (the architecture tests' own classes are not imported). */
    DescribedPredicate<JavaClass> published() {
        return DescribedPredicate.describe("in a published module", c -> moduleOf(c).isPresent());
    }
}
