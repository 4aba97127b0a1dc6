package dev.hflogin.keycloak.it;

import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.lang.annotation.Annotation;

/** The test classes of a JUnit test plan that carry an annotation: what the run's listeners plan around. */
final class PlanClasses {

    private PlanClasses() {
    }

    /** How many classes of the plan carry {@code annotation}. */
    static long countAnnotated(TestPlan plan, Class<? extends Annotation> annotation) {
        return plan.getRoots().stream()
                .flatMap(root -> plan.getDescendants(root).stream())
                .filter(test -> isAnnotatedClass(test, annotation))
                .count();
    }

    /** Whether this test identifier is a class carrying {@code annotation}. */
    static boolean isAnnotatedClass(TestIdentifier test, Class<? extends Annotation> annotation) {
        return test.getSource()
                .filter(ClassSource.class::isInstance)
                .map(source -> ((ClassSource) source).getJavaClass().isAnnotationPresent(annotation))
                .orElse(false);
    }
}
