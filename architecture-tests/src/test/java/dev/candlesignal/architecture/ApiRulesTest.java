package dev.candlesignal.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static dev.candlesignal.architecture.PublishedModule.API;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

/**
 * What signal-api promises beyond its dependencies (which its own ArchitectureTest checks): it runs nothing, so
 * it starts no thread and holds no mutable static state; and no published module uses Java serialisation.
 */
class ApiRulesTest {
    private final Modules modules = Modules.imported();

    @Test
    void apiStartsNoThreads() {
        noClasses().that(modules.in(API))
                .should().callMethodWhere(startsAThread())
                .orShould().dependOnClassesThat().areAssignableTo(ExecutorService.class)
                .orShould().dependOnClassesThat().belongToAnyOf(Executors.class, ThreadFactory.class, Timer.class,
                        Thread.Builder.class)
                .check(modules.classes);
    }

    @Test
    void apiHasNoMutableStaticState() {
        fields().that().areStatic().and().areDeclaredInClassesThat(modules.in(API))
                .should().beFinal()
                .check(modules.classes);
    }

    @Test
    void noJavaSerialisation() {
        noClasses().that(modules.published())
                .should().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectInputStream")
                .check(modules.classes);
    }

    /** {@code Thread.start}, {@code Thread.startVirtualThread} and the {@code CompletableFuture.*Async} methods. */
    private static DescribedPredicate<JavaMethodCall> startsAThread() {
        return DescribedPredicate.describe("starts a thread", call -> {
            JavaClass owner = call.getTargetOwner();
            String name = call.getName();
            return owner.isAssignableTo(Thread.class) && (name.equals("start") || name.equals("startVirtualThread"))
                    || owner.isEquivalentTo(CompletableFuture.class) && name.endsWith("Async");
        });
    }
}
