package dev.candlesignal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * signal-api stays dependency-free: its classes may use the JDK and the SLF4J API only, and no backend type
 * (Ta4j, ONNX Runtime, DJL) may appear in it. The enforcer's bannedDependencies rule guards the pom side; the
 * rules over all modules (layering, no threads, no mutable statics, no serialisation) are in architecture-tests.
 */
class ArchitectureTest {
    private final JavaClasses api = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.candlesignal");

    @Test
    void apiDependsOnTheJdkAndSlf4jOnly() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax.annotation..", "org.slf4j", "dev.candlesignal..")
                .check(api);
    }

    @Test
    void noBackendTypeLeaksIn() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.ta4j..", "ai.onnxruntime..", "ai.djl..", "com.fasterxml..", "picocli..")
                .check(api);
    }
}
